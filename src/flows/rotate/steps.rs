//! Flow C, steps 5 to 7 and the task results: the live test with the new key,
//! deleting the old key (and confirming the Hub rejects it), and the profile.

use std::time::Instant;

use chrono::Utc;

use super::screens_state::DELETION_POLL;
use super::Rotate;
use crate::domain::profile::{apply_completed_rotation, Profile};
use crate::domain::rotation::Event;
use crate::domain::token::HubCredentials;
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::key::Key;
use crate::flows::setup_sms::LivePhase;

impl Rotate {
    pub(super) fn key_live(&mut self, key: Key, now: Instant) -> Vec<Command> {
        let Some(credentials) = self.new_credentials.clone() else {
            return Vec::new();
        };
        let hub_url = self.hub_url().to_owned();
        match (&self.live.phase, key) {
            (LivePhase::Editing, Key::Enter) => {
                let task = self.new_task();
                self.live.start(task, now, &hub_url, &credentials)
            }
            (LivePhase::Editing, Key::Ctrl('r')) => {
                self.wait_for_reply = !self.wait_for_reply;
                Vec::new()
            }
            (LivePhase::Editing, other) => {
                self.live.number.handle_key(other);
                Vec::new()
            }
            // Delivered: record the pass (with the new key's fingerprint) now.
            (LivePhase::Delivered { message_id, .. }, Key::Enter) => {
                let message_id = message_id.clone();
                let mut commands: Vec<Command> = self
                    .live
                    .stop_waiting_for_reply()
                    .map(Command::CancelTask)
                    .into_iter()
                    .collect();
                commands.extend(self.commit(Event::LiveTestPassed {
                    fingerprint: credentials.token().fingerprint(),
                    message_id,
                }));
                commands
            }
            (LivePhase::Failed { .. }, Key::Char('r') | Key::Enter) => {
                self.live.phase = LivePhase::Editing;
                Vec::new()
            }
            (LivePhase::Failed { .. }, Key::Char('u')) => {
                // A fresh test after the redo: the profile's number, no old lines.
                let number = self
                    .profile
                    .as_ref()
                    .and_then(|p| p.sms.test_number.clone());
                self.live = crate::flows::setup_sms::LiveTest::new(number.as_deref());
                self.spoke_updated = false;
                self.registration_updated = false;
                self.commit(Event::RedoServicenowUpdate)
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn key_delete(&mut self, key: Key, now: Instant) -> Vec<Command> {
        match key {
            Key::F(4) if self.env.sandbox_url.is_some() => {
                let Some(old) = self.rotation.as_ref().map(|r| r.old.api_key.clone()) else {
                    return Vec::new();
                };
                let task = self.new_task();
                vec![Command::DeleteSandboxHubKey { task, api_key: old }]
            }
            Key::Enter if self.deletion.activity.running_task().is_none() => {
                if !self.accept_old_secret_again() {
                    return Vec::new();
                }
                match self.old_credentials() {
                    Some(_) => {
                        self.deletion.started = Some(now);
                        self.deletion.polls = 0;
                        self.poll_old_key(now, false)
                    }
                    None => self.commit(Event::OldKeyDeleted {
                        confirmed_rejected: None,
                    }),
                }
            }
            other if self.old_secret.is_none() => {
                self.old_secret_form.handle_key(other);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// After a crash the old secret (kept only in memory) is gone; the operator
    /// may paste it again on the deletion step. Checked against the old key's
    /// recorded fingerprint. Returns false when what was pasted is refused.
    fn accept_old_secret_again(&mut self) -> bool {
        if self.old_secret.is_some() || self.old_secret_form.text(0).trim().is_empty() {
            return true;
        }
        let Some(old) = self.rotation.as_ref().map(|r| r.old.clone()) else {
            return true;
        };
        let checked = crate::domain::paste::clean_api_secret(self.old_secret_form.text(0))
            .map_err(|e| e.to_string())
            .and_then(|secret| {
                let key = crate::domain::paste::clean_api_key(&old.api_key).map_err(|e| e.to_string())?;
                let credentials = HubCredentials { key, secret };
                if credentials.token().fingerprint() == old.fingerprint {
                    Ok(credentials.secret)
                } else {
                    Err(format!(
                        "That secret does not belong to the old key {} (fingerprint {}): paste its secret, or leave the field empty.",
                        old.api_key, old.fingerprint
                    ))
                }
            });
        match self.old_secret_form.check(0, checked) {
            Some(secret) => {
                self.old_secret = Some(secrecy::SecretString::from(secret.expose().to_owned()));
                self.old_secret_form.clear_text(0);
                true
            }
            None => false,
        }
    }

    /// A `:` never enters the new key's field: it cannot be part of a key, and a
    /// pasted `key:secret` would otherwise show the secret in this unmasked field.
    /// Returns true (and says why beside the field) when `text` is refused.
    pub(super) fn refuses_colon_in_key(&mut self, text: &str) -> bool {
        if self.new_key_form.focus != 0 || !text.contains(':') {
            return false;
        }
        self.new_key_form.fields[0].error =
            Some(crate::domain::paste::InputError::ColonInKey.to_string());
        true
    }

    fn old_credentials(&self) -> Option<HubCredentials> {
        let secret = self.old_secret.as_ref()?;
        let old = &self.rotation.as_ref()?.old;
        let key = crate::domain::paste::clean_api_key(&old.api_key).ok()?;
        let secret =
            crate::domain::paste::clean_api_secret(secrecy::ExposeSecret::expose_secret(secret))
                .ok()?;
        Some(HubCredentials { key, secret })
    }

    pub(super) fn poll_old_key(&mut self, now: Instant, later: bool) -> Vec<Command> {
        let Some(credentials) = self.old_credentials() else {
            return Vec::new();
        };
        let task = self.new_task();
        self.deletion.polls += 1;
        self.deletion.activity = Activity::Running { task, started: now };
        vec![Command::CheckHubCredentialsAfter {
            task,
            hub_url: self.hub_url().to_owned(),
            credentials,
            delay: if later {
                DELETION_POLL
            } else {
                std::time::Duration::ZERO
            },
        }]
    }

    /// Step 7: the profile gets the new key, then the journal says completed. If
    /// a crash came between the two, the profile already has the new key and only
    /// the journal is written.
    pub(super) fn save_profile(&mut self, now: Instant) -> Vec<Command> {
        let (Some(rotation), Some(chosen)) = (self.rotation.clone(), self.profile.clone()) else {
            return Vec::new();
        };
        let mut completed = rotation;
        if let Err(refusal) = completed.apply(Event::Completed, Utc::now()) {
            self.refusal = Some(refusal.to_string());
            return Vec::new();
        }
        let mut profile: Profile = chosen.profile.clone();
        let Some(sms) = profile.sms.as_mut() else {
            return Vec::new();
        };
        let already = completed
            .new
            .as_ref()
            .is_some_and(|new| new.api_key == sms.api_key);
        if !already {
            if let Err(refusal) = apply_completed_rotation(sms, &completed, self.env.today) {
                self.refusal = Some(refusal.to_string());
                return Vec::new();
            }
        }
        let task = self.new_task();
        self.save = Activity::Running { task, started: now };
        self.completed = Some(completed);
        vec![Command::SaveProfile {
            task,
            name: chosen.name.clone(),
            profile: Box::new(profile),
        }]
    }
}
