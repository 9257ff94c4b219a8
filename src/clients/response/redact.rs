//! Redacting secrets a server sent back, as soon as its answer is read.

use super::Body;
use crate::domain::secret_forms::Redactor;
#[cfg(test)]
use crate::domain::secret_forms::REDACTED;

impl Body {
    /// The body with every occurrence of `secrets` replaced by `[REDACTED]`: in a
    /// JSON body inside every string, key and number (whatever escapes the server
    /// used), in any other body in its raw bytes.
    ///
    /// Done as soon as the body is read, before anything parses, cuts or cleans
    /// the server's text: a secret cut at the one-line limit, or whose closing
    /// full stop was trimmed, is no longer found whole by
    /// [`ClientError::redacted`] afterwards, and what is left of it would show.
    pub fn redacted(self, secrets: &[&str]) -> Body {
        self.redacted_sparing(secrets, &[])
    }

    /// [`Body::redacted`], sparing pieces of a secret that are part of a name in
    /// `shown`, such as the user name the answer is checked against
    /// ([`Redactor::sparing`]).
    pub fn redacted_sparing(mut self, secrets: &[&str], shown: &[&str]) -> Body {
        // Every form the secret could be echoed in: Base64, hex, upper-case, halves…
        let redactor = Redactor::new(secrets).sparing(shown, secrets);
        if redactor.is_empty() {
            return self;
        }
        let scrub = |text: &str| redactor.redact(text);
        match serde_json::from_slice::<serde_json::Value>(&self.bytes) {
            Ok(mut value) if !self.truncated => {
                if redact_json(&mut value, &scrub) {
                    self.bytes = value.to_string().into_bytes();
                }
            }
            _ => {
                // Not JSON (or cut short): redacted as text; a byte that is not
                // UTF-8 becomes U+FFFD, which no output shows raw anyway.
                let text = String::from_utf8_lossy(&self.bytes);
                let clean = redactor.redact(&text);
                if clean != text {
                    self.bytes = clean.into_bytes();
                }
            }
        }
        self
    }
}

/// Scrubs every string, key and number of `value` with `scrub`; true when
/// anything changed.
fn redact_json(value: &mut serde_json::Value, scrub: &dyn Fn(&str) -> String) -> bool {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            let clean = scrub(text);
            let changed = clean != *text;
            *text = clean;
            changed
        }
        Value::Number(number) => {
            let text = number.to_string();
            let clean = scrub(&text);
            if clean == text {
                return false;
            }
            *value = Value::String(clean);
            true
        }
        Value::Array(items) => {
            // Every item, not only up to the first change.
            let mut changed = false;
            for item in items {
                changed |= redact_json(item, scrub);
            }
            changed
        }
        Value::Object(map) => {
            let entries = std::mem::take(map);
            let mut changed = false;
            for (key, mut item) in entries {
                changed |= redact_json(&mut item, scrub);
                let clean = scrub(&key);
                changed |= clean != key;
                map.insert(clean, item);
            }
            changed
        }
        Value::Null | Value::Bool(_) => false,
    }
}

#[cfg(test)]
mod redaction_tests {
    use super::super::classify_status;
    use super::*;
    use crate::domain::remote_error::ClientError;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    const SECRET: &str = "S3cr3t/With+Slash";

    fn body(status: u16, text: &str, truncated: bool) -> Body {
        Body {
            status: StatusCode::from_u16(status).expect("a status"),
            headers: HeaderMap::new(),
            bytes: text.as_bytes().to_vec(),
            truncated,
        }
    }

    fn shown(error: &ClientError) -> String {
        format!(
            "{error:?} {}",
            error.user_message(crate::domain::remote_error::Service::Hub)
        )
    }

    #[test]
    fn a_secret_straddling_the_one_line_cut_leaves_nothing_behind() {
        for pad in 140..170 {
            let detail = format!("{}{SECRET}", "x".repeat(pad));
            let text = serde_json::json!({"message": "bad", "details": [detail]}).to_string();
            let error = classify_status(&body(400, &text, false).redacted(&[SECRET]));
            let shown = shown(&error);
            assert!(!shown.contains(&SECRET[..8]), "pad {pad}: {shown}");
        }
    }

    #[test]
    fn json_escapes_numbers_and_keys_are_no_hiding_place() {
        let text = r#"{"message":"S3cr3t\/With\u002bSlash.","details":[{"S3cr3t/With+Slash":1}, 987654321]}"#;
        let redacted = body(400, text, false).redacted(&[SECRET, "987654321"]);
        let after = String::from_utf8(redacted.bytes.clone()).expect("UTF-8");
        assert!(
            !after.contains("S3cr3t") && !after.contains("987654321"),
            "{after}"
        );
        assert_eq!(after.matches(REDACTED).count(), 3, "{after}");
        let shown = shown(&classify_status(&redacted));
        assert!(!shown.contains("S3cr3t"), "{shown}");
    }

    #[test]
    fn other_bodies_are_scrubbed_as_bytes() {
        for (text, truncated) in [
            (format!("<html>bad key {SECRET}</html>"), false),
            (format!("{{\"message\":\"{SECRET} and more"), true),
        ] {
            let redacted = body(400, &text, truncated).redacted(&[SECRET]);
            let after = String::from_utf8(redacted.bytes).expect("UTF-8");
            assert!(
                !after.contains(SECRET) && after.contains(REDACTED),
                "{after}"
            );
        }
    }

    #[test]
    fn nothing_changes_without_a_secret_in_it() {
        let text = r#"{ "messages" : [ {"message_id": "abc"} ] }"#;
        let same = body(202, text, false).redacted(&[SECRET, ""]);
        assert_eq!(
            same.bytes,
            text.as_bytes(),
            "the body is left byte for byte"
        );
        let same = body(202, "ab", false).redacted(&[""]);
        assert_eq!(same.bytes, b"ab");
    }
}
