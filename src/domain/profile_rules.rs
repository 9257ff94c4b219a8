//! The rules a saved profile must meet when it is read back: the same ones the
//! wizard applies when each value is typed, so a hand-edited or planted
//! `profiles.toml` cannot hold a value nowkey would have refused (an escape
//! sequence in a key id, a line break in a URL, a 300-character name) and then
//! print it raw. Pure: the store maps a problem to its line in the file.

use std::fmt;

use super::hopex::{rules, version, Deployment};
use super::paste::{clean_api_key, is_invisible_format, visible};
use super::phone::E164;
use super::profile::{HopexProfile, Profile, RotationRecord, SmsProfile};
use super::rotation::{Credential, Rotation};
use super::service_url::{parse_service_url, parse_service_url_for, validate_schema_name};
use super::servicenow::{
    normalize_instance, validate_client_id, validate_user_name, ServiceNowAuthMode,
};
use super::vendors::VendorCatalog;

/// The longest text any field may hold: what the wizard's text fields take.
pub const MAX_FIELD_CHARS: usize = 4096;

/// One step of the path to a field inside a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldStep {
    /// A key of a table (`sms`, `api_key`).
    Key(&'static str),
    /// An entry of an array of tables (`rotations`), 0-based.
    Index(usize),
}

/// A field of a profile that breaks a rule. The reason never quotes the value:
/// it may be a secret pasted into the wrong field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", self.field())]
pub struct FieldProblem {
    /// Where the field is inside the profile (`sms`, `rotations`, 2, `old_key`).
    pub path: Vec<FieldStep>,
    /// What is wrong and what a good value looks like.
    pub reason: String,
}

impl FieldProblem {
    /// The path as TOML keys: `sms.rotations[3].old_key` (1-based entries).
    pub fn field(&self) -> String {
        let mut text = String::new();
        for step in &self.path {
            match step {
                FieldStep::Key(key) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(key);
                }
                FieldStep::Index(index) => text.push_str(&format!("[{}]", index + 1)),
            }
        }
        text
    }
}

/// Checks every field of `profile`; the first problem found, in file order.
pub fn check_profile(profile: &Profile) -> Result<(), FieldProblem> {
    if let Some(sms) = &profile.sms {
        check_sms(sms).map_err(|p| p.under(FieldStep::Key("sms")))?;
    }
    if let Some(hopex) = &profile.hopex {
        check_hopex(hopex).map_err(|p| p.under(FieldStep::Key("hopex")))?;
    }
    Ok(())
}

/// Checks the text fields of a rotation journal read back from disk: its key ids
/// as the wizard takes them, and its notes free of control characters, since
/// the rotation screens and `nowkey check` print them.
pub fn check_journal(rotation: &Rotation) -> Result<(), FieldProblem> {
    // A Hub key is named by its id, a HOPEX key by its name in HOPEX: each by
    // its own rule, or a HOPEX journal would be unreadable on resume.
    let key = |value: &str| match rotation.credential {
        Credential::HubKey => api_key("api_key", value),
        Credential::HopexKey => exact("api_key", value, rules::validate_key_name),
    };
    key(&rotation.old.api_key).map_err(|p| p.under(FieldStep::Key("old")))?;
    if let Some(new) = &rotation.new {
        key(&new.api_key).map_err(|p| p.under(FieldStep::Key("new")))?;
    }
    for (index, test) in rotation.live_tests.iter().enumerate() {
        note("detail", &test.detail).map_err(|p| {
            p.under(FieldStep::Index(index))
                .under(FieldStep::Key("live_tests"))
        })?;
    }
    for (index, entry) in rotation.history.iter().enumerate() {
        note("note", &entry.note).map_err(|p| {
            p.under(FieldStep::Index(index))
                .under(FieldStep::Key("history"))
        })?;
    }
    Ok(())
}

/// Free text nowkey wrote (an empty one is fine): the [`text`] rule without the
/// one about spaces around it.
fn note(key: &'static str, value: &str) -> Result<(), FieldProblem> {
    text(key, value.trim())
}

impl FieldProblem {
    fn at(key: &'static str, reason: impl ToString) -> Self {
        Self {
            path: vec![FieldStep::Key(key)],
            reason: reason.to_string(),
        }
    }

    fn under(mut self, step: FieldStep) -> Self {
        self.path.insert(0, step);
        self
    }
}

