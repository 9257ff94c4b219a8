//! The rules for the fields of a HOPEX API key (the HOPEX prerequisites), checked before
//! the operator goes to the HOPEX console (see `console.rs`).
//!
//! Errors ([`FieldError`]) block the step; warnings (plain text) are shown beside the
//! field and do not.

use chrono::NaiveDate;
use thiserror::Error;

use super::{ConnectionMode, DataFlow, Deployment, SessionMode};
use crate::domain::paste::is_invisible_format;

/// A control character, or an invisible format character (zero-width space, BOM,
/// direction mark) that pasting slips in and nobody can see.
fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Longest API key name accepted.
pub const MAX_KEY_NAME: usize = 100;
/// Longest HOPEX login accepted.
pub const MAX_LOGIN: usize = 100;
/// Longest EnvironmentId / RepositoryId / ProfileId accepted.
pub const MAX_OBJECT_ID: usize = 64;

/// What to choose for the key's Roles in the console.
pub const ROLES_CHOICE: &str = "Custom, with its fields left blank";
/// What to choose for the key's HOPEX session in the console.
pub const HOPEX_SESSION_CHOICE: &str = "Open session";
/// The note shown beside the Profile field.
pub const PROFILE_RIGHTS_NOTE: &str = "the profile needs CRUD rights on the synchronised objects";
/// The warning shown when Single session is chosen.
pub const SINGLE_SESSION_WARNING: &str = "Single session is slower and uses more memory than Multi; use it only if your HOPEX administrator requires it.";

/// Why a HOPEX API-key field was refused. Each message is shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FieldError {
    /// The key name is empty.
    #[error("Enter a name for the API key, e.g. ServiceNow.")]
    KeyNameEmpty,
    /// The key name is longer than [`MAX_KEY_NAME`].
    #[error("Keep the API key name to {MAX_KEY_NAME} characters or fewer.")]
    KeyNameTooLong,
    /// The key name contains a control character.
    #[error("The API key name contains an invisible control character; type it again rather than pasting it.")]
    KeyNameControl,
    /// The HOPEX login is empty.
    #[error("Enter the HOPEX login the API key acts as.")]
    LoginEmpty,
    /// The HOPEX login contains whitespace.
    #[error("A HOPEX login has no spaces inside; enter the login, not the person's full name.")]
    LoginWhitespace,
    /// The HOPEX login contains a control character.
    #[error("The HOPEX login contains an invisible control character; type it again rather than pasting it.")]
    LoginControl,
    /// The HOPEX login is longer than [`MAX_LOGIN`].
    #[error("A HOPEX login has at most {MAX_LOGIN} characters; check what was pasted.")]
    LoginTooLong,
    /// The HOPEX login is the one the person uses to access the integration.
    #[error("The HOPEX login must differ from the login you use to access the integration; choose a dedicated HOPEX login for the key.")]
    LoginSameAsIntegration,
    /// An identifier field is empty.
    #[error("Enter the {field}, copied from HOPEX.")]
    IdEmpty {
        /// `EnvironmentId`, `RepositoryId` or `ProfileId`.
        field: &'static str,
    },
    /// An identifier contains whitespace or control characters.
    #[error("The {field} has no spaces or invisible characters inside; copy it again from HOPEX.")]
    IdWhitespace {
        /// `EnvironmentId`, `RepositoryId` or `ProfileId`.
        field: &'static str,
    },
    /// An identifier is longer than [`MAX_OBJECT_ID`].
    #[error("The {field} is at most {MAX_OBJECT_ID} characters; check that only the identifier was copied.")]
    IdTooLong {
        /// `EnvironmentId`, `RepositoryId` or `ProfileId`.
        field: &'static str,
    },
    /// The expiration date is not written as YYYY-MM-DD.
    #[error("Type the expiration date as YYYY-MM-DD, e.g. 2027-06-30, or leave it empty for a key that does not expire.")]
    ExpiryMalformed,
    /// The expiration date has the right shape but no such day exists.
    #[error("That expiration date is not a day of the calendar; check the month and the day (YYYY-MM-DD).")]
    ExpiryNoSuchDay,
    /// The expiration date is today or earlier.
    #[error(
        "The expiration date must be after today ({today}); choose a later day, or leave it empty."
    )]
    ExpiryNotAfterToday {
        /// Today's date, to compare with.
        today: NaiveDate,
    },
    /// Read only was chosen while data flows into HOPEX.
    #[error("Read only is allowed only when data flows from HOPEX to ServiceNow; choose Read/write, or change the data flow.")]
    ReadOnlyNeedsOneWayFlow,
}

/// Checks the API key's name: trimmed, non-empty, at most [`MAX_KEY_NAME`]
/// characters, no control or invisible format characters (spaces inside are fine).
pub fn validate_key_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::KeyNameEmpty);
    }
    if name.chars().any(is_hidden) {
        return Err(FieldError::KeyNameControl);
    }
    if name.chars().count() > MAX_KEY_NAME {
        return Err(FieldError::KeyNameTooLong);
    }
    Ok(name.to_owned())
}

