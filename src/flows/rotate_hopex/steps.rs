//! The HOPEX key rotation's last steps: revoking the old key (and asking HOPEX
//! whether it still accepts it), and saving the profile.

use std::time::Duration;

use super::RotateHopex;
use crate::domain::profile::apply_completed_hopex_rotation;
use crate::domain::rotation::{Event, Revocation};
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{HopexCall, Job, StoreJob};
use crate::flows::rotate::{DELETION_POLL, DELETION_TIMEOUT};

impl RotateHopex {
    /// Enter on the revocation step: with the old key, ask HOPEX until it
    /// rejects it or [`DELETION_TIMEOUT`] passes; without it, record the
    /// revocation as not verified.
    pub(super) fn old_key_revoked(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(old) = self.rotation.as_ref().map(|r| r.old.clone()) else {
            return Vec::new();
        };
        if !self.accept_old_key(&old) {
            return Vec::new();
        }
        if self.old_key.is_none() {
            return self.journal().commit(
                Event::OldKeyDeleted {
                    revocation: Revocation::NotVerified,
                },
                cx,
            );
        }
        self.ask_about_old_key(DELETION_TIMEOUT, cx)
    }

    /// Starts asking HOPEX about the old key for `window` (zero: one try).
    pub(super) fn ask_about_old_key(
        &mut self,
        window: Duration,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        if self.old_key.is_none() {
            self.old_key_form.fields[0].error = Some(
                "Paste the old key: nowkey needs it to ask HOPEX about the old key.".to_owned(),
            );
            return Vec::new();
        }
        self.deletion.begin(window, cx.now);
        self.poll_old_key(cx, false)
    }

    /// One try of the old key; `later` waits [`DELETION_POLL`] first.
    pub(super) fn poll_old_key(&mut self, cx: &mut Context<'_>, later: bool) -> Vec<Command> {
        let (Some(chosen), Some(key)) = (&self.profile, &self.old_key) else {
            return Vec::new();
        };
        let call = HopexCall::CheckKey {
            server_url: chosen.hopex.server_url.clone(),
            schema: chosen.hopex.schema.clone(),
            api_key: key.clone(),
            after: if later { DELETION_POLL } else { Duration::ZERO },
        };
        self.deletion.tries += 1;
        vec![self.deletion.activity.start(Job::Hopex(call), cx)]
    }

    /// Going on while the old key's revocation is unconfirmed: recorded as
    /// still accepted when HOPEX accepted it, as not verified when it could not
    /// be asked.
    pub(super) fn finish_anyway(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let event = self.deletion.finish_anyway(self.rotation.as_ref());
        self.journal().commit(event, cx)
    }

    /// True on the revocation step once HOPEX was asked and did not confirm
    /// the revocation, while nothing is being asked.
    pub fn old_key_unresolved(&self) -> bool {
        self.deletion.unresolved(self.rotation.as_ref())
    }

    /// True when the last module Test recorded failed.
    pub fn last_test_failed(&self) -> bool {
        self.rotation
            .as_ref()
            .and_then(|r| r.live_tests.last())
            .is_some_and(|t| !t.passed)
    }

    /// Step 7: the profile gets the new key, then the journal says completed.
    /// If a crash came between the two, the profile already has the new key
    /// and only the journal is written.
    pub(super) fn save_profile(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let (Some(rotation), Some(chosen)) = (self.rotation.clone(), self.profile.clone()) else {
            return Vec::new();
        };
        let mut completed = rotation;
        if let Err(refusal) = completed.apply(Event::Completed, cx.now.utc) {
            self.refusal = Some(refusal.to_string());
            return Vec::new();
        }
        let mut profile = chosen.profile.clone();
        let Some(hopex) = profile.hopex.as_mut() else {
            return Vec::new();
        };
        if let Err(refusal) = apply_completed_hopex_rotation(hopex, &completed, cx.now.today()) {
            self.refusal = Some(refusal.to_string());
            return Vec::new();
        }
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

    /// The saved profile's answer: the completed rotation is journaled next.
    pub(super) fn take_completed(&mut self) -> Option<crate::domain::rotation::Rotation> {
        self.completed.take()
    }
}
