//! What "the terminal is safe" means after nowkey has gone, checked three ways:
//! the pty's termios (read with `tcgetattr` on the master, cross-checked with
//! `stty -a -F <slave>`), the modes the `vt100` emulator was left in, and the raw
//! escape sequences; plus the clipboard (OSC 52 writes) and secrets in the output.

use std::path::Path;

use base64::Engine as _;

use crate::support::pty::{Pty, ScreenModes, Termios};
use crate::support::{b64, contains_bytes, files_under, find_all};

/// `stty -a -F <slave>`: the words of its report, e.g. `echo`, `-icanon`.
pub fn stty_words(pty: &Pty) -> Vec<String> {
    let path = pty.slave_path().expect("the pty's slave path");
    let out = std::process::Command::new("stty")
        .arg("-a")
        .arg("-F")
        .arg(&path)
        .output()
        .expect("run stty");
    assert!(
        out.status.success(),
        "stty -a -F {} failed: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `stty` reports `flag` as set (`flag`), unset (`-flag`), or not at all.
fn stty_flag(words: &[String], flag: &str) -> Option<bool> {
    let off = format!("-{flag}");
    if words.iter().any(|w| w == flag) {
        Some(true)
    } else if words.contains(&off) {
        Some(false)
    } else {
        None
    }
}

/// The termios a terminal has before nowkey starts: cooked, echoing, with signals.
/// Without this the "restored" checks below would prove nothing.
pub fn assert_cooked_baseline(pty: &Pty) -> Termios {
    let baseline = pty
        .baseline_termios()
        .expect("the pty's termios could be read before the start");
    assert!(
        baseline.echo() && baseline.canonical() && baseline.signals(),
        "the baseline is not a cooked terminal (ECHO|ICANON|ISIG): {baseline:?}"
    );
    baseline
}

/// While the wizard runs, the terminal is in raw mode on the alternate screen:
/// restoring means undoing something.
pub fn assert_in_full_screen_mode(pty: &Pty) {
    let now = pty.termios().expect("termios readable while running");
    assert!(
        !now.echo() && !now.canonical() && !now.signals(),
        "the wizard runs in raw mode (no ECHO, ICANON, ISIG): {now:?}"
    );
    let modes = pty.screen_modes();
    assert!(modes.alternate_screen, "on the alternate screen: {modes:?}");
    assert!(modes.bracketed_paste, "bracketed paste on: {modes:?}");
}

/// The terminal is handed back as it was: termios equal to the baseline (ECHO and
/// ICANON set, by two independent readings), the emulator out of every mode nowkey
/// switched on, and the escape sequences that did it in the right order.
pub fn assert_restored(pty: &Pty) {
    let baseline = assert_cooked_baseline(pty);
    let after = pty
        .termios()
        .expect("termios readable after the exit (the master is still open)");
    assert!(after.echo(), "ECHO is back: {after:?}");
    assert!(after.canonical(), "ICANON (line mode) is back: {after:?}");
    assert!(
        after.signals(),
        "ISIG (Ctrl-C is a signal) is back: {after:?}"
    );
    assert_eq!(
        after, baseline,
        "every termios flag and control character as before the start"
    );
    let words = stty_words(pty);
    for flag in ["echo", "icanon", "isig", "icrnl", "opost"] {
        assert_eq!(
            stty_flag(&words, flag),
            Some(true),
            "stty reports {flag} set: {words:?}"
        );
    }

    let modes = pty.screen_modes();
    assert_eq!(
        modes,
        ScreenModes {
            alternate_screen: false,
            cursor_hidden: false,
            bracketed_paste: false,
            mouse_capture: false,
            application_cursor: false,
            application_keypad: false,
        },
        "the emulated terminal is back in its normal modes"
    );
    assert_restore_sequences(&pty.raw_output());
}

/// The raw output's last alternate-screen switch leaves it, bracketed paste is
/// turned off, the cursor is shown after leaving, and nothing re-enters after.
pub fn assert_restore_sequences(raw: &[u8]) {
    let last = |needle: &[u8]| find_all(raw, needle).last().copied();
    let entered = last(b"\x1b[?1049h").expect("the wizard used the alternate screen");
    let left = last(b"\x1b[?1049l").expect("the alternate screen was left (ESC[?1049l)");
    assert!(
        left > entered,
        "the last switch leaves the alternate screen"
    );
    let shown = last(b"\x1b[?25h").expect("the cursor was shown again (ESC[?25h)");
    assert!(shown > left, "the cursor is shown after leaving");
    let paste_off = last(b"\x1b[?2004l").expect("bracketed paste disabled (ESC[?2004l)");
    assert!(
        paste_off > entered,
        "bracketed paste disabled on the way out"
    );
    if let Some(mouse_on) = last(b"\x1b[?1000h") {
        let mouse_off = last(b"\x1b[?1000l").expect("mouse capture disabled");
        assert!(
            mouse_off > mouse_on,
            "mouse capture disabled on the way out"
        );
    }
    let tail = String::from_utf8_lossy(&raw[left..]);
    assert!(
        !tail.contains("\x1b[?25l")
            && !tail.contains("\x1b[?1049h")
            && !tail.contains("\x1b[?2004h"),
        "nothing hides the cursor, re-enters or re-enables paste afterwards: {tail:?}"
    );
}

/// One OSC 52 write: `ESC ] 52 ; <selection> ; <payload> (BEL | ESC \)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Osc52 {
    /// Where the sequence starts in the raw output.
    pub start: usize,
    /// One past its terminator.
    pub end: usize,
    /// `c`, `p`, `s`…
    pub selection: String,
    /// The Base64 payload as sent (empty: a clear).
    pub payload: String,
}

impl Osc52 {
    /// What it puts on the clipboard: `Some(empty)` for a clear, `None` if the
    /// payload is not Base64 (which a terminal would ignore or treat as a clear).
    pub fn content(&self) -> Option<Vec<u8>> {
        base64::engine::general_purpose::STANDARD
            .decode(self.payload.as_bytes())
            .ok()
    }

    /// Whether it leaves the clipboard empty.
    pub fn is_clear(&self) -> bool {
        self.content().is_some_and(|c| c.is_empty())
    }
}

/// Every OSC 52 write in `raw`, in order. An unterminated one (output cut off)
/// counts, with whatever payload was sent.
pub fn osc52_writes(raw: &[u8]) -> Vec<Osc52> {
    let mut writes = Vec::new();
    for start in find_all(raw, b"\x1b]52;") {
        let rest = &raw[start + 5..];
        let Some(semi) = rest.iter().position(|&b| b == b';') else {
            continue;
        };
        let selection = String::from_utf8_lossy(&rest[..semi]).into_owned();
        let body = &rest[semi + 1..];
        let (len, terminator) = match (
            body.iter().position(|&b| b == 0x07),
            find_all(body, b"\x1b\\").first().copied(),
        ) {
            (Some(bel), Some(st)) if st < bel => (st, 2),
            (Some(bel), _) => (bel, 1),
            (None, Some(st)) => (st, 2),
            (None, None) => (body.len(), 0),
        };
        writes.push(Osc52 {
            start,
            end: start + 5 + semi + 1 + len + terminator,
            selection,
            payload: String::from_utf8_lossy(&body[..len]).into_owned(),
        });
    }
    writes
}

/// The clipboard holds no secret at the end: if the step copied `copied`, that
/// copy was really sent (so this check sees copies at all) and the LAST OSC 52
/// write is a clear; no write after it, none that is not a clear carrying a secret.
pub fn assert_clipboard_clean(raw: &[u8], copied: Option<&str>) {
    let writes = osc52_writes(raw);
    if let Some(text) = copied {
        assert!(
            writes
                .iter()
                .any(|w| w.content().as_deref() == Some(text.as_bytes())),
            "the copy at this step was sent as OSC 52 ({} writes seen)",
            writes.len()
        );
    }
    let Some(last) = writes.last() else {
        return; // nothing ever reached the terminal's clipboard
    };
    assert!(
        last.is_clear(),
        "the last OSC 52 write is a clear, not {} bytes of content ({} writes in all)",
        last.content().map_or(0, |c| c.len()),
        writes.len()
    );
}

/// `raw` without its OSC 52 sequences (whose payloads are checked separately).
pub fn without_osc52(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    for write in osc52_writes(raw) {
        if write.start >= at {
            out.extend_from_slice(&raw[at..write.start]);
            at = write.end;
        }
    }
    out.extend_from_slice(&raw[at.min(raw.len())..]);
    out
}

/// No secret (nor its Base64) in the terminal output outside the OSC 52 copies,
/// which covers stderr and any panic text (the pty carries both), nor in any file
/// under `config` (the log, profiles, journals).
pub fn assert_no_secret_leaked(raw: &[u8], config: &Path, secrets: &[String]) {
    let text = without_osc52(raw);
    for secret in secrets {
        for spelling in [secret.clone(), b64(secret)] {
            assert!(
                !contains_bytes(&text, spelling.as_bytes()),
                "a secret ({} chars) reached the terminal output",
                secret.len()
            );
        }
    }
    for file in files_under(config) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for secret in secrets {
            assert!(
                !contains_bytes(&bytes, secret.as_bytes()),
                "{} holds a secret",
                file.display()
            );
        }
    }
}

