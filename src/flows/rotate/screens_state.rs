//! Which screen flow C shows, derived from the journal's phase and what is in
//! memory, and the two retrying checks of the rotation.

use std::time::{Duration, Instant};

use super::Rotate;
use crate::domain::rotation::Phase;
use crate::flows::activity::Activity;

/// Seconds to wait before each attempt to verify the new key: new keys can take
/// a moment to become valid, so nowkey backs off before calling it a failure.
pub const VERIFY_BACKOFF_SECS: [u64; 7] = [0, 1, 2, 4, 8, 15, 30];

/// How often the old key is tried after the operator deleted it.
pub const DELETION_POLL: Duration = Duration::from_secs(2);
/// How long nowkey keeps trying the old key before saying the Hub still accepts it.
pub const DELETION_TIMEOUT: Duration = Duration::from_secs(60);

/// The screens of flow C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateScreen {
    /// No SMS profile to rotate.
    NoProfiles,
    /// Pick the profile (and optionally give the current secret).
    ChooseProfile,
    /// Another nowkey holds this profile's rotation lock.
    Busy,
    /// Resumed after a crash: the new secret must be entered again.
    ReenterSecret,
    /// Step 2: create and capture the new key.
    CreateNewKey,
    /// Step 3: the Hub accepts the new key (with retries).
    VerifyNewKey,
    /// Step 4: update ServiceNow.
    UpdateServiceNow,
    /// Step 5: the live test with the new key.
    LiveTest,
    /// Step 6: delete the old key.
    DeleteOldKey,
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

/// Confirming that the Hub now rejects the old key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeletionCheck {
    /// When polling started.
    pub started: Option<Instant>,
    /// The poll under way.
    pub activity: Activity,
    /// Polls made.
    pub polls: u32,
}

impl Rotate {
    /// The screen for the current state.
    pub fn screen(&self) -> RotateScreen {
        if matches!(self.lock, Activity::Failed { .. }) {
            return RotateScreen::Busy;
        }
        let Some(rotation) = &self.rotation else {
            return if self.profiles.is_empty() {
                RotateScreen::NoProfiles
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
