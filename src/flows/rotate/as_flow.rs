//! The rotation as the app sees every flow ([`Steps`]): its bindings, actions,
//! task results, typing form, clipboard, secret at stake and step.

use super::{Rotate, RotateAction, ROTATION_STEP_COUNT};
use crate::flows::bindings::Bindings;
use crate::flows::clipboard_tracker::ClipboardTracker;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::{StepInfo, Steps};
use crate::flows::form::Form;
use crate::flows::outcome::TaskOutcome;
use crate::flows::question::{Question, SecretLoss};
use crate::flows::task::TaskId;

impl Steps for Rotate {
    type Action = RotateAction;

    fn bindings(&self) -> Bindings<RotateAction> {
        self.step_bindings()
    }

    fn perform(&mut self, action: RotateAction, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit) {
        self.perform_action(action, cx)
    }

    fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        self.on_task_outcome(task, outcome, cx)
    }

    fn typing_form(&self) -> Option<&Form> {
        self.focused_form()
    }

    fn typing_form_mut(&mut self) -> Option<&mut Form> {
        self.focused_form_mut()
    }

    fn clipboard(&mut self) -> Option<&mut ClipboardTracker> {
        Some(&mut self.clipboard)
    }

    fn clipboard_view(&self) -> Option<&ClipboardTracker> {
        Some(&self.clipboard)
    }

    /// The new secret, before the rotation is complete: the journal keeps the
    /// rotation's place, but never the secret.
    fn secret_at_stake(&self) -> Option<SecretLoss> {
        let holds = self.new_credentials.is_some()
            && self
                .rotation
                .as_ref()
                .is_some_and(|r| !r.phase.is_terminal());
        holds.then_some(SecretLoss::NewHubSecret)
    }

    fn step_info(&self) -> StepInfo {
        let screen = self.screen();
        StepInfo {
            flow: "Rotate credentials",
            title: screen.title().to_owned(),
            position: self
                .rotation
                .as_ref()
                .filter(|r| !r.phase.is_terminal())
                .map(|r| (r.phase.number(), ROTATION_STEP_COUNT)),
            purpose: screen.purpose(),
        }
    }

    fn open_question(&self) -> Option<Question> {
        self.question
    }
}
