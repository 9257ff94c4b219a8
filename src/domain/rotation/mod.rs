//! Key rotation (the rotation) as a pure state machine, for an SMS Hub key or a
//! HOPEX API key ([`Credential`]).
//!
//! Modeled on AWS Secrets Manager's create → set → test → finish: a new key is
//! created next to the old one, verified, put where the integration reads it
//! (ServiceNow for a Hub key, HOPEX's ServiceNow module for a HOPEX key), tested
//! live, and only then is the old key deleted. Every step is an [`Event`] applied with
//! [`Rotation::apply`]; the caller journals the [`Rotation`] after each step so a
//! crash resumes at the right place.
//!
//! The one invariant that matters: the old key can only be deleted once a live test
//! has passed with the *current* new key ([`Rotation::can_delete_old`]). Deleting it
//! earlier would leave the customer's SMS with no working key.
//!
//! Nothing here holds a secret: keys are carried as [`KeyRef`] (key id and token
//! fingerprint), so a journal can be written to disk and shown to support staff.

mod credential;
mod event;
mod live;
mod machine;
mod revocation;
mod text;
mod text_hopex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::servicenow_write::{ProofOutcome, RecordRef};
use super::token::Fingerprint;

pub use credential::Credential;
pub use event::{Event, Refusal};
pub(crate) use revocation::deserialize_revocation;
pub use revocation::Revocation;

/// Version of the rotation journal format written by this build.
pub const ROTATION_FORMAT_VERSION: u32 = 1;

/// Where a rotation stands. Ordered: each phase is later than the ones before it,
/// and [`Phase::Abandoned`] sorts last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The profile's current key is recorded; nothing has changed anywhere yet.
    Started,
    /// A new key was created in the Hub and its id and fingerprint captured.
    NewKeyCaptured,
    /// The Hub accepts the new credentials.
    NewKeyVerified,
    /// The spoke action and the Environment Registration record hold the new key.
    ServicenowUpdated,
    /// A test message sent with the new key reached a good state.
    LiveTestPassed,
    /// The operator deleted the old key in the Hub, and what nowkey saw of it is
    /// recorded ([`Rotation::old_key_revocation`]): the deletion itself is only
    /// confirmed when the Hub rejects the old key.
    OldKeyDeleted,
    /// The profile was updated; the rotation is over.
    Completed,
    /// The operator gave up before deleting the old key; the old key stays live.
    Abandoned,
}

impl Phase {
    /// The seven phases of a rotation that runs to the end, in order.
    pub const STEPS: [Phase; 7] = [
        Phase::Started,
        Phase::NewKeyCaptured,
        Phase::NewKeyVerified,
        Phase::ServicenowUpdated,
        Phase::LiveTestPassed,
        Phase::OldKeyDeleted,
        Phase::Completed,
    ];

    /// Every phase, including [`Phase::Abandoned`].
    pub const ALL: [Phase; 8] = [
        Phase::Started,
        Phase::NewKeyCaptured,
        Phase::NewKeyVerified,
        Phase::ServicenowUpdated,
        Phase::LiveTestPassed,
        Phase::OldKeyDeleted,
        Phase::Completed,
        Phase::Abandoned,
    ];

    /// Whether the rotation is over (completed or abandoned): no event applies.
    pub fn is_terminal(self) -> bool {
        matches!(self, Phase::Completed | Phase::Abandoned)
    }

    /// The step number shown as "step n of 7": 1 for [`Phase::Started`] to 7 for
    /// [`Phase::Completed`]. [`Phase::Abandoned`] is not a step and returns 0.
    pub fn number(self) -> usize {
        Phase::STEPS
            .iter()
            .position(|step| *step == self)
            .map_or(0, |index| index + 1)
    }

    /// A short title for the phase of a Hub key's rotation, e.g. "New key
    /// verified".
    pub fn title(self) -> &'static str {
        text::title(Credential::HubKey, self)
    }

    /// The phase's title in a rotation of `credential` ("HOPEX module updated").
    pub fn title_for(self, credential: Credential) -> &'static str {
        text::title(credential, self)
    }
}

/// A key as the rotation knows it: a Hub key's id and its token's fingerprint,
/// or a HOPEX key's name and the key's fingerprint. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRef {
    /// The Hub API key id, or the HOPEX key's name (not secret).
    pub api_key: String,
    /// Fingerprint of the Hub token (key and secret), or of the HOPEX key.
    pub fingerprint: Fingerprint,
    /// The day the key expires, when it was given one (HOPEX V6.2 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<chrono::NaiveDate>,
}

