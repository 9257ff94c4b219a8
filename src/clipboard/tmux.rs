//! Inside tmux, whether a program's OSC 52 reaches any clipboard depends on two
//! tmux options, and nowkey reads them rather than hoping:
//! - `set-clipboard on`: tmux takes a plain OSC 52 from the program into its own
//!   buffer and forwards it to the outer terminal (the default, `external`,
//!   ignores what programs send);
//! - `allow-passthrough on` (tmux 3.3 and later, off by default): tmux passes a
//!   sequence wrapped in `ESC P tmux; … ESC \` on to the outer terminal.
//!
//! With neither, tmux drops the copy without a word, so nowkey does not send it
//! and says what to change.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The two options, as `tmux show` printed them (`None`: could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmuxOptions {
    /// `set-clipboard`: `on`, `external` or `off`.
    pub set_clipboard: Option<String>,
    /// `allow-passthrough`: `on`, `all` or `off`.
    pub allow_passthrough: Option<String>,
}

/// How an OSC 52 can get through this tmux.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TmuxRoute {
    /// Send it plain: tmux takes it (`set-clipboard on`).
    Plain,
    /// Send it wrapped: tmux passes it on (`allow-passthrough on`).
    Passthrough,
    /// tmux would drop it; what to run so it does not.
    Dropped {
        /// The options as read, for the message.
        seen: String,
    },
    /// The options could not be read (an old tmux, no server): sent wrapped, as
    /// the best guess, and the screen says it could not tell.
    Unknown,
}

impl TmuxOptions {
    /// Which route these options leave open.
    pub fn route(&self) -> TmuxRoute {
        let is = |value: &Option<String>, accepted: &[&str]| {
            value
                .as_deref()
                .is_some_and(|v| accepted.contains(&v.trim()))
        };
        if is(&self.set_clipboard, &["on"]) {
            return TmuxRoute::Plain;
        }
        if is(&self.allow_passthrough, &["on", "all"]) {
            return TmuxRoute::Passthrough;
        }
        match (&self.set_clipboard, &self.allow_passthrough) {
            (None, None) => TmuxRoute::Unknown,
            (clipboard, passthrough) => TmuxRoute::Dropped {
                seen: format!(
                    "set-clipboard is {}, allow-passthrough is {}",
                    shown(clipboard),
                    shown(passthrough)
                ),
            },
        }
    }
}

fn shown(value: &Option<String>) -> String {
    value.as_deref().map_or_else(
        || "unknown".to_owned(),
        |v| crate::domain::untrusted::clean_line(v.trim()),
    )
}

/// Reads the options from the tmux this process runs in. Each `tmux show` is
/// given half a second: a stuck tmux server must not hold up the copy.
pub fn read_options() -> TmuxOptions {
    TmuxOptions {
        set_clipboard: show(&["show", "-gv", "set-clipboard"]),
        // A pane option since tmux 3.3; older versions know it globally or not at all.
        allow_passthrough: show(&["show", "-gpv", "allow-passthrough"])
            .or_else(|| show(&["show", "-gv", "allow-passthrough"])),
    }
}

fn show(args: &[&str]) -> Option<String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_millis(500);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(_)) | Err(_) => return None,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut text).ok()?;
    let value = text.lines().next()?.trim().to_owned();
    (!value.is_empty() && value.len() < 32).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(clipboard: Option<&str>, passthrough: Option<&str>) -> TmuxOptions {
        TmuxOptions {
            set_clipboard: clipboard.map(str::to_owned),
            allow_passthrough: passthrough.map(str::to_owned),
        }
    }

    #[test]
    fn the_route_follows_the_options() {
        assert_eq!(options(Some("on"), Some("off")).route(), TmuxRoute::Plain);
        assert_eq!(
            options(Some("external"), Some("on")).route(),
            TmuxRoute::Passthrough
        );
        assert_eq!(
            options(Some("off"), Some("all")).route(),
            TmuxRoute::Passthrough
        );
        assert_eq!(
            options(Some("external"), Some("off")).route(),
            TmuxRoute::Dropped {
                seen: "set-clipboard is external, allow-passthrough is off".to_owned()
            }
        );
        assert_eq!(
            options(Some("external"), None).route(),
            TmuxRoute::Dropped {
                seen: "set-clipboard is external, allow-passthrough is unknown".to_owned()
            }
        );
        assert_eq!(options(None, None).route(), TmuxRoute::Unknown);
    }
}
