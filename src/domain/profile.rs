//! Saved profiles: what nowkey remembers about a configured integration.
//! A profile never holds a secret: only key ids, fingerprints and dates.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rotation::{Credential, Phase, Refusal, Revocation, Rotation};
use super::servicenow::ServiceNowAuthMode;
use super::servicenow_write::{ProofOutcome, RecordRef, RegistrationFields};
use super::token::Fingerprint;

/// Days between key rotations.
pub const ROTATION_PERIOD_DAYS: u64 = 90;

/// Current version of the `profiles.toml` format.
pub const PROFILES_FORMAT_VERSION: u32 = 1;

/// The SMS connector part of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsProfile {
    /// Vendor id from the catalog.
    pub vendor: String,
    /// Hub REST API base URL in use.
    pub hub_api_url: String,
    /// The API key id (not secret).
    pub api_key: String,
    /// Fingerprint of the token built from the key and its secret.
    pub token_fingerprint: Fingerprint,
    /// The day the key was created.
    pub key_created: NaiveDate,
    /// The day the next rotation is due.
    pub next_rotation_due: NaiveDate,
    /// The number the last live test went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_number: Option<String>,
    /// ServiceNow instance URL, when one was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_url: Option<String>,
    /// ServiceNow user, when one was checked (never the password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_user: Option<String>,
    /// The spoke's credential record nowkey writes the token to (`TABLE/SYS_ID`),
    /// once the operator confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_credential: Option<RecordRef>,
    /// The Environment Registration record nowkey writes the key and secret to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_registration: Option<RecordRef>,
    /// The registration's key and secret fields, `["KEY_FIELD", "SECRET_FIELD"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_registration_fields: Option<RegistrationFields>,
    /// Completed rotations of this key, oldest first. Not written when empty, so a
    /// profile that was never rotated looks as it did before rotations existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rotations: Vec<RotationRecord>,
}

/// One completed key rotation, as remembered in the profile. Key ids and a
/// fingerprint only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationRecord {
    /// The day the rotation completed.
    pub completed: NaiveDate,
    /// The key id that was replaced.
    pub old_key: String,
    /// The key id that replaced it.
    pub new_key: String,
    /// Fingerprint of the new key's token.
    pub new_fingerprint: Fingerprint,
    /// What nowkey last saw of the old key when the rotation finished: confirmed
    /// (the Hub rejects it), still accepted (finished anyway), or not verified.
    /// Profiles written before the three outcomes held `old_key_rejected`, read as
    /// confirmed / still accepted; absent means not verified.
    #[serde(
        default,
        alias = "old_key_rejected",
        deserialize_with = "super::rotation::deserialize_revocation",
        skip_serializing_if = "Option::is_none"
    )]
    pub old_key_revocation: Option<Revocation>,
    /// The day (UTC) the rotation started: ServiceNow's records were updated on
    /// or after it (absent in rotations from before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<NaiveDate>,
    /// How the ServiceNow-originated test ended (absent in rotations from before
    /// nowkey wrote to ServiceNow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_proof: Option<ProofOutcome>,
}

/// Records a completed rotation in the profile: the new key id and fingerprint, a
/// key created `today` (so the next rotation is due 90 days later), and a
/// [`RotationRecord`].
///
/// Refused unless the rotation is [`Phase::Completed`] with a new key
/// ([`Refusal::NotNow`]) and the profile still holds the rotation's old key, by id
/// and fingerprint ([`Refusal::FingerprintMismatch`]). Applying the same rotation
/// again is a no-op, so a resume after a crash between saving the profile and
/// saving the journal cannot record it twice.
pub fn apply_completed_rotation(
    profile: &mut SmsProfile,
    rotation: &Rotation,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let not_now = Refusal::NotNow {
        phase: rotation.phase,
        event: "save the new key to the profile",
        credential: rotation.credential,
    };
    if rotation.credential != Credential::HubKey {
        return Err(not_now);
    }
    let (Phase::Completed, Some(new)) = (rotation.phase, &rotation.new) else {
        return Err(not_now);
    };
    let holds = |key: &str, fingerprint: &Fingerprint| {
        profile.api_key == key && profile.token_fingerprint == *fingerprint
    };
    if recorded_already(holds, &profile.rotations, rotation, new)? {
        return Ok(());
    }
    profile.api_key = new.api_key.clone();
    profile.token_fingerprint = new.fingerprint.clone();
    profile.key_created = today;
    profile.next_rotation_due = rotation_due(today);
    profile.rotations.push(history_entry(rotation, new, today));
    Ok(())
}

/// Records a completed HOPEX key rotation in the profile: the new key's name,
/// fingerprint and expiry, a key created `today`, and a [`RotationRecord`] (key
/// names, not ids).
///
/// Refused like [`apply_completed_rotation`]: unless the rotation is a HOPEX
/// key's, [`Phase::Completed`] with a new key, and the profile still holds the
/// old key by name and fingerprint. Applying it again is a no-op.
pub fn apply_completed_hopex_rotation(
    profile: &mut HopexProfile,
    rotation: &Rotation,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let not_now = Refusal::NotNow {
        phase: rotation.phase,
        event: "save the new key to the profile",
        credential: rotation.credential,
    };
    let (Credential::HopexKey, Phase::Completed, Some(new)) =
        (rotation.credential, rotation.phase, &rotation.new)
    else {
        return Err(not_now);
    };
    let holds = |name: &str, fingerprint: &Fingerprint| {
        profile.key_name == name && profile.key_fingerprint.as_ref() == Some(fingerprint)
    };
    if recorded_already(holds, &profile.rotations, rotation, new)? {
        return Ok(());
    }
    profile.key_name = new.api_key.clone();
    profile.key_fingerprint = Some(new.fingerprint.clone());
    profile.key_created = today;
    profile.key_expires = new.expires;
    profile.rotations.push(history_entry(rotation, new, today));
    Ok(())
}

