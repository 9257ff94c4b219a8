//! The state of one remote request as the screen shows it: idle, running (with a
//! spinner and elapsed time), passed or failed (with what to do next).

use std::time::{Duration, Instant};

use super::command::Command;
use super::context::Context;
use super::job::Job;
use super::task::TaskId;

/// One request's visible state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Activity {
    /// Not started.
    #[default]
    Idle,
    /// Under way.
    Running {
        /// The task.
        task: TaskId,
        /// When it started.
        started: Instant,
    },
    /// Succeeded.
    Passed {
        /// What succeeded, in one sentence.
        detail: String,
        /// How long it took.
        elapsed: Duration,
    },
    /// Failed.
    Failed {
        /// What went wrong and what to do next, in one sentence.
        message: String,
        /// How long it took.
        elapsed: Duration,
    },
}

impl Activity {
    /// Starts `job` as a new task and shows it running; returns the command
    /// that starts it.
    pub fn start(&mut self, job: Job, cx: &mut Context<'_>) -> Command {
        let (task, command) = cx.start(job);
        *self = Activity::Running {
            task,
            started: cx.now.instant,
        };
        command
    }

    /// The running task, if any.
    pub fn running_task(&self) -> Option<TaskId> {
        match self {
            Activity::Running { task, .. } => Some(*task),
            _ => None,
        }
    }

    /// True once the request succeeded.
    pub fn passed(&self) -> bool {
        matches!(self, Activity::Passed { .. })
    }

    /// Stops the request if it runs: it is shown as failed with `message` (what
    /// the operator did, in a sentence), and its task is returned to cancel.
    pub fn stop(&mut self, now: Instant, message: &str) -> Option<TaskId> {
        let Activity::Running { task, started } = *self else {
            return None;
        };
        *self = Activity::Failed {
            message: message.to_owned(),
            elapsed: now.saturating_duration_since(started),
        };
        Some(task)
    }

    /// Marks the end of `task`, if it is the one running; returns false for a stale
    /// result (a cancelled or superseded task).
    pub fn finish(&mut self, task: TaskId, now: Instant, result: Result<String, String>) -> bool {
        let Activity::Running {
            task: running,
            started,
        } = *self
        else {
            return false;
        };
        if running != task {
            return false;
        }
        let elapsed = now.saturating_duration_since(started);
        *self = match result {
            Ok(detail) => Activity::Passed { detail, elapsed },
            Err(message) => Activity::Failed { message, elapsed },
        };
        true
    }
}

/// Formats an elapsed time as the screens show it: `0.4s`, `12s`, `2m05s`.
pub fn format_elapsed(elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 10.0 {
        format!("{secs:.1}s")
    } else if secs < 60.0 {
        format!("{}s", elapsed.as_secs())
    } else {
        format!("{}m{:02}s", elapsed.as_secs() / 60, elapsed.as_secs() % 60)
    }
}
