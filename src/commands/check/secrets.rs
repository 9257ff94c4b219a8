//! Where `nowkey check` finds each profile's secrets, in order: stdin (with
//! `--secrets-stdin`), the environment (when one profile is checked), the OS
//! keyring, then a hidden prompt on a terminal. Never a file.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::commands::exit::CommandError;
use crate::domain::check::secrets::{
    CheckSecrets, HOPEX_KEY_ENV, HUB_SECRET_ENV, SERVICENOW_CLIENT_SECRET_ENV,
    SERVICENOW_PASSWORD_ENV,
};
use crate::domain::paste::clean_api_secret;
use crate::domain::profile::Profile;

/// Where a secret came from (reported, never the secret itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `--secrets-stdin`.
    Stdin,
    /// An environment variable.
    Environment,
    /// The OS keyring.
    Keyring,
    /// The hidden prompt.
    Prompt,
}

/// Which secret: the one definition, shared with the keyring and the TUI.
pub use crate::domain::check::secrets::SecretKind as Kind;

/// The environment variable that gives `kind`.
pub fn env_var(kind: Kind) -> &'static str {
    match kind {
        Kind::HubApiSecret => HUB_SECRET_ENV,
        Kind::ServiceNowPassword => SERVICENOW_PASSWORD_ENV,
        Kind::ServiceNowClientSecret => SERVICENOW_CLIENT_SECRET_ENV,
        Kind::HopexApiKey => HOPEX_KEY_ENV,
    }
}

/// The most `--secrets-stdin` reads: four secrets of at most 256 characters for
/// each of many profiles fit many times over.
pub const MAX_STDIN_BYTES: usize = 1024 * 1024;

/// Reads all of `input` as UTF-8, at most `limit` bytes, into memory that is
/// wiped when dropped. Past the limit, or not UTF-8: an input error that quotes
/// nothing (the input holds secrets).
pub fn read_bounded(
    input: impl Read,
    limit: usize,
    what: &str,
) -> Result<Zeroizing<String>, CommandError> {
    let mut bytes = Zeroizing::new(Vec::new());
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CommandError::usage(format!("{what}: could not read stdin ({e}).")))?;
    if bytes.len() > limit {
        return Err(CommandError::usage(format!(
            "{what}: stdin holds more than {} KiB, far more than secrets need: give only the secrets.",
            limit / 1024
        )));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(e) => Err(CommandError::usage(format!(
            "{what}: stdin is not UTF-8 text (invalid byte at offset {}): give the secrets as UTF-8.",
            e.valid_up_to()
        ))),
    }
}

/// One profile's secrets from stdin.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StdinEntry {
    hub_api_secret: Option<SecretString>,
    servicenow_password: Option<SecretString>,
    servicenow_client_secret: Option<SecretString>,
    hopex_api_key: Option<SecretString>,
}

/// Secrets read from stdin, by profile.
#[derive(Default)]
pub struct StdinSecrets(HashMap<String, StdinEntry>);

impl StdinSecrets {
    /// Reads one JSON object `{"<profile>": {"hub_api_secret": …, …}}` from stdin.
    /// The parse error never quotes the input, which holds secrets.
    pub fn read() -> Result<Self, CommandError> {
        let text = read_bounded(std::io::stdin().lock(), MAX_STDIN_BYTES, "--secrets-stdin")?;
        Self::parse(&text)
    }

    /// The profiles the document gives secrets for that are not among `saved`
    /// (a typo such as `prd` for `prod` would otherwise leave its checks unknown
    /// without a word).
    pub fn unknown_profiles(&self, saved: &[&str]) -> Vec<String> {
        let mut unknown: Vec<String> = self
            .0
            .keys()
            .filter(|name| !saved.contains(&name.as_str()))
            .map(|name| crate::domain::untrusted::clean_line(name))
            .collect();
        unknown.sort();
        unknown
    }

    /// Parses the document; see [`StdinSecrets::read`].
    pub fn parse(text: &str) -> Result<Self, CommandError> {
        serde_json::from_str::<HashMap<String, StdinEntry>>(text)
            .map(StdinSecrets)
            .map_err(|e| {
                CommandError::usage(format!(
                    "--secrets-stdin: stdin is not the expected JSON (line {}, column {}: {}); give {{\"<profile>\": {{\"hub_api_secret\": \"…\", \"servicenow_password\": \"…\", \"servicenow_client_secret\": \"…\", \"hopex_api_key\": \"…\"}}}}.",
                    e.line(),
                    e.column(),
                    match e.classify() {
                        serde_json::error::Category::Syntax => "not valid JSON",
                        serde_json::error::Category::Eof => "it ends too early",
                        serde_json::error::Category::Data => "an unknown field or a value that is not a string",
                        serde_json::error::Category::Io => "read error",
                    }
                ))
            })
    }

