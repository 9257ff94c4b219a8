//! What a flow knows about the clipboard: the last copy's outcome, the step it
//! was made on (its note is shown there only), and the auto-clear timer. A newer
//! copy supersedes an older copy's timer.

use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::command::Command;
use super::context::Context;
use super::job::Job;
use super::task::TaskId;
use crate::clipboard::{ClipboardError, CopyOutcome};

/// How long a copied secret stays on the clipboard.
pub const CLIPBOARD_CLEAR_AFTER: Duration = Duration::from_secs(30);

/// What the clipboard last did for this flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipboardNote {
    /// `label` ("token", "API secret") went out this way.
    Copied {
        /// Where it went.
        via: CopyOutcome,
        /// What it was.
        label: &'static str,
    },
    /// Nothing was copied, and why.
    Failed(ClipboardError),
    /// The auto-clear ran.
    Cleared,
}

/// The clipboard as a flow last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClipboardTracker {
    /// What the clipboard last did, if anything.
    pub last: Option<ClipboardNote>,
    /// The step `last` was made on (a flow's own step number).
    pub origin: Option<u32>,
    /// When the copied secret will be cleared.
    pub clear_at: Option<Instant>,
    /// Bumped on every copy so an older clear timer does nothing.
    pub generation: u64,
    /// The copy under way, what it copies, and the step it was asked on.
    pending: Option<(TaskId, &'static str, u32)>,
}

impl ClipboardTracker {
    /// Asks the runtime to copy `secret`, described to the operator as `label`,
    /// from the flow's step `origin`.
    pub fn copy(
        &mut self,
        secret: SecretString,
        label: &'static str,
        origin: u32,
        cx: &mut Context<'_>,
    ) -> Command {
        let (task, command) = cx.start(Job::Copy { secret });
        self.pending = Some((task, label, origin));
        command
    }

    /// The last note, if it was made on step `step`: a note lives on its step.
    pub fn note_on(&self, step: u32) -> Option<&ClipboardNote> {
        self.last.as_ref().filter(|_| self.origin == Some(step))
    }

    /// The copy finished: record it and arm the clear.
    pub fn on_copied(
        &mut self,
        task: TaskId,
        result: Result<CopyOutcome, ClipboardError>,
        now: Instant,
    ) -> Vec<Command> {
        let Some((pending, label, origin)) = self.pending else {
            return Vec::new();
        };
        if pending != task {
            return Vec::new();
        }
        self.pending = None;
        self.origin = Some(origin);
        match result {
            Ok(via) => {
                self.last = Some(ClipboardNote::Copied { via, label });
                self.generation += 1;
                self.clear_at = Some(now + CLIPBOARD_CLEAR_AFTER);
                vec![Command::ScheduleClipboardClear {
                    generation: self.generation,
                    after: CLIPBOARD_CLEAR_AFTER,
                }]
            }
            Err(error) => {
                self.last = Some(ClipboardNote::Failed(error));
                Vec::new()
            }
        }
    }

    /// A clear timer ran out: clear if it belongs to the latest copy.
    pub fn on_clear_due(&mut self, generation: u64) -> Vec<Command> {
        if generation != self.generation || self.clear_at.is_none() {
            return Vec::new();
        }
        self.clear_at = None;
        self.last = Some(ClipboardNote::Cleared);
        vec![Command::ClearClipboard]
    }

    /// Leaving the flow: clear now if a copy is still armed.
    pub fn on_leave(&mut self) -> Option<Command> {
        self.clear_at.take().map(|_| Command::ClearClipboard)
    }
}
