//! The SMS Hub REST Messages API client (Basic auth), as described in
//! the vendor's OpenAPI description of the REST Messages API.
//!
//! Every call goes through [`HubClient::call`]: one place that adds the headers,
//! bounds the time and the body, classifies the status and scrubs the secret from
//! whatever comes back. The sent-message report is in the `report` module.

mod report;

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::json;

use super::http::{build_http_client_for, sensitive_header, Timeouts};
use super::response::{classify_status, exchange, Body, HTML_DETAIL};
use crate::domain::hub::{Reply, SentMessage};
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::E164;
use crate::domain::remote_error::ClientError;
use crate::domain::service_url::parse_service_url;
use crate::domain::token::HubCredentials;

/// The most reply ids the Hub confirms in one request (per the spec).
const CONFIRM_BATCH: usize = 100;

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
        let base = parse_service_url(base_url)?;
        let http = build_http_client_for(&base, timeouts)?;
        Ok(Self {
            http,
            base,
            credentials,
            timeouts,
        })
    }

    /// The base URL every endpoint is joined to (no trailing slash).
    pub fn base_url(&self) -> &url::Url {
        &self.base
    }

    /// The cheap, read-only credential check: `GET /v1/replies` (confirms nothing).
    /// The body is checked to be the documented `{"replies":[…]}` so that a 200 from
    /// a login page or a wrong URL does not pass for a good key.
    pub async fn check_credentials(&self) -> Result<(), ClientError> {
        self.replies().await.map(drop)
    }

    /// Sends one SMS: `POST /v1/messages`, with a delivery report requested so the
    /// status can be followed.
    pub async fn send_message(&self, to: &E164, content: &str) -> Result<SentMessage, ClientError> {
        let request = json!({
            "messages": [{
                "content": content,
                "destination_number": to.as_str(),
                "format": "SMS",
                "delivery_report": true,
            }]
        });
        let body = self
            .call(Method::POST, &["v1", "messages"], Some(&request))
            .await?;
        let parsed: SendResponse = self.parse(&body, "a `messages` list of sent messages")?;
        let Some(first) = parsed.messages.into_iter().next() else {
            return Err(self.scrub(ClientError::UnexpectedBody {
                status: body.status.as_u16(),
                detail: "the `messages` list was empty".to_owned(),
            }));
        };
        Ok(SentMessage {
            message_id: first.message_id,
            // The spec says a new message is always `queued`; a Hub that omits the
            // field is saying the same thing.
            status: first
                .status
                .as_deref()
                .map_or(MessageStatus::Queued, MessageStatus::parse),
        })
    }

    /// The current status of a message: `GET /v1/messages/{id}`.
    pub async fn message_status(&self, message_id: &str) -> Result<MessageStatus, ClientError> {
        // `.` and `..` would be resolved as path steps even when percent-encoded, so
        // they could never name a message; nothing is sent for them.
        if matches!(message_id, "" | "." | "..") {
            return Err(ClientError::NotFound {
                message: Some("no message has that id".to_owned()),
            });
        }
        let body = self
            .call(Method::GET, &["v1", "messages", message_id], None)
            .await?;
        let parsed: StatusResponse = self.parse(&body, "a message `status`")?;
        Ok(MessageStatus::parse(&parsed.status))
    }

    /// Unconfirmed replies: `GET /v1/replies`.
    pub async fn replies(&self) -> Result<Vec<Reply>, ClientError> {
        let body = self.call(Method::GET, &["v1", "replies"], None).await?;
        let parsed: RepliesResponse = self.parse(&body, "a `replies` list")?;
        Ok(parsed.replies)
    }

    /// Marks replies as processed so the Hub stops returning them:
    /// `POST /v1/replies/confirmed`, in batches of 100 as the spec allows.
    pub async fn confirm_replies(&self, reply_ids: &[String]) -> Result<(), ClientError> {
        for batch in reply_ids.chunks(CONFIRM_BATCH) {
            let request = json!({ "reply_ids": batch });
            // The 202's body is documented as free text: only the status matters,
            // unless it is an HTML page, which means something other than the Hub
            // answered (a login page, a proxy) and nothing was confirmed.
            let body = self
                .call(
                    Method::POST,
                    &["v1", "replies", "confirmed"],
                    Some(&request),
                )
                .await?;
            if body.is_html() {
                return Err(ClientError::UnexpectedBody {
                    status: body.status.as_u16(),
                    detail: HTML_DETAIL.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Sends one request and returns the body of a 2xx answer; anything else is
    /// classified. Bounded by the request timeout, body included.
    async fn call(
        &self,
        method: Method,
        segments: &[&str],
        json_body: Option<&serde_json::Value>,
    ) -> Result<Body, ClientError> {
        let url = self.endpoint(segments)?;
        let mut request = self
            .http
            .request(method, url)
            .header(AUTHORIZATION, self.authorization())
            .header(ACCEPT, "application/json");
        if let Some(json_body) = json_body {
            request = request.json(json_body);
        }
        let token = self.credentials.token();
        let body = exchange(request, self.timeouts)
            .await
            .map_err(|error| self.scrub(error))?
            .redacted_sparing(
                &[self.credentials.secret.expose(), token.expose()],
                &[self.credentials.key.as_str()],
            );
        if body.status.is_success() {
            Ok(body)
        } else {
            Err(self.scrub(classify_status(&body)))
        }
    }

    /// The base URL with `segments` appended, each percent-encoded (so a `/` or `?`
    /// in an id stays inside its segment).
    fn endpoint(&self, segments: &[&str]) -> Result<url::Url, ClientError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ClientError::BadUrl {
                reason: "it cannot carry a path; enter one like https://api.messagemedia.com"
                    .to_owned(),
            })?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// The `Authorization: Basic …` value, marked sensitive so that reqwest and
    /// hyper never print it (Debug, HTTP/2 header indexing).
    fn authorization(&self) -> HeaderValue {
        let header = self.credentials.token().authorization_header();
        // Cannot fail: "Basic " followed by Base64 is always visible ASCII.
        sensitive_header(header.expose_secret())
            .expect("Basic + Base64 is always a valid header value")
    }

    /// Parses a 2xx body, scrubbing the error like every other.
    fn parse<T: serde::de::DeserializeOwned>(
        &self,
        body: &Body,
        expected: &str,
    ) -> Result<T, ClientError> {
        body.json(expected).map_err(|error| self.scrub(error))
    }

    /// Removes the secret and the token from anything a server sent back.
    fn scrub(&self, error: ClientError) -> ClientError {
        let token = self.credentials.token();
        error.redacted_sparing(
            &[self.credentials.secret.expose(), token.expose()],
            &[self.credentials.key.as_str()],
        )
    }
}

/// `POST /v1/messages` → 202.
#[derive(Deserialize)]
struct SendResponse {
    messages: Vec<SentRaw>,
}

#[derive(Deserialize)]
struct SentRaw {
    message_id: String,
    #[serde(default)]
    status: Option<String>,
}

/// `GET /v1/messages/{id}` → 200.
#[derive(Deserialize)]
struct StatusResponse {
    status: String,
}

/// `GET /v1/replies` → 200.
#[derive(Deserialize)]
struct RepliesResponse {
    replies: Vec<Reply>,
}
