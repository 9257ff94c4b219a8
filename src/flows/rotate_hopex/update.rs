//! The HOPEX key rotation's keys, looked up in the screen's binding table.
//! Every transition goes through the shared journal code: the domain applies
//! it (or refuses it), the journal records it, and only when the journal write
//! returns does the screen move on.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::bindings::HopexRotateAction;
use super::{HopexRotateScreen, RotateHopex, NAME_FIELD};
use crate::domain::hopex::rules::{parse_expiry, validate_expiry, validate_key_name};
use crate::domain::paste::clean_credential;
use crate::domain::rotation::{Credential, Event, KeyRef, Phase};
use crate::domain::token::Fingerprint;
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::form::Form;
use crate::flows::job::{HopexCall, Job, SandboxCall};
use crate::flows::question::{Answer, Question};
use crate::flows::rotate::VERIFY_BACKOFF_SECS;
use crate::flows::rotation_journal::unlock;

impl RotateHopex {
    /// Commands to run when the flow opens: a resumed rotation takes its lock.
    pub fn opening_commands(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match self.rotation.as_ref().map(|r| r.profile.clone()) {
            Some(profile) => self.lock_hold().request(profile, Credential::HopexKey, cx),
            None => Vec::new(),
        }
    }

    /// Carries out one action of the screen's binding table.
    pub(super) fn perform_action(
        &mut self,
        action: HopexRotateAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        use HopexRotateAction as A;
        let commands = match action {
            A::Answer(answer) => {
                self.question = None;
                if answer == Answer::No {
                    return (Vec::new(), FlowExit::Stay);
                }
                let mut commands = self.cancel_running(cx);
                commands.extend(self.journal().commit(Event::Abandon, cx));
                commands
            }
            A::Leave => {
                let cancelled = self.cancel_running(cx);
                if !cancelled.is_empty() {
                    return (cancelled, FlowExit::Stay);
                }
                return (self.leave(), FlowExit::Leave);
            }
            A::Home => return (self.leave(), FlowExit::Leave),
            A::Abandon => {
                self.question = Some(Question::AbandonRotation);
                Vec::new()
            }
            A::ProfileUp => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            A::ProfileDown => {
                self.selected = (self.selected + 1).min(self.profiles.len().saturating_sub(1));
                Vec::new()
            }
            A::Start => self.start(cx),
            A::RetryLock => {
                let profile = match (&self.rotation, &self.profile) {
                    (Some(rotation), _) => Some(rotation.profile.clone()),
                    (None, Some(chosen)) => Some(chosen.name.clone()),
                    (None, None) => None,
                };
                match profile {
                    Some(profile) => self.lock_hold().request(profile, Credential::HopexKey, cx),
                    None => Vec::new(),
                }
            }
            A::Form(action) => {
                if let Some(form) = self.focused_form_mut() {
                    form.apply(action);
                }
                Vec::new()
            }
            A::CheckKey => self.check_reentered_key(cx),
            A::CaptureNewKey => self.capture_new_key(cx),
            A::SandboxNewKey => self.sandbox_new_key(cx),
            A::VerifyAgain => {
                self.verify = Default::default();
                self.verify_attempt(cx)
            }
            A::ReplaceKey => {
                // The name and expiry typed stay (edit them if the new key
                // differs); only the refused key goes.
                self.replacing = true;
                self.new_key = None;
                let key_field = self.key_field();
                self.new_key_form.clear_text(key_field);
                self.new_key_form.focus = NAME_FIELD;
                Vec::new()
            }
            A::CopyKey => match self.new_key.clone() {
                Some(key) => {
                    let origin = self.screen() as u32;
                    vec![self.clipboard.copy(key, "new HOPEX API key", origin, cx)]
                }
                None => Vec::new(),
            },
            A::ToggleSettings => {
                self.settings_saved = !self.settings_saved;
                Vec::new()
            }
            A::SettingsUpdated => {
                if !self.settings_saved {
                    self.refusal = Some(
                        "Tick (1) once the module settings hold the new key and are saved, then press Enter."
                            .to_owned(),
                    );
                    return (Vec::new(), FlowExit::Stay);
                }
                self.journal().commit(Event::ModuleSettingsUpdated, cx)
            }
            A::TestPassed | A::TestFailed => match self.recorded_new_fingerprint() {
                Some(fingerprint) => self.journal().commit(
                    Event::ModuleTestConfirmed {
                        fingerprint,
                        passed: action == A::TestPassed,
                    },
                    cx,
                ),
                None => Vec::new(),
            },
            A::RedoSettings => {
                self.settings_saved = false;
                self.journal().commit(Event::RedoServicenowUpdate, cx)
            }
            A::OldKeyRevoked => self.old_key_revoked(cx),
            A::SandboxRevokeOldKey => match self.old_key.clone() {
                Some(api_key) => {
                    vec![
                        cx.start(Job::Sandbox(SandboxCall::RevokeHopexKey { api_key }))
                            .1,
                    ]
                }
                None => Vec::new(),
            },
            A::CheckOldKeyAgain => self.ask_about_old_key(Duration::ZERO, cx),
            A::WaitLonger => self.ask_about_old_key(crate::flows::rotate::DELETION_TIMEOUT, cx),
            A::FinishAnyway => self.finish_anyway(cx),
            A::SaveProfile => self.save_profile(cx),
        };
        (commands, FlowExit::Stay)
    }

