//! OSC 52: asking the terminal itself to set its clipboard.
//!
//! Works over SSH and without a display, in most modern terminals. It cannot be
//! read back, so clearing means sending an empty set.

use std::fmt;
use std::io::Write;

use base64::Engine as _;
use zeroize::Zeroizing;

/// The terminal route: where the sequence goes, and whether to wrap it for tmux.
pub(super) struct Osc52 {
    writer: Box<dyn Write + Send>,
    tmux: bool,
}

impl Osc52 {
    pub(super) fn new(writer: Box<dyn Write + Send>, tmux: bool) -> Osc52 {
        Osc52 { writer, tmux }
    }

    /// Sends `ESC ] 52 ; c ; <base64> BEL` (wrapped for tmux) and flushes.
    /// An empty `text` clears the terminal's clipboard.
    pub(super) fn set(&mut self, text: &str) -> std::io::Result<()> {
        let sequence = sequence(text, self.tmux);
        self.writer.write_all(sequence.as_bytes())?;
        self.writer.flush()
    }
}

impl fmt::Debug for Osc52 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Osc52").field("tmux", &self.tmux).finish()
    }
}

/// The bytes to send. Built in zeroized buffers sized up front, since the base64
/// is the secret in another spelling and a reallocation would leave a copy behind.
fn sequence(text: &str, tmux: bool) -> Zeroizing<String> {
    let encoded_len = text.len().div_ceil(3) * 4;
    let mut plain = Zeroizing::new(String::with_capacity(encoded_len + 8));
    plain.push_str("\x1b]52;c;");
    base64::engine::general_purpose::STANDARD.encode_string(text.as_bytes(), &mut plain);
    plain.push('\x07');
    if !tmux {
        return plain;
    }
    // tmux passes a DCS `tmux;` payload to the outer terminal with each ESC
    // doubled. It needs `set -g allow-passthrough on` (tmux >= 3.3); without it
    // tmux drops the sequence and the copy silently does nothing.
    let mut wrapped = Zeroizing::new(String::with_capacity(plain.len() + 16));
    wrapped.push_str("\x1bPtmux;");
    for c in plain.chars() {
        if c == '\x1b' {
            wrapped.push('\x1b');
        }
        wrapped.push(c);
    }
    wrapped.push_str("\x1b\\");
    wrapped
}

#[cfg(test)]
mod tests {
    use super::sequence;

    #[test]
    fn plain_and_wrapped() {
        assert_eq!(*sequence("hi", false), "\x1b]52;c;aGk=\x07");
        assert_eq!(*sequence("", false), "\x1b]52;c;\x07");
        assert_eq!(
            *sequence("hi", true),
            "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }
}
