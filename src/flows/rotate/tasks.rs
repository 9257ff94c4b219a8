//! The rotation: the results of async tasks (journal writes, the lock, Hub checks,
//! the live SMS, sandbox admin calls) and what each newly recorded phase starts.

use super::screens_state::{OldKeyAnswer, VERIFY_BACKOFF_SECS};
use super::{Rotate, RotateScreen};
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::rotation::{Event, KeyRef, Phase, Rotation};
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::live_sms::LivePhase;
use crate::flows::old_key_check::OldKeyNext;
use crate::flows::outcome::{HubOutcome, SandboxOutcome, StoreOutcome, TaskOutcome};
use crate::flows::rotation_journal::{unlock, RotationLockHold};
use crate::flows::sandbox_pair::SandboxPair;
use crate::flows::task::TaskId;

impl Rotate {
    /// Takes the result of a task this flow started.
    pub(super) fn on_task_outcome(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
        let outcome = match self.on_servicenow_task(task, outcome, cx) {
            Ok(commands) => return commands,
            Err(other) => other,
        };
        match outcome {
            TaskOutcome::Store(StoreOutcome::JournalSaved(result)) => {
                match self.journal().on_saved(task, result) {
                    None => Vec::new(),
                    Some(Ok(phase)) => {
                        let mut commands = self.entered(phase, cx);
                        commands.extend(self.servicenow_after_journal(cx));
                        commands
                    }
                    Some(Err(error)) => {
                        self.write_after_journal = false;
                        if let Some(writer) = self.writer.as_mut() {
                            if writer.awaiting_record {
                                writer.not_recorded(format!("ServiceNow saved the record, but the rotation could not record it, so nothing more is written: {error}"));
                            }
                        }
                        Vec::new()
                    }
                }
            }
            TaskOutcome::Store(StoreOutcome::RotationLocked(result)) => {
                let hold = RotationLockHold {
                    lock: &mut self.lock,
                    held_elsewhere: &mut self.lock_held_elsewhere,
                };
                match hold.on_answer(task, result, now) {
                    Some(true) => self.locked(cx),
                    _ => Vec::new(),
                }
            }
            TaskOutcome::Store(StoreOutcome::ProfileSaved(result)) => {
                if self.save.running_task() != Some(task) {
                    return Vec::new(); // a stale save's answer: the current one keeps its rotation
                }
                let Some(completed) = self.completed.take() else {
                    return Vec::new();
                };
                let ok = result.is_ok();
                let result = result
                    .map(|path| format!("Saved to {}", path.display()))
                    .map_err(|error| error.to_string());
                if !self.save.finish(task, now, result) || !ok {
                    return Vec::new();
                }
                self.save_journal(completed, cx)
            }
            TaskOutcome::Hub(HubOutcome::Credentials(result)) => {
                self.on_hub_check(task, result, cx)
            }
            TaskOutcome::Hub(outcome) => {
                let Some(target) = self.new_key_target() else {
                    return Vec::new();
                };
                let was_failed = self.live_failed();
                let wait = self.wait_for_reply;
                let mut commands = self
                    .live
                    .on_hub(task, outcome, &target, wait, cx)
                    .unwrap_or_default();
                commands.extend(self.record_new_failure(was_failed, cx));
                commands
            }
            TaskOutcome::Copy(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(result)) => {
                // A note speaks of the step that made it: it is shown there only.
                let note = match result {
                    Ok(pair) => {
                        let pair = SandboxPair::from(pair);
                        let note = format!(
                            "The sandbox Hub created key {}. Press F2 to paste it and its secret.",
                            pair.key
                        );
                        self.sandbox_key = Some(pair);
                        note
                    }
                    Err(error) => error.user_message(Service::Sandbox),
                };
                self.sandbox_note = Some((RotateScreen::CreateNewKey, note));
                Vec::new()
            }
            TaskOutcome::Sandbox(SandboxOutcome::HubKeyDeleted(result)) => {
                let note = match result {
                    Ok(()) => "The sandbox Hub deleted the old key: go on as you would after deleting it in the Hub.".to_owned(),
                    Err(error) => error.user_message(Service::Sandbox),
                };
                self.sandbox_note = Some((RotateScreen::DeleteOldKey, note));
                Vec::new()
            }
            TaskOutcome::Store(_)
            | TaskOutcome::ServiceNow(_)
            | TaskOutcome::Records(_)
            | TaskOutcome::Hopex(_)
            | TaskOutcome::Sandbox(_)
            | TaskOutcome::Check(_)
            | TaskOutcome::Browser(_) => Vec::new(),
        }
    }

