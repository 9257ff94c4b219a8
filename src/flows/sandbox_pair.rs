//! The demo sandbox's Hub key pair, as the setup and rotation flows hold it after
//! `k`/F3 made one, and F2, which pastes it: the same key does the same thing in
//! both flows (both fields, whichever is focused).

use secrecy::{ExposeSecret, SecretString};

use super::form::Form;
use crate::domain::untrusted::clean_line;

/// The F2 binding's label in the key bar.
pub const PASTE_LABEL: &str = "paste sandbox key";

/// The F2 binding's line in the help overlay.
pub const PASTE_HELP: &str =
    "Sandbox only: paste the key and secret the sandbox just made into their two fields.";

/// A key pair the sandbox made: its id and its secret (handed out at creation,
/// as the Hub's Create Key does; the demo's sandbox also keeps its own keys in
/// its world file, so its panel can list them later).
#[derive(Debug, Clone)]
pub struct SandboxPair {
    /// The API key.
    pub key: String,
    /// The API secret.
    pub secret: SecretString,
}

impl From<(String, SecretString)> for SandboxPair {
    /// A pair as the sandbox's admin endpoint answered it: an answer from a
    /// server, so cleaned for the screen here, where it enters the flows.
    fn from((key, secret): (String, SecretString)) -> Self {
        Self {
            key: clean_line(&key),
            secret: clean_line(secret.expose_secret()).into(),
        }
    }
}

impl SandboxPair {
    /// The pair of `key` among `pairs`, if the sandbox made that key.
    pub fn of_key<'a>(pairs: &'a [SandboxPair], key: &str) -> Option<&'a SandboxPair> {
        pairs.iter().find(|pair| pair.key == key)
    }

    /// Fills a key form's key field (`key_field`) and secret field
    /// (`secret_field`) with the pair, leaving the focus where it was.
    pub fn paste_into(&self, form: &mut Form, key_field: usize, secret_field: usize) {
        form.set_text(key_field, &self.key);
        form.set_text(secret_field, self.secret.expose_secret());
    }
}

/// A key pair the demo sandbox made, in this run or an earlier one (the demo's
/// world is kept on disk), with when it was made: what the demo's panel lists,
/// so a profile rotated yesterday can still be validated with its secret.
#[derive(Debug)]
pub struct DemoKeyPair {
    /// The key and its secret.
    pub pair: SandboxPair,
    /// When the sandbox made it.
    pub created: chrono::DateTime<chrono::Utc>,
}