fn check_sms(sms: &SmsProfile) -> Result<(), FieldProblem> {
    text("vendor", &sms.vendor)?;
    if VendorCatalog::builtin().by_id(&sms.vendor).is_none() {
        let known: Vec<String> = VendorCatalog::builtin()
            .all()
            .iter()
            .map(|v| v.id.clone())
            .collect();
        return Err(FieldProblem::at(
            "vendor",
            format!("not a brand nowkey knows; use one of {}", known.join(", ")),
        ));
    }
    text("hub_api_url", &sms.hub_api_url)?;
    parse_service_url(&sms.hub_api_url)
        .map_err(|e| FieldProblem::at("hub_api_url", url_reason(e)))?;
    api_key("api_key", &sms.api_key)?;
    if let Some(number) = &sms.test_number {
        text("test_number", number)?;
        E164::parse(number).map_err(|e| FieldProblem::at("test_number", e))?;
    }
    if let Some(url) = &sms.servicenow_url {
        servicenow_url(url)?;
    }
    if let Some(user) = &sms.servicenow_user {
        servicenow_user(user)?;
    }
    for (index, record) in sms.rotations.iter().enumerate() {
        check_rotation(record).map_err(|p| {
            p.under(FieldStep::Index(index))
                .under(FieldStep::Key("rotations"))
        })?;
    }
    Ok(())
}

fn check_rotation(record: &RotationRecord) -> Result<(), FieldProblem> {
    api_key("old_key", &record.old_key)?;
    api_key("new_key", &record.new_key)
}

fn check_hopex(hopex: &HopexProfile) -> Result<(), FieldProblem> {
    if hopex.deployment == Deployment::Saas {
        check_saas_has_no_key(hopex)?;
    } else {
        text("version", &hopex.version)?;
        version::parse(&hopex.version).map_err(|e| FieldProblem::at("version", e))?;
    }
    text("server_url", &hopex.server_url)?;
    parse_service_url_for(&hopex.server_url, "https://hopex.acme.com", "the API key")
        .map_err(|e| FieldProblem::at("server_url", url_reason(e)))?;
    text("schema", &hopex.schema)?;
    validate_schema_name(&hopex.schema).map_err(|e| FieldProblem::at("schema", e))?;
    if hopex.deployment != Deployment::Saas {
        check_key_settings(hopex)?;
    }
    servicenow_url(&hopex.servicenow_url)?;
    servicenow_user(&hopex.servicenow_user)?;
    check_servicenow_auth(hopex)?;
    for (index, record) in hopex.rotations.iter().enumerate() {
        check_hopex_rotation(record).map_err(|p| {
            p.under(FieldStep::Index(index))
                .under(FieldStep::Key("rotations"))
        })?;
    }
    Ok(())
}

/// An OAuth2 profile names its Application Registry client; a Basic one has
/// none (a client id there was written by hand, or is left from a change).
fn check_servicenow_auth(hopex: &HopexProfile) -> Result<(), FieldProblem> {
    match (hopex.servicenow_auth, &hopex.servicenow_oauth_client_id) {
        (ServiceNowAuthMode::OAuth2, Some(id)) => {
            exact("servicenow_oauth_client_id", id, validate_client_id)
        }
        (ServiceNowAuthMode::OAuth2, None) => Err(FieldProblem::at(
            "servicenow_oauth_client_id",
            "missing: servicenow_auth = \"oauth2\" needs the Application Registry client id",
        )),
        (ServiceNowAuthMode::Basic, Some(_)) => Err(FieldProblem::at(
            "servicenow_oauth_client_id",
            "only used with servicenow_auth = \"oauth2\": remove this line, or set servicenow_auth = \"oauth2\"",
        )),
        (ServiceNowAuthMode::Basic, None) => Ok(()),
    }
}

/// A HOPEX rotation names the keys by their names in HOPEX.
fn check_hopex_rotation(record: &RotationRecord) -> Result<(), FieldProblem> {
    exact("old_key", &record.old_key, rules::validate_key_name)?;
    exact("new_key", &record.new_key, rules::validate_key_name)
}

/// A SaaS deployment has no API key: a version or any of the key's fields in
/// its profile was written by hand, or belongs to another profile.
fn check_saas_has_no_key(hopex: &HopexProfile) -> Result<(), FieldProblem> {
    let present = [
        ("version", !hopex.version.is_empty()),
        ("key_name", !hopex.key_name.is_empty()),
        ("hopex_login", !hopex.hopex_login.is_empty()),
        ("environment_id", !hopex.environment_id.is_empty()),
        ("repository_id", !hopex.repository_id.is_empty()),
        ("profile_id", !hopex.profile_id.is_empty()),
        ("session_mode", hopex.session_mode.is_some()),
        ("connection_mode", hopex.connection_mode.is_some()),
        ("key_fingerprint", hopex.key_fingerprint.is_some()),
        ("key_expires", hopex.key_expires.is_some()),
        ("rotations", !hopex.rotations.is_empty()),
    ];
    match present.into_iter().find(|(_, there)| *there) {
        Some((key, _)) => Err(FieldProblem::at(
            key,
            "a SaaS deployment has no API key (or version to check): remove this line, or set deployment = \"on-prem\"",
        )),
        None => Ok(()),
    }
}

