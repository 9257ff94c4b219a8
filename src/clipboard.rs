//! The system clipboard (arboard), an OSC 52 fallback, and auto-clear.
//!
//! The token goes to the clipboard so the operator can paste it into ServiceNow.
//! Three rules shape this module:
//! - it never crashes and never blocks the wizard: when no clipboard works it says
//!   so, and the UI offers to reveal the token on screen instead;
//! - it never keeps the secret: only a SHA-256 of what it set, to recognise it later;
//! - it only clears what is still ours: if the operator copied something else
//!   since, that is theirs and stays.
//!
//! The 30-second auto-clear timer belongs to the caller, which calls
//! [`Clipboard::clear_if_unchanged`]; dropping the [`Clipboard`] clears too (exit).

mod osc52;
mod outcome;
pub mod tmux;

pub use outcome::{CopyOutcome, Route};

use std::fmt;
use std::io::{IsTerminal, Write};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Env var choosing the clipboard: `auto` (default), `system`, `osc52` or `none`.
///
/// `none` is for users whose terminal shows OSC 52 as garbage or blocks it, and for
/// tests; `osc52` forces the terminal route even when stdout is not a terminal.
pub const CLIPBOARD_ENV: &str = "NOWKEY_CLIPBOARD";

/// Which clipboard to use. Read from `NOWKEY_CLIPBOARD` by [`ClipboardMode::from_env`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClipboardMode {
    /// `auto`: over SSH or without a display, OSC 52 first (the system clipboard
    /// there is the remote machine's, or none); otherwise the system clipboard first.
    /// Each falls back to the other. OSC 52 is used only when stdout is a terminal.
    #[default]
    Auto,
    /// `system`: only the desktop clipboard (arboard).
    System,
    /// `osc52`: only the terminal's clipboard escape sequence, even if stdout does
    /// not look like a terminal.
    Osc52,
    /// `none` (also `off`, `disabled`): no clipboard; the token can be revealed instead.
    Disabled,
}

impl ClipboardMode {
    /// Reads `NOWKEY_CLIPBOARD`. Unset or unrecognised means [`ClipboardMode::Auto`]
    /// (an unrecognised value is logged), since a typo must not lose the clipboard.
    pub fn from_env() -> ClipboardMode {
        match std::env::var(CLIPBOARD_ENV) {
            Ok(value) => ClipboardMode::parse(&value).unwrap_or_else(|| {
                tracing::warn!(value = %value, "unknown {CLIPBOARD_ENV}; using auto");
                ClipboardMode::Auto
            }),
            Err(_) => ClipboardMode::Auto,
        }
    }

    /// Parses `auto`, `system`, `osc52`, `none`/`off`/`disabled` (any case, trimmed).
    pub fn parse(text: &str) -> Option<ClipboardMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Some(ClipboardMode::Auto),
            "system" => Some(ClipboardMode::System),
            "osc52" => Some(ClipboardMode::Osc52),
            "none" | "off" | "disabled" => Some(ClipboardMode::Disabled),
            _ => None,
        }
    }
}

/// Why nothing was copied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    /// No route works. `reason` lists what was tried; it never holds the secret.
    #[error("No clipboard works here ({reason}); reveal the token on screen and copy it by hand instead.")]
    Unavailable {
        /// What was tried and why each failed.
        reason: String,
    },
}

/// What we put on a clipboard: the route and a SHA-256 of the text, never the text.
struct Held {
    via: Route,
    digest: [u8; 32],
}

/// Whether a clipboard still holds what we set.
enum Ownership {
    Ours,
    NotOurs,
    /// Could not tell (clipboard busy, terminal cannot be read back).
    Unknown,
}

/// The clipboard for the life of the process.
///
/// Keep one alive while the TUI runs: on X11 the content vanishes when the owning
/// `arboard::Clipboard` is dropped. `Debug` shows the routes, never content.
pub struct Clipboard {
    mode: ClipboardMode,
    /// Routes to try, best first.
    order: Vec<Route>,
    system: Option<arboard::Clipboard>,
    osc52: Option<osc52::Osc52>,
    /// Why each route that is not available is not.
    problems: Vec<String>,
    held: Option<Held>,
}

impl Clipboard {
    /// Opens the clipboard for `mode`, writing OSC 52 to stdout (the TUI's terminal).
    /// Never fails: an unusable route is recorded and reported by the first copy.
    pub fn new(mode: ClipboardMode) -> Clipboard {
        let is_terminal = std::io::stdout().is_terminal();
        Clipboard::build(mode, Box::new(std::io::stdout()), is_terminal, None)
    }

    /// Like [`Clipboard::new`] with OSC 52 going to `writer` (for tests). The caller
    /// vouches that `writer` reaches a terminal, so `Auto` may use it.
    pub fn with_osc52_writer(mode: ClipboardMode, writer: Box<dyn Write + Send>) -> Clipboard {
        Clipboard::build(mode, writer, true, None)
    }

