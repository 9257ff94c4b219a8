//! `Rotate::update`. Every transition goes through [`Rotate::commit`]: the domain
//! applies it (or refuses it), the journal records it, and only when the journal
//! write returns does the screen move on.

use std::time::{Duration, Instant};

use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};

use super::screens_state::VERIFY_BACKOFF_SECS;
use super::{Rotate, RotateScreen};
use crate::clients::error::{ClientError, Service};
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::rotation::{Event, KeyRef, Phase, Rotation};

use crate::domain::token::HubCredentials;
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::key::Key;
use crate::flows::msg::Msg;
use crate::flows::setup_sms::{FlowExit, LivePhase};

impl Rotate {
    /// Commands to run when the flow opens: a resumed rotation takes its lock.
    pub fn opening_commands(&mut self) -> Vec<Command> {
        match self.rotation.as_ref().map(|r| r.profile.clone()) {
            Some(profile) => self.request_lock(profile),
            None => Vec::new(),
        }
    }

    /// Applies one message; returns the commands to run and whether to leave.
    pub fn update(&mut self, msg: Msg, now: Instant) -> (Vec<Command>, FlowExit) {
        match msg {
            Msg::Key(key) => self.on_key(key, now),
            Msg::Paste(text) => {
                match self.screen() {
                    RotateScreen::ChooseProfile => self.old_secret_form.paste(&text),
                    // A refused paste (a ':' in the key) falls through to nothing.
                    RotateScreen::CreateNewKey | RotateScreen::ReenterSecret
                        if !self.refuses_colon_in_key(&text) =>
                    {
                        self.new_key_form.paste(&text)
                    }
                    RotateScreen::LiveTest if self.live.phase == LivePhase::Editing => {
                        self.live.number.insert_str(&text)
                    }
                    RotateScreen::DeleteOldKey if self.old_secret.is_none() => {
                        self.old_secret_form.paste(&text)
                    }
                    _ => {}
                }
                (Vec::new(), FlowExit::Stay)
            }
            Msg::Tick => (Vec::new(), FlowExit::Stay),
            Msg::ClipboardClearDue(generation) => {
                (self.clipboard.on_clear_due(generation), FlowExit::Stay)
            }
            Msg::Task(task, outcome) => (self.on_task(task, outcome, now), FlowExit::Stay),
        }
    }

    /// Applies `event` to a copy of the rotation and asks the runtime to record it;
    /// the copy becomes the rotation only once the journal write returns.
    pub(super) fn commit(&mut self, event: Event) -> Vec<Command> {
        let Some(mut next) = self.rotation.clone() else {
            return Vec::new();
        };
        if let Err(refusal) = next.apply(event, Utc::now()) {
            self.refusal = Some(refusal.to_string());
            return Vec::new();
        }
        self.save_journal(next)
    }

    pub(super) fn save_journal(&mut self, rotation: Rotation) -> Vec<Command> {
        self.refusal = None;
        let task = self.new_task();
        self.pending = Some((task, rotation.clone()));
        vec![Command::SaveJournal {
            task,
            rotation: Box::new(rotation),
        }]
    }

    pub(super) fn request_lock(&mut self, profile: String) -> Vec<Command> {
        let task = self.new_task();
        self.lock = Activity::Running {
            task,
            started: Instant::now(),
        };
        vec![Command::LockRotation { task, profile }]
    }

