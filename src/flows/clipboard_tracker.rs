//! What a flow knows about the clipboard: the last copy's outcome, and the
//! auto-clear timer. A newer copy supersedes an older copy's timer.

use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::command::{Command, TaskId};

/// How long a copied secret stays on the clipboard.
pub const CLIPBOARD_CLEAR_AFTER: Duration = Duration::from_secs(30);

/// The clipboard as a flow last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClipboardTracker {
    /// What the last copy said ("Copied to the clipboard"), or why it failed.
    pub last: Option<Result<String, String>>,
    /// When the copied secret will be cleared.
    pub clear_at: Option<Instant>,
    /// Bumped on every copy so an older clear timer does nothing.
    pub generation: u64,
    /// The task of a copy under way.
    pub pending: Option<TaskId>,
}

impl ClipboardTracker {
    /// Asks the runtime to copy `secret`.
    pub fn copy(&mut self, task: TaskId, secret: SecretString, label: &'static str) -> Command {
        self.pending = Some(task);
        Command::CopySecret {
            task,
            label,
            secret,
        }
    }

    /// The copy finished: record it and arm the clear.
    pub fn on_copied(
        &mut self,
        task: TaskId,
        result: Result<String, String>,
        now: Instant,
    ) -> Vec<Command> {
        if self.pending != Some(task) {
            return Vec::new();
        }
        self.pending = None;
        let copied = result.is_ok();
        self.last = Some(result);
        if !copied {
            return Vec::new();
        }
        self.generation += 1;
        self.clear_at = Some(now + CLIPBOARD_CLEAR_AFTER);
        vec![Command::ScheduleClipboardClear {
            generation: self.generation,
            after: CLIPBOARD_CLEAR_AFTER,
        }]
    }

    /// A clear timer ran out: clear if it belongs to the latest copy.
    pub fn on_clear_due(&mut self, generation: u64) -> Vec<Command> {
        if generation != self.generation || self.clear_at.is_none() {
            return Vec::new();
        }
        self.clear_at = None;
        self.last = Some(Ok("The clipboard was cleared.".to_owned()));
        vec![Command::ClearClipboard]
    }

    /// Leaving the flow: clear now if a copy is still armed.
    pub fn on_leave(&mut self) -> Option<Command> {
        self.clear_at.take().map(|_| Command::ClearClipboard)
    }
}