    fn take(&self, profile: &str, kind: Kind) -> Option<&SecretString> {
        let entry = self.0.get(profile)?;
        match kind {
            Kind::HubApiSecret => entry.hub_api_secret.as_ref(),
            Kind::ServiceNowPassword => entry.servicenow_password.as_ref(),
            Kind::ServiceNowClientSecret => entry.servicenow_client_secret.as_ref(),
            Kind::HopexApiKey => entry.hopex_api_key.as_ref(),
        }
    }
}

/// Looks a secret up in the OS keyring: `Ok(None)` when it holds none.
pub type KeyringLookup<'a> = &'a dyn Fn(&str, Kind) -> Option<SecretString>;

/// What was found for one profile, and where from.
#[derive(Debug, Default)]
pub struct Found {
    /// The secrets.
    pub secrets: CheckSecrets,
    /// Where each one came from.
    pub sources: Vec<(Kind, Source)>,
}

impl Found {
    /// Where `kind` came from, if it was given.
    pub fn source(&self, kind: Kind) -> Option<Source> {
        self.sources
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, s)| *s)
    }
}

/// How to look for secrets.
pub struct Lookup<'a> {
    /// From `--secrets-stdin`.
    pub stdin: Option<&'a StdinSecrets>,
    /// Whether the environment applies (one profile checked).
    pub environment: bool,
    /// The keyring, unless `--no-keyring`.
    pub keyring: Option<KeyringLookup<'a>>,
    /// Whether to ask on the terminal.
    pub prompt: bool,
}

/// Finds the secrets `profile` needs.
pub fn find_secrets(
    name: &str,
    profile: &Profile,
    lookup: &Lookup<'_>,
) -> Result<Found, CommandError> {
    let mut found = Found::default();
    for kind in Kind::ALL.into_iter().filter(|k| k.needed_by(profile)) {
        let Some((value, source)) = find_one(name, kind, lookup)? else {
            continue;
        };
        let bad = |e: &dyn std::fmt::Display| {
            CommandError::usage(format!(
                "The {} for {name} (from {}): {e}",
                kind.label(),
                source_words(source)
            ))
        };
        match kind {
            Kind::HubApiSecret => {
                found.secrets.hub_api_secret = Some(clean_api_secret(&value).map_err(|e| bad(&e))?);
            }
            Kind::ServiceNowPassword => {
                let password = value.trim_end_matches(['\r', '\n']);
                if password.is_empty() {
                    continue;
                }
                found.secrets.servicenow_password = Some(SecretString::from(password.to_owned()));
            }
            Kind::ServiceNowClientSecret => {
                // Application Registry secrets are generated: no space is part of one.
                let secret = value.trim();
                if secret.is_empty() {
                    continue;
                }
                found.secrets.servicenow_client_secret =
                    Some(SecretString::from(secret.to_owned()));
            }
            Kind::HopexApiKey => {
                let key = value.trim();
                if key.is_empty() {
                    continue;
                }
                found.secrets.hopex_api_key = Some(SecretString::from(key.to_owned()));
            }
        }
        found.sources.push((kind, source));
    }
    Ok(found)
}

fn find_one(
    name: &str,
    kind: Kind,
    lookup: &Lookup<'_>,
) -> Result<Option<(Zeroizing<String>, Source)>, CommandError> {
    if let Some(value) = lookup.stdin.and_then(|s| s.take(name, kind)) {
        return Ok(Some((
            Zeroizing::new(value.expose_secret().to_owned()),
            Source::Stdin,
        )));
    }
    if lookup.environment {
        if let Some(value) = env_secret(env_var(kind))? {
            return Ok(Some((value, Source::Environment)));
        }
    }
    if let Some(keyring) = lookup.keyring {
        if let Some(value) = keyring(name, kind) {
            return Ok(Some((
                Zeroizing::new(value.expose_secret().to_owned()),
                Source::Keyring,
            )));
        }
    }
    if lookup.prompt && std::io::stdin().is_terminal() {
        let answer = rpassword::prompt_password(format!(
            "{} for {name} (hidden; Enter leaves its checks unknown): ",
            kind.label()
        ))
        .map_err(|e| CommandError::usage(format!("Could not read the {}: {e}.", kind.label())))?;
        let answer = Zeroizing::new(answer);
        if !answer.trim().is_empty() {
            return Ok(Some((answer, Source::Prompt)));
        }
    }
    Ok(None)
}

/// A secret from the environment variable `name`: `None` when unset or empty; an
/// input error when it is not UTF-8 (it was given, so "not given" would be false).
pub fn env_secret(name: &str) -> Result<Option<Zeroizing<String>>, CommandError> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(Zeroizing::new(value))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(CommandError::usage(format!(
            "{name} is set but is not valid UTF-8 text: set it to the secret as UTF-8, or unset it."
        ))),
    }
}

/// Words for a source, in messages.
pub fn source_words(source: Source) -> &'static str {
    match source {
        Source::Stdin => "stdin",
        Source::Environment => "the environment",
        Source::Keyring => "the OS keyring",
        Source::Prompt => "the prompt",
    }
}
