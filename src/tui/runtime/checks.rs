//! The validation's checks: each as its own task, so a profile's checks run at
//! once, each within its own time limit.

use super::Runtime;
use crate::checks::run_check;
use crate::flows::job::CheckRun;
use crate::flows::outcome::TaskOutcome;
use crate::flows::task::TaskId;

impl Runtime {
    /// Runs one check as a task; it reports [`TaskOutcome::Check`].
    pub(super) fn run_check(&mut self, task: TaskId, run: CheckRun) {
        let timeouts = self.timeouts;
        self.spawn(task, async move {
            TaskOutcome::Check(Box::new(
                run_check(&run.check, &run.secrets, timeouts).await,
            ))
        });
    }
}
