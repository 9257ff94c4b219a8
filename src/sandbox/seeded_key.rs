//! The Hub key the sandbox's ServiceNow instance is seeded with: the key its SMS
//! connector already uses when the sandbox starts, so the simulated spoke sends
//! from the first minute, and a rotation has an old key to rotate away from.
//!
//! Like the seeded ServiceNow users, it is fixed and printed in the docs on
//! purpose (it is worthless anywhere but on a sandbox). Unlike the keys made
//! through `POST /_sandbox/hub/keys`, it is **not listed**: neither
//! `GET /_sandbox/hub/keys` nor the demo's panel ([`Sandbox::hub_pairs`](super::Sandbox::hub_pairs))
//! show it, and the world file keeps it only as "deleted or not" (it is a
//! constant). It is accepted at once, whatever the activation delay, and
//! `DELETE /_sandbox/hub/keys/{api_key}` deletes it like any other key.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// A Hub key pair fixed in the sandbox's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeededHubKey {
    /// The key id (20 upper-case letters and digits, like a minted one).
    pub api_key: &'static str,
    /// The sandbox-only secret (30 letters and digits).
    pub api_secret: &'static str,
}

impl SeededHubKey {
    /// The spoke's token: standard base64 of `api_key:api_secret`.
    pub fn token(&self) -> String {
        STANDARD.encode(format!("{}:{}", self.api_key, self.api_secret))
    }
}

/// The key the seeded ServiceNow credential (`SMS Hub API key`) and the seeded
/// Environment Registration record hold when the sandbox starts.
pub const SEEDED_HUB_KEY: SeededHubKey = SeededHubKey {
    api_key: "NKDEMOSEEDEDKEY00001",
    api_secret: "SeededSandboxSecretNotReal0001",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_key_has_a_minted_keys_shape() {
        assert_eq!(SEEDED_HUB_KEY.api_key.len(), 20);
        assert!(SEEDED_HUB_KEY
            .api_key
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(SEEDED_HUB_KEY.api_secret.len(), 30);
        assert!(SEEDED_HUB_KEY
            .api_secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric()));
        let decoded = STANDARD.decode(SEEDED_HUB_KEY.token()).expect("base64");
        assert_eq!(
            decoded,
            format!("{}:{}", SEEDED_HUB_KEY.api_key, SEEDED_HUB_KEY.api_secret).as_bytes()
        );
    }
}
