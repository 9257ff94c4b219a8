//! The real system clipboard. Needs an X display; skipped without one.
//!
//! CI: `xvfb-run -a cargo test --test clipboard_system -- --nocapture`
//! (Debian/Ubuntu package `xvfb`).

use nowkey::clipboard::{Clipboard, ClipboardMode, CopyOutcome};

const CANARY: &str = "nowkey-clipboard-canary-7f3a";

fn read(other: &mut arboard::Clipboard) -> Option<String> {
    other.get_text().ok()
}

/// One test, in order: the X clipboard is shared, so parallel tests would race.
#[test]
fn system_clipboard_copy_clear_and_respect() {
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        // CI starts Xvfb and sets this, so a missing display fails loudly there.
        assert!(
            std::env::var_os("NOWKEY_CI_REQUIRE").is_none(),
            "NOWKEY_CI_REQUIRE is set but there is no DISPLAY"
        );
        println!("SKIP clipboard_system: no DISPLAY (run under xvfb-run to test)");
        return;
    }
    let mut ours = Clipboard::new(ClipboardMode::System);
    let mut other = arboard::Clipboard::new().expect("second clipboard handle");

    // Copy, read back from another handle, clear, gone.
    assert_eq!(
        ours.copy_secret(CANARY),
        Ok(CopyOutcome::System),
        "{ours:?}"
    );
    assert_eq!(read(&mut other).as_deref(), Some(CANARY));
    assert!(ours.holds_our_secret());
    assert!(ours.clear_if_unchanged());
    assert_ne!(read(&mut other).as_deref(), Some(CANARY));
    assert!(!ours.holds_our_secret());

    // Something the user copied since is theirs: not wiped.
    ours.copy_secret(CANARY).unwrap();
    other.set_text("the user's own text").unwrap();
    assert!(!ours.holds_our_secret());
    assert!(!ours.clear_if_unchanged());
    assert_eq!(read(&mut other).as_deref(), Some("the user's own text"));

    // Exit path: dropping the clipboard clears our secret.
    ours.copy_secret(CANARY).unwrap();
    assert_eq!(read(&mut other).as_deref(), Some(CANARY));
    drop(ours);
    assert_ne!(read(&mut other).as_deref(), Some(CANARY));
}
