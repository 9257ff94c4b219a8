//! Saved profiles: what nowkey remembers about a configured integration.
//! A profile never holds a secret: only key ids, fingerprints and dates.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

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
    /// ServiceNow instance URL, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servicenow_url: Option<String>,
}

/// One saved profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    /// SMS connector settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<SmsProfile>,
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
    #[error("Use letters, digits, '-', '_' or '.' in a profile name ('{0}' is not allowed).")]
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
