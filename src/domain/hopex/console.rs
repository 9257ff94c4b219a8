//! Where a HOPEX version's API keys are made, viewed and revoked, and the
//! checklist an operator follows there. Pure: no I/O.
//!
//! V5 and V6 up to SP1 make keys in the HOPEX Application Server console; V6 SP2
//! (`V6.2`) and later in the Administration desktop, where a key can be viewed
//! again, revoked, and given an expiration date. Every menu path and form label
//! that MEGA's public documentation does not pin down is in [`unconfirmed`], so
//! there is one place to correct once a real console confirms or refutes it.

use chrono::NaiveDate;

use super::rules::{HOPEX_SESSION_CHOICE, ROLES_CHOICE};
use super::version::HopexVersion;
use super::{ConnectionMode, SessionMode};

/// The menu paths and labels this module shows, and how sure they are.
///
/// Confirmed by MEGA's documentation: the Application Server console's
/// create path (as HOPEX's ServiceNow prerequisites page gives it), and the
/// Administration desktop's `Users → API Keys → Generate` with its fields
/// (Name, Person, Profile, session mode, Read Write / Read Only, languages,
/// optional expiration date, description), where a key can be viewed again and
/// revoked.
///
/// *Unconfirmed* (no public page shows them): how a key is deleted in the
/// Application Server console, the name of the Administration desktop's revoke
/// action, the exact spelling of the Administration desktop's field labels, and
/// that the Administration desktop makes the key for the environment and
/// repository it is opened on (its form asks for neither).
pub mod unconfirmed {
    /// Where V5 / V6 SP1 keys are created (confirmed).
    pub const CONSOLE_CREATE_PATH: &str =
        "HOPEX Application Server console → Modules → Authentication → Api keys → Create";
    /// Where V5 / V6 SP1 keys are listed for deletion (*unconfirmed*: the
    /// documentation shows only the creation).
    pub const CONSOLE_REVOKE_PATH: &str =
        "HOPEX Application Server console → Modules → Authentication → Api keys";
    /// The console's action that deletes a key (*unconfirmed*).
    pub const CONSOLE_REVOKE_ACTION: &str = "Delete";
    /// Where V6.2 and later keys are generated (confirmed).
    pub const DESKTOP_CREATE_PATH: &str = "Administration desktop → Users → API Keys → Generate";
    /// Where V6.2 and later keys are revoked (confirmed).
    pub const DESKTOP_REVOKE_PATH: &str = "Administration desktop → Users → API Keys";
    /// The Administration desktop's action that revokes a key (*unconfirmed*).
    pub const DESKTOP_REVOKE_ACTION: &str = "Revoke";
    /// The Administration desktop's field labels (*unconfirmed* spelling).
    pub const DESKTOP_LABELS: DesktopLabels = DesktopLabels {
        name: "Name",
        person: "Person",
        profile: "Profile",
        session: "Session mode",
        access: "Read Write / Read Only",
        languages: "Data / GUI language",
        expiration: "Expiration date",
        description: "Description",
    };

    /// The labels of the Administration desktop's Generate form.
    #[derive(Debug, Clone, Copy)]
    pub struct DesktopLabels {
        /// The key's name.
        pub name: &'static str,
        /// The person (login) the key acts as.
        pub person: &'static str,
        /// The HOPEX profile.
        pub profile: &'static str,
        /// Multi or Single.
        pub session: &'static str,
        /// Read Write or Read Only.
        pub access: &'static str,
        /// The data and GUI languages.
        pub languages: &'static str,
        /// The optional expiration date.
        pub expiration: &'static str,
        /// The free-text description.
        pub description: &'static str,
    }
}

/// Where a version's API keys are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyConsole {
    /// The HOPEX Application Server console (V5, V6 up to SP1).
    ApplicationServerConsole,
    /// The Administration desktop (V6.2 and later).
    AdministrationDesktop,
}

impl KeyConsole {
    /// The console's name, as a sentence names it.
    pub fn name(self) -> &'static str {
        match self {
            KeyConsole::ApplicationServerConsole => "HOPEX Application Server console",
            KeyConsole::AdministrationDesktop => "HOPEX Administration desktop",
        }
    }
}

/// What the operator sees and does for one HOPEX version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyInstructions {
    /// Where keys are made.
    pub console: KeyConsole,
    /// The menu path to create a key.
    pub create_path: &'static str,
    /// True when the key can be viewed again after it is made.
    pub viewable_again: bool,
    /// True when a key can be given an expiration date.
    pub can_expire: bool,
    /// The menu path to the list of keys, where a key is revoked (deleted).
    pub revoke_path: &'static str,
    /// The action that revokes the selected key there.
    pub revoke_action: &'static str,
}

/// The instructions for `version`: V6 SP2 and later (V6.2, V6.3, V6.2.1, V7…)
/// use the Administration desktop; V5 and V6 SP1 (and anything older, which the
/// version gate refuses anyway) the Application Server console.
pub fn key_instructions(version: &HopexVersion) -> KeyInstructions {
    let desktop = match version.major {
        0..=5 => false,
        6 => version.sp.is_some_and(|sp| sp >= 2),
        _ => true,
    };
    if desktop {
        KeyInstructions {
            console: KeyConsole::AdministrationDesktop,
            create_path: unconfirmed::DESKTOP_CREATE_PATH,
            viewable_again: true,
            can_expire: true,
            revoke_path: unconfirmed::DESKTOP_REVOKE_PATH,
            revoke_action: unconfirmed::DESKTOP_REVOKE_ACTION,
        }
    } else {
        KeyInstructions {
            console: KeyConsole::ApplicationServerConsole,
            create_path: unconfirmed::CONSOLE_CREATE_PATH,
            viewable_again: false,
            can_expire: false,
            revoke_path: unconfirmed::CONSOLE_REVOKE_PATH,
            revoke_action: unconfirmed::CONSOLE_REVOKE_ACTION,
        }
    }
}

