//! `SetupSms`: handling the results of async tasks.

use std::time::Instant;

use super::{SetupSms, Step};
use crate::clients::error::Service;
use crate::flows::command::{Command, TaskId};
use crate::flows::msg::TaskOutcome;

impl SetupSms {
    pub(super) fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        now: Instant,
    ) -> Vec<Command> {
        match outcome {
            TaskOutcome::HubCredentialsChecked(result) => {
                let result = result
                    .map(|()| "The Hub accepted the API key and secret.".to_owned())
                    .map_err(|e| e.user_message(Service::Hub));
                self.verify.finish(task, now, result);
                Vec::new()
            }
            TaskOutcome::TestMessageSent(result) => {
                let next = self.new_task();
                let (url, credentials) = match self.request_context() {
                    Some(context) => context,
                    None => return Vec::new(),
                };
                self.live
                    .on_sent(task, next, result, now, &url, &credentials)
            }
            TaskOutcome::MessageStatus(result) => {
                let next = self.new_task();
                let (url, credentials) = match self.request_context() {
                    Some(context) => context,
                    None => return Vec::new(),
                };
                let wait = self.wait_for_reply;
                self.live
                    .on_status(task, next, result, now, &url, &credentials, wait)
            }
            TaskOutcome::Replies(result) => {
                let next = self.new_task();
                let (url, credentials) = match self.request_context() {
                    Some(context) => context,
                    None => return Vec::new(),
                };
                self.live
                    .on_replies(task, next, result, now, &url, &credentials)
            }
            TaskOutcome::Copied(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::ProfileSaved(result) => {
                let ok = result.is_ok();
                let elapsed_note = result.map(|path| format!("Saved to {path}"));
                if self.save.finish(task, now, elapsed_note) && ok {
                    self.step = Step::Done;
                }
                Vec::new()
            }
            TaskOutcome::SandboxKeyCreated(result) => {
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
                        self.browser_note =
                            Some(format!("The sandbox could not create a key: {error}"));
                    }
                }
                Vec::new()
            }
            TaskOutcome::ServiceNowChecked(result) => {
                self.servicenow.on_result(task, result, now);
                Vec::new()
            }
            TaskOutcome::ProfilesLoaded(_)
            | TaskOutcome::HopexKeyChecked(_)
            | TaskOutcome::SandboxHopexKeyCreated(_)
            | TaskOutcome::JournalSaved(_)
            | TaskOutcome::RotationLocked(_)
            | TaskOutcome::SandboxKeyDeleted(_)
            | TaskOutcome::RotationsLoaded(_)
            | TaskOutcome::CheckFinished(_)
            | TaskOutcome::ReportExported(_) => Vec::new(),
        }
    }

    fn request_context(&self) -> Option<(String, crate::domain::token::HubCredentials)> {
        Some((self.hub_url().to_owned(), self.credentials.clone()?))
    }
}