    /// Like [`Clipboard::with_osc52_writer`], inside a tmux whose options are what
    /// `query` returns (for tests).
    pub fn with_osc52_writer_in_tmux(
        mode: ClipboardMode,
        writer: Box<dyn Write + Send>,
        query: impl Fn() -> tmux::TmuxOptions + Send + 'static,
    ) -> Clipboard {
        Clipboard::build(mode, writer, true, Some(Box::new(query)))
    }

    fn build(
        mode: ClipboardMode,
        writer: Box<dyn Write + Send>,
        is_terminal: bool,
        tmux_query: Option<osc52::TmuxQuery>,
    ) -> Clipboard {
        let env = Environment::detect();
        let mut problems = Vec::new();
        let order = match mode {
            ClipboardMode::Disabled => {
                problems.push(format!(
                    "the clipboard is turned off ({CLIPBOARD_ENV}=none)"
                ));
                vec![]
            }
            ClipboardMode::System => vec![Route::System],
            ClipboardMode::Osc52 => vec![Route::Osc52],
            ClipboardMode::Auto if env.over_ssh => vec![Route::Osc52, Route::System],
            ClipboardMode::Auto if !env.has_display => {
                problems.push("system clipboard: no DISPLAY or WAYLAND_DISPLAY".to_owned());
                vec![Route::Osc52]
            }
            ClipboardMode::Auto => vec![Route::System, Route::Osc52],
        };

        let system = if order.contains(&Route::System) {
            match arboard::Clipboard::new() {
                Ok(clipboard) => Some(clipboard),
                Err(err) => {
                    problems.push(format!("system clipboard: {err}"));
                    None
                }
            }
        } else {
            None
        };

        let osc52 = if !order.contains(&Route::Osc52) {
            None
        } else if mode == ClipboardMode::Auto && !is_terminal {
            // The sequence would land in a file or pipe (e.g. `--json` output).
            problems.push("OSC 52: the output is not a terminal".to_owned());
            None
        } else {
            // Inside tmux the options are read at each copy: the operator may
            // change them when told to, and copy again.
            let query = tmux_query.or_else(|| {
                env.in_tmux
                    .then(|| Box::new(tmux::read_options) as osc52::TmuxQuery)
            });
            Some(osc52::Osc52::new(writer, query))
        };

        let clipboard = Clipboard {
            mode,
            order,
            system,
            osc52,
            problems,
            held: None,
        };
        tracing::debug!(clipboard = ?clipboard, "clipboard opened");
        clipboard
    }

    /// Copies `text` (the token, a key, a secret) by the first route that works,
    /// marked as secret / kept out of clipboard history where the platform allows.
    /// Remembers a SHA-256 of `text`, not the text.
    pub fn copy_secret(&mut self, text: &str) -> Result<CopyOutcome, ClipboardError> {
        let previous = self.held.take();
        let mut failures = self.problems.clone();
        for via in self.order.clone() {
            let result = match via {
                Route::System => match self.system.as_mut() {
                    Some(system) => set_system(system, text)
                        .map(|()| {
                            // Said "copied" only once seen there.
                            if read_back_matches(system, text) {
                                CopyOutcome::System
                            } else {
                                CopyOutcome::SystemUnconfirmed
                            }
                        })
                        .map_err(|e| format!("system clipboard: {e}")),
                    None => continue,
                },
                Route::Osc52 => match self.osc52.as_mut() {
                    Some(osc52) => osc52
                        .set(text)
                        .map(|sent| match sent {
                            osc52::Sent::Terminal => CopyOutcome::Osc52,
                            osc52::Sent::Tmux => CopyOutcome::Osc52Tmux,
                            osc52::Sent::TmuxUnknown => CopyOutcome::Osc52TmuxUnknown,
                        })
                        .map_err(|e| format!("terminal clipboard: {e}")),
                    None => continue,
                },
            };
            match result {
                Ok(outcome) => {
                    // A secret copied earlier by the other route would otherwise
                    // outlive the auto-clear, which only tracks the latest copy.
                    if let Some(previous) = previous.filter(|p| p.via != via) {
                        self.held = Some(previous);
                        self.clear_if_unchanged();
                    }
                    self.held = Some(Held {
                        via,
                        digest: digest(text),
                    });
                    tracing::info!(outcome = ?outcome, "secret sent to a clipboard");
                    return Ok(outcome);
                }
                Err(reason) => failures.push(reason),
            }
        }
        self.held = previous;
        let reason = if failures.is_empty() {
            "no clipboard route was found".to_owned()
        } else {
            failures.join("; ")
        };
        tracing::warn!(reason = %reason, "no clipboard available");
        Err(ClipboardError::Unavailable { reason })
    }