/// The values a new key gets (borrowed from the form or a saved profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewKeyValues<'a> {
    /// The key's name.
    pub name: &'a str,
    /// The HOPEX login the key acts as.
    pub login: &'a str,
    /// EnvironmentId.
    pub environment_id: &'a str,
    /// RepositoryId.
    pub repository_id: &'a str,
    /// ProfileId.
    pub profile_id: &'a str,
    /// Multi or Single.
    pub session_mode: SessionMode,
    /// Read/write or Read only.
    pub connection_mode: ConnectionMode,
    /// The expiration date, where the version has one.
    pub expires: Option<NaiveDate>,
}

/// One line of the creation checklist: a sentence, or a field and the value to
/// enter (kept apart so a screen can set the value off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistLine {
    /// An instruction.
    Step(String),
    /// A form field and what to enter in it.
    Field {
        /// The field's label in the console.
        label: &'static str,
        /// What to enter.
        value: String,
    },
}

impl ChecklistLine {
    /// The line as plain text; a field is indented under its step.
    pub fn to_text(&self) -> String {
        match self {
            ChecklistLine::Step(text) => text.clone(),
            ChecklistLine::Field { label, value } => format!("     {label:<22} {value}"),
        }
    }
}

fn session_text(mode: SessionMode) -> &'static str {
    match mode {
        SessionMode::Multi => "Multi",
        SessionMode::Single => "Single",
    }
}

fn field(label: &'static str, value: impl Into<String>) -> ChecklistLine {
    ChecklistLine::Field {
        label,
        value: value.into(),
    }
}

/// The checklist for making the key on this version, as lines a screen can
/// style; [`creation_checklist`] gives the same as text.
pub fn creation_lines(version: &HopexVersion, values: &NewKeyValues<'_>) -> Vec<ChecklistLine> {
    let instructions = key_instructions(version);
    let step = |text: String| ChecklistLine::Step(text);
    match instructions.console {
        KeyConsole::ApplicationServerConsole => {
            let connection = match values.connection_mode {
                ConnectionMode::ReadWrite => "Read/write",
                ConnectionMode::ReadOnly => "Read only",
            };
            vec![
                step(format!("  1. Open {}.", instructions.create_path)),
                step("  2. Fill in exactly:".to_owned()),
                field("Name", values.name),
                field("Roles", ROLES_CHOICE),
                field("HOPEX session", HOPEX_SESSION_CHOICE),
                field("HOPEX login", values.login),
                field("EnvironmentId", values.environment_id),
                field("RepositoryId", values.repository_id),
                field("ProfileId", values.profile_id),
                field("Session mode", session_text(values.session_mode)),
                field("Connection mode", connection),
                step("  3. Save. Copy the key now: the console shows it only once.".to_owned()),
            ]
        }
        KeyConsole::AdministrationDesktop => {
            let labels = unconfirmed::DESKTOP_LABELS;
            let access = match values.connection_mode {
                ConnectionMode::ReadWrite => "Read Write",
                ConnectionMode::ReadOnly => "Read Only",
            };
            let expiration = match values.expires {
                Some(day) => day.format("%Y-%m-%d").to_string(),
                None => "leave empty (the key does not expire)".to_owned(),
            };
            vec![
                step(format!(
                    "  1. Open the Administration desktop on environment {}, repository {}.",
                    values.environment_id, values.repository_id
                )),
                step(format!(
                    "  2. Go to {}, and fill in:",
                    instructions.create_path
                )),
                field(labels.name, values.name),
                field(labels.person, values.login),
                field(labels.profile, values.profile_id),
                field(labels.session, session_text(values.session_mode)),
                field(labels.access, access),
                field(labels.languages, "as your HOPEX administrator prefers"),
                field(labels.expiration, expiration),
                field(labels.description, "optional, e.g. ServiceNow integration"),
                step("  3. Generate, and copy the key (it can be viewed there again).".to_owned()),
            ]
        }
    }
}

/// The checklist lines for making the key on this version, values filled in.
pub fn creation_checklist(version: &HopexVersion, values: &NewKeyValues<'_>) -> Vec<String> {
    creation_lines(version, values)
        .iter()
        .map(ChecklistLine::to_text)
        .collect()
}

/// The lines for revoking (deleting) the key named `key_name` on this version.
pub fn revocation_steps(version: &HopexVersion, key_name: &str) -> Vec<String> {
    let instructions = key_instructions(version);
    vec![
        format!("  1. Open {}.", instructions.revoke_path),
        format!(
            "  2. Select the key named '{key_name}' (only that one) and click {}.",
            instructions.revoke_action
        ),
    ]
}

/// The "shown once" sentence for the capture step, by version.
pub fn capture_note(version: &HopexVersion) -> &'static str {
    if key_instructions(version).viewable_again {
        "Paste the key the Administration desktop generated (it can be viewed there again); nowkey keeps it in memory only and never writes it to disk."
    } else {
        "Paste the key the console showed. It is shown once; nowkey keeps it in memory only and never writes it to disk."
    }
}
