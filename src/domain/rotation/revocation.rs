//! What nowkey knows about the old key once the operator says it is deleted.
//!
//! Deleting a key happens in the Hub's web app, out of nowkey's sight. nowkey can
//! only ask the Hub whether it still accepts the old credentials, and only when
//! the operator gave the old secret. So there are three honest outcomes, and
//! every screen, summary, log line and check says which one it is; "deleted" is
//! only ever said when the Hub was seen to reject the old key.

use serde::{Deserialize, Deserializer, Serialize};

/// The old key's state as last seen by nowkey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    /// The Hub rejects the old key: it is revoked.
    Confirmed,
    /// The Hub accepted the old key at the last try: it still works.
    StillAccepted,
    /// nowkey could not ask the Hub (the old secret was not given, or the Hub
    /// could not be reached): the old key may still work.
    NotVerified,
}

impl Revocation {
    /// The words used everywhere: "confirmed", "still accepted", "not verified".
    pub fn words(self) -> &'static str {
        match self {
            Revocation::Confirmed => "confirmed",
            Revocation::StillAccepted => "still accepted",
            Revocation::NotVerified => "not verified",
        }
    }
}

/// Reads `old_key_revocation`, or the `old_key_rejected` flag that journals and
/// profiles written before the three outcomes held (`true` confirmed, `false`
/// still accepted, absent not checked).
pub(crate) fn deserialize_revocation<'de, D>(
    deserializer: D,
) -> Result<Option<Revocation>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Named(Revocation),
        Legacy(bool),
    }
    Ok(
        Option::<Stored>::deserialize(deserializer)?.map(|stored| match stored {
            Stored::Named(revocation) => revocation,
            Stored::Legacy(true) => Revocation::Confirmed,
            Stored::Legacy(false) => Revocation::StillAccepted,
        }),
    )
}
