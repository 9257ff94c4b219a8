//! Flow C: the results of async tasks (journal writes, the lock, Hub checks, the
//! live test, sandbox admin calls) and what each newly recorded phase starts.

use std::time::Instant;

use chrono::Utc;

use super::screens_state::DELETION_TIMEOUT;
use super::update::{failure, rejected};
use super::Rotate;
use crate::domain::rotation::{Event, Phase};
use crate::flows::activity::Activity;
use crate::flows::command::{Command, TaskId};
use crate::flows::msg::TaskOutcome;
use crate::flows::setup_sms::LivePhase;

impl Rotate {
    pub(super) fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        now: Instant,
    ) -> Vec<Command> {
        match outcome {
            TaskOutcome::JournalSaved(result) => {
                let Some((pending, rotation)) = self.pending.take() else {
                    return Vec::new();
                };
                if pending != task {
                    self.pending = Some((pending, rotation));
                    return Vec::new();
                }
                match result {
                    Ok(()) => {
                        let phase = rotation.phase;
                        self.rotation = Some(rotation);
                        self.entered(phase, now)
                    }
                    Err(error) => {
                        self.refusal = Some(format!(
                            "The step could not be recorded, so nothing changed: {error}"
                        ));
                        Vec::new()
                    }
                }
            }
            TaskOutcome::RotationLocked(result) => {
                let Activity::Running {
                    task: running,
                    started,
                } = self.lock
                else {
                    return Vec::new();
                };
                if running != task {
                    return Vec::new();
                }
                let ok = result.is_ok();
                self.lock
                    .finish(task, now, result.map(|()| "Locked".to_owned()));
                let _ = started;
                if !ok {
                    return Vec::new();
                }
                match (&self.rotation, &self.profile) {
                    (Some(_), _) => self.entered_resumed(now),
                    (None, Some(chosen)) => {
                        let sms = &chosen.sms;
                        let old = crate::domain::rotation::KeyRef {
                            api_key: sms.api_key.clone(),
                            fingerprint: sms.token_fingerprint.clone(),
                        };
                        let rotation = crate::domain::rotation::Rotation::start(
                            &chosen.name,
                            old,
                            self.old_secret.is_some(),
                            Utc::now(),
                        );
                        self.save_journal(rotation)
                    }
                    (None, None) => Vec::new(),
                }
            }
            TaskOutcome::HubCredentialsChecked(result) => self.on_hub_check(task, result, now),
            TaskOutcome::TestMessageSent(result) => {
                let next = self.new_task();
                let Some(credentials) = self.new_credentials.clone() else {
                    return Vec::new();
                };
                let url = self.hub_url().to_owned();
                let was_failed = self.live_failed();
                let mut commands = self
                    .live
                    .on_sent(task, next, result, now, &url, &credentials);
                commands.extend(self.record_new_failure(was_failed));
                commands
            }
            TaskOutcome::MessageStatus(result) => {
                let next = self.new_task();
                let Some(credentials) = self.new_credentials.clone() else {
                    return Vec::new();
                };
                let url = self.hub_url().to_owned();
                let wait = self.wait_for_reply;
                let was_failed = self.live_failed();
                let mut commands =
                    self.live
                        .on_status(task, next, result, now, &url, &credentials, wait);
                commands.extend(self.record_new_failure(was_failed));
                commands
            }
            TaskOutcome::Replies(result) => {
                let next = self.new_task();
                let Some(credentials) = self.new_credentials.clone() else {
                    return Vec::new();
                };
                let url = self.hub_url().to_owned();
                self.live
                    .on_replies(task, next, result, now, &url, &credentials)
            }
            TaskOutcome::Copied(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::ProfileSaved(result) => {
                let Some(completed) = self.completed.take() else {
                    return Vec::new();
                };
                let ok = result.is_ok();
                if !self
                    .save
                    .finish(task, now, result.map(|path| format!("Saved to {path}")))
                    || !ok
                {
                    return Vec::new();
                }
                self.save_journal(completed)
            }
            TaskOutcome::SandboxKeyCreated(result) => {
                match result {
                    Ok(pair) => {
                        self.sandbox_note = Some(format!(
                            "The sandbox Hub created key {}. Press F2 to paste it and its secret.",
                            pair.0
                        ));
                        self.sandbox_key = Some(pair);
                    }
                    Err(error) => {
                        self.sandbox_note =
                            Some(format!("The sandbox could not create a key: {error}"))
                    }
                }
                Vec::new()
            }
            TaskOutcome::SandboxKeyDeleted(result) => {
                self.sandbox_note = Some(match result {
                    Ok(()) => {
                        "The sandbox Hub deleted the old key. Press Enter to confirm it is gone."
                            .to_owned()
                    }
                    Err(error) => format!("The sandbox could not delete the key: {error}"),
                });
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn live_failed(&self) -> bool {
        matches!(self.live.phase, LivePhase::Failed { .. })
    }

    /// A live test that has just failed (refused at send, or ended undelivered) is
    /// recorded in the journal: both keys stay live, and support can see what was
    /// tried. Only a new failure is recorded, never a late result twice.
    fn record_new_failure(&mut self, was_failed: bool) -> Vec<Command> {
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
        self.commit(Event::LiveTestFailed {
            fingerprint,
            reason,
        })
    }

    fn on_hub_check(
        &mut self,
        task: TaskId,
        result: Result<(), crate::clients::error::ClientError>,
        now: Instant,
    ) -> Vec<Command> {
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
                    self.commit(Event::NewKeyVerified { fingerprint })
                }
                Err(error) => {
                    let message = failure(&error);
                    // Only a refusal is worth waiting out: new keys take a moment.
                    let retry = matches!(error, crate::clients::error::ClientError::Auth { .. })
                        && self.verify.attempt < super::screens_state::VERIFY_BACKOFF_SECS.len();
                    self.verify.last_error = Some(message.clone());
                    if retry {
                        self.verify_attempt(now)
                    } else {
                        self.verify.activity.finish(task, now, Err(message));
                        Vec::new()
                    }
                }
            };
        }
        if self.deletion.activity.running_task() == Some(task) {
            let gone = rejected(&result);
            let started = self.deletion.started.unwrap_or(now);
            if gone || now.saturating_duration_since(started) >= DELETION_TIMEOUT {
                self.deletion.activity.finish(task, now, Ok(String::new()));
                return self.commit(Event::OldKeyDeleted {
                    confirmed_rejected: Some(gone),
                });
            }
            return self.poll_old_key(now, true);
        }
        Vec::new()
    }

    /// What a newly recorded phase starts with.
    fn entered(&mut self, phase: Phase, now: Instant) -> Vec<Command> {
        match phase {
            Phase::NewKeyCaptured => {
                self.verify = Default::default();
                self.verify_attempt(now)
            }
            Phase::NewKeyVerified => {
                self.spoke_updated = false;
                self.registration_updated = false;
                Vec::new()
            }
            Phase::Completed | Phase::Abandoned => self
                .rotation
                .as_ref()
                .map(|r| Command::UnlockRotation {
                    profile: r.profile.clone(),
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A resumed rotation holds its lock: start what its phase starts with.
    fn entered_resumed(&mut self, now: Instant) -> Vec<Command> {
        match self.rotation.as_ref().map(|r| r.phase) {
            Some(Phase::NewKeyCaptured) if self.new_credentials.is_some() => {
                self.verify = Default::default();
                self.verify_attempt(now)
            }
            _ => Vec::new(),
        }
    }
}
