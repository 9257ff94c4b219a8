//! Which screen the rotation shows, derived from the journal's phase and what is
//! in memory, and the two retrying checks of the rotation.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Rotate;
use crate::domain::rotation::Phase;
use crate::flows::activity::Activity;

/// Seconds to wait before each attempt to verify the new key: new keys can take
/// a moment to become valid, so nowkey backs off before calling it a failure.
pub const VERIFY_BACKOFF_SECS: [u64; 7] = [0, 1, 2, 4, 8, 15, 30];

/// How often the old key is tried after the operator deleted it.
pub const DELETION_POLL: Duration = Duration::from_secs(2);
/// How long nowkey keeps trying the old key before saying the Hub still accepts
/// it (and again for each "wait longer").
pub const DELETION_TIMEOUT: Duration = Duration::from_secs(60);

/// The screens of the rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateScreen {
    /// No SMS profile to rotate.
    NoProfiles,
    /// The saved profiles could not be read.
    ProfilesUnreadable,
    /// Pick the profile (and optionally give the current secret).
    ChooseProfile,
    /// The profile was named: optionally give its current secret, and start.
    StartNamed,
    /// Another nowkey holds this profile's rotation lock.
    Busy,
    /// The lock could not be taken for another reason (the store's error says why).
    LockFailed,
    /// The profile's journal could not be read: it is left as it is, and the
    /// profile is not rotated over it.
    JournalUnreadable,
    /// Resumed after a crash: the new secret must be entered again.
    ReenterSecret,
    /// Step 2: create and capture the new key.
    CreateNewKey,
    /// Step 3: the Hub accepts the new key (with retries).
    VerifyNewKey,
    /// Step 4: update ServiceNow.
    UpdateServiceNow,
    /// Step 4 (or an abandon): nowkey writes the key into ServiceNow.
    WriteServiceNow,
    /// Step 5: the live test with the new key.
    LiveTest,
    /// Step 6: delete the old key.
    DeleteOldKey,
    /// Step 6, after the deletion: the test sent from ServiceNow.
    ProveServiceNow,
    /// Step 7: update the profile.
    Complete,
    /// Finished.
    Done,
    /// Abandoned: delete the new key.
    Abandoned,
}

/// Verifying the new key: attempts with backoff.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewKeyVerify {
    /// Attempts made so far in this round.
    pub attempt: usize,
    /// The attempt under way, or the last result.
    pub activity: Activity,
    /// The last refusal, while retrying.
    pub last_error: Option<String>,
}

/// What the Hub answered the last time nowkey tried the old key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldKeyAnswer {
    /// The Hub accepted the old credentials: the key still works.
    Accepted,
    /// The Hub refused them: the key is revoked.
    Rejected,
    /// The Hub could not be asked; one sentence saying why.
    Unreachable(String),
}

/// Asking the Hub whether it still accepts the old key, until a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeletionCheck {
    /// Until when nowkey keeps asking, as the clock shows it and as an instant.
    pub deadline: Option<(DateTime<Utc>, Instant)>,
    /// The try under way.
    pub activity: Activity,
    /// Tries made since the deadline was set.
    pub tries: u32,
    /// The last answer, and when it came.
    pub last: Option<(OldKeyAnswer, DateTime<Utc>)>,
}

