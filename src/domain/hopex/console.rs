//! Where and how a HOPEX API key is made, viewed again and revoked, by version.
//! (Placeholder with the agreed interface; the full mapping lands with flow B.)

use chrono::NaiveDate;

use super::version::HopexVersion;
use super::{ConnectionMode, SessionMode};

/// Where a version's API keys are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyConsole {
    /// V5 and V6 up to SP1.
    ApplicationServerConsole,
    /// V6.2 and later.
    AdministrationDesktop,
}

/// What the operator sees and does for one HOPEX version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInstructions {
    /// Where keys are made.
    pub console: KeyConsole,
    /// The menu path to make one.
    pub create_path: &'static str,
    /// The key can be viewed again after it is made.
    pub viewable_again: bool,
    /// The key can have an expiration date.
    pub can_expire: bool,
    /// The menu path to revoke one.
    pub revoke_path: &'static str,
}

/// The instructions for `version`.
pub fn key_instructions(version: &HopexVersion) -> KeyInstructions {
    let desktop = version.major > 6 || (version.major == 6 && version.sp.unwrap_or(0) >= 2);
    if desktop {
        KeyInstructions {
            console: KeyConsole::AdministrationDesktop,
            create_path: "Administration desktop → Users → API Keys → Generate",
            viewable_again: true,
            can_expire: true,
            revoke_path: "Administration desktop → Users → API Keys → the key → Revoke",
        }
    } else {
        KeyInstructions {
            console: KeyConsole::ApplicationServerConsole,
            create_path: "HOPEX Application Server Console → Modules → Authentication → Api keys → Create",
            viewable_again: false,
            can_expire: false,
            revoke_path: "HOPEX Application Server Console → Modules → Authentication → Api keys → the key → Delete",
        }
    }
}

/// The values a new key gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKeyValues<'a> {
    /// Name.
    pub name: &'a str,
    /// HOPEX login.
    pub login: &'a str,
    /// EnvironmentId.
    pub environment_id: &'a str,
    /// RepositoryId.
    pub repository_id: &'a str,
    /// ProfileId.
    pub profile_id: &'a str,
    /// Session mode.
    pub session_mode: SessionMode,
    /// Connection mode.
    pub connection_mode: ConnectionMode,
    /// Expiration date.
    pub expires: Option<NaiveDate>,
}

/// The checklist lines for making the key on this version.
pub fn creation_checklist(version: &HopexVersion, values: &NewKeyValues<'_>) -> Vec<String> {
    let instructions = key_instructions(version);
    vec![
        instructions.create_path.to_owned(),
        format!("Name: {}", values.name),
        format!("Login: {}", values.login),
        format!("RepositoryId: {}", values.repository_id),
        format!("ProfileId: {}", values.profile_id),
    ]
}

/// The lines for revoking the key named `key_name` on this version.
pub fn revocation_steps(version: &HopexVersion, key_name: &str) -> Vec<String> {
    vec![
        key_instructions(version).revoke_path.to_owned(),
        format!("Revoke the key named {key_name}."),
    ]
}

/// The "shown once" sentence for the capture step.
pub fn capture_note(version: &HopexVersion) -> &'static str {
    if key_instructions(version).viewable_again {
        "This version can show the key again in the Administration desktop."
    } else {
        "The console shows the key once."
    }
}
