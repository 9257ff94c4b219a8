//! Text from outside (a server's answer, a certificate, a file, an argument, the
//! environment) made safe to print anywhere: on the terminal, in the log, in
//! `--json`, in a report. The one sanitiser, applied where such text enters
//! nowkey, so that no output path can forget it.
//!
//! A terminal obeys control sequences wherever they are printed: an OSC 52 in a
//! role name writes the clipboard, an OSC 0 retitles the window, `ESC[2J` clears
//! the screen, a C1 `U+009B` starts a sequence without ESC, and CR or LF let a
//! server forge a whole line such as "✓ Hub accepts the API key". Bidirectional
//! overrides reorder what is shown.

use super::paste::is_invisible_format;

/// What a control or invisible character is shown as: visible, so a tampered value
/// looks tampered rather than silently changed.
pub const REPLACEMENT: char = '\u{fffd}';

/// `text` as one safe line: tab, CR and LF become a space; every other control
/// character (C0, DEL, C1) and every invisible format character (zero-width,
/// bidirectional overrides) becomes [`REPLACEMENT`]. Everything else is kept as
/// it came.
pub fn clean_line(text: &str) -> String {
    if !text.chars().any(needs_cleaning) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\t' | '\r' | '\n' => ' ',
            c if needs_cleaning(c) => REPLACEMENT,
            c => c,
        })
        .collect()
}

/// True when `c` must not reach an output as it is.
pub fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Cleans every string and object key of a JSON value in place with
/// [`clean_line`].
pub fn clean_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if text.chars().any(needs_cleaning) {
                *text = clean_line(text);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_json),
        Value::Object(map) => {
            if map.keys().any(|key| key.chars().any(needs_cleaning)) {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    clean_json(&mut item);
                    map.insert(clean_line(&key), item);
                }
            } else {
                map.values_mut().for_each(clean_json);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_and_line_breaks_cannot_get_through() {
        for hostile in [
            "itil\u{1b}]52;c;ZXZpbA==\u{7}",
            "itil\u{1b}]0;owned\u{7}",
            "itil\u{1b}[2J",
            "itil\u{9b}31m",
            "itil\r\n  ✓ Hub accepts the API key",
            "admin\u{202e}txt.exe",
            "a\u{7f}b\u{0}c",
        ] {
            let clean = clean_line(hostile);
            assert!(!clean.chars().any(needs_cleaning), "{clean:?}");
            assert!(!clean.contains('\n') && !clean.contains('\r'));
            assert!(clean.starts_with(&hostile[..1]), "{clean:?}");
        }
        assert_eq!(clean_line("itil\u{1b}[2J"), "itil\u{fffd}[2J");
        assert_eq!(clean_line("a\r\nb"), "a  b");
    }

    #[test]
    fn ordinary_text_is_left_as_it_is() {
        for text in ["snc_platform_rest_api_access", "Zoë Ångström 東京", ""] {
            assert_eq!(clean_line(text), text);
        }
    }

    #[test]
    fn every_string_and_key_of_a_json_value_is_cleaned() {
        let mut value = serde_json::json!({
            "result": [{"role.name": "itil\u{9b}2J"}],
            "k\u{1b}ey": ["x\ny", 1, true, null],
        });
        clean_json(&mut value);
        let text = value.to_string();
        assert!(
            !text.contains('\u{9b}') && !text.contains('\u{1b}'),
            "{text}"
        );
        assert_eq!(value["result"][0]["role.name"], "itil\u{fffd}2J");
        assert_eq!(value["k\u{fffd}ey"][0], "x y");
    }
}
