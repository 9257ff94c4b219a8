//! A read-only view of the Hub key pairs the sandbox has made, secrets
//! included, for the demo's panel: the real Hub shows a secret once, but these
//! are throwaway sandbox credentials, and a demo profile rotated yesterday is
//! only useful if its secret can still be found today.

use std::fmt;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::state::{lock, Shared};

/// One Hub key pair the sandbox made (in this run or, with a world file, an
/// earlier one).
#[derive(Clone)]
pub struct HubPair {
    /// The API key (the Basic-auth user name).
    pub api_key: String,
    /// The API secret (the Basic-auth password).
    pub api_secret: SecretString,
    /// When the sandbox made it.
    pub created: DateTime<Utc>,
    /// The label given at creation, if any.
    pub label: Option<String>,
}

impl fmt::Debug for HubPair {
    /// Everything but the secret, so a pair can be logged.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubPair")
            .field("api_key", &self.api_key)
            .field("api_secret", &"[redacted]")
            .field("created", &self.created)
            .field("label", &self.label)
            .finish()
    }
}

/// A cheap, cloneable handle on a sandbox's key pairs (see
/// [`Sandbox::pairs_view`](super::Sandbox::pairs_view)): the demo's screens read
/// it without holding the [`Sandbox`](super::Sandbox). It stays valid after the
/// sandbox stops, showing the pairs as they were.
#[derive(Clone)]
pub struct SandboxPairs {
    state: Shared,
}

impl SandboxPairs {
    pub(crate) fn new(state: Shared) -> Self {
        Self { state }
    }

    /// Every Hub key pair the sandbox holds, newest first.
    pub fn hub_pairs(&self) -> Vec<HubPair> {
        lock(&self.state.keys).pairs()
    }
}

impl fmt::Debug for SandboxPairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxPairs").finish_non_exhaustive()
    }
}
