//! What a copy did, in words that claim no more than nowkey saw.

/// A way to a clipboard: the desktop's, or the terminal's through OSC 52.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The desktop clipboard (arboard).
    System,
    /// The terminal's clipboard, via the OSC 52 escape sequence.
    Osc52,
}

/// What a copy did, and how much of it nowkey could see: only a read back of the
/// system clipboard shows the text arrived; OSC 52 cannot be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyOutcome {
    /// Set on the desktop clipboard, and read back from it.
    System,
    /// Set on the desktop clipboard, but reading it back did not show it.
    SystemUnconfirmed,
    /// Sent to the terminal.
    Osc52,
    /// Sent to the terminal through a tmux whose settings pass it on.
    Osc52Tmux,
    /// Sent to the terminal through a tmux whose settings could not be read.
    Osc52TmuxUnknown,
}

impl CopyOutcome {
    /// The route it took.
    pub fn route(self) -> Route {
        match self {
            CopyOutcome::System | CopyOutcome::SystemUnconfirmed => Route::System,
            _ => Route::Osc52,
        }
    }

    /// True only when nowkey saw the text on the clipboard.
    pub fn confirmed(self) -> bool {
        self == CopyOutcome::System
    }

    /// One sentence for the screen, in plain words (the mechanism's name is in
    /// the help and the README): only what nowkey knows, and how to check the
    /// rest. `what` is "token", "API secret"…
    pub fn describe(self, what: &str) -> String {
        let check = "paste it somewhere harmless to check it arrived";
        match self {
            CopyOutcome::System => {
                format!("The {what} is on your clipboard: nowkey read it back.")
            }
            CopyOutcome::SystemUnconfirmed => format!(
                "The {what} was sent to your clipboard, but reading it back did not show it: {check}."
            ),
            CopyOutcome::Osc52 => format!(
                "The {what} was sent to your terminal's clipboard, which nowkey cannot read back: {check}."
            ),
            CopyOutcome::Osc52Tmux => format!(
                "The {what} was sent to your terminal's clipboard through tmux, whose settings pass it on: {check}."
            ),
            CopyOutcome::Osc52TmuxUnknown => format!(
                "The {what} was sent to your terminal's clipboard through tmux, whose settings nowkey could not read: {check}."
            ),
        }
    }
}
