//! The HOPEX setup: handling the results of async tasks.

use super::{key_field, SetupHopex};
use crate::domain::hopex::context::{compare_context, shown_id};
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
                    Ok(context) => describe_context(self, context),
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
/// What the key check found: whom the key signs in as, or, when it opens
/// another repository or HOPEX profile than the ones typed, a failure naming
/// both (such a key authenticates, then syncs the wrong data).
fn describe_context(flow: &SetupHopex, context: &HopexContext) -> Result<String, String> {
    if context.via_fallback {
        return Ok("HOPEX accepted the key (checked with the ITPM fallback query; this build has no _currentContext, so which repository it opens could not be checked).".to_owned());
    }
    let repository = flow.key_fields.text(key_field::REPOSITORY).trim();
    let profile = flow.key_fields.text(key_field::PROFILE).trim();
    let compared = compare_context(context, repository, profile);
    if let Some(sentence) = compared.mismatch_sentence() {
        return Err(format!(
            "HOPEX accepted the key, but it is not the key these settings need. {sentence} Make the key on the repository and profile above (or correct them), then check again."
        ));
    }
    let shown = |value: &Option<String>| value.as_deref().map_or("?".to_owned(), shown_id);
    Ok(format!(
        "HOPEX accepted the key (user {}, repository {}, profile {}).",
        shown(&context.user_id),
        shown(&context.repository_id),
        shown(&context.profile_id)
    ))
}
