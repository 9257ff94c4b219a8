//! The status of a sent message, as the Hub reports it.

use serde::{Deserialize, Serialize};

/// Every status the Messages API documents, plus any it adds later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Accepted, not yet processed.
    Queued,
    /// Being processed.
    Processing,
    /// Processed by the Hub.
    Processed,
    /// Scheduled for later.
    Scheduled,
    /// Cancelled before sending.
    Cancelled,
    /// On its way to the carrier.
    Enroute,
    /// Handed to the carrier.
    Submitted,
    /// Delivered to the handset.
    Delivered,
    /// Expired before delivery.
    Expired,
    /// Rejected by the Hub or carrier.
    Rejected,
    /// Could not be delivered.
    Undeliverable,
    /// Failed.
    Failed,
    /// Held for review.
    Held,
    /// Read on the handset.
    Read,
    /// A status this version does not know.
    #[serde(untagged)]
    Other(String),
}

impl MessageStatus {
    /// Parses the Hub's status string.
    pub fn parse(text: &str) -> Self {
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .unwrap_or_else(|_| Self::Other(text.to_owned()))
    }

    /// The Hub's name for this status.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "queued",
            Self::Processing => "processing",
            Self::Processed => "processed",
            Self::Scheduled => "scheduled",
            Self::Cancelled => "cancelled",
            Self::Enroute => "enroute",
            Self::Submitted => "submitted",
            Self::Delivered => "delivered",
            Self::Expired => "expired",
            Self::Rejected => "rejected",
            Self::Undeliverable => "undeliverable",
            Self::Failed => "failed",
            Self::Held => "held",
            Self::Read => "read",
            Self::Other(s) => s,
        }
    }

    /// True when no further change is expected.
    pub fn is_final(&self) -> bool {
        self.is_success() || self.is_failure()
    }

    /// True when the message reached the handset.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Delivered | Self::Read)
    }

    /// True when the message ended without reaching the handset.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Self::Cancelled | Self::Expired | Self::Rejected | Self::Undeliverable | Self::Failed
        )
    }
}

impl std::fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