impl RotateScreen {
    /// The screen's title.
    pub fn title(self) -> &'static str {
        match self {
            RotateScreen::NoProfiles => "Nothing to rotate yet",
            RotateScreen::ProfilesUnreadable => "The saved profiles could not be read",
            RotateScreen::ChooseProfile => "Which profile's key to rotate",
            RotateScreen::StartNamed => "Rotate this profile's key",
            RotateScreen::Busy => "This rotation is open elsewhere",
            RotateScreen::LockFailed => "The rotation could not be locked",
            RotateScreen::JournalUnreadable => "The rotation journal cannot be read",
            RotateScreen::ReenterSecret => "Enter the new secret again",
            RotateScreen::CreateNewKey => "Create the new key in the Hub",
            RotateScreen::VerifyNewKey => "Check the new key with the Hub",
            RotateScreen::UpdateServiceNow => "Update ServiceNow",
            RotateScreen::WriteServiceNow => "Write the key into ServiceNow",
            RotateScreen::ProveServiceNow => "Test sent from ServiceNow",
            RotateScreen::LiveTest => "Send a live test with the new key",
            RotateScreen::DeleteOldKey => "Delete the old key",
            RotateScreen::Complete => "Update the profile",
            RotateScreen::Done => "Rotation complete",
            RotateScreen::Abandoned => "Rotation abandoned",
        }
    }

    /// What the screen is for, for the help overlay.
    pub fn purpose(self) -> &'static str {
        match self {
            RotateScreen::NoProfiles => "A rotation replaces a saved SMS profile's Hub key; there is none yet. Set up the SMS connector first.",
            RotateScreen::ProfilesUnreadable => "A rotation replaces a saved SMS profile's Hub key, and the saved profiles could not be read: fix the file or move it aside first.",
            RotateScreen::StartNamed => "Start replacing this profile's Hub key. The current secret is optional: with it, nowkey can later ask the Hub whether it still accepts the old key.",
            RotateScreen::ChooseProfile => "Choose the profile whose Hub key to replace. The current secret is optional: with it, nowkey can later confirm the Hub rejects the old key.",
            RotateScreen::Busy => "Another nowkey holds this profile's rotation: two at once could each delete the other's key.",
            RotateScreen::JournalUnreadable => "This profile's rotation journal could not be read. It may hold a rotation under way (ServiceNow may already use a new key), so nowkey leaves it exactly as it is and does not start over it.",
            RotateScreen::LockFailed => "nowkey locks a profile's rotation so that two wizards never rotate one key at once. The lock could not be taken, so nothing has changed.",
            RotateScreen::ReenterSecret => "The rotation was interrupted and the new secret is never stored: paste it again; nowkey checks it against the journal's fingerprint.",
            RotateScreen::CreateNewKey => "Create a NEW key in the Hub beside the old one (do not delete the old one yet) and paste the new key and secret.",
            RotateScreen::VerifyNewKey => "nowkey asks the Hub whether it accepts the new key, retrying for a while: new keys can take a moment to become valid.",
            RotateScreen::UpdateServiceNow => "Put the new token into the SMS spoke's credential and the new key and secret into the Environment Registration, then confirm each.",
            RotateScreen::WriteServiceNow => "nowkey signs in as a ServiceNow admin, finds the spoke's credential and the Environment Registration record (you confirm each), shows what it will change without any value, and writes only after you confirm. A write counts only when ServiceNow's sys_mod_count goes up.",
            RotateScreen::ProveServiceNow => "Proves that ServiceNow itself sends with the new key: send the text with the code from ServiceNow to the test number, and nowkey looks for it in the Hub's sent-message report. Once the Hub rejects the old key, only the new one can have sent it.",
            RotateScreen::LiveTest => "Send a real SMS with the new key. Only a delivered message unlocks deleting the old key; until then both keys stay live.",
            RotateScreen::DeleteOldKey => "Delete the OLD key in the Hub. With the old secret, nowkey then asks the Hub whether it still accepts it: only a refusal confirms the revocation.",
            RotateScreen::Complete => "Save the profile with the new key id, fingerprint and dates, and record the rotation in its history.",
            RotateScreen::Done => "The rotation is finished: ServiceNow uses the new key and the profile records it.",
            RotateScreen::Abandoned => "The rotation was abandoned: the old key stays; delete the new key in the Hub.",
        }
    }
}

impl Rotate {
    /// The screen for the current state.
    pub fn screen(&self) -> RotateScreen {
        if matches!(self.lock, Activity::Failed { .. }) {
            return if self.lock_held_elsewhere {
                RotateScreen::Busy
            } else {
                RotateScreen::LockFailed
            };
        }
        if self.journal_error().is_some() {
            return RotateScreen::JournalUnreadable;
        }
        let Some(rotation) = &self.rotation else {
            return if self.profiles_error.is_some() {
                RotateScreen::ProfilesUnreadable
            } else if self.profiles.is_empty() {
                RotateScreen::NoProfiles
            } else if self.named {
                RotateScreen::StartNamed
            } else {
                RotateScreen::ChooseProfile
            };
        };
        let needs_new_secret = matches!(
            rotation.phase,
            Phase::NewKeyCaptured | Phase::NewKeyVerified | Phase::ServicenowUpdated
        );
        if needs_new_secret && self.new_credentials.is_none() {
            return RotateScreen::ReenterSecret;
        }
        if self.writer.is_some()
            && matches!(
                rotation.phase,
                Phase::NewKeyVerified | Phase::ServicenowUpdated
            )
        {
            return RotateScreen::WriteServiceNow;
        }
        if self.proof_pending() {
            return RotateScreen::ProveServiceNow;
        }
        match rotation.phase {
            Phase::Started => RotateScreen::CreateNewKey,
            Phase::NewKeyCaptured => RotateScreen::VerifyNewKey,
            Phase::NewKeyVerified => RotateScreen::UpdateServiceNow,
            Phase::ServicenowUpdated => RotateScreen::LiveTest,
            Phase::LiveTestPassed => RotateScreen::DeleteOldKey,
            Phase::OldKeyDeleted => RotateScreen::Complete,
            Phase::Completed => RotateScreen::Done,
            Phase::Abandoned => RotateScreen::Abandoned,
        }
    }
}
