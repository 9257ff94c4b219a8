//! Steps 8 and 9: the keys of the live test and of saving the profile, and the
//! profile that is saved (never a secret).

use std::time::Instant;

use super::live_test::LivePhase;
use super::SetupSms;
use crate::domain::profile::{rotation_due, validate_profile_name, Profile, SmsProfile};
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::key::Key;

impl SetupSms {
    pub(super) fn key_live(&mut self, key: Key, now: Instant) -> Vec<Command> {
        let Some(credentials) = self.credentials.clone() else {
            return Vec::new();
        };
        match (&self.live.phase, key) {
            (LivePhase::Editing, Key::Enter) => {
                let task = self.new_task();
                let hub_url = self.hub_url().to_owned();
                self.live.start(task, now, &hub_url, &credentials)
            }
            (LivePhase::Editing, Key::Ctrl('l')) => {
                let code = self.country_code();
                self.live.convert_number(&code);
                Vec::new()
            }
            (LivePhase::Editing, Key::Ctrl('r')) => {
                self.wait_for_reply = !self.wait_for_reply;
                Vec::new()
            }
            (LivePhase::Editing | LivePhase::Failed { .. }, Key::Ctrl('x')) => {
                self.live.phase = LivePhase::Skipped;
                Vec::new()
            }
            (LivePhase::Editing, other) => {
                self.live.number.handle_key(other);
                Vec::new()
            }
            (LivePhase::Failed { .. }, Key::Enter | Key::Char('r')) => {
                self.live.phase = LivePhase::Editing;
                Vec::new()
            }
            (LivePhase::Delivered { .. } | LivePhase::Skipped, Key::Enter) => {
                let cancelled = self.live.stop_waiting_for_reply();
                let mut commands: Vec<Command> =
                    cancelled.map(Command::CancelTask).into_iter().collect();
                commands.extend(self.advance(now));
                commands
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn key_save(&mut self, key: Key, now: Instant) -> Vec<Command> {
        if self.save.running_task().is_some() {
            return Vec::new();
        }
        if key != Key::Enter {
            self.profile_name.handle_key(key);
            return Vec::new();
        }
        let name = match validate_profile_name(self.profile_name.value()) {
            Ok(name) => name,
            Err(error) => {
                self.profile_name.error = Some(error.to_string());
                return Vec::new();
            }
        };
        let Some(profile) = self.profile_to_save() else {
            return Vec::new();
        };
        let task = self.new_task();
        self.save = Activity::Running { task, started: now };
        vec![Command::SaveProfile {
            task,
            name,
            profile: Box::new(profile),
        }]
    }

    /// The ServiceNow instance and user, when the optional check passed.
    fn checked_servicenow(&self) -> Option<(&str, &str)> {
        if !self.servicenow.activity.passed() {
            return None;
        }
        self.servicenow
            .accepted()
            .map(|(url, credentials)| (url, credentials.user.as_str()))
    }

    /// The profile step 10 writes: key id, fingerprint and dates, never a secret.
    pub fn profile_to_save(&self) -> Option<Profile> {
        let credentials = self.credentials.as_ref()?;
        Some(Profile {
            sms: Some(SmsProfile {
                vendor: self.vendor().id.clone(),
                hub_api_url: self.hub_url().to_owned(),
                api_key: credentials.key.as_str().to_owned(),
                token_fingerprint: credentials.token().fingerprint(),
                key_created: self.env.today,
                next_rotation_due: rotation_due(self.env.today),
                test_number: self
                    .live
                    .passed()
                    .then(|| self.live.number.value().to_owned()),
                servicenow_url: self.checked_servicenow().map(|(url, _)| url.to_owned()),
                servicenow_user: self.checked_servicenow().map(|(_, user)| user.to_owned()),
                rotations: Vec::new(),
            }),
            hopex: None,
        })
    }
}
