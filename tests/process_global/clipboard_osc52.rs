//! The OSC 52 route, against an in-memory "terminal".

use std::io::Write;
use std::sync::{Arc, Mutex};

use nowkey::clipboard::{Clipboard, ClipboardError, ClipboardMode, CopyOutcome};

const CANARY: &str = "Q2FuYXJ5S2V5OmNhbmFyeS1zZWNyZXQ=";
/// Base64 of CANARY.
const CANARY_B64: &str = "UTJGdVlYSjVTMlY1T21OaGJtRnllUzF6WldOeVpYUT0=";

#[derive(Clone, Default)]
struct Terminal(Arc<Mutex<Vec<u8>>>);

impl Terminal {
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap());
        String::from_utf8(bytes).unwrap()
    }
}

impl Write for Terminal {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn osc52_clipboard() -> (Clipboard, Terminal) {
    // A developer running the tests inside tmux must still see unwrapped output:
    // TMUX is removed, under the lock, before the clipboard (which reads it) is built.
    let _env = crate::TMUX_ENV.lock().unwrap_or_else(|e| e.into_inner());
    std::env::remove_var("TMUX");
    let terminal = Terminal::default();
    let clipboard = Clipboard::with_osc52_writer(ClipboardMode::Osc52, Box::new(terminal.clone()));
    (clipboard, terminal)
}

#[test]
fn copy_emits_exact_sequence() {
    let (mut clipboard, terminal) = osc52_clipboard();
    assert_eq!(clipboard.copy_secret(CANARY), Ok(CopyOutcome::Osc52));
    assert_eq!(terminal.take(), format!("\x1b]52;c;{CANARY_B64}\x07"));
    assert!(clipboard.holds_our_secret());
}

#[test]
fn clear_emits_empty_set_once() {
    let (mut clipboard, terminal) = osc52_clipboard();
    clipboard.copy_secret(CANARY).unwrap();
    terminal.take();
    assert!(clipboard.clear_if_unchanged());
    assert_eq!(terminal.take(), "\x1b]52;c;\x07");
    assert!(!clipboard.holds_our_secret());
    assert!(!clipboard.clear_if_unchanged(), "nothing left to clear");
    drop(clipboard);
    assert_eq!(terminal.take(), "", "already cleared: exit sends nothing");
}

#[test]
fn drop_clears() {
    let (mut clipboard, terminal) = osc52_clipboard();
    clipboard.copy_secret(CANARY).unwrap();
    terminal.take();
    drop(clipboard);
    assert_eq!(terminal.take(), "\x1b]52;c;\x07");
}

#[test]
fn nothing_copied_nothing_cleared() {
    let (mut clipboard, terminal) = osc52_clipboard();
    assert!(!clipboard.holds_our_secret());
    assert!(!clipboard.clear_if_unchanged());
    drop(clipboard);
    assert_eq!(terminal.take(), "");
}

#[test]
fn disabled_is_unavailable() {
    let terminal = Terminal::default();
    let mut clipboard =
        Clipboard::with_osc52_writer(ClipboardMode::Disabled, Box::new(terminal.clone()));
    let err = clipboard.copy_secret(CANARY).unwrap_err();
    let ClipboardError::Unavailable { reason } = &err;
    assert!(reason.contains("NOWKEY_CLIPBOARD=none"), "{reason}");
    let message = err.to_string();
    assert!(message.contains("reveal the token on screen"), "{message}");
    assert!(!message.contains(CANARY));
    assert!(!clipboard.holds_our_secret());
    drop(clipboard);
    assert_eq!(terminal.take(), "", "nothing may reach the terminal");
}

#[test]
fn debug_shows_no_content() {
    let (mut clipboard, _terminal) = osc52_clipboard();
    clipboard.copy_secret(CANARY).unwrap();
    let debug = format!("{clipboard:?} {clipboard:#?}");
    assert!(debug.contains("Osc52"), "{debug}");
    assert!(!debug.contains(CANARY), "{debug}");
    assert!(!debug.contains(CANARY_B64), "{debug}");
    assert!(!debug.contains("canary"), "{debug}");
}

#[test]
fn describe_texts() {
    // "On your clipboard" only when read back; the rest says "sent" and how to check.
    assert_eq!(
        CopyOutcome::System.describe("token"),
        "The token is on your clipboard: nowkey read it back."
    );
    for unseen in [
        CopyOutcome::SystemUnconfirmed,
        CopyOutcome::Osc52,
        CopyOutcome::Osc52Tmux,
        CopyOutcome::Osc52TmuxUnknown,
    ] {
        let text = unseen.describe("token");
        assert!(text.contains("was sent to your"), "{text}");
        assert!(text.contains("paste it somewhere harmless"), "{text}");
        assert!(!text.contains("OSC 52") && !unseen.confirmed(), "{text}");
    }
}

#[test]
fn mode_parsing() {
    assert_eq!(ClipboardMode::parse("auto"), Some(ClipboardMode::Auto));
    assert_eq!(
        ClipboardMode::parse(" System "),
        Some(ClipboardMode::System)
    );
    assert_eq!(ClipboardMode::parse("OSC52"), Some(ClipboardMode::Osc52));
    assert_eq!(ClipboardMode::parse("none"), Some(ClipboardMode::Disabled));
    assert_eq!(ClipboardMode::parse("off"), Some(ClipboardMode::Disabled));
    assert_eq!(ClipboardMode::parse("xclip"), None);
}
