//! The OS keyring for `nowkey check`: looking secrets up, and keeping the ones that
//! passed. Wired to `crate::store::keyring` when that lands.

use secrecy::SecretString;

use super::output::Checked;
use super::secrets::Kind;
use crate::commands::exit::CommandError;

/// The keyring, when not turned off.
pub struct Keyring;

impl Keyring {
    /// The keyring unless `off`.
    pub fn unless(off: bool) -> Option<Self> {
        (!off).then_some(Keyring)
    }

    /// Looks one secret up; `None` when absent or the keyring cannot be reached.
    pub fn get(&self, _profile: &str, _kind: Kind) -> Option<SecretString> {
        None
    }
}

/// Keeps the secrets whose checks passed.
pub fn save_passed(
    _keyring: Option<&Keyring>,
    _checked: &[Checked<'_>],
) -> Result<(), CommandError> {
    Err(CommandError::usage("--save-to-keyring: not built yet"))
}
