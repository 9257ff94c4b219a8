//! The HOPEX setup: handling the results of async tasks.

use super::{key_field, SetupHopex};
use crate::domain::hopex::HopexContext;
use crate::domain::remote_error::Service;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::outcome::{SandboxOutcome, TaskOutcome};
use crate::flows::task::TaskId;
use crate::flows::wizard::Wizard;

impl SetupHopex {
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
        match outcome {
            TaskOutcome::Hopex(result) => {
                let summary = match &result {
                    Ok(context) => Ok(describe_context(self, context)),
                    Err(error) => Err(error.user_message(Service::Hopex)),
                };
                self.hopex_check.finish(task, now, summary);
                Vec::new()
            }
            TaskOutcome::Sandbox(SandboxOutcome::HopexKeyCreated(result)) => {
                if self.sandbox_key_task != Some(task) {
                    return Vec::new();
                }
                self.sandbox_key_task = None;
                match result {
                    Ok(key) => {
                        self.sandbox_note = Some(
                            "The sandbox console created the key. Press Enter, then F2 on the next step to paste it."
                                .to_owned(),
                        );
                        self.sandbox_created_key = Some(key);
                    }
                    Err(error) => self.sandbox_note = Some(error.user_message(Service::Sandbox)),
                }
                Vec::new()
            }
            TaskOutcome::Hub(_)
            | TaskOutcome::ServiceNow(_)
            | TaskOutcome::Records(_)
            | TaskOutcome::Copy(_)
            | TaskOutcome::Store(_)
            | TaskOutcome::Sandbox(_)
            | TaskOutcome::Check(_)
            | TaskOutcome::Browser(_) => Vec::new(),
        }
    }
}

/// One sentence about what HOPEX said of the key, with any mismatch against the
/// fields entered (the key may belong to another repository or profile).
fn describe_context(flow: &SetupHopex, context: &HopexContext) -> String {
    if context.via_fallback {
        return "HOPEX accepted the key (checked with the ITPM fallback query; this build has no _currentContext).".to_owned();
    }
    let repository = flow.key_fields.text(key_field::REPOSITORY).trim();
    let profile = flow.key_fields.text(key_field::PROFILE).trim();
    let mut mismatches = Vec::new();
    if let Some(got) = context
        .repository_id
        .as_deref()
        .filter(|got| *got != repository)
    {
        mismatches.push(format!("repository {got}, not {repository}"));
    }
    if let Some(got) = context.profile_id.as_deref().filter(|got| *got != profile) {
        mismatches.push(format!("profile {got}, not {profile}"));
    }
    if mismatches.is_empty() {
        format!(
            "HOPEX accepted the key (user {}, repository {}, profile {}).",
            context.user_id.as_deref().unwrap_or("?"),
            context.repository_id.as_deref().unwrap_or("?"),
            context.profile_id.as_deref().unwrap_or("?")
        )
    } else {
        format!(
            "HOPEX accepted the key, but it is for {}: check the key's fields in the console.",
            mismatches.join(" and ")
        )
    }
}
