//! The rotation's keys, looked up in the screen's binding table. Every
//! transition goes through [`Rotate::commit`]: the domain applies it (or
//! refuses it), the journal records it, and only when the journal write returns
//! does the screen move on.

use std::time::Duration;

use secrecy::SecretString;

use super::action::RotateAction;
use super::screens_state::{DELETION_TIMEOUT, VERIFY_BACKOFF_SECS};
use super::{recorded_credentials, Rotate, RotateScreen};
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::rotation::{Credential, Event, KeyRef, Phase, Rotation};
use crate::domain::token::HubCredentials;
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::Steps;
use crate::flows::job::{HubCall, HubRequest, Job, SandboxCall};
use crate::flows::live_sms::LiveSms;
use crate::flows::now::Now;
use crate::flows::question::{Answer, Question};
use crate::flows::rotation_journal::{unlock, RotationJournal, RotationLockHold};

impl Rotate {
    /// Commands to run when the flow opens: a resumed rotation takes its lock.
    pub fn opening_commands(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match self.rotation.as_ref().map(|r| r.profile.clone()) {
            Some(profile) => self.request_lock(profile, cx),
            None => Vec::new(),
        }
    }

    /// Carries out one action of the screen's binding table.
    pub(super) fn perform_action(
        &mut self,
        action: RotateAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        let commands = match action {
            RotateAction::Answer(answer) => {
                self.question = None;
                if answer == Answer::No {
                    return (Vec::new(), FlowExit::Stay);
                }
                let mut commands = self.cancel_running(cx.now);
                if self.can_restore() {
                    // Put the old key back in ServiceNow first (after a preview).
                    self.open_restore();
                    return (commands, FlowExit::Stay);
                }
                // Nothing more is written for a rotation being abandoned.
                self.writer = None;
                commands.extend(self.commit(Event::Abandon, cx));
                commands
            }
            RotateAction::Leave => {
                let cancelled = self.cancel_running(cx.now);
                if !cancelled.is_empty() {
                    return (cancelled, FlowExit::Stay);
                }
                return (self.leave(), FlowExit::Leave);
            }
            RotateAction::Home => return (self.leave(), FlowExit::Leave),
            RotateAction::Abandon => {
                self.question = Some(Question::AbandonRotation);
                Vec::new()
            }
            RotateAction::ProfileUp => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            RotateAction::ProfileDown => {
                self.selected = (self.selected + 1).min(self.profiles.len().saturating_sub(1));
                Vec::new()
            }
            RotateAction::Start => self.start(cx),
            RotateAction::RetryLock => {
                let profile = match (&self.rotation, &self.profile) {
                    (Some(rotation), _) => Some(rotation.profile.clone()),
                    (None, Some(chosen)) => Some(chosen.name.clone()),
                    (None, None) => None,
                };
                match profile {
                    Some(profile) => {
                        self.lock_held_elsewhere = false;
                        self.request_lock(profile, cx)
                    }
                    None => Vec::new(),
                }
            }
            RotateAction::Form(action) => {
                self.apply_form(action);
                Vec::new()
            }
            RotateAction::CheckSecret => self.check_reentered_secret(cx),
            RotateAction::CaptureNewKey => self.capture_new_key(cx),
            RotateAction::SandboxKey => {
                vec![cx.start(Job::Sandbox(SandboxCall::CreateHubKey)).1]
            }
            RotateAction::PasteOldSecret => {
                self.paste_sandbox_old_secret();
                Vec::new()
            }
            RotateAction::PasteSandboxKey => {
                if let Some(pair) = &self.sandbox_key {
                    pair.paste_into(&mut self.new_key_form, 0, 1);
                }
                Vec::new()
            }
            RotateAction::VerifyAgain => {
                self.verify.attempt = 0;
                self.verify_attempt(cx)
            }
            RotateAction::CopyToken => {
                self.copy_new(|c| c.token().expose().to_owned(), "new token", cx)
            }
            RotateAction::CopyKey => {
                self.copy_new(|c| c.key.as_str().to_owned(), "new API key", cx)
            }
            RotateAction::CopySecret => {
                self.copy_new(|c| c.secret.expose().to_owned(), "new API secret", cx)
            }
            RotateAction::ToggleSpoke => {
                self.spoke_updated = !self.spoke_updated;
                Vec::new()
            }
            RotateAction::ToggleRegistration => {
                self.registration_updated = !self.registration_updated;
                Vec::new()
            }
            RotateAction::ServiceNowUpdated => self.commit(
                Event::ServicenowUpdated {
                    spoke_token: self.spoke_updated,
                    environment_registration: self.registration_updated,
                },
                cx,
            ),
            RotateAction::Send => match self.new_key_target() {
                Some(target) => self.live.start(&target, cx),
                None => Vec::new(),
            },
            RotateAction::ToggleReplyWait => {
                self.wait_for_reply = !self.wait_for_reply;
                Vec::new()
            }
            RotateAction::RecordPass => self.record_pass(cx),
            RotateAction::RedoServiceNow => {
                // A fresh test after the redo: the profile's number, no old lines.
                let number = self
                    .profile
                    .as_ref()
                    .and_then(|p| p.sms.test_number.clone());
                self.live = LiveSms::new(number.as_deref());
                self.spoke_updated = false;
                self.registration_updated = false;
                self.commit(Event::RedoServicenowUpdate, cx)
            }
            RotateAction::OldKeyDeleted => self.old_key_deleted(cx),
            RotateAction::SandboxDeleteOldKey => match self.rotation.as_ref() {
                Some(rotation) => {
                    let api_key = rotation.old.api_key.clone();
                    vec![
                        cx.start(Job::Sandbox(SandboxCall::DeleteHubKey { api_key }))
                            .1,
                    ]
                }
                None => Vec::new(),
            },
            RotateAction::CheckOldKeyAgain => self.check_old_key_again(Duration::ZERO, cx),
            RotateAction::WaitLonger => self.check_old_key_again(DELETION_TIMEOUT, cx),
            RotateAction::FinishAnyway => self.finish_anyway(cx),
            RotateAction::SaveProfile => self.save_profile(cx),
            RotateAction::OpenWriter => {
                self.open_writer();
                Vec::new()
            }
            RotateAction::Writer(action) => self.writer_action(action, cx),
            RotateAction::Proof(action) => self.proof_action(action, cx),
            RotateAction::RecordProof => self.record_proof(cx),
        };
        (commands, FlowExit::Stay)
    }

