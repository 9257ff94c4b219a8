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

/// The API secret from the environment, else the first line of stdin when it is not
/// a terminal, else a hidden prompt.
pub fn api_secret() -> Result<ApiSecret, CommandError> {
    let raw: Zeroizing<String> = if let Ok(value) = std::env::var(SECRET_ENV) {
        Zeroizing::new(value)
    } else if !std::io::stdin().is_terminal() {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            CommandError::usage(format!("Could not read the API secret from stdin: {e}."))
        })?;
        line
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