    fn on_key(&mut self, key: Key, now: Instant) -> (Vec<Command>, FlowExit) {
        if self.confirm_abandon {
            return match key.confirm_answer() {
                Some(true) => {
                    self.confirm_abandon = false;
                    let mut commands = self.cancel_running(now);
                    commands.extend(self.commit(Event::Abandon));
                    (commands, FlowExit::Stay)
                }
                Some(false) => {
                    self.confirm_abandon = false;
                    (Vec::new(), FlowExit::Stay)
                }
                None => (Vec::new(), FlowExit::Stay),
            };
        }
        if self.pending.is_some() {
            return (Vec::new(), FlowExit::Stay); // recording a step: wait for the journal
        }
        if key == Key::Esc {
            let cancelled = self.cancel_running(now);
            if !cancelled.is_empty() {
                return (cancelled, FlowExit::Stay);
            }
            return (self.leave(), FlowExit::Home);
        }
        let screen = self.screen();
        if key == Key::F(8) && self.can_abandon() {
            self.confirm_abandon = true;
            return (Vec::new(), FlowExit::Stay);
        }
        let commands = match screen {
            RotateScreen::NoProfiles | RotateScreen::Busy => {
                return match key {
                    Key::Enter => (self.leave(), FlowExit::Home),
                    _ => (Vec::new(), FlowExit::Stay),
                }
            }
            RotateScreen::Done | RotateScreen::Abandoned => {
                return match key {
                    Key::Enter => (self.leave(), FlowExit::Home),
                    _ => (Vec::new(), FlowExit::Stay),
                }
            }
            RotateScreen::ChooseProfile => self.key_choose(key),
            RotateScreen::ReenterSecret | RotateScreen::CreateNewKey
                if key == Key::Char(':') && self.refuses_colon_in_key(":") =>
            {
                Vec::new()
            }
            RotateScreen::ReenterSecret => self.key_reenter(key, now),
            RotateScreen::CreateNewKey => self.key_new_key(key),
            RotateScreen::VerifyNewKey => match key {
                Key::Enter | Key::Char('r') if self.verify.activity.running_task().is_none() => {
                    self.verify.attempt = 0;
                    self.verify_attempt(now)
                }
                _ => Vec::new(),
            },
            RotateScreen::UpdateServiceNow => self.key_servicenow(key, now),
            RotateScreen::LiveTest => self.key_live(key, now),
            RotateScreen::DeleteOldKey => self.key_delete(key, now),
            RotateScreen::Complete => match key {
                Key::Enter if self.save.running_task().is_none() => self.save_profile(now),
                _ => Vec::new(),
            },
        };
        (commands, FlowExit::Stay)
    }

    /// True while abandoning is still possible (before the old key is deleted).
    pub fn can_abandon(&self) -> bool {
        self.rotation
            .as_ref()
            .is_some_and(|r| r.phase < Phase::OldKeyDeleted)
    }

    fn leave(&mut self) -> Vec<Command> {
        let mut commands: Vec<Command> = self.clipboard.on_leave().into_iter().collect();
        if let (Activity::Passed { .. }, Some(rotation)) = (&self.lock, &self.rotation) {
            commands.push(Command::UnlockRotation {
                profile: rotation.profile.clone(),
            });
        }
        commands
    }

