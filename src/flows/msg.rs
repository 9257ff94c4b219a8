//! Everything that can happen to the app: keys, pastes, clock ticks and the
//! results of async tasks.

use secrecy::SecretString;

use super::key::Key;
use super::outcome::TaskOutcome;
use super::task::TaskId;

/// One event for `update`.
#[derive(Debug)]
pub enum Msg {
    /// A key press.
    Key(Key),
    /// A bracketed paste: it may be a secret, so `Debug` never shows it.
    Paste(SecretString),
    /// The clock ticked (spinners, countdowns).
    Tick,
    /// The clipboard auto-clear delay for this copy generation ran out.
    ClipboardClearDue(u64),
    /// An async task finished.
    Task(TaskId, TaskOutcome),
}
