//! Task ids: which async task a result belongs to. One allocator, owned by the
//! app, hands them out, so ids are never reused across flows or runs of a flow,
//! and a late result of a cancelled task can never be taken for a new one's.

use std::fmt;

/// Identifies one async task the runtime runs for a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(u64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Hands out task ids, each once.
#[derive(Debug, Default)]
pub struct TaskIds {
    issued: u64,
}

impl TaskIds {
    /// A fresh allocator.
    pub fn new() -> Self {
        Self::default()
    }

    /// The next id: never one handed out before.
    pub fn next_id(&mut self) -> TaskId {
        self.issued += 1;
        TaskId(self.issued)
    }
}