    fn cancel_running(&mut self, now: Instant) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Activity::Running { task, started } = self.verify.activity {
            self.verify.activity = Activity::Failed {
                message: "You stopped the check. Press r to try again.".to_owned(),
                elapsed: now.saturating_duration_since(started),
            };
            commands.push(Command::CancelTask(task));
        }
        if let Activity::Running { task, .. } = self.deletion.activity {
            self.deletion = Default::default();
            commands.push(Command::CancelTask(task));
        }
        commands.extend(self.live.cancel().map(Command::CancelTask));
        commands
    }

    fn key_choose(&mut self, key: Key) -> Vec<Command> {
        match key {
            Key::Up => self.selected = self.selected.saturating_sub(1),
            Key::Down => {
                self.selected = (self.selected + 1).min(self.profiles.len().saturating_sub(1))
            }
            Key::Enter => return self.start(),
            other => {
                self.old_secret_form.handle_key(other);
            }
        }
        Vec::new()
    }

    /// Starts a rotation of the selected profile: checks the optional old secret
    /// against the saved fingerprint, then takes the lock (the journal's first
    /// entry is written once the lock is held).
    fn start(&mut self) -> Vec<Command> {
        let Some(chosen) = self.profiles.get(self.selected).cloned() else {
            return Vec::new();
        };
        // Never start over a rotation in progress: resume it.
        if let Some(existing) = self.in_progress.iter().find(|r| r.profile == chosen.name) {
            self.live = crate::flows::setup_sms::LiveTest::new(chosen.sms.test_number.as_deref());
            let existing = existing.clone();
            self.prepare_reentry(&existing);
            self.rotation = Some(existing);
            let name = chosen.name.clone();
            self.profile = Some(chosen);
            return self.request_lock(name);
        }
        let raw = self.old_secret_form.text(0).to_owned();
        if !raw.trim().is_empty() {
            let checked = clean_api_secret(&raw)
                .map_err(|e| e.to_string())
                .and_then(|secret| {
                    let key = clean_api_key(&chosen.sms.api_key).map_err(|e| e.to_string())?;
                    let credentials = HubCredentials { key, secret };
                    if credentials.token().fingerprint() == chosen.sms.token_fingerprint {
                        Ok(credentials.secret)
                    } else {
                        Err(format!(
                            "That secret does not belong to key {} (its fingerprint differs from the saved {}): paste the current key's secret, or leave the field empty.",
                            chosen.sms.api_key, chosen.sms.token_fingerprint
                        ))
                    }
                });
            match self.old_secret_form.check(0, checked) {
                Some(secret) => {
                    self.old_secret = Some(SecretString::from(secret.expose().to_owned()));
                    self.old_secret_form.clear_text(0);
                }
                None => return Vec::new(),
            }
        }
        self.live = crate::flows::setup_sms::LiveTest::new(chosen.sms.test_number.as_deref());
        let name = chosen.name.clone();
        self.profile = Some(chosen);
        self.request_lock(name)
    }

    fn key_reenter(&mut self, key: Key, now: Instant) -> Vec<Command> {
        if key != Key::Enter {
            self.new_key_form.handle_key(key);
            return Vec::new();
        }
        let Some(recorded) = self.rotation.as_ref().and_then(|r| r.new.clone()) else {
            return Vec::new();
        };
        let checked = clean_api_secret(self.new_key_form.text(1))
            .map_err(|e| e.to_string())
            .and_then(|secret| {
                let key = clean_api_key(&recorded.api_key).map_err(|e| e.to_string())?;
                let credentials = HubCredentials { key, secret };
                if credentials.token().fingerprint() == recorded.fingerprint {
                    Ok(credentials)
                } else {
                    Err(format!(
                        "That secret does not match new key {} (fingerprint {}). If its secret is lost, press F8 to abandon and delete that key in the Hub.",
                        recorded.api_key, recorded.fingerprint
                    ))
                }
            });
        if let Some(credentials) = self.new_key_form.check(1, checked) {
            self.new_key_form.clear_text(1);
            self.new_credentials = Some(credentials);
            if self.screen() == RotateScreen::VerifyNewKey {
                self.verify = Default::default();
                return self.verify_attempt(now);
            }
        }
        Vec::new()
    }

    fn key_new_key(&mut self, key: Key) -> Vec<Command> {
        match key {
            Key::F(3) if self.env.sandbox_url.is_some() => {
                let task = self.new_task();
                return vec![Command::CreateSandboxKey { task }];
            }
            Key::F(2) => {
                if let Some((key, secret)) = self.sandbox_key.clone() {
                    self.new_key_form.set_text(0, &key);
                    self.new_key_form.set_text(1, secret.expose_secret());
                }
            }
            Key::Enter => return self.capture_new_key(),
            other => {
                self.new_key_form.handle_key(other);
            }
        }
        Vec::new()
    }

    fn capture_new_key(&mut self) -> Vec<Command> {
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
        };
        self.new_credentials = Some(credentials);
        self.commit(Event::NewKeyCaptured { key: key_ref })
    }

    /// One attempt to verify the new key, after the backoff for this attempt.
    pub(super) fn verify_attempt(&mut self, now: Instant) -> Vec<Command> {
        let Some(credentials) = self.new_credentials.clone() else {
            return Vec::new();
        };
        let Some(delay) = VERIFY_BACKOFF_SECS.get(self.verify.attempt).copied() else {
            return Vec::new();
        };
        let task = self.new_task();
        self.verify.attempt += 1;
        self.verify.activity = Activity::Running { task, started: now };
        vec![Command::CheckHubCredentialsAfter {
            task,
            hub_url: self.hub_url().to_owned(),
            credentials,
            delay: Duration::from_secs(delay),
        }]
    }

    fn key_servicenow(&mut self, key: Key, _now: Instant) -> Vec<Command> {
        let Some(credentials) = self.new_credentials.clone() else {
            return Vec::new();
        };
        let copy = |flow: &mut Self, secret: SecretString, label| {
            let task = flow.new_task();
            vec![flow.clipboard.copy(task, secret, label)]
        };
        match key {
            Key::Char('c') => copy(
                self,
                SecretString::from(credentials.token().expose().to_owned()),
                "new token",
            ),
            Key::Char('k') => copy(
                self,
                SecretString::from(credentials.key.as_str().to_owned()),
                "new API key",
            ),
            Key::Char('s') => copy(
                self,
                SecretString::from(credentials.secret.expose().to_owned()),
                "new API secret",
            ),
            Key::Char('1') => {
                self.spoke_updated = !self.spoke_updated;
                Vec::new()
            }
            Key::Char('2') => {
                self.registration_updated = !self.registration_updated;
                Vec::new()
            }
            Key::Enter => self.commit(Event::ServicenowUpdated {
                spoke_token: self.spoke_updated,
                environment_registration: self.registration_updated,
            }),
            _ => Vec::new(),
        }
    }
}

/// The outcome of one Hub check as the rotation sees it.
pub(super) fn rejected(result: &Result<(), ClientError>) -> bool {
    matches!(result, Err(ClientError::Auth { .. }))
}

/// The message for a failed attempt.
pub(super) fn failure(error: &ClientError) -> String {
    error.user_message(Service::Hub)
}
