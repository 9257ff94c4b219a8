//! Which credential a rotation replaces. One rotation machine serves both: the
//! phases, the journal, the lock and the invariant are the same; only the words
//! and the steps in the middle differ.

use serde::{Deserialize, Serialize};

/// The kind of key a rotation replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Credential {
    /// An SMS Hub API key (key id and secret), used by ServiceNow's SMS spoke.
    /// Journals written before HOPEX keys could be rotated have no
    /// `credential` line and are read as this.
    #[default]
    HubKey,
    /// A HOPEX API key, used by HOPEX's ServiceNow module. The key itself is
    /// the secret; a rotation names it by its name in HOPEX.
    HopexKey,
}

impl Credential {
    /// True for [`Credential::HubKey`], so a Hub journal leaves the line out.
    pub fn is_hub(&self) -> bool {
        *self == Credential::HubKey
    }

    /// Who issues, accepts and revokes the key: "the Hub", "HOPEX".
    pub fn issuer(self) -> &'static str {
        match self {
            Credential::HubKey => "the Hub",
            Credential::HopexKey => "HOPEX",
        }
    }

    /// Where the integration reads the key: "ServiceNow", "HOPEX's ServiceNow
    /// module".
    pub fn consumer(self) -> &'static str {
        match self {
            Credential::HubKey => "ServiceNow",
            Credential::HopexKey => "HOPEX's ServiceNow module",
        }
    }

    /// What the key is called in a sentence: "SMS Hub API key", "HOPEX API key".
    pub fn noun(self) -> &'static str {
        match self {
            Credential::HubKey => "SMS Hub API key",
            Credential::HopexKey => "HOPEX API key",
        }
    }

    /// How the key is named: by its id in the Hub, by its name in HOPEX.
    pub fn key_label(self) -> &'static str {
        match self {
            Credential::HubKey => "key",
            Credential::HopexKey => "key named",
        }
    }
}