impl KeyRef {
    /// A key without an expiry date (every Hub key).
    pub fn new(api_key: impl Into<String>, fingerprint: Fingerprint) -> Self {
        Self {
            api_key: api_key.into(),
            fingerprint,
            expires: None,
        }
    }
}

/// Which key(s) the Hub accepts and ServiceNow uses right now, for the "live key"
/// line on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveKeys {
    /// Only the old key is in use (a new key may exist in the Hub, unused).
    OldOnly,
    /// Both keys exist in the Hub and ServiceNow already uses the new one.
    Both,
    /// ServiceNow uses the new key, and the Hub still accepted the old one at the
    /// last try: both keys work.
    OldStillAccepted,
    /// ServiceNow uses the new key; the Hub rejects the old one (confirmed).
    NewOnly,
    /// ServiceNow uses the new key; whether the Hub still accepts the old one was
    /// not verified.
    NewOldUnverified,
}

/// One live test attempt with the new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveTestRecord {
    /// When the result came in.
    pub at: DateTime<Utc>,
    /// Fingerprint of the key the test was sent with.
    pub fingerprint: Fingerprint,
    /// Whether the message reached a good state.
    pub passed: bool,
    /// The message id on success, the reason on failure.
    pub detail: String,
}

/// One line of the rotation's history: what happened and the phase it led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The phase after it.
    pub phase: Phase,
    /// What happened, in plain words (key ids and fingerprints only).
    pub note: String,
}

/// One ServiceNow record nowkey wrote during a rotation: where, which fields,
/// with which key id, and the `sys_mod_count` it saw afterwards. Never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicenowWrite {
    /// When the write's answer came in (set by the rotation when recorded).
    pub at: DateTime<Utc>,
    /// `TABLE/SYS_ID`.
    pub target: RecordRef,
    /// The fields written.
    pub fields: Vec<String>,
    /// The key id written (the new key's, or the old key's when restoring).
    pub key: String,
    /// True when these were the old values, written back before abandoning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restored: bool,
    /// The record's `sys_mod_count` after the write.
    pub mod_count: u64,
}

/// Writes nowkey was about to send to ServiceNow, journaled before the first is
/// sent: after a crash, ServiceNow may hold what they carried even though no
/// write was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicenowAttempt {
    /// When the operator confirmed the preview.
    pub at: DateTime<Utc>,
    /// The records about to be written.
    pub targets: Vec<RecordRef>,
    /// The key id about to be written.
    pub key: String,
    /// True for the old values, written back before abandoning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restored: bool,
}

/// A rotation of one profile's SMS Hub key or HOPEX API key, as journaled on
/// disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    /// Journal format version ([`ROTATION_FORMAT_VERSION`]).
    pub format: u32,
    /// Which key is rotated (absent, in the file, for a Hub key).
    #[serde(default, skip_serializing_if = "Credential::is_hub")]
    pub credential: Credential,
    /// The profile whose key is rotated.
    pub profile: String,
    /// Where the rotation stands.
    pub phase: Phase,
    /// The key being replaced.
    pub old: KeyRef,
    /// The replacement, once captured.
    pub new: Option<KeyRef>,
    /// The operator entered the old secret at the start (it is never stored), so
    /// the wizard can confirm the Hub rejects the old key after deletion.
    pub old_secret_known: bool,
    /// When the rotation started.
    pub started_at: DateTime<Utc>,
    /// When the last step was applied.
    pub updated_at: DateTime<Utc>,
    /// Every live test attempt with a new key, oldest first.
    pub live_tests: Vec<LiveTestRecord>,
    /// What nowkey last saw of the old key after the operator deleted it: `None`
    /// before anyone asked. Journals from before the three outcomes wrote
    /// `old_key_rejected = true/false`, which is read as confirmed / still accepted.
    #[serde(
        default,
        alias = "old_key_rejected",
        deserialize_with = "deserialize_revocation",
        skip_serializing_if = "Option::is_none"
    )]
    pub old_key_revocation: Option<Revocation>,
    /// The ServiceNow records nowkey wrote, oldest first (absent when the
    /// operator updated ServiceNow by hand).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servicenow_writes: Vec<ServicenowWrite>,
    /// The writes nowkey confirmed, journaled before they were sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servicenow_attempts: Vec<ServicenowAttempt>,
    /// How the ServiceNow-originated test ended, once it was run or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_proof: Option<ProofOutcome>,
    /// Every applied step, oldest first.
    pub history: Vec<JournalEntry>,
}

