//! The HOPEX key rotation: the results of its tasks (journal writes, the lock,
//! HOPEX checks, sandbox console calls), what each newly recorded phase starts
//! with, and the flow as the app sees every flow.

use super::{HopexRotateAction, HopexRotateScreen, RotateHopex, ROTATION_STEPS};
use crate::domain::hopex::context::{compare_context, ContextMatch};
use crate::domain::hopex::HopexContext;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::rotation::{Credential, Event, Phase, Rotation};
use crate::flows::bindings::Bindings;
use crate::flows::clipboard_tracker::ClipboardTracker;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::{StepInfo, Steps};
use crate::flows::form::Form;
use crate::flows::old_key_check::OldKeyNext;
use crate::flows::outcome::{SandboxOutcome, StoreOutcome, TaskOutcome};
use crate::flows::question::{Question, SecretLoss};
use crate::flows::rotate::{OldKeyAnswer, VERIFY_BACKOFF_SECS};
use crate::flows::rotation_journal::unlock;
use crate::flows::task::TaskId;

impl RotateHopex {
    fn on_task_outcome(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
        match outcome {
            TaskOutcome::Store(StoreOutcome::JournalSaved(result)) => {
                match self.journal().on_saved(task, result) {
                    Some(Ok(phase)) => self.entered(phase, cx),
                    _ => Vec::new(),
                }
            }
            TaskOutcome::Store(StoreOutcome::RotationLocked(result)) => {
                match self.lock_hold().on_answer(task, result, now) {
                    Some(true) => self.locked(cx),
                    _ => Vec::new(),
                }
            }
            TaskOutcome::Store(StoreOutcome::ProfileSaved(result)) => {
                if self.save.running_task() != Some(task) {
                    return Vec::new();
                }
                let Some(completed) = self.take_completed() else {
                    return Vec::new();
                };
                let ok = result.is_ok();
                let result = result
                    .map(|path| format!("Saved to {}", path.display()))
                    .map_err(|error| error.to_string());
                if !self.save.finish(task, now, result) || !ok {
                    return Vec::new();
                }
                self.journal().save(completed, cx)
            }
            TaskOutcome::Hopex(result) => self.on_hopex_check(task, result, cx),
            TaskOutcome::Copy(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::Sandbox(SandboxOutcome::HopexKeyCreated(result)) => {
                let note = match result {
                    Ok(key) => {
                        self.paste_sandbox_key(&key);
                        "The sandbox's HOPEX made a new key with the old key's settings and pasted it (masked). Press Enter to record it.".to_owned()
                    }
                    Err(error) => error.user_message(Service::Sandbox),
                };
                self.set_sandbox_note(HopexRotateScreen::CreateNewKey, note);
                Vec::new()
            }
            TaskOutcome::Sandbox(SandboxOutcome::HopexKeyRevoked(result)) => {
                let note = match result {
                    Ok(()) => "The sandbox's HOPEX revoked the old key: go on as you would after revoking it in HOPEX.".to_owned(),
                    Err(error) => error.user_message(Service::Sandbox),
                };
                self.set_sandbox_note(HopexRotateScreen::RevokeOldKey, note);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The lock is held: resume the rotation read from the journal, or record
    /// the first step of a new one.
    fn locked(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match (&self.rotation, &self.profile) {
            (Some(rotation), _) => match rotation.phase {
                Phase::NewKeyCaptured if self.new_key.is_some() => {
                    self.verify = Default::default();
                    self.verify_attempt(cx)
                }
                _ => Vec::new(),
            },
            (None, Some(chosen)) => {
                let Some(old) = chosen.current_key() else {
                    return Vec::new();
                };
                let rotation = Rotation::start_of(
                    Credential::HopexKey,
                    &chosen.name,
                    old,
                    self.old_key.is_some(),
                    cx.now.utc,
                );
                self.journal().save(rotation, cx)
            }
            (None, None) => Vec::new(),
        }
    }

    /// What a newly recorded phase starts with.
    fn entered(&mut self, phase: Phase, cx: &mut Context<'_>) -> Vec<Command> {
        match phase {
            Phase::NewKeyCaptured => {
                self.verify = Default::default();
                self.verify_attempt(cx)
            }
            Phase::NewKeyVerified => {
                self.settings_saved = false;
                Vec::new()
            }
            Phase::Completed | Phase::Abandoned => self.rotation.iter().map(unlock).collect(),
            _ => Vec::new(),
        }
    }

    fn on_hopex_check(
        &mut self,
        task: TaskId,
        result: Result<HopexContext, ClientError>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        if self.verify.activity.running_task() == Some(task) {
            return self.on_new_key_answer(task, result, cx);
        }
        if self.deletion.activity.running_task() == Some(task) {
            return self.on_old_key_answer(result, cx);
        }
        Vec::new()
    }

    /// HOPEX's answer about the new key: accepted and opening the profile's
    /// repository and profile verifies it; a refusal is retried with backoff.
    fn on_new_key_answer(
        &mut self,
        task: TaskId,
        result: Result<HopexContext, ClientError>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
        let context = match result {
            Ok(context) => context,
            Err(error) => {
                let message = error.user_message(Service::Hopex);
                // Only a refusal is worth waiting out: a new key may take a moment.
                let retry = matches!(error, ClientError::Auth { .. })
                    && self.verify.attempt < VERIFY_BACKOFF_SECS.len();
                self.verify.last_error = Some(message.clone());
                if retry {
                    return self.verify_attempt(cx);
                }
                self.verify.activity.finish(task, now, Err(message));
                return Vec::new();
            }
        };
        let (Some(chosen), Some(fingerprint)) = (&self.profile, self.new_fingerprint()) else {
            return Vec::new();
        };
        let compared = compare_context(
            &context,
            &chosen.hopex.repository_id,
            &chosen.hopex.profile_id,
        );
        let message = match &compared {
            ContextMatch::Mismatch { .. } => {
                let sentence = compared.mismatch_sentence().unwrap_or_default();
                let problem = format!(
                    "HOPEX accepts the new key, but it is not the key this profile needs. {sentence} Make a key on the saved repository and HOPEX profile, and enter it with e."
                );
                self.context_problem = Some(problem.clone());
                self.verify.activity.finish(task, now, Err(problem));
                return Vec::new();
            }
            ContextMatch::Matches => {
                "HOPEX accepts the new key, and it opens the profile's repository and profile."
                    .to_owned()
            }
            ContextMatch::NotComparable { why } => format!(
                "HOPEX accepts the new key. {why} Check in HOPEX that it is tied to the saved repository and HOPEX profile."
            ),
        };
        self.verify.activity.finish(task, now, Ok(message));
        self.journal()
            .commit(Event::NewKeyVerified { fingerprint }, cx)
    }

    /// One answer about the old key: a refusal confirms the revocation; an
    /// acceptance (or no answer) is asked again until the deadline, then the
    /// operator chooses. "Still accepted" is journaled once it is the last word.
    fn on_old_key_answer(
        &mut self,
        result: Result<HopexContext, ClientError>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let answer = OldKeyAnswer::from_sign_in(&result, |e| e.user_message(Service::Hopex));
        match self
            .deletion
            .take_answer(answer, cx.now, self.rotation.as_ref())
        {
            OldKeyNext::AskAgain => self.poll_old_key(cx, true),
            OldKeyNext::Record(event) => self.journal().commit(event, cx),
            OldKeyNext::OperatorChooses => Vec::new(),
        }
    }
}

impl Steps for RotateHopex {
    type Action = HopexRotateAction;

    fn bindings(&self) -> Bindings<HopexRotateAction> {
        self.step_bindings()
    }

    fn perform(
        &mut self,
        action: HopexRotateAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
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

    /// The new key, before the module holds it and the rotation records it:
    /// the journal keeps the rotation's place, never the key.
    fn secret_at_stake(&self) -> Option<SecretLoss> {
        let holds = self.new_key.is_some()
            && self
                .rotation
                .as_ref()
                .is_some_and(|r| !r.phase.is_terminal());
        holds.then_some(SecretLoss::NewHopexKey)
    }

    fn step_info(&self) -> StepInfo {
        let screen = self.screen();
        StepInfo {
            flow: "Rotate the HOPEX API key",
            title: screen.title().to_owned(),
            position: self
                .rotation
                .as_ref()
                .filter(|r| !r.phase.is_terminal())
                .map(|r| (r.phase.number(), ROTATION_STEPS)),
            purpose: screen.purpose(),
        }
    }

    fn open_question(&self) -> Option<Question> {
        self.question
    }
}
