//! The secrets `nowkey check` may keep in the OS keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), through the `keyring` crate.
//!
//! One entry per profile and secret: service `nowkey`, account
//! `<profile>/<secret>` (e.g. `prod/hub_api_secret`). Every call runs on its own
//! thread and is given up after a short timeout (see `deadline.rs`), because a
//! Secret Service can hang on a locked keyring or a dead daemon. When the keyring
//! cannot be used the caller gets a [`KeyringError`] and asks for the secret
//! another way: nowkey never falls back to a plaintext file.
//!
//! The calls block for at most the timeout; from async code run them with
//! `tokio::task::spawn_blocking`.

mod deadline;
mod error;

use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use zeroize::{Zeroize, Zeroizing};

use crate::domain::profile::{validate_profile_name, ProfileNameError};
use deadline::call_with_deadline;
use error::short_detail;
pub use error::KeyringError;

/// The keyring service nowkey's entries live under.
pub const KEYRING_SERVICE: &str = "nowkey";

/// How long one keyring call may take before nowkey gives up on it.
pub const DEFAULT_KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// Abandoned calls still running, for the whole process: the platform store is a
/// process-wide singleton, so one stuck call blocks every handle.
static STUCK: AtomicUsize = AtomicUsize::new(0);

/// A secret a profile may keep in the keyring (one definition, in the domain).
pub use crate::domain::check::secrets::SecretKind;

/// A handle on nowkey's entries in the OS keyring. Cheap to clone; holds no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretKeyring {
    service: String,
    timeout: Duration,
}

impl Default for SecretKeyring {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretKeyring {
    /// nowkey's own entries (service [`KEYRING_SERVICE`]), with the default timeout.
    pub fn new() -> Self {
        Self::with_service(KEYRING_SERVICE)
    }

    /// Entries under another service name (non-empty), so tests never touch an
    /// operator's real entries.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            timeout: DEFAULT_KEYRING_TIMEOUT,
        }
    }

    /// The same handle with another timeout per call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The service name of the entries.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The timeout of each call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The account of `kind` for `profile`: `<profile>/<suffix>`, once the name
    /// passes the same check as everywhere else in nowkey (so it cannot hold a
    /// `/` and two profiles can never share an account).
    pub fn account(profile: &str, kind: SecretKind) -> Result<String, KeyringError> {
        check_profile(profile)?;
        Ok(format!("{profile}/{}", kind.account_suffix()))
    }

    /// The secret `kind` of `profile`: `Ok(None)` when the keyring has no entry.
    pub fn get(
        &self,
        profile: &str,
        kind: SecretKind,
    ) -> Result<Option<SecretString>, KeyringError> {
        let account = Self::account(profile, kind)?;
        let service = self.service.clone();
        call_with_deadline(self.timeout, &STUCK, move || {
            let entry = open(&service, &account)?;
            match entry.get_password() {
                Ok(text) => {
                    // `From<&str>` copies into an exact-size box; the String the
                    // platform handed us is wiped here rather than just freed.
                    let text = Zeroizing::new(text);
                    Ok(Some(SecretString::from(text.as_str())))
                }
                Err(::keyring::Error::NoEntry) => Ok(None),
                Err(err) => Err(classify(err, &account, None)),
            }
        })
    }

    /// Saves `secret` as `kind` of `profile`, replacing any earlier value.
    pub fn set(
        &self,
        profile: &str,
        kind: SecretKind,
        secret: &SecretString,
    ) -> Result<(), KeyringError> {
        let account = Self::account(profile, kind)?;
        let service = self.service.clone();
        // The copy moves to the worker and zeroizes itself when dropped, even if
        // the call is abandoned.
        let secret = secret.clone();
        call_with_deadline(self.timeout, &STUCK, move || {
            let entry = open(&service, &account)?;
            let text = secret.expose_secret();
            let result = match entry.set_password(text) {
                // Duplicates made by another tool: replace them all with one entry.
                Err(::keyring::Error::Ambiguous(_)) => {
                    delete_entry(&entry).and_then(|_| entry.set_password(text))
                }
                other => other,
            };
            result.map_err(|err| classify(err, &account, Some(text)))
        })
    }

    /// Deletes the secret `kind` of `profile`. Returns whether there was one.
    pub fn delete(&self, profile: &str, kind: SecretKind) -> Result<bool, KeyringError> {
        let account = Self::account(profile, kind)?;
        let service = self.service.clone();
        call_with_deadline(self.timeout, &STUCK, move || {
            let entry = open(&service, &account)?;
            delete_entry(&entry).map_err(|err| classify(err, &account, None))
        })
    }

    /// Deletes every secret of `profile`, in one call under one timeout. Returns
    /// the kinds that had an entry.
    pub fn delete_all(&self, profile: &str) -> Result<Vec<SecretKind>, KeyringError> {
        let accounts = SecretKind::ALL
            .into_iter()
            .map(|kind| Ok((kind, Self::account(profile, kind)?)))
            .collect::<Result<Vec<_>, KeyringError>>()?;
        let service = self.service.clone();
        call_with_deadline(self.timeout, &STUCK, move || {
            let mut deleted = Vec::new();
            for (kind, account) in accounts {
                let entry = open(&service, &account)?;
                if delete_entry(&entry).map_err(|err| classify(err, &account, None))? {
                    deleted.push(kind);
                }
            }
            Ok(deleted)
        })
    }
}

