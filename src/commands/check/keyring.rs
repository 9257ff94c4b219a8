//! The OS keyring for `nowkey check`: looking up secrets nobody gave, and keeping
//! the ones that passed their checks (`--save-to-keyring`). Never a file.

use std::cell::Cell;

use secrecy::SecretString;

use super::output::Checked;
use super::secrets::{Kind, Source};
use crate::commands::exit::CommandError;
use crate::domain::check::{CheckId, Outcome};
use crate::store::{KeyringError, SecretKeyring};

/// The keyring, when not turned off with `--no-keyring`.
pub struct Keyring {
    store: SecretKeyring,
    /// Set once the keyring has failed: later lookups are not tried again (a hung
    /// Secret Service would otherwise cost its timeout per secret).
    broken: Cell<bool>,
}

impl Keyring {
    /// The keyring unless `off`.
    pub fn unless(off: bool) -> Option<Self> {
        (!off).then(|| Keyring {
            store: SecretKeyring::new(),
            broken: Cell::new(false),
        })
    }

    /// Looks one secret up; `None` when absent or the keyring cannot be reached
    /// (then the check asks or skips, as if no keyring were there).
    pub fn get(&self, profile: &str, kind: Kind) -> Option<SecretString> {
        if self.broken.get() {
            return None;
        }
        match self.store.get(profile, kind) {
            Ok(found) => found,
            Err(error) => {
                tracing::info!("keyring lookup skipped: {}", error.what());
                self.broken.set(true);
                None
            }
        }
    }
}

/// The checks that prove a secret right.
fn proving_check(kind: Kind) -> CheckId {
    match kind {
        Kind::HubApiSecret => CheckId::HubCredentials,
        Kind::ServiceNowPassword | Kind::ServiceNowClientSecret => CheckId::ServiceNowCredentials,
        Kind::HopexApiKey => CheckId::HopexKey,
    }
}

/// Keeps each secret that was given (not already from the keyring) and whose
/// checks passed, saying on stderr what was kept and what was not.
pub fn save_passed(keyring: Option<&Keyring>, checked: &[Checked<'_>]) -> Result<(), CommandError> {
    let Some(keyring) = keyring else {
        return Ok(());
    };
    for c in checked {
        for kind in Kind::ALL {
            let Some(source) = c.found.source(kind) else {
                continue;
            };
            if source == Source::Keyring {
                continue;
            }
            let proving: Vec<Outcome> = c
                .results
                .iter()
                .filter(|r| r.id == proving_check(kind))
                .map(|r| r.outcome)
                .collect();
            let proven = !proving.is_empty()
                && proving
                    .iter()
                    .all(|o| matches!(o, Outcome::Pass | Outcome::Warn));
            if !proven {
                eprintln!(
                    "Not kept in the OS keyring: the {} of {} did not pass its check.",
                    kind.label(),
                    c.name
                );
                continue;
            }
            let secret = match kind {
                Kind::HubApiSecret => c
                    .found
                    .secrets
                    .hub_api_secret
                    .as_ref()
                    .map(|s| SecretString::from(s.expose().to_owned())),
                Kind::ServiceNowPassword => c.found.secrets.servicenow_password.clone(),
                Kind::ServiceNowClientSecret => c.found.secrets.servicenow_client_secret.clone(),
                Kind::HopexApiKey => c.found.secrets.hopex_api_key.clone(),
            };
            let Some(secret) = secret else {
                continue;
            };
            keyring
                .store
                .set(c.name, kind, &secret)
                .map_err(|error| keyring_failed(&error))?;
            eprintln!("Kept the {} of {} in the OS keyring.", kind.label(), c.name);
        }
    }
    Ok(())
}

fn keyring_failed(error: &KeyringError) -> CommandError {
    CommandError::usage(format!("--save-to-keyring: {error}"))
}