    /// Clears what we copied, if it is still there. Returns whether it cleared.
    ///
    /// System clipboard: reads it back and clears only if it still hashes to what
    /// we set; something the operator copied since is left alone. OSC 52 cannot be
    /// read back, so an empty OSC 52 set is sent (that returns `true`).
    pub fn clear_if_unchanged(&mut self) -> bool {
        let Some(held) = self.held.take() else {
            return false;
        };
        let cleared = match held.via {
            Route::System => match self.system_ownership(&held) {
                Ownership::Ours => match self.system.as_mut().map(|s| s.clear()) {
                    Some(Ok(())) => true,
                    _ => {
                        // Keep it recorded so a later call (or Drop) tries again.
                        self.held = Some(held);
                        false
                    }
                },
                Ownership::NotOurs => false,
                Ownership::Unknown => {
                    self.held = Some(held);
                    false
                }
            },
            // A failed write means the terminal is gone; nothing else to try.
            Route::Osc52 => self.osc52.as_mut().is_some_and(|o| o.set("").is_ok()),
        };
        tracing::info!(cleared, "clipboard clear requested");
        cleared
    }

    /// Whether the clipboard still holds our secret. For OSC 52, which cannot be
    /// read back, this is whether we sent one and have not cleared it since.
    pub fn holds_our_secret(&mut self) -> bool {
        let Some(held) = self.held.take() else {
            return false;
        };
        let ours = match held.via {
            Route::System => match self.system_ownership(&held) {
                Ownership::NotOurs => false,
                // Busy: assume still ours, so the caller keeps its clear timer.
                Ownership::Ours | Ownership::Unknown => true,
            },
            Route::Osc52 => true,
        };
        if ours {
            self.held = Some(held);
        }
        ours
    }

    fn system_ownership(&mut self, held: &Held) -> Ownership {
        let Some(system) = self.system.as_mut() else {
            return Ownership::Unknown;
        };
        match system.get_text() {
            Ok(text) => {
                let text = Zeroizing::new(text);
                if digest(&text) == held.digest {
                    Ownership::Ours
                } else {
                    Ownership::NotOurs
                }
            }
            // Empty, or not text: someone replaced or cleared it.
            Err(arboard::Error::ContentNotAvailable) => Ownership::NotOurs,
            Err(_) => Ownership::Unknown,
        }
    }
}

impl Drop for Clipboard {
    /// The exit path: clear our secret if it is still there, before arboard hands
    /// the X11 selection to a clipboard manager (which would keep it).
    fn drop(&mut self) {
        if self.held.is_some() {
            self.clear_if_unchanged();
        }
    }
}

impl fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clipboard")
            .field("mode", &self.mode)
            .field("order", &self.order)
            .field("system", &self.system.is_some())
            .field("osc52", &self.osc52)
            .field("problems", &self.problems)
            // The route only: the digest is of a secret and has no use in a log.
            .field("holding", &self.held.as_ref().map(|h| h.via))
            .finish()
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Whether the system clipboard, read back, holds `text`.
fn read_back_matches(system: &mut arboard::Clipboard, text: &str) -> bool {
    system
        .get_text()
        .map(|back| digest(&Zeroizing::new(back)) == digest(text))
        .unwrap_or(false)
}

/// Sets text on the system clipboard, asking the platform to keep it out of
/// clipboard history and sync.
fn set_system(system: &mut arboard::Clipboard, text: &str) -> Result<(), arboard::Error> {
    let set = system.set();
    // Linux/BSD: no freedesktop standard exists. arboard adds the KDE convention
    // (`x-kde-passwordManagerHint: secret`), honoured by Klipper and some other
    // managers; others may still record the token, hence the auto-clear.
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
    ))]
    let set = arboard::SetExtLinux::exclude_from_history(set);
    // macOS: the nspasteboard.org "concealed" convention that history tools honour.
    #[cfg(target_os = "macos")]
    let set = arboard::SetExtApple::exclude_from_history(set);
    // Windows: "exclude from monitoring" keeps it out of both history and cloud
    // clipboard; arboard advises not to combine it with the narrower flags.
    #[cfg(windows)]
    let set = arboard::SetExtWindows::exclude_from_monitoring(set);
    set.text(text)
}

/// What the environment says about how the terminal is reached.
struct Environment {
    over_ssh: bool,
    has_display: bool,
    in_tmux: bool,
}

impl Environment {
    fn detect() -> Environment {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        // Only X11/Wayland systems need a display variable; macOS and Windows
        // always have their clipboard.
        let needs_display = cfg!(all(
            unix,
            not(any(target_os = "macos", target_os = "android"))
        ));
        Environment {
            over_ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
            has_display: !needs_display || set("DISPLAY") || set("WAYLAND_DISPLAY"),
            in_tmux: set("TMUX"),
        }
    }
}