    /// Applies `event` to a copy of the rotation and asks the runtime to record it;
    /// the copy becomes the rotation only once the journal write returns.
    pub(super) fn commit(&mut self, event: Event, cx: &mut Context<'_>) -> Vec<Command> {
        self.journal().commit(event, cx)
    }

    pub(super) fn save_journal(
        &mut self,
        rotation: Rotation,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        self.journal().save(rotation, cx)
    }

    pub(super) fn request_lock(&mut self, profile: String, cx: &mut Context<'_>) -> Vec<Command> {
        RotationLockHold {
            lock: &mut self.lock,
            held_elsewhere: &mut self.lock_held_elsewhere,
        }
        .request(profile, Credential::HubKey, cx)
    }

    /// The rotation and its journal write, as the shared journal code sees them.
    pub(super) fn journal(&mut self) -> RotationJournal<'_> {
        RotationJournal {
            rotation: &mut self.rotation,
            pending: &mut self.pending,
            refusal: &mut self.refusal,
        }
    }

    /// True while abandoning is still possible: before the delete step. Once the
    /// operator has been asked to delete the old key it may be gone, and
    /// abandoning's instructions ("keep the old key: it stays live") would be false.
    pub fn can_abandon(&self) -> bool {
        self.rotation
            .as_ref()
            .is_some_and(|r| r.phase < Phase::LiveTestPassed)
    }

    fn leave(&mut self) -> Vec<Command> {
        let mut commands: Vec<Command> = self.clipboard.on_leave().into_iter().collect();
        if let (Activity::Passed { .. }, Some(rotation)) = (&self.lock, &self.rotation) {
            commands.push(unlock(rotation));
        }
        commands
    }

    fn cancel_running(&mut self, now: Now) -> Vec<Command> {
        let mut commands = Vec::new();
        let stopped = "You stopped the check before the Hub answered.";
        commands.extend(
            self.verify
                .activity
                .stop(now.instant, stopped)
                .map(Command::Cancel),
        );
        if let Activity::Running { task, .. } = self.deletion.activity {
            self.deletion = Default::default();
            commands.push(Command::Cancel(task));
        }
        commands.extend(self.live.cancel().map(Command::Cancel));
        commands
    }

    /// Starts a rotation of the selected profile: checks the optional old secret
    /// against the saved fingerprint, then takes the lock (the journal's first
    /// entry is written once the lock is held).
    fn start(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(chosen) = self.profiles.get(self.selected).cloned() else {
            return Vec::new();
        };
        // A journal nowkey cannot read is never started over: the screen says
        // why and what to do, and nothing is locked or written.
        if self.unreadable_error(&chosen.name).is_some() {
            self.profile = Some(chosen);
            return Vec::new();
        }
        // Never start over a rotation in progress: resume it.
        if let Some(existing) = self.in_progress.iter().find(|r| r.profile == chosen.name) {
            self.live = LiveSms::new(chosen.sms.test_number.as_deref());
            let existing = existing.clone();
            self.prepare_reentry(&existing);
            self.rotation = Some(existing);
            let name = chosen.name.clone();
            self.profile = Some(chosen);
            return self.request_lock(name, cx);
        }
        if !self.old_secret_form.text(0).trim().is_empty() {
            let current = KeyRef {
                api_key: chosen.sms.api_key.clone(),
                fingerprint: chosen.sms.token_fingerprint.clone(),
                expires: None,
            };
            let checked = recorded_credentials(&mut self.old_secret_form, 0, &current, || {
                format!(
                    "That secret does not belong to key {} (its fingerprint differs from the saved {}): paste the current key's secret, or leave the field empty.",
                    current.api_key, current.fingerprint
                )
            });
            match checked {
                Some(credentials) => {
                    self.old_secret =
                        Some(SecretString::from(credentials.secret.expose().to_owned()));
                    self.old_secret_form.clear_text(0);
                }
                None => return Vec::new(),
            }
        }
        self.live = LiveSms::new(chosen.sms.test_number.as_deref());
        let name = chosen.name.clone();
        self.profile = Some(chosen);
        self.request_lock(name, cx)
    }

    /// After a crash the new secret is gone: the pasted one is taken only when it
    /// makes the token the journal recorded.
    fn check_reentered_secret(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(recorded) = self.rotation.as_ref().and_then(|r| r.new.clone()) else {
            return Vec::new();
        };
        let abandon = self
            .step_bindings()
            .key_for(&RotateAction::Abandon)
            .map(|key| format!(" If its secret is lost, press {key} to abandon and delete that key in the Hub."))
            .unwrap_or_default();
        let checked = recorded_credentials(&mut self.new_key_form, 1, &recorded, || {
            format!(
                "That secret does not match new key {} (fingerprint {}).{abandon}",
                recorded.api_key, recorded.fingerprint
            )
        });
        let Some(credentials) = checked else {
            return Vec::new();
        };
        self.new_key_form.clear_text(1);
        self.new_credentials = Some(credentials);
        if self.screen() == RotateScreen::VerifyNewKey {
            self.verify = Default::default();
            return self.verify_attempt(cx);
        }
        Vec::new()
    }

    fn capture_new_key(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let key = clean_api_key(self.new_key_form.text(0));
        let secret = clean_api_secret(self.new_key_form.text(1));
        let key = self.new_key_form.check(0, key);
        let secret = self.new_key_form.check(1, secret);
        let (Some(key), Some(secret)) = (key, secret) else {
            self.new_key_form.focus_first_error();
            return Vec::new();
        };
        let credentials = HubCredentials { key, secret };
        let key_ref = KeyRef {
            api_key: credentials.key.as_str().to_owned(),
            fingerprint: credentials.token().fingerprint(),
            expires: None,
        };
        self.new_credentials = Some(credentials);
        self.commit(Event::NewKeyCaptured { key: key_ref }, cx)
    }

    /// One attempt to verify the new key, after the backoff for this attempt.
    pub(super) fn verify_attempt(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(target) = self.new_key_target() else {
            return Vec::new();
        };
        let Some(delay) = VERIFY_BACKOFF_SECS.get(self.verify.attempt).copied() else {
            return Vec::new();
        };
        self.verify.attempt += 1;
        let call = HubCall {
            target,
            after: Duration::from_secs(delay),
            request: HubRequest::CheckCredentials,
        };
        vec![self.verify.activity.start(Job::Hub(call), cx)]
    }

    fn copy_new(
        &mut self,
        text: fn(&HubCredentials) -> String,
        label: &'static str,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let Some(credentials) = &self.new_credentials else {
            return Vec::new();
        };
        let secret = SecretString::from(text(credentials));
        let origin = self.screen() as u32;
        vec![self.clipboard.copy(secret, label, origin, cx)]
    }
}
