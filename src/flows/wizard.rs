//! What the two setup wizards (SMS connector, HOPEX) share: leaving (Esc stops
//! the request under way, else asks before a secret the service shows only once
//! is lost, else leaves), the keys every step ends with, and the task results
//! both handle alike (a copy, the ServiceNow check, the saved profile).

use std::time::Instant;

use super::bindings::Bindings;
use super::clipboard_tracker::ClipboardTracker;
use super::command::Command;
use super::exit::FlowExit;
use super::flow::Steps;
use super::key::{Key, BACK};
use super::now::Now;
use super::outcome::{StoreOutcome, TaskOutcome};
use super::question::{Answer, Question};
use super::save_step::SaveStep;
use super::servicenow_check::ServiceNowCheck;
use super::task::TaskId;

/// The parts every setup has: the ServiceNow user and its check, the
/// clipboard, the last step's save, and the cancel question.
#[derive(Debug)]
pub struct SetupShared {
    /// The ServiceNow instance, user and password, and their check.
    pub servicenow: ServiceNowCheck,
    /// Copies, and their auto-clear.
    pub clipboard: ClipboardTracker,
    /// The last step: the profile name and the save.
    pub save: SaveStep,
    /// The cancel question, while it shows.
    pub question: Option<Question>,
}

impl SetupShared {
    /// The parts of a new setup: the instance pre-filled when known, and the
    /// profile name offered.
    pub fn new(instance: Option<&str>, profile_name: &str) -> Self {
        Self {
            servicenow: ServiceNowCheck::new(instance),
            clipboard: ClipboardTracker::default(),
            save: SaveStep::new(profile_name),
            question: None,
        }
    }
}

/// A setup wizard, as far as what both setups share goes.
pub(crate) trait Wizard: Steps {
    /// The parts every setup has.
    fn shared(&mut self) -> &mut SetupShared;

    /// Stops the requests under way on this step (the shared ServiceNow check
    /// is stopped by the caller); the commands cancel them.
    fn cancel_own(&mut self, now: Now) -> Vec<Command>;

    /// The profile was saved: show the summary.
    fn saved(&mut self);

    /// Stops every request under way on this step; the commands cancel them.
    fn cancel_running(&mut self, now: Now) -> Vec<Command> {
        let mut commands = self.cancel_own(now);
        commands.extend(
            self.shared()
                .servicenow
                .cancel(now.instant)
                .map(Command::Cancel),
        );
        commands
    }

    /// Esc: stop a request, else ask before a secret is lost, else leave.
    fn escape(&mut self, now: Now) -> (Vec<Command>, FlowExit) {
        let cancelled = self.cancel_running(now);
        if !cancelled.is_empty() {
            return (cancelled, FlowExit::Stay);
        }
        if let Some(loss) = self.secret_at_stake() {
            self.shared().question = Some(Question::Discard(loss));
            return (Vec::new(), FlowExit::Stay);
        }
        (self.leave(now), FlowExit::Leave)
    }

    /// The answer to the discard question.
    fn answer(&mut self, answer: Answer, now: Now) -> (Vec<Command>, FlowExit) {
        self.shared().question = None;
        match answer {
            Answer::Yes => (self.leave(now), FlowExit::Leave),
            Answer::No => (Vec::new(), FlowExit::Stay),
        }
    }

    /// Leaving: whatever runs is stopped and a copied secret is cleared.
    fn leave(&mut self, now: Now) -> Vec<Command> {
        let mut commands = self.cancel_running(now);
        commands.extend(self.shared().clipboard.on_leave());
        commands
    }

    /// The results both setups handle alike; any other comes back as `Err`.
    fn shared_outcome(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        now: Instant,
    ) -> Result<Vec<Command>, TaskOutcome> {
        match outcome {
            TaskOutcome::Copy(result) => Ok(self.shared().clipboard.on_copied(task, result, now)),
            TaskOutcome::ServiceNow(result) => {
                self.shared().servicenow.on_result(task, result, now);
                Ok(Vec::new())
            }
            TaskOutcome::Store(StoreOutcome::ProfileSaved(result)) => {
                if self.shared().save.on_saved(task, result, now) {
                    self.saved();
                }
                Ok(Vec::new())
            }
            other => Err(other),
        }
    }
}

/// The keys a setup step ends with: back (not on the first step) and Esc
/// (unless the step gives Esc another meaning).
pub(crate) fn leave_bindings<A: Clone>(b: &mut Bindings<A>, back: Option<A>, cancel: Option<A>) {
    if let Some(back) = back {
        b.add(
            &BACK,
            "back",
            "Go back to the previous step; what you entered is kept.",
            back,
        );
    }
    if let Some(cancel) = cancel {
        b.add(
            &[Key::Esc],
            "cancel",
            "Leave the setup (nowkey asks first if a secret would be lost).",
            cancel,
        );
    }
}

/// The summary's keys: Enter (or Esc) goes home.
pub(crate) fn summary_bindings<A: Clone>(home: A) -> Bindings<A> {
    let mut b = Bindings::new();
    b.add(
        &[Key::Enter, Key::Esc],
        "home",
        "Back to the home screen.",
        home,
    )
    .shown("Enter");
    b
}
