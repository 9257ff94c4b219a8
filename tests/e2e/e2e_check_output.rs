//! `nowkey check` printing to a terminal: its lines are wrapped at word
//! boundaries to the terminal's width, continuations indented under their text,
//! so the terminal's own wrap never cuts an address or a word in two.

use std::time::Duration;

use unicode_width::UnicodeWidthStr;

use crate::support::flow::Creds;
use crate::support::pty::{Pty, PtyOptions, COLS};
use crate::support::rotation::save_sms_profile;

#[test]
fn check_on_a_terminal_wraps_at_words_to_its_width() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    // Port 9 (discard) on loopback: refused at once, with long lines to wrap.
    let creds = Creds::new("WRAPTESTKEY000000001", "wrap-test-secret-0123456789abcd");
    save_sms_profile(&config, "prod", "http://127.0.0.1:9", &creds);
    let mut pty = Pty::spawn(
        PtyOptions::new(&["check", "--no-keyring"], &config)
            .env("NOWKEY_HUB_API_SECRET", &creds.secret),
    );
    let code = pty.wait_exit(Duration::from_secs(30)).expect("check ends");
    assert_ne!(code, 0, "the Hub was unreachable");
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    let lines: Vec<&str> = raw.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    assert!(
        lines.iter().any(|l| l.contains("127.0.0.1:9")),
        "the address is printed whole:\n{raw}"
    );
    for line in &lines {
        assert!(
            line.width() <= usize::from(COLS),
            "a line wider than the terminal ({} > {COLS}), which the terminal would cut mid-word:\n{line}",
            line.width()
        );
    }
    // A continuation lines up under its line's text, not at column 1.
    let fix = lines
        .iter()
        .position(|l| l.starts_with("    → "))
        .expect("a remediation line");
    assert!(
        lines[fix + 1].starts_with("      ") && !lines[fix + 1].trim().is_empty(),
        "the remediation continues under its text:\n{}\n{}",
        lines[fix],
        lines[fix + 1]
    );
}