/// The HOPEX ServiceNow Integration part of a profile. No secret: the API key
/// itself is never stored, only its fingerprint. A SaaS deployment has no API
/// key, so it has no version and none of the key's fields: they are left out of
/// the file (empty or `None` here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HopexProfile {
    /// On-premises or SaaS.
    pub deployment: super::hopex::Deployment,
    /// The HOPEX version as entered (e.g. `V5 CP6 HF27`); empty for SaaS.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// HOPEX server base URL.
    pub server_url: String,
    /// GraphQL schema used for the key check.
    pub schema: String,
    /// Which way data flows.
    pub data_flow: super::hopex::DataFlow,
    /// The API key's name in the HOPEX console (on-premises only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key_name: String,
    /// The HOPEX login the key acts as (on-premises only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hopex_login: String,
    /// EnvironmentId (on-premises only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub environment_id: String,
    /// RepositoryId (on-premises only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub repository_id: String,
    /// ProfileId (on-premises only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub profile_id: String,
    /// Session mode (on-premises only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_mode: Option<super::hopex::SessionMode>,
    /// Connection mode (on-premises only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_mode: Option<super::hopex::ConnectionMode>,
    /// First 12 hex of SHA-256 of the API key (on-premises only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<Fingerprint>,
    /// The day the key was created.
    pub key_created: NaiveDate,
    /// ServiceNow instance URL.
    pub servicenow_url: String,
    /// ServiceNow user (never the password).
    pub servicenow_user: String,
    /// The day the API key expires, when it was given one (HOPEX V6.2 and
    /// later let a key have an expiration date; on-premises only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_expires: Option<NaiveDate>,
    /// How HOPEX's ServiceNow module signs in to ServiceNow; `basic` is left
    /// out of the file.
    #[serde(default, skip_serializing_if = "ServiceNowAuthMode::is_basic")]
    pub servicenow_auth: ServiceNowAuthMode,
    /// The Application Registry client id, with `servicenow_auth = "oauth2"`
    /// (never the client secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_oauth_client_id: Option<String>,
    /// Completed rotations of this API key, oldest first; `old_key` and
    /// `new_key` are the keys' names in HOPEX.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rotations: Vec<RotationRecord>,
}

/// One saved profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    /// SMS connector settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsProfile>,
    /// HOPEX ServiceNow Integration settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hopex: Option<HopexProfile>,
}

/// The whole `profiles.toml` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilesFile {
    /// Format version.
    pub version: u32,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

impl Default for ProfilesFile {
    fn default() -> Self {
        Self {
            version: PROFILES_FORMAT_VERSION,
            profiles: BTreeMap::new(),
        }
    }
}

/// The day a key created on `created` is due for rotation.
pub fn rotation_due(created: NaiveDate) -> NaiveDate {
    created
        .checked_add_days(Days::new(ROTATION_PERIOD_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// Why a profile name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileNameError {
    /// Empty.
    #[error("Give the profile a name, e.g. prod or acme-test.")]
    Empty,
    /// Too long.
    #[error("A profile name is at most 64 characters.")]
    TooLong,
    /// A character outside the allowed set.
    #[error(
        "Use letters, digits, '-', '_' or '.' in a profile name ('{}' is not allowed).",
        super::paste::visible(*.0)
    )]
    BadCharacter(char),
}

/// Checks a profile name: 1–64 of letters, digits, `-`, `_`, `.`.
pub fn validate_profile_name(raw: &str) -> Result<String, ProfileNameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ProfileNameError::Empty);
    }
    if name.chars().count() > 64 {
        return Err(ProfileNameError::TooLong);
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(ProfileNameError::BadCharacter(bad));
    }
    Ok(name.to_owned())
}

/// Whether the profile (by `holds`: its key and fingerprint) already records
/// this rotation: `Ok(true)` when it holds the new key and the last history
/// entry is this rotation's, `Ok(false)` when it still holds the old key, and
/// [`Refusal::FingerprintMismatch`] when it holds another.
fn recorded_already(
    holds: impl Fn(&str, &Fingerprint) -> bool,
    history: &[RotationRecord],
    rotation: &Rotation,
    new: &super::rotation::KeyRef,
) -> Result<bool, Refusal> {
    let already_applied = holds(&new.api_key, &new.fingerprint)
        && history.last().is_some_and(|last| {
            last.old_key == rotation.old.api_key && last.new_key == new.api_key
        });
    if already_applied {
        return Ok(true);
    }
    if !holds(&rotation.old.api_key, &rotation.old.fingerprint) {
        return Err(Refusal::FingerprintMismatch);
    }
    Ok(false)
}

/// The history entry of a rotation completed `today`.
fn history_entry(
    rotation: &Rotation,
    new: &super::rotation::KeyRef,
    today: NaiveDate,
) -> RotationRecord {
    RotationRecord {
        completed: today,
        old_key: rotation.old.api_key.clone(),
        new_key: new.api_key.clone(),
        new_fingerprint: new.fingerprint.clone(),
        old_key_revocation: Some(
            rotation
                .old_key_revocation
                .unwrap_or(Revocation::NotVerified),
        ),
        servicenow_proof: rotation.servicenow_proof,
        started: Some(rotation.started_at.date_naive()),
    }
}
