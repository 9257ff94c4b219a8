//! What the Hub's REST Messages API answers, as nowkey uses it: a message it
//! accepted and a reply to one.

use serde::{Deserialize, Serialize};

use super::message_status::MessageStatus;

/// A message the Hub accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    /// The Hub's 36-character message id.
    pub message_id: String,
    /// Status at submission (always `queued` per the spec).
    pub status: MessageStatus,
}

/// An inbound reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// The reply id, for confirming it.
    pub reply_id: String,
    /// The message it answers, when known.
    pub message_id: Option<String>,
    /// The reply text (empty if the Hub sent none).
    #[serde(default)]
    pub content: String,
    /// Who sent it.
    pub source_number: Option<String>,
    /// When the Hub received it.
    pub date_received: Option<String>,
}

/// A Hub and the credentials to use there: what every Hub call needs, as one value.
#[derive(Debug, Clone)]
pub struct HubTarget {
    /// The Hub API base URL.
    pub url: String,
    /// The key and secret.
    pub credentials: super::token::HubCredentials,
}
