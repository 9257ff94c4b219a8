//! What `update` receives besides the message: the time, and the app's task ids.

use super::command::Command;
use super::job::Job;
use super::now::Now;
use super::task::{TaskId, TaskIds};

/// The time of this message and the task-id allocator.
#[derive(Debug)]
pub struct Context<'a> {
    /// When the message arrived.
    pub now: Now,
    ids: &'a mut TaskIds,
}

impl<'a> Context<'a> {
    /// A context at `now` drawing ids from `ids`.
    pub fn new(now: Now, ids: &'a mut TaskIds) -> Self {
        Self { now, ids }
    }

    /// A new task id.
    pub fn task_id(&mut self) -> TaskId {
        self.ids.next_id()
    }

    /// The command that starts `job` as a new task, and the task's id.
    pub fn start(&mut self, job: Job) -> (TaskId, Command) {
        let task = self.task_id();
        (task, Command::Start { task, job })
    }
}
