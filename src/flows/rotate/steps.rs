//! The rotation's last steps: recording the passing live test, deleting the old
//! key (and asking the Hub whether it still accepts it), and the profile.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::screens_state::{DELETION_POLL, DELETION_TIMEOUT};
use super::{recorded_credentials, Rotate};
use crate::domain::hub::HubTarget;
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::profile::{apply_completed_rotation, Profile};
use crate::domain::rotation::{Event, Revocation};
use crate::domain::token::HubCredentials;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{HubCall, HubRequest, Job, StoreJob};

impl Rotate {
    /// Delivered: record the pass (with the new key's fingerprint) now.
    pub(super) fn record_pass(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(credentials) = self.new_credentials.clone() else {
            return Vec::new();
        };
        let crate::flows::live_sms::LivePhase::Delivered { message_id, .. } = &self.live.phase
        else {
            return Vec::new();
        };
        let message_id = message_id.clone();
        let mut commands: Vec<Command> = self
            .live
            .stop_waiting_for_reply()
            .map(Command::Cancel)
            .into_iter()
            .collect();
        commands.extend(self.commit(
            Event::LiveTestPassed {
                fingerprint: credentials.token().fingerprint(),
                message_id,
            },
            cx,
        ));
        commands
    }

    /// Enter on the deletion step: with the old secret, ask the Hub until it
    /// rejects the old key or [`DELETION_TIMEOUT`] passes; without it, record the
    /// revocation as not verified.
    pub(super) fn old_key_deleted(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        if !self.accept_old_secret_again() {
            return Vec::new();
        }
        if self.old_credentials().is_none() {
            return self.commit(
                Event::OldKeyDeleted {
                    revocation: Revocation::NotVerified,
                },
                cx,
            );
        }
        self.ask_about_old_key(DELETION_TIMEOUT, cx)
    }

    /// After the Hub still accepted the old key: one more try now
    /// (`Duration::ZERO`), or another round of tries (`DELETION_TIMEOUT`).
    pub(super) fn check_old_key_again(
        &mut self,
        window: Duration,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        if !self.accept_old_secret_again() {
            return Vec::new();
        }
        if self.old_credentials().is_none() {
            self.old_secret_form.fields[0].error = Some(
                "Paste the old key's secret: nowkey needs it to ask the Hub about the old key."
                    .to_owned(),
            );
            return Vec::new();
        }
        self.ask_about_old_key(window, cx)
    }

    /// Finishing while the old key's revocation is unconfirmed: recorded as still
    /// accepted when the Hub accepted it, as not verified when it could not be
    /// asked.
    pub(super) fn finish_anyway(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let event = self.deletion.finish_anyway(self.rotation.as_ref());
        self.commit(event, cx)
    }

    /// True on the deletion step once the Hub was asked and did not confirm the
    /// revocation (it still accepted the old key, or could not be reached), while
    /// nothing is being asked: the operator chooses what to do next.
    pub fn old_key_unresolved(&self) -> bool {
        self.deletion.unresolved(self.rotation.as_ref())
    }

    fn ask_about_old_key(&mut self, window: Duration, cx: &mut Context<'_>) -> Vec<Command> {
        self.deletion.begin(window, cx.now);
        self.poll_old_key(cx, false)
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
        let checked = recorded_credentials(&mut self.old_secret_form, 0, &old, || {
            format!(
                "That secret does not belong to the old key {} (fingerprint {}): paste its secret, or leave the field empty.",
                old.api_key, old.fingerprint
            )
        });
        match checked {
            Some(credentials) => {
                self.old_secret = Some(SecretString::from(credentials.secret.expose().to_owned()));
                self.old_secret_form.clear_text(0);
                true
            }
            None => false,
        }
    }

    pub(super) fn old_credentials(&self) -> Option<HubCredentials> {
        let secret = self.old_secret.as_ref()?;
        let old = &self.rotation.as_ref()?.old;
        let key = clean_api_key(&old.api_key).ok()?;
        let secret = clean_api_secret(secret.expose_secret()).ok()?;
        Some(HubCredentials { key, secret })
    }

    /// One try of the old key; `later` waits [`DELETION_POLL`] first.
    pub(super) fn poll_old_key(&mut self, cx: &mut Context<'_>, later: bool) -> Vec<Command> {
        let Some(credentials) = self.old_credentials() else {
            return Vec::new();
        };
        self.deletion.tries += 1;
        let command = self.deletion.activity.start(
            Job::Hub(HubCall {
                target: HubTarget {
                    url: self.hub_url().to_owned(),
                    credentials,
                },
                after: if later { DELETION_POLL } else { Duration::ZERO },
                request: HubRequest::CheckCredentials,
            }),
            cx,
        );
        vec![command]
    }

    /// Step 7: the profile gets the new key, then the journal says completed. If
    /// a crash came between the two, the profile already has the new key and only
    /// the journal is written.
    pub(super) fn save_profile(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let (Some(rotation), Some(chosen)) = (self.rotation.clone(), self.profile.clone()) else {
            return Vec::new();
        };
        let mut completed = rotation;
        if let Err(refusal) = completed.apply(Event::Completed, cx.now.utc) {
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
            if let Err(refusal) = apply_completed_rotation(sms, &completed, cx.now.today()) {
                self.refusal = Some(refusal.to_string());
                return Vec::new();
            }
        }
        self.next_rotation_due = Some(sms.next_rotation_due);
        let command = self.save.start(
            Job::Store(StoreJob::SaveProfile {
                name: chosen.name.clone(),
                profile: Box::new(profile),
            }),
            cx,
        );
        self.completed = Some(completed);
        vec![command]
    }
}
