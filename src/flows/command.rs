//! What a flow asks the runtime to do. Flows never do I/O themselves: `update`
//! returns commands, the runtime carries them out, and the result of each
//! [`Command::Start`] comes back as [`super::msg::Msg::Task`] with its id.

use std::time::Duration;

use super::job::Job;
use super::task::TaskId;

/// A side effect for the runtime to carry out.
#[derive(Debug)]
pub enum Command {
    /// Start `job` as an async task; its outcome comes back with `task`.
    Start {
        /// The task's id, from the app's allocator.
        task: TaskId,
        /// What to do.
        job: Job,
    },
    /// Abort a running task; its result, if any, is dropped.
    Cancel(TaskId),
    /// Clear the clipboard if it still holds what nowkey put there.
    ClearClipboard,
    /// Send [`super::msg::Msg::ClipboardClearDue`] after a delay.
    ScheduleClipboardClear {
        /// Which copy this clear belongs to; a newer copy supersedes it.
        generation: u64,
        /// The delay.
        after: Duration,
    },
    /// Release a profile's rotation lock of one key.
    UnlockRotation {
        /// The profile.
        profile: String,
        /// Which of its keys.
        credential: crate::domain::rotation::Credential,
    },
    /// Leave the program.
    Quit,
}

impl Command {
    /// The task this command starts, if it starts one.
    pub fn started_task(&self) -> Option<TaskId> {
        match self {
            Command::Start { task, .. } => Some(*task),
            _ => None,
        }
    }

    /// The job this command starts, if it starts one.
    pub fn job(&self) -> Option<&Job> {
        match self {
            Command::Start { job, .. } => Some(job),
            _ => None,
        }
    }
}
