//! Where non-interactive commands get credentials: flags for the (non-secret) key,
//! and the environment, stdin or a hidden prompt for the secret, never argv.

use std::io::{BufRead, IsTerminal};

use zeroize::Zeroizing;

use super::exit::CommandError;
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::token::{ApiKey, ApiSecret};

/// Environment variable for the API key.
pub const KEY_ENV: &str = "NOWKEY_HUB_API_KEY";
/// Environment variable for the API secret.
pub const SECRET_ENV: &str = "NOWKEY_HUB_API_SECRET";

/// The API key from the flag, then `saved` (a profile's key), then the
/// environment, then a prompt on a terminal. A saved profile beats the
/// environment: a variable left set for another Hub must not replace its key.
pub fn api_key(flag: Option<&str>, saved: Option<&str>) -> Result<ApiKey, CommandError> {
    let from_env = std::env::var(KEY_ENV).ok();
    let raw = match flag.or(saved).or(from_env.as_deref()) {
        Some(raw) => raw.to_owned(),
        None if std::io::stdin().is_terminal() => {
            eprint!("API key: ");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CommandError::usage(format!("Could not read the API key: {e}.")))?;
            line
        }
        None => {
            return Err(CommandError::usage(format!(
                "Give the API key with --key or {KEY_ENV}."
            )))
        }
    };
    clean_api_key(&raw).map_err(|e| CommandError::usage(e.to_string()))
}

/// The most of stdin read for a secret's line: a secret is at most 256
/// characters, so anything longer is not one.
pub const MAX_SECRET_LINE_BYTES: usize = 4096;

/// The first line of `input`, read no further than `limit` bytes: past it, an
/// input error that quotes nothing.
pub fn first_line_bounded(
    input: impl BufRead,
    limit: usize,
) -> Result<Zeroizing<String>, CommandError> {
    let mut line = Zeroizing::new(Vec::new());
    input
        .take(limit as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| {
            CommandError::usage(format!("Could not read the API secret from stdin: {e}."))
        })?;
    if line.len() > limit {
        return Err(CommandError::usage(format!(
            "The first line of stdin is too long (over {limit} bytes) to be an API secret, which is at most 256 characters: pipe only the secret."
        )));
    }
    match std::str::from_utf8(&line) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err(CommandError::usage(
            "The API secret on stdin is not UTF-8 text: pipe it as UTF-8.",
        )),
    }
}

/// The API secret from the environment, else the first line of stdin when it is not
/// a terminal, else a hidden prompt.
pub fn api_secret() -> Result<ApiSecret, CommandError> {
    let raw: Zeroizing<String> = if let Some(value) = super::check::secrets::env_secret(SECRET_ENV)?
    {
        value
    } else if !std::io::stdin().is_terminal() {
        first_line_bounded(std::io::stdin().lock(), MAX_SECRET_LINE_BYTES)?
    } else {
        Zeroizing::new(
            rpassword::prompt_password("API secret (hidden): ")
                .map_err(|e| CommandError::usage(format!("Could not read the API secret: {e}.")))?,
        )
    };
    if raw.is_empty() {
        return Err(CommandError::usage(format!(
            "No API secret: set {SECRET_ENV}, pipe it on stdin, or run in a terminal to be asked."
        )));
    }
    clean_api_secret(&raw).map_err(|e| CommandError::usage(e.to_string()))
}