/// The panic's message follows the restore, so it is readable on the normal screen,
/// and it names the forced panic (nothing else, nothing secret: checked above).
pub fn assert_panic_message_visible(raw: &[u8]) {
    let left = find_all(raw, b"\x1b[?1049l")
        .last()
        .copied()
        .expect("the alternate screen was left");
    assert!(
        contains_bytes(&raw[left..], b"forced panic"),
        "the panic message comes after the restore: {:?}",
        String::from_utf8_lossy(&raw[left..])
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::AssertUnwindSafe;

    #[test]
    fn osc52_parsing_and_stripping() {
        let raw = b"a\x1b]52;c;aGk=\x07b\x1b]52;c;\x1b\\c\x1b]52;p;!!";
        let writes = osc52_writes(raw);
        assert_eq!(writes.len(), 3);
        assert_eq!(writes[0].content().as_deref(), Some(&b"hi"[..]));
        assert!(!writes[0].is_clear());
        assert!(writes[1].is_clear());
        assert_eq!(writes[2].selection, "p");
        assert_eq!(writes[2].content(), None);
        assert_eq!(without_osc52(raw), b"abc");
    }

    /// The checks the matrix relies on fail on output that breaks them.
    #[test]
    fn the_output_checks_can_fail() {
        let fails = |f: &dyn Fn()| std::panic::catch_unwind(AssertUnwindSafe(f)).is_err();
        let dir = tempfile::tempdir().unwrap();
        let secret = "Sekrit-0a1b2c3d".to_owned();
        let secrets = [secret.clone()];
        let in_osc = format!("\x1b]52;c;{}\x07", b64(&secret));
        assert!(!fails(&|| assert_no_secret_leaked(
            in_osc.as_bytes(),
            dir.path(),
            &secrets
        )));
        for leak in [secret.clone(), b64(&secret)] {
            let raw = format!("{in_osc}x{leak}y");
            assert!(fails(&|| assert_no_secret_leaked(
                raw.as_bytes(),
                dir.path(),
                &secrets
            )));
        }
        std::fs::write(dir.path().join("nowkey.log"), &secret).unwrap();
        assert!(fails(&|| assert_no_secret_leaked(
            b"",
            dir.path(),
            &secrets
        )));

        let good = b"\x1b[?1049h\x1b[?2004h\x1b[?25l...\x1b[?2004l\x1b[?1049l\x1b[?25h";
        assert!(!fails(&|| assert_restore_sequences(good)));
        let still_in = b"\x1b[?1049h\x1b[?2004h\x1b[?25l...";
        assert!(fails(&|| assert_restore_sequences(still_in)));
        let hidden_after = b"\x1b[?1049h\x1b[?2004l\x1b[?1049l\x1b[?25h\x1b[?25l";
        assert!(fails(&|| assert_restore_sequences(hidden_after)));

        let cleared = format!("{in_osc}\x1b]52;c;\x07");
        assert!(!fails(&|| assert_clipboard_clean(
            cleared.as_bytes(),
            Some(&secret)
        )));
        assert!(fails(&|| assert_clipboard_clean(
            in_osc.as_bytes(),
            Some(&secret)
        )));
        assert!(fails(&|| assert_clipboard_clean(b"", Some(&secret))));
    }
}