    /// The lock is held: resume the rotation read from the journal, or record the
    /// first step of a new one.
    fn locked(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match (&self.rotation, &self.profile) {
            (Some(_), _) => self.entered_resumed(cx),
            (None, Some(chosen)) => {
                let old = KeyRef {
                    api_key: chosen.sms.api_key.clone(),
                    fingerprint: chosen.sms.token_fingerprint.clone(),
                    expires: None,
                };
                let rotation =
                    Rotation::start(&chosen.name, old, self.old_secret.is_some(), cx.now.utc);
                self.save_journal(rotation, cx)
            }
            (None, None) => Vec::new(),
        }
    }

    fn live_failed(&self) -> bool {
        matches!(self.live.phase, LivePhase::Failed { .. })
    }

    /// A live test that has just failed (refused at send, or ended undelivered) is
    /// recorded in the journal: both keys stay live, and support can see what was
    /// tried. Only a new failure is recorded, never a late result twice.
    fn record_new_failure(&mut self, was_failed: bool, cx: &mut Context<'_>) -> Vec<Command> {
        let LivePhase::Failed { message, .. } = &self.live.phase else {
            return Vec::new();
        };
        if was_failed {
            return Vec::new();
        }
        let Some(fingerprint) = self
            .new_credentials
            .as_ref()
            .map(|c| c.token().fingerprint())
        else {
            return Vec::new();
        };
        let reason = message.clone();
        self.commit(
            Event::LiveTestFailed {
                fingerprint,
                reason,
            },
            cx,
        )
    }

    fn on_hub_check(
        &mut self,
        task: TaskId,
        result: Result<(), ClientError>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let now = cx.now.instant;
        if self.verify.activity.running_task() == Some(task) {
            return match result {
                Ok(()) => {
                    self.verify.activity.finish(
                        task,
                        now,
                        Ok("The Hub accepts the new key.".to_owned()),
                    );
                    let fingerprint = match &self.new_credentials {
                        Some(c) => c.token().fingerprint(),
                        None => return Vec::new(),
                    };
                    self.commit(Event::NewKeyVerified { fingerprint }, cx)
                }
                Err(error) => {
                    let message = error.user_message(Service::Hub);
                    // Only a refusal is worth waiting out: new keys take a moment.
                    let retry = matches!(error, ClientError::Auth { .. })
                        && self.verify.attempt < VERIFY_BACKOFF_SECS.len();
                    self.verify.last_error = Some(message.clone());
                    if retry {
                        self.verify_attempt(cx)
                    } else {
                        self.verify.activity.finish(task, now, Err(message));
                        Vec::new()
                    }
                }
            };
        }
        if self.deletion.activity.running_task() == Some(task) {
            return self.on_old_key_answer(result, cx);
        }
        Vec::new()
    }

    /// One answer about the old key: a refusal confirms the revocation; an
    /// acceptance (or no answer) is asked again until the deadline, then the
    /// operator chooses. "Still accepted" is journaled once it is the last word.
    fn on_old_key_answer(
        &mut self,
        result: Result<(), ClientError>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let answer = OldKeyAnswer::from_sign_in(&result, |e| e.user_message(Service::Hub));
        match self
            .deletion
            .take_answer(answer, cx.now, self.rotation.as_ref())
        {
            OldKeyNext::AskAgain => self.poll_old_key(cx, true),
            OldKeyNext::Record(event) => self.commit(event, cx),
            OldKeyNext::OperatorChooses => Vec::new(),
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
                self.spoke_updated = false;
                self.registration_updated = false;
                Vec::new()
            }
            Phase::OldKeyDeleted => self.prepare_proof(cx),
            Phase::Completed | Phase::Abandoned => self.rotation.iter().map(unlock).collect(),
            _ => Vec::new(),
        }
    }

    /// A resumed rotation holds its lock: start what its phase starts with.
    fn entered_resumed(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let proof = self.prepare_proof(cx);
        if !proof.is_empty() {
            return proof;
        }
        match self.rotation.as_ref().map(|r| r.phase) {
            Some(Phase::NewKeyCaptured) if self.new_credentials.is_some() => {
                self.verify = Default::default();
                self.verify_attempt(cx)
            }
            _ => Vec::new(),
        }
    }
}