/// Refuses what the rest of nowkey refuses, including outer spaces (which
/// `validate_profile_name` would trim away, so two names would share an account).
fn check_profile(name: &str) -> Result<(), KeyringError> {
    match validate_profile_name(name) {
        Ok(clean) if clean == name => Ok(()),
        Ok(_) => Err(KeyringError::BadProfileName {
            name: name.to_owned(),
            reason: ProfileNameError::BadCharacter(' '),
        }),
        Err(reason) => Err(KeyringError::BadProfileName {
            name: name.to_owned(),
            reason,
        }),
    }
}

/// The entry, once the platform store is known to be there. The first call in a
/// process connects to the store (on Linux: the D-Bus session bus), which is why
/// this runs on the worker thread.
fn open(service: &str, account: &str) -> Result<::keyring::Entry, KeyringError> {
    if let Err(err) = ::keyring::Entry::store_status() {
        return Err(unavailable(err));
    }
    ::keyring::Entry::new(service, account).map_err(|err| classify(err, account, None))
}

/// Deletes the entry, and every duplicate of it: `Ok(false)` when there was none.
fn delete_entry(entry: &::keyring::Entry) -> Result<bool, ::keyring::Error> {
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(::keyring::Error::NoEntry) => Ok(false),
        Err(::keyring::Error::Ambiguous(duplicates)) => {
            for duplicate in duplicates {
                match duplicate.delete_credential() {
                    Ok(()) | Err(::keyring::Error::NoEntry) => {}
                    Err(err) => return Err(err),
                }
            }
            Ok(true)
        }
        Err(err) => Err(err),
    }
}

/// The platform store could not be set up at all.
fn unavailable(err: &::keyring::Error) -> KeyringError {
    let text = match err {
        ::keyring::Error::PlatformFailure(inner) | ::keyring::Error::NoStorageAccess(inner) => {
            inner.to_string()
        }
        other => other.to_string(),
    };
    KeyringError::Unavailable {
        detail: unavailable_detail(&text),
    }
}

/// What to tell a person about a store that is not there. On Linux the words
/// of `secret-service` and `zbus` are matched to say which half is missing (the
/// session bus, or the Secret Service on it); unknown words fall back to a
/// phrase that covers both, plus the platform's text.
fn unavailable_detail(text: &str) -> String {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return short_detail(text, None);
    }
    if let Some(address) = text
        .split_once("connect to address `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(address, _)| address)
    {
        format!("no D-Bus session bus at {address}, so no Secret Service")
    } else if text.contains("no secret service provider or dbus session found") {
        "no D-Bus session bus, or no Secret Service on it".to_owned()
    } else if is_no_service(text) {
        "no Secret Service on the D-Bus session bus".to_owned()
    } else {
        format!(
            "no Secret Service reachable on the D-Bus session bus: {}",
            short_detail(text, None)
        )
    }
}

/// Whether a platform failure means the store is not there at all.
fn is_unavailable(text: &str) -> bool {
    is_no_service(text)
        || text.contains("connect to address `")
        || text.contains("no secret service provider or dbus session found")
}

/// Whether the bus said nobody provides the Secret Service (and none can be
/// started), e.g. after the daemon went away mid-run.
fn is_no_service(text: &str) -> bool {
    text.contains("ServiceUnknown") || text.contains("not provided by any .service")
}

/// Turns a `keyring` error into ours. `secret`, when known, is redacted from
/// the platform's text; entry contents carried by an error are wiped.
fn classify(err: ::keyring::Error, account: &str, secret: Option<&str>) -> KeyringError {
    use ::keyring::Error as E;
    match err {
        E::NoStorageAccess(inner) => KeyringError::Locked {
            detail: short_detail(&inner.to_string(), secret),
        },
        E::PlatformFailure(inner) => {
            let text = inner.to_string();
            if is_unavailable(&text) {
                KeyringError::Unavailable {
                    detail: unavailable_detail(&text),
                }
            } else {
                KeyringError::Platform {
                    detail: short_detail(&text, secret),
                }
            }
        }
        E::NoDefaultStore => KeyringError::Unavailable {
            detail: "the platform's keyring could not be opened".to_owned(),
        },
        E::BadEncoding(mut bytes) | E::BadDataFormat(mut bytes, _) => {
            bytes.zeroize();
            KeyringError::Unreadable {
                account: account.to_owned(),
            }
        }
        E::Ambiguous(entries) => KeyringError::Ambiguous {
            account: account.to_owned(),
            count: entries.len(),
        },
        other => KeyringError::Platform {
            detail: short_detail(&other.to_string(), secret),
        },
    }
}

#[cfg(test)]
mod tests;
