//! What the two setup wizards (SMS connector, HOPEX) share when the operator
//! leaves: Esc stops the request under way, else asks before a secret the
//! service shows only once is lost, else leaves; the answer to that question.

use super::clipboard_tracker::ClipboardTracker;
use super::command::Command;
use super::exit::FlowExit;
use super::now::Now;
use super::question::{Answer, Question, SecretLoss};

/// A setup wizard, as far as leaving it goes.
pub(crate) trait Wizard {
    /// Stops the request under way on this step, if any; the commands cancel it.
    fn cancel_running(&mut self, now: Now) -> Vec<Command>;

    /// The secret leaving now would lose, if any.
    fn secret_at_stake(&self) -> Option<SecretLoss>;

    /// The flow's clipboard, cleared on the way out.
    fn clipboard_mut(&mut self) -> &mut ClipboardTracker;

    /// The question showing, if any.
    fn question_mut(&mut self) -> &mut Option<Question>;

    /// Esc: stop a request, else ask before a secret is lost, else leave.
    fn escape(&mut self, now: Now) -> (Vec<Command>, FlowExit) {
        let cancelled = self.cancel_running(now);
        if !cancelled.is_empty() {
            return (cancelled, FlowExit::Stay);
        }
        if let Some(loss) = self.secret_at_stake() {
            *self.question_mut() = Some(Question::Discard(loss));
            return (Vec::new(), FlowExit::Stay);
        }
        (self.leave(now), FlowExit::Leave)
    }

    /// The answer to the discard question.
    fn answer(&mut self, answer: Answer, now: Now) -> (Vec<Command>, FlowExit) {
        *self.question_mut() = None;
        match answer {
            Answer::Yes => (self.leave(now), FlowExit::Leave),
            Answer::No => (Vec::new(), FlowExit::Stay),
        }
    }

    /// Leaving: whatever runs is stopped and a copied secret is cleared.
    fn leave(&mut self, now: Now) -> Vec<Command> {
        let mut commands = self.cancel_running(now);
        commands.extend(self.clipboard_mut().on_leave());
        commands
    }
}
