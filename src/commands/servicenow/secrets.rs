//! The secrets `nowkey servicenow` needs, never from the command line: the Hub
//! secret from `NOWKEY_HUB_API_SECRET` or a hidden prompt; the admin password
//! from `NOWKEY_SERVICENOW_ADMIN_PASSWORD` or a hidden prompt; or both as one
//! JSON document with `--secrets-stdin`.

use std::io::IsTerminal;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::commands::check::secrets::{env_secret, read_bounded, MAX_STDIN_BYTES};
use crate::commands::exit::CommandError;
use crate::domain::check::secrets::HUB_SECRET_ENV;

/// Environment variable for the admin's password.
pub const ADMIN_PASSWORD_ENV: &str = "NOWKEY_SERVICENOW_ADMIN_PASSWORD";

/// The `--secrets-stdin` document.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StdinDocument {
    hub_api_secret: Option<SecretString>,
    servicenow_admin_password: Option<SecretString>,
}

impl StdinDocument {
    /// Reads and parses stdin; the error never quotes it.
    pub fn read() -> Result<Self, CommandError> {
        let text = read_bounded(std::io::stdin().lock(), MAX_STDIN_BYTES, "--secrets-stdin")?;
        Self::parse(&text)
    }

    /// Parses the document.
    pub fn parse(text: &str) -> Result<Self, CommandError> {
        serde_json::from_str(text).map_err(|e| {
            CommandError::usage(format!(
                "--secrets-stdin: stdin is not the expected JSON (line {}, column {}); give {{\"hub_api_secret\": \"…\", \"servicenow_admin_password\": \"…\"}}.",
                e.line(),
                e.column()
            ))
        })
    }
}

/// One secret: from the stdin document when given, else the environment, else a
/// hidden prompt on a terminal.
fn secret(
    from_stdin: Option<&SecretString>,
    stdin_given: bool,
    env: &str,
    prompt: &str,
    what: &str,
    json_field: &str,
) -> Result<SecretString, CommandError> {
    if stdin_given {
        return match from_stdin {
            Some(value) if !value.expose_secret().is_empty() => Ok(value.clone()),
            _ => Err(CommandError::usage(format!(
                "--secrets-stdin: the document has no {json_field}: add it."
            ))),
        };
    }
    if let Some(value) = env_secret(env)? {
        return Ok(SecretString::from(value.to_string()));
    }
    if std::io::stdin().is_terminal() {
        let answer = Zeroizing::new(
            rpassword::prompt_password(prompt)
                .map_err(|e| CommandError::usage(format!("Could not read {what}: {e}.")))?,
        );
        if !answer.is_empty() {
            return Ok(SecretString::from(answer.to_string()));
        }
    }
    Err(CommandError::usage(format!(
        "No {what}: set {env}, give it with --secrets-stdin, or run in a terminal to be asked."
    )))
}

/// The admin's password.
pub fn admin_password(stdin: Option<&StdinDocument>) -> Result<SecretString, CommandError> {
    secret(
        stdin.and_then(|d| d.servicenow_admin_password.as_ref()),
        stdin.is_some(),
        ADMIN_PASSWORD_ENV,
        "ServiceNow admin password (hidden): ",
        "ServiceNow admin password",
        "servicenow_admin_password",
    )
}

/// The Hub API secret.
pub fn hub_secret(stdin: Option<&StdinDocument>) -> Result<SecretString, CommandError> {
    secret(
        stdin.and_then(|d| d.hub_api_secret.as_ref()),
        stdin.is_some(),
        HUB_SECRET_ENV,
        "Hub API secret (hidden): ",
        "Hub API secret",
        "hub_api_secret",
    )
}
