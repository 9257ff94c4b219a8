//! OSC 52: asking the terminal itself to set its clipboard.
//!
//! Works over SSH and without a display, in most modern terminals. It cannot be
//! read back, so clearing means sending an empty set, and the screen says only
//! that it was sent.

use std::fmt;
use std::io::Write;

use base64::Engine as _;
use zeroize::Zeroizing;

use super::tmux::{TmuxOptions, TmuxRoute};

/// Reads the tmux options that decide whether an OSC 52 gets through.
pub(super) type TmuxQuery = Box<dyn Fn() -> TmuxOptions + Send>;

/// The terminal route: where the sequence goes, and, inside tmux, how to ask
/// tmux which way (if any) gets it through.
pub(super) struct Osc52 {
    writer: Box<dyn Write + Send>,
    tmux: Option<TmuxQuery>,
}

/// How a sequence went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sent {
    /// Straight to the terminal.
    Terminal,
    /// Through a tmux whose settings pass it on.
    Tmux,
    /// Through a tmux whose settings could not be read (sent wrapped).
    TmuxUnknown,
}

impl Osc52 {
    pub(super) fn new(writer: Box<dyn Write + Send>, tmux: Option<TmuxQuery>) -> Osc52 {
        Osc52 { writer, tmux }
    }

    /// Sends `ESC ] 52 ; c ; <base64> BEL` and flushes; inside tmux, plain or
    /// wrapped as tmux's settings allow, and not at all when tmux would drop it
    /// (`Err` says what to change). An empty `text` clears the clipboard.
    pub(super) fn set(&mut self, text: &str) -> Result<Sent, String> {
        let (wrap, sent) = match self.tmux.as_ref().map(|query| query().route()) {
            None => (false, Sent::Terminal),
            Some(TmuxRoute::Plain) => (false, Sent::Tmux),
            Some(TmuxRoute::Passthrough) => (true, Sent::Tmux),
            Some(TmuxRoute::Unknown) => (true, Sent::TmuxUnknown),
            Some(TmuxRoute::Dropped { seen }) => {
                return Err(format!(
                    "tmux drops clipboard requests from programs here ({seen}): run tmux set -g set-clipboard on, then copy again"
                ))
            }
        };
        let sequence = sequence(text, wrap);
        self.writer
            .write_all(sequence.as_bytes())
            .and_then(|()| self.writer.flush())
            .map_err(|e| e.to_string())?;
        Ok(sent)
    }
}

impl fmt::Debug for Osc52 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Osc52")
            .field("tmux", &self.tmux.is_some())
            .finish()
    }
}

/// The bytes to send. Built in zeroized buffers sized up front, since the base64
/// is the secret in another spelling and a reallocation would leave a copy behind.
fn sequence(text: &str, wrap: bool) -> Zeroizing<String> {
    let encoded_len = text.len().div_ceil(3) * 4;
    let mut plain = Zeroizing::new(String::with_capacity(encoded_len + 8));
    plain.push_str("\x1b]52;c;");
    base64::engine::general_purpose::STANDARD.encode_string(text.as_bytes(), &mut plain);
    plain.push('\x07');
    if !wrap {
        return plain;
    }
    // tmux passes a DCS `tmux;` payload to the outer terminal with each ESC
    // doubled. It needs `set -g allow-passthrough on` (tmux >= 3.3); the caller
    // checked that it is (or could not tell).
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