/// Checks the HOPEX login the key acts as: trimmed, non-empty, at most
/// [`MAX_LOGIN`] characters, no whitespace, control or invisible format characters
/// inside. Case is kept.
pub fn validate_login(raw: &str) -> Result<String, FieldError> {
    let login = raw.trim();
    if login.is_empty() {
        return Err(FieldError::LoginEmpty);
    }
    if login.chars().any(is_hidden) {
        return Err(FieldError::LoginControl);
    }
    if login.chars().any(char::is_whitespace) {
        return Err(FieldError::LoginWhitespace);
    }
    if login.chars().count() > MAX_LOGIN {
        return Err(FieldError::LoginTooLong);
    }
    Ok(login.to_owned())
}

/// "The HOPEX login must differ from the login the person uses to access the
/// integration." Both are compared trimmed and case-insensitively (Unicode lower
/// case). An empty integration login (not known yet) never conflicts.
pub fn check_login_differs(hopex_login: &str, integration_login: &str) -> Result<(), FieldError> {
    let hopex = hopex_login.trim();
    let integration = integration_login.trim();
    if !integration.is_empty() && hopex.to_lowercase() == integration.to_lowercase() {
        return Err(FieldError::LoginSameAsIntegration);
    }
    Ok(())
}

/// Checks an EnvironmentId, RepositoryId or ProfileId (`field` names it in the
/// message): trimmed, non-empty, at most [`MAX_OBJECT_ID`] characters, no whitespace,
/// control or invisible format characters inside.
pub fn validate_object_id(field: &'static str, raw: &str) -> Result<String, FieldError> {
    // These are HOPEX absolute identifiers. Their exact format is *unconfirmed*
    // (the documentation gives none): they look like short base-64-like strings, but the
    // alphabet and length are not documented, so only what cannot be an identifier
    // (empty, spaces, control characters, pasted paragraphs) is refused. Tighten it
    // here, in one place, once a real format is known.
    let id = raw.trim();
    if id.is_empty() {
        return Err(FieldError::IdEmpty { field });
    }
    if id.chars().any(|c| c.is_whitespace() || is_hidden(c)) {
        return Err(FieldError::IdWhitespace { field });
    }
    if id.chars().count() > MAX_OBJECT_ID {
        return Err(FieldError::IdTooLong { field });
    }
    Ok(id.to_owned())
}

/// Reads an optional expiration date typed as `YYYY-MM-DD` (four, two and two
/// ASCII digits; surrounding spaces dropped). Empty means no expiry. Says
/// nothing about whether the day is still to come: that is [`validate_expiry`].
pub fn parse_expiry(raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Checked by shape first: chrono alone would also take `2027-6-3` or a
    // five-digit year, which are typing mistakes here.
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(FieldError::ExpiryMalformed);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| FieldError::ExpiryNoSuchDay)
}

/// An optional expiration date for a key made `today`: as [`parse_expiry`],
/// and after `today` (a key that expires today or earlier would not work long
/// enough to be set up).
pub fn validate_expiry(raw: &str, today: NaiveDate) -> Result<Option<NaiveDate>, FieldError> {
    match parse_expiry(raw)? {
        Some(day) if day <= today => Err(FieldError::ExpiryNotAfterToday { today }),
        other => Ok(other),
    }
}

/// Read/write is always allowed; Read only is allowed only when data flows
/// HOPEX → ServiceNow only (the integration writes nothing back into HOPEX).
pub fn check_connection_mode(mode: ConnectionMode, flow: DataFlow) -> Result<(), FieldError> {
    match (mode, flow) {
        (ConnectionMode::ReadWrite, _)
        | (ConnectionMode::ReadOnly, DataFlow::HopexToServiceNow) => Ok(()),
        (ConnectionMode::ReadOnly, DataFlow::ServiceNowToHopex | DataFlow::Both) => {
            Err(FieldError::ReadOnlyNeedsOneWayFlow)
        }
    }
}

/// The warning to show for a session mode: [`SINGLE_SESSION_WARNING`] for Single,
/// `None` for Multi (the recommended mode).
pub fn session_mode_warning(mode: SessionMode) -> Option<&'static str> {
    match mode {
        SessionMode::Multi => None,
        SessionMode::Single => Some(SINGLE_SESSION_WARNING),
    }
}

/// One API key per repository: a warning naming every saved profile that already
/// holds a key for the same environment and repository, or `None`.
///
/// `existing` yields `(profile name, environment_id, repository_id)`. Ids are compared
/// trimmed and case-sensitively. No warning while either id is still empty. A caller
/// re-editing a saved profile leaves that profile out of `existing`.
pub fn duplicate_key_warning<'a>(
    environment_id: &str,
    repository_id: &str,
    existing: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> Option<String> {
    let environment = environment_id.trim();
    let repository = repository_id.trim();
    if environment.is_empty() || repository.is_empty() {
        return None;
    }
    let holders: Vec<String> = existing
        .into_iter()
        .filter(|(_, env, repo)| env.trim() == environment && repo.trim() == repository)
        .map(|(name, _, _)| format!("'{name}'"))
        .collect();
    let (subject, verb) = match holders.len() {
        0 => return None,
        1 => ("Profile", "holds"),
        _ => ("Profiles", "hold"),
    };
    Some(format!(
        "{subject} {} already {verb} an API key for this environment and repository; the integration uses one API key per repository, so rotate that key rather than creating another.",
        holders.join(", ")
    ))
}

/// Whether the deployment needs a HOPEX API key: on-premises yes, SaaS no.
pub fn needs_api_key(deployment: Deployment) -> bool {
    match deployment {
        Deployment::OnPrem => true,
        Deployment::Saas => false,
    }
}