    /// True while abandoning is still possible: before the revocation step.
    pub fn can_abandon(&self) -> bool {
        self.rotation
            .as_ref()
            .is_some_and(|r| r.phase < Phase::LiveTestPassed)
    }

    /// The form that takes typing on this screen, if any.
    pub(super) fn focused_form(&self) -> Option<&Form> {
        if self.pending.is_some() || self.request_running() {
            return None;
        }
        match self.screen() {
            HopexRotateScreen::ChooseProfile | HopexRotateScreen::StartNamed => {
                Some(&self.old_key_form)
            }
            HopexRotateScreen::CreateNewKey | HopexRotateScreen::ReenterKey => {
                Some(&self.new_key_form)
            }
            HopexRotateScreen::RevokeOldKey if self.old_key.is_none() => Some(&self.old_key_form),
            _ => None,
        }
    }

    pub(super) fn focused_form_mut(&mut self) -> Option<&mut Form> {
        self.focused_form()?;
        match self.screen() {
            HopexRotateScreen::CreateNewKey | HopexRotateScreen::ReenterKey => {
                Some(&mut self.new_key_form)
            }
            _ => Some(&mut self.old_key_form),
        }
    }

    /// The new key's fingerprint as the journal recorded it.
    fn recorded_new_fingerprint(&self) -> Option<Fingerprint> {
        Some(self.rotation.as_ref()?.new.as_ref()?.fingerprint.clone())
    }

    fn leave(&mut self) -> Vec<Command> {
        let mut commands: Vec<Command> = self.clipboard.on_leave().into_iter().collect();
        if let (Activity::Passed { .. }, Some(rotation)) = (&self.lock, &self.rotation) {
            commands.push(unlock(rotation));
        }
        commands
    }

    fn cancel_running(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let stopped = "You stopped the check before HOPEX answered.";
        commands.extend(
            self.verify
                .activity
                .stop(cx.now.instant, stopped)
                .map(Command::Cancel),
        );
        if let Activity::Running { task, .. } = self.deletion.activity {
            self.deletion = Default::default();
            commands.push(Command::Cancel(task));
        }
        commands
    }

    /// Starts a rotation of the selected profile: checks the optional old key
    /// against the saved fingerprint, then takes the lock (the journal's first
    /// entry is written once the lock is held).
    fn start(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(chosen) = self.profiles.get(self.selected).cloned() else {
            return Vec::new();
        };
        let name = chosen.name.clone();
        if self
            .unreadable_journals
            .iter()
            .any(|u| u.profile == chosen.name)
        {
            self.profile = Some(chosen);
            return Vec::new();
        }
        if let Some(existing) = self.in_progress.iter().find(|r| r.profile == name).cloned() {
            self.profile = Some(chosen);
            self.prepare_reentry(&existing);
            self.rotation = Some(existing);
            return self.lock_hold().request(name, Credential::HopexKey, cx);
        }
        let Some(current) = chosen.current_key() else {
            self.refusal = Some(format!(
                "Profile '{name}' holds no HOPEX API key to rotate (SaaS, where HOPEX manages the key, or no key fingerprint saved)."
            ));
            return Vec::new();
        };
        if !self.accept_old_key(&current) {
            return Vec::new();
        }
        self.profile = Some(chosen);
        self.suggest_new_name(cx.now.today());
        self.lock_hold().request(name, Credential::HopexKey, cx)
    }

    /// The old key typed in the old key form, taken only when its fingerprint
    /// is the recorded one. Returns false when what was typed is refused.
    pub(super) fn accept_old_key(&mut self, old: &KeyRef) -> bool {
        if self.old_key.is_some() || self.old_key_form.text(0).trim().is_empty() {
            return true;
        }
        let cleaned = owned_key(self.old_key_form.text(0));
        let checked = cleaned.and_then(|key| {
            if Fingerprint::of_secret(&key) == old.fingerprint {
                Ok(key)
            } else {
                Err(format!(
                    "That is not the key named {} (its fingerprint differs from the saved {}): paste the current key, or leave the field empty.",
                    old.api_key, old.fingerprint
                ))
            }
        });
        match self.old_key_form.check(0, checked) {
            Some(key) => {
                self.old_key = Some(SecretString::from(key));
                self.old_key_form.clear_text(0);
                true
            }
            None => false,
        }
    }