/// The API key's settings of an on-premises deployment, with HOPEX's rules.
fn check_key_settings(hopex: &HopexProfile) -> Result<(), FieldProblem> {
    exact("key_name", &hopex.key_name, rules::validate_key_name)?;
    exact("hopex_login", &hopex.hopex_login, rules::validate_login)?;
    exact("environment_id", &hopex.environment_id, |v| {
        rules::validate_object_id("EnvironmentId", v)
    })?;
    exact("repository_id", &hopex.repository_id, |v| {
        rules::validate_object_id("RepositoryId", v)
    })?;
    exact("profile_id", &hopex.profile_id, |v| {
        rules::validate_object_id("ProfileId", v)
    })?;
    let missing = |key| {
        FieldProblem::at(key, "missing: write multi or single (session_mode), read-write or read-only (connection_mode)")
    };
    hopex.session_mode.ok_or_else(|| missing("session_mode"))?;
    let connection_mode = hopex
        .connection_mode
        .ok_or_else(|| missing("connection_mode"))?;
    rules::check_connection_mode(connection_mode, hopex.data_flow)
        .map_err(|e| FieldProblem::at("connection_mode", e))
}

fn api_key(key: &'static str, value: &str) -> Result<(), FieldProblem> {
    text(key, value)?;
    clean_api_key(value).map_err(|e| FieldProblem::at(key, e))?;
    Ok(())
}

fn servicenow_url(value: &str) -> Result<(), FieldProblem> {
    text("servicenow_url", value)?;
    let normalized =
        normalize_instance(value).map_err(|e| FieldProblem::at("servicenow_url", e))?;
    // nowkey saves the full address; a bare word here (`acme`) was written by
    // hand, or is something else pasted in the wrong place.
    if normalized != value {
        return Err(FieldProblem::at(
            "servicenow_url",
            "write the instance's full address as nowkey saves it, e.g. https://acme.service-now.com",
        ));
    }
    Ok(())
}

fn servicenow_user(value: &str) -> Result<(), FieldProblem> {
    exact("servicenow_user", value, validate_user_name)
}

/// A field whose validator trims: the value must already be what it returns, so
/// nothing around it (a line break, a space) is printed with it later.
fn exact<E: fmt::Display>(
    key: &'static str,
    value: &str,
    validate: impl Fn(&str) -> Result<String, E>,
) -> Result<(), FieldProblem> {
    text(key, value)?;
    validate(value).map_err(|e| FieldProblem::at(key, e))?;
    Ok(())
}

/// What every text field must be, whatever it holds: at most
/// [`MAX_FIELD_CHARS`] characters, no control or invisible format character
/// (an escape sequence, a line break, a zero-width space), no space around it.
fn text(key: &'static str, value: &str) -> Result<(), FieldProblem> {
    let len = value.chars().count();
    if len > MAX_FIELD_CHARS {
        return Err(FieldProblem::at(
            key,
            format!("it is {len} characters long; nowkey takes at most {MAX_FIELD_CHARS}"),
        ));
    }
    if let Some((index, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || is_invisible_format(*c))
    {
        return Err(FieldProblem::at(
            key,
            format!(
                "it contains a control character ({}) at position {}",
                visible(c),
                index + 1
            ),
        ));
    }
    if value.trim() != value {
        return Err(FieldProblem::at(
            key,
            "it has spaces around it; remove them",
        ));
    }
    Ok(())
}

/// A URL refusal's reason, without the "is not usable" framing of a client error.
fn url_reason(error: super::remote_error::ClientError) -> String {
    match error {
        super::remote_error::ClientError::BadUrl { reason } => reason,
        other => other.to_string(),
    }
}

/// Text from a file or a command line (a profile name, a key) as it may be
/// printed: control and invisible format characters escaped (`\u{1b}`), and cut
/// to 64 characters (a profile name's limit) with `…`.
pub fn shown(text: &str) -> String {
    const MAX: usize = 64;
    let mut out = String::new();
    for (index, c) in text.chars().enumerate() {
        if index == MAX {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible_format(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}