impl Rotation {
    /// Starts rotating `old`, the Hub key `profile` uses today.
    pub fn start(
        profile: &str,
        old: KeyRef,
        old_secret_known: bool,
        now: DateTime<Utc>,
    ) -> Rotation {
        Rotation::start_of(Credential::HubKey, profile, old, old_secret_known, now)
    }

    /// Starts rotating `old`, the `credential` `profile` uses today.
    /// `old_secret_known`: the operator gave the old secret (a Hub key's
    /// secret, or the HOPEX key itself), so the old key can be tried later.
    pub fn start_of(
        credential: Credential,
        profile: &str,
        old: KeyRef,
        old_secret_known: bool,
        now: DateTime<Utc>,
    ) -> Rotation {
        let note = format!(
            "rotation of {} {} {} (fingerprint {}) started",
            credential.noun(),
            credential.key_label(),
            old.api_key,
            old.fingerprint
        );
        Rotation {
            format: ROTATION_FORMAT_VERSION,
            credential,
            profile: profile.to_owned(),
            phase: Phase::Started,
            old,
            new: None,
            old_secret_known,
            started_at: now,
            updated_at: now,
            live_tests: Vec::new(),
            old_key_revocation: None,
            servicenow_writes: Vec::new(),
            servicenow_attempts: Vec::new(),
            servicenow_proof: None,
            history: vec![JournalEntry {
                at: now,
                phase: Phase::Started,
                note,
            }],
        }
    }

    /// Which key(s) are live now.
    pub fn live_keys(&self) -> LiveKeys {
        match self.phase {
            // A captured or verified new key exists in the Hub, but ServiceNow still
            // sends with the old one.
            Phase::Started | Phase::NewKeyCaptured | Phase::NewKeyVerified => LiveKeys::OldOnly,
            Phase::ServicenowUpdated => LiveKeys::Both,
            Phase::LiveTestPassed => match self.old_key_revocation {
                Some(Revocation::StillAccepted) => LiveKeys::OldStillAccepted,
                _ => LiveKeys::Both,
            },
            // Only the Hub's refusal makes the old key gone; the operator's word
            // alone does not.
            Phase::OldKeyDeleted | Phase::Completed => match self.old_key_revocation {
                Some(Revocation::Confirmed) => LiveKeys::NewOnly,
                Some(Revocation::StillAccepted) => LiveKeys::OldStillAccepted,
                Some(Revocation::NotVerified) | None => LiveKeys::NewOldUnverified,
            },
            Phase::Abandoned => LiveKeys::OldOnly,
        }
    }

    /// Whether the old key may be deleted now: the rotation is at
    /// [`Phase::LiveTestPassed`] and the most recent passing live test was sent with
    /// the current new key. The one place this invariant is decided.
    pub fn can_delete_old(&self) -> bool {
        let Some(new) = &self.new else {
            return false;
        };
        let last_pass = self.live_tests.iter().rev().find(|test| test.passed);
        self.phase == Phase::LiveTestPassed
            && last_pass.is_some_and(|test| test.fingerprint == new.fingerprint)
    }

    /// Two or three plain sentences a support person can read aloud to a customer
    /// about where the rotation stands.
    pub fn explanation(&self) -> &'static str {
        match self.credential {
            Credential::HubKey => {
                text::explanation(self.phase, self.old_key_revocation, self.servicenow_proof)
            }
            Credential::HopexKey => text_hopex::explanation(self.phase, self.old_key_revocation),
        }
    }

    /// The phase's title, with what is known of the old key once it was deleted
    /// ("Old key revoked", "Old key still accepted", ...).
    pub fn title(&self) -> &'static str {
        text::rotation_title(self.credential, self.phase, self.old_key_revocation)
    }

    /// What to do in the Hub (and ServiceNow) when giving up: delete the *new* key,
    /// never the old one, which stays live.
    pub fn abandon_instructions(&self) -> String {
        match self.credential {
            Credential::HubKey => text::abandon_instructions(self),
            Credential::HopexKey => text_hopex::abandon_instructions(self),
        }
    }
}
