//! The SMS setup: handling the results of async tasks.

use super::SetupSms;
use crate::domain::remote_error::Service;
use crate::flows::browser::outcome_note;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::outcome::{HubOutcome, SandboxOutcome, TaskOutcome};
use crate::flows::task::TaskId;
use crate::flows::wizard::Wizard;

impl SetupSms {
    /// Takes the result of a task this flow started.
    pub(super) fn on_task_outcome(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
        let outcome = match self.shared_outcome(task, outcome, now) {
            Ok(commands) => return commands,
            Err(other) => other,
        };
        let outcome = match self.on_servicenow_task(task, outcome, cx) {
            Ok(commands) => return commands,
            Err(other) => other,
        };
        match outcome {
            TaskOutcome::Hub(HubOutcome::Credentials(result)) => {
                let result = result
                    .map(|()| "The Hub accepted the API key and secret.".to_owned())
                    .map_err(|e| e.user_message(Service::Hub));
                self.verify.finish(task, now, result);
                Vec::new()
            }
            TaskOutcome::Hub(outcome) => match self.hub_target() {
                Some(target) => {
                    let wait = self.wait_for_reply;
                    self.live
                        .on_hub(task, outcome, &target, wait, cx)
                        .unwrap_or_default()
                }
                None => Vec::new(),
            },
            TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(result)) => {
                if self.sandbox_key_task != Some(task) {
                    return Vec::new();
                }
                self.sandbox_key_task = None;
                match result {
                    Ok(pair) => {
                        self.sandbox_key = Some(pair.into());
                        self.browser_note = None;
                    }
                    Err(error) => {
                        self.browser_note = Some(error.user_message(Service::Sandbox));
                    }
                }
                Vec::new()
            }
            TaskOutcome::Browser(outcome) => {
                if let Some((_, url)) = self.browser_task.take_if(|(id, _)| *id == task) {
                    self.browser_note = Some(outcome_note(&url, &outcome));
                }
                Vec::new()
            }
            TaskOutcome::Store(_)
            | TaskOutcome::ServiceNow(_)
            | TaskOutcome::Records(_)
            | TaskOutcome::Copy(_)
            | TaskOutcome::Hopex(_)
            | TaskOutcome::Sandbox(_)
            | TaskOutcome::Check(_) => Vec::new(),
        }
    }
}
