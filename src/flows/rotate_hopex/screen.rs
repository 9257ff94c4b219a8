//! Which screen the HOPEX key rotation shows, derived from the journal's phase
//! and what is in memory, with each screen's title and purpose.

use super::RotateHopex;
use crate::domain::hopex::Deployment;
use crate::domain::rotation::Phase;
use crate::flows::activity::Activity;

/// The screens of the HOPEX key rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopexRotateScreen {
    /// No profile with a HOPEX part.
    NoProfiles,
    /// The saved profiles could not be read.
    ProfilesUnreadable,
    /// Pick the profile (and optionally give the current key).
    ChooseProfile,
    /// The profile was named: optionally give its current key, and start.
    StartNamed,
    /// A SaaS profile: HOPEX manages the key there, nothing to rotate.
    Saas,
    /// Another nowkey holds this rotation's lock.
    Busy,
    /// The lock could not be taken for another reason.
    LockFailed,
    /// The profile's HOPEX journal could not be read.
    JournalUnreadable,
    /// Resumed after a crash: the new key must be pasted again.
    ReenterKey,
    /// Step 2: make and capture the new key.
    CreateNewKey,
    /// Step 3: HOPEX accepts the new key and it opens the right context.
    VerifyNewKey,
    /// Step 4: put the new key into HOPEX's ServiceNow module settings.
    UpdateModule,
    /// Step 5: the module's Test button.
    ModuleTest,
    /// Step 6: revoke the old key.
    RevokeOldKey,
    /// Step 7: update the profile.
    Complete,
    /// Finished.
    Done,
    /// Abandoned: revoke the new key.
    Abandoned,
}

impl HopexRotateScreen {
    /// The screen's title.
    pub fn title(self) -> &'static str {
        match self {
            HopexRotateScreen::NoProfiles => "No HOPEX key to rotate yet",
            HopexRotateScreen::ProfilesUnreadable => "The saved profiles could not be read",
            HopexRotateScreen::ChooseProfile => "Which profile's HOPEX key to rotate",
            HopexRotateScreen::StartNamed => "Rotate this profile's HOPEX key",
            HopexRotateScreen::Saas => "HOPEX manages this key",
            HopexRotateScreen::Busy => "This rotation is open elsewhere",
            HopexRotateScreen::LockFailed => "The rotation could not be locked",
            HopexRotateScreen::JournalUnreadable => "The rotation journal cannot be read",
            HopexRotateScreen::ReenterKey => "Enter the new key again",
            HopexRotateScreen::CreateNewKey => "Make the new key in HOPEX",
            HopexRotateScreen::VerifyNewKey => "Check the new key with HOPEX",
            HopexRotateScreen::UpdateModule => "Update HOPEX's ServiceNow module",
            HopexRotateScreen::ModuleTest => "Test the module with the new key",
            HopexRotateScreen::RevokeOldKey => "Revoke the old key",
            HopexRotateScreen::Complete => "Update the profile",
            HopexRotateScreen::Done => "Rotation complete",
            HopexRotateScreen::Abandoned => "Rotation abandoned",
        }
    }

    /// What the screen is for, for the help overlay.
    pub fn purpose(self) -> &'static str {
        match self {
            HopexRotateScreen::NoProfiles => "A HOPEX key rotation replaces the API key of a saved profile's HOPEX part; there is none yet. Set up the HOPEX integration first.",
            HopexRotateScreen::ProfilesUnreadable => "The saved profiles could not be read: fix the file or move it aside first.",
            HopexRotateScreen::ChooseProfile | HopexRotateScreen::StartNamed => "Start replacing this profile's HOPEX API key. The current key is optional: with it, nowkey can later ask HOPEX whether it still accepts the old key.",
            HopexRotateScreen::Saas => "On HOPEX SaaS the integration needs no API key of yours: HOPEX manages it, so there is nothing for nowkey to rotate.",
            HopexRotateScreen::Busy => "Another nowkey holds this profile's HOPEX rotation: two at once could each revoke the other's key.",
            HopexRotateScreen::LockFailed => "nowkey locks a rotation so that two wizards never rotate one key at once. The lock could not be taken, so nothing has changed.",
            HopexRotateScreen::JournalUnreadable => "This profile's HOPEX rotation journal could not be read. It may hold a rotation under way, so nowkey leaves it exactly as it is and does not start over it.",
            HopexRotateScreen::ReenterKey => "The rotation was interrupted and the new key is never stored: paste it again; nowkey checks it against the journal's fingerprint.",
            HopexRotateScreen::CreateNewKey => "Make a NEW key in HOPEX beside the old one, with the same settings and its own name (do not revoke the old one yet), and paste it.",
            HopexRotateScreen::VerifyNewKey => "nowkey asks HOPEX whether it accepts the new key, retrying for a while, and checks it opens the repository and profile the profile names.",
            HopexRotateScreen::UpdateModule => "Put the new key into the API key field of HOPEX's ServiceNow module settings and save them there, then confirm.",
            HopexRotateScreen::ModuleTest => "Press Test in HOPEX's ServiceNow module settings. Only a Test that passed with the new key unlocks revoking the old key; until then both keys stay valid.",
            HopexRotateScreen::RevokeOldKey => "Revoke the OLD key in HOPEX. With the old key, nowkey then asks HOPEX whether it still accepts it: only a refusal confirms the revocation.",
            HopexRotateScreen::Complete => "Save the profile with the new key's name, fingerprint, dates and expiry, and record the rotation in its history.",
            HopexRotateScreen::Done => "The rotation is finished: the module uses the new key and the profile records it.",
            HopexRotateScreen::Abandoned => "The rotation was abandoned: the old key stays; revoke the new key in HOPEX.",
        }
    }
}

