//! The SMS Hub REST Messages API client (Basic auth), as described in
//! `shared/api/messagemedia-openapi.yaml`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error::ClientError;
use super::http::Timeouts;
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::E164;
use crate::domain::token::HubCredentials;

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
    /// The reply text.
    pub content: String,
    /// Who sent it.
    pub source_number: Option<String>,
    /// When the Hub received it.
    pub date_received: Option<String>,
}

/// Talks to one Hub with one credential pair.
#[derive(Clone)]
pub struct HubClient {
    http: reqwest::Client,
    base: url::Url,
    credentials: HubCredentials,
    timeouts: Timeouts,
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubClient")
            .field("base", &self.base.as_str())
            .field("key", &self.credentials.key)
            .finish_non_exhaustive()
    }
}

impl HubClient {
    /// A client for the Hub API at `base_url`. Refuses plain http except to loopback.
    pub fn new(
        base_url: &str,
        credentials: HubCredentials,
        timeouts: Timeouts,
    ) -> Result<Self, ClientError> {
        let _ = (base_url, credentials, timeouts, Duration::ZERO);
        todo!("helper fills")
    }

    /// The cheap, read-only credential check: `GET /v1/replies` (confirms nothing).
    pub async fn check_credentials(&self) -> Result<(), ClientError> {
        todo!()
    }

    /// Sends one SMS: `POST /v1/messages`.
    pub async fn send_message(&self, to: &E164, content: &str) -> Result<SentMessage, ClientError> {
        let _ = (to, content);
        todo!()
    }

    /// The current status of a message: `GET /v1/messages/{id}`.
    pub async fn message_status(&self, message_id: &str) -> Result<MessageStatus, ClientError> {
        let _ = message_id;
        todo!()
    }

    /// Unconfirmed replies: `GET /v1/replies`.
    pub async fn replies(&self) -> Result<Vec<Reply>, ClientError> {
        todo!()
    }
}
