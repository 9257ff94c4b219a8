//! The SMS setup: handling the results of async tasks.

use super::{SetupSms, Step};
use crate::domain::remote_error::Service;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::outcome::{HubOutcome, SandboxOutcome, StoreOutcome, TaskOutcome};
use crate::flows::task::TaskId;

impl SetupSms {
    pub(super) fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
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
            TaskOutcome::Copy(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::Store(StoreOutcome::ProfileSaved(result)) => {
                if self.save.on_saved(task, result, now) {
                    self.step = Step::Done;
                }
                Vec::new()
            }
            TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(result)) => {
                if self.sandbox_key_task != Some(task) {
                    return Vec::new();
                }
                self.sandbox_key_task = None;
                match result {
                    Ok(pair) => {
                        self.sandbox_key = Some(pair);
                        self.browser_note = None;
                    }
                    Err(error) => {
                        self.browser_note = Some(error.user_message(Service::Sandbox));
                    }
                }
                Vec::new()
            }
            TaskOutcome::ServiceNow(result) => {
                self.servicenow.on_result(task, result, now);
                Vec::new()
            }
            TaskOutcome::Store(_)
            | TaskOutcome::Hopex(_)
            | TaskOutcome::Sandbox(_)
            | TaskOutcome::Check(_) => Vec::new(),
        }
    }
}
