//! OSC 52 inside tmux: plain when tmux takes it (set-clipboard on), wrapped in the
//! DCS passthrough when tmux passes it on, and not sent when tmux would drop it.
//! It sets `TMUX` for the whole process, under the lock the OSC 52 tests take.

use std::io::Write;
use std::sync::{Arc, Mutex};

use nowkey::clipboard::tmux::TmuxOptions;
use nowkey::clipboard::{Clipboard, ClipboardMode, CopyOutcome};

#[derive(Clone, Default)]
struct Terminal(Arc<Mutex<Vec<u8>>>);

impl Write for Terminal {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn tmux_wraps_in_dcs_passthrough_when_its_settings_pass_it_on() {
    let terminal = Terminal::default();
    let mut clipboard = Clipboard::with_osc52_writer_in_tmux(
        ClipboardMode::Osc52,
        Box::new(terminal.clone()),
        || options("external", "on"),
    );
    assert_eq!(clipboard.copy_secret("hi"), Ok(CopyOutcome::Osc52Tmux));
    assert!(clipboard.clear_if_unchanged());
    let written = String::from_utf8(terminal.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        written,
        "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\\x1bPtmux;\x1b\x1b]52;c;\x07\x1b\\"
    );
}

fn options(set_clipboard: &str, allow_passthrough: &str) -> TmuxOptions {
    TmuxOptions {
        set_clipboard: Some(set_clipboard.to_owned()),
        allow_passthrough: Some(allow_passthrough.to_owned()),
    }
}

#[test]
fn with_set_clipboard_on_tmux_takes_the_plain_sequence() {
    let terminal = Terminal::default();
    let mut clipboard = Clipboard::with_osc52_writer_in_tmux(
        ClipboardMode::Osc52,
        Box::new(terminal.clone()),
        || options("on", "off"),
    );
    assert_eq!(clipboard.copy_secret("hi"), Ok(CopyOutcome::Osc52Tmux));
    let written = String::from_utf8(terminal.0.lock().unwrap().clone()).unwrap();
    assert_eq!(written, "\x1b]52;c;aGk=\x07");
}

#[test]
fn a_tmux_that_would_drop_it_gets_nothing_and_the_operator_is_told_what_to_change() {
    let terminal = Terminal::default();
    let mut clipboard = Clipboard::with_osc52_writer_in_tmux(
        ClipboardMode::Osc52,
        Box::new(terminal.clone()),
        || options("external", "off"),
    );
    let error = clipboard.copy_secret("hi").unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("set-clipboard is external, allow-passthrough is off"),
        "{text}"
    );
    assert!(text.contains("tmux set -g set-clipboard on"), "{text}");
    assert!(
        terminal.0.lock().unwrap().is_empty(),
        "nothing sent that tmux would drop"
    );
}