    /// Reads the new key's form: its name (HOPEX's rules, and not the old
    /// key's), its optional expiry (a date after today) and the key itself.
    fn capture_new_key(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let (expires_field, key_field) = (self.expires_field(), self.key_field());
        let form = &mut self.new_key_form;
        let name = form.check(NAME_FIELD, validate_key_name(form.text(NAME_FIELD)));
        let expires = match expires_field {
            Some(index) if !form.text(index).trim().is_empty() => {
                let typed = form.text(index).to_owned();
                form.check(index, validate_expiry(&typed, cx.now.today()))
            }
            _ => Some(None),
        };
        let key = form.check(key_field, owned_key(form.text(key_field)));
        let (Some(name), Some(expires), Some(key)) = (name, expires, key) else {
            form.focus_first_error();
            return Vec::new();
        };
        let key_ref = KeyRef {
            api_key: name,
            fingerprint: Fingerprint::of_secret(&key),
            expires,
        };
        let commands = self
            .journal()
            .commit(Event::NewKeyCaptured { key: key_ref }, cx);
        if commands.is_empty() {
            // Refused (the old key again): the field keeps what was pasted, to
            // correct, and nothing is held as the new key.
            return commands;
        }
        self.new_key_form.clear_text(key_field);
        self.new_key = Some(SecretString::from(key));
        self.context_problem = None;
        self.replacing = false;
        commands
    }

    /// After a crash the new key is gone: the pasted one is taken only when its
    /// fingerprint is the journal's.
    fn check_reentered_key(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(recorded) = self.rotation.as_ref().and_then(|r| r.new.clone()) else {
            return Vec::new();
        };
        let key_field = self.key_field();
        let form = &mut self.new_key_form;
        let cleaned = owned_key(form.text(key_field));
        let checked = cleaned.and_then(|key| {
            if Fingerprint::of_secret(&key) == recorded.fingerprint {
                Ok(key)
            } else {
                Err(format!(
                    "That is not the new key named {} (fingerprint {}). If it is lost, press F8 to abandon and revoke that key in HOPEX.",
                    recorded.api_key, recorded.fingerprint
                ))
            }
        });
        let Some(key) = form.check(key_field, checked) else {
            return Vec::new();
        };
        form.clear_text(key_field);
        self.new_key = Some(SecretString::from(key));
        if self.screen() == HopexRotateScreen::VerifyNewKey {
            self.verify = Default::default();
            return self.verify_attempt(cx);
        }
        Vec::new()
    }

    /// Whether the profile's version lets a key have an expiration date.
    pub fn can_expire(&self) -> bool {
        self.profile
            .as_ref()
            .and_then(|p| p.instructions())
            .is_some_and(|i| i.can_expire)
    }

    /// One attempt to check the new key, after the backoff for this attempt.
    pub(super) fn verify_attempt(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let (Some(chosen), Some(key)) = (&self.profile, &self.new_key) else {
            return Vec::new();
        };
        let Some(delay) = VERIFY_BACKOFF_SECS.get(self.verify.attempt).copied() else {
            return Vec::new();
        };
        self.verify.attempt += 1;
        let call = HopexCall::CheckKey {
            server_url: chosen.hopex.server_url.clone(),
            schema: chosen.hopex.schema.clone(),
            api_key: key.clone(),
            after: Duration::from_secs(delay),
        };
        vec![self.verify.activity.start(Job::Hopex(call), cx)]
    }

    /// Sandbox: the sandbox's HOPEX makes a key with the old key's settings.
    fn sandbox_new_key(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(chosen) = &self.profile else {
            return Vec::new();
        };
        // The name and expiry as typed, when they read; the console takes them.
        let name = validate_key_name(self.new_key_form.text(NAME_FIELD)).ok();
        let expires = self
            .expires_field()
            .and_then(|index| parse_expiry(self.new_key_form.text(index)).ok().flatten());
        let scope = crate::domain::hopex::HopexKeyScope {
            environment_id: chosen.hopex.environment_id.clone(),
            repository_id: chosen.hopex.repository_id.clone(),
            profile_id: chosen.hopex.profile_id.clone(),
            login: chosen.hopex.hopex_login.clone(),
            name,
            expires,
        };
        vec![cx.start(Job::Sandbox(SandboxCall::CreateHopexKey(scope))).1]
    }

    /// Pastes a key the sandbox made into the new key's field.
    pub(super) fn paste_sandbox_key(&mut self, key: &SecretString) {
        let key_field = self.key_field();
        self.new_key_form.set_text(key_field, key.expose_secret());
        self.new_key_form.focus = key_field;
    }
}

/// A pasted HOPEX key, cleaned, as an owned string (the form is changed next).
fn owned_key(raw: &str) -> Result<String, String> {
    clean_credential("HOPEX API key", raw)
        .map(str::to_owned)
        .map_err(|error| error.to_string())
}
