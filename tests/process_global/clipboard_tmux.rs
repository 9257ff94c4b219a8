//! OSC 52 inside tmux: wrapped in the DCS passthrough.
//! It sets `TMUX` for the whole process, under the lock the OSC 52 tests take.

use std::io::Write;
use std::sync::{Arc, Mutex};

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
fn tmux_wraps_in_dcs_passthrough() {
    let env = crate::TMUX_ENV.lock().unwrap_or_else(|e| e.into_inner());
    std::env::set_var("TMUX", "/tmp/tmux-1000/default,1234,0");
    let terminal = Terminal::default();
    let mut clipboard =
        Clipboard::with_osc52_writer(ClipboardMode::Osc52, Box::new(terminal.clone()));
    drop(env);
    assert_eq!(clipboard.copy_secret("hi"), Ok(CopyOutcome::Osc52));
    assert!(clipboard.clear_if_unchanged());
    let written = String::from_utf8(terminal.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        written,
        "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\\x1bPtmux;\x1b\x1b]52;c;\x07\x1b\\"
    );
}