impl RotateHopex {
    /// The screen for the current state.
    pub fn screen(&self) -> HopexRotateScreen {
        if matches!(self.lock, Activity::Failed { .. }) {
            return if self.lock_held_elsewhere {
                HopexRotateScreen::Busy
            } else {
                HopexRotateScreen::LockFailed
            };
        }
        if self.journal_error().is_some() {
            return HopexRotateScreen::JournalUnreadable;
        }
        let Some(rotation) = &self.rotation else {
            return if self.profiles_error.is_some() {
                HopexRotateScreen::ProfilesUnreadable
            } else if self.profiles.is_empty() {
                HopexRotateScreen::NoProfiles
            } else if self.named
                && self
                    .shown_profile()
                    .is_some_and(|p| p.hopex.deployment == Deployment::Saas)
            {
                HopexRotateScreen::Saas
            } else if self.named {
                HopexRotateScreen::StartNamed
            } else {
                HopexRotateScreen::ChooseProfile
            };
        };
        // Replacing a refused key: step 2's form again, for another key.
        if self.replacing && rotation.phase == Phase::NewKeyCaptured {
            return HopexRotateScreen::CreateNewKey;
        }
        let needs_new_key = matches!(
            rotation.phase,
            Phase::NewKeyCaptured | Phase::NewKeyVerified
        );
        if needs_new_key && self.new_key.is_none() {
            return HopexRotateScreen::ReenterKey;
        }
        match rotation.phase {
            Phase::Started => HopexRotateScreen::CreateNewKey,
            Phase::NewKeyCaptured => HopexRotateScreen::VerifyNewKey,
            Phase::NewKeyVerified => HopexRotateScreen::UpdateModule,
            Phase::ServicenowUpdated => HopexRotateScreen::ModuleTest,
            Phase::LiveTestPassed => HopexRotateScreen::RevokeOldKey,
            Phase::OldKeyDeleted => HopexRotateScreen::Complete,
            Phase::Completed => HopexRotateScreen::Done,
            Phase::Abandoned => HopexRotateScreen::Abandoned,
        }
    }
}
