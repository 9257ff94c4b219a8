//! Reading a response safely and classifying its status: the one place where an
//! HTTP status and an error body become a [`ClientError`].
//!
//! The Hub's error bodies follow the vendor's OpenAPI description: 400 is
//! `{"message", "details":[…]}`, 403 and 404 are `{"message"}`.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::http::{classify_transport, shorten, Timeouts};
use crate::domain::remote_error::ClientError;

mod redact;

/// The most of a body nowkey reads. Every documented Hub answer is a few KiB; a
/// bigger one is not the API, and reading it all would let a broken proxy or a
/// hostile server eat memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The most server-provided detail lines kept from a 400 answer.
const MAX_DETAILS: usize = 10;

/// A response read to the end (or to [`MAX_BODY_BYTES`]).
#[derive(Debug)]
pub struct Body {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers (for `Retry-After`).
    pub headers: HeaderMap,
    /// At most [`MAX_BODY_BYTES`] of the body.
    pub bytes: Vec<u8>,
    /// True when the body was longer than [`MAX_BODY_BYTES`] and was cut.
    pub truncated: bool,
}

/// Extra time the outer guard gives reqwest's own timeout to fire first, so the
/// transport's more precise classification wins when it can.
const GRACE: Duration = Duration::from_millis(250);

/// Sends a request and reads its body, whatever the status. Bounded by the request
/// timeout, body included: reqwest's own timeout covers the body too, and this outer
/// guard is what makes "no call outlives `request`" true whatever the transport does.
pub async fn exchange(
    request: reqwest::RequestBuilder,
    timeouts: Timeouts,
) -> Result<Body, ClientError> {
    let exchange = async {
        let response = request
            .send()
            .await
            .map_err(|error| classify_transport(&error, timeouts))?;
        read_body(response, timeouts).await
    };
    match tokio::time::timeout(timeouts.request + GRACE, exchange).await {
        Ok(result) => result,
        Err(_) => Err(ClientError::Timeout {
            after: timeouts.request,
        }),
    }
}

/// Reads a response body, at most [`MAX_BODY_BYTES`]. The client's request timeout
/// also covers the body, so a body dripping one byte at a time ends as a timeout.
pub async fn read_body(
    mut response: reqwest::Response,
    timeouts: Timeouts,
) -> Result<Body, ClientError> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let mut bytes = Vec::new();
    let mut truncated = false;
    loop {
        let chunk = response
            .chunk()
            .await
            .map_err(|error| classify_transport(&error, timeouts))?;
        let Some(chunk) = chunk else { break };
        let room = MAX_BODY_BYTES - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            truncated = true;
            break;
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body {
        status,
        headers,
        bytes,
        truncated,
    })
}

/// What an HTML answer to an API call is said to be.
pub const HTML_DETAIL: &str = "an HTML page instead of JSON; a proxy, login page or wrong URL";

impl Body {
    /// True when the body is an HTML page, by its Content-Type or its first
    /// character. No API nowkey calls answers with one: it comes from a proxy, a
    /// login page or a wrong URL.
    pub fn is_html(&self) -> bool {
        let html_type = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.to_ascii_lowercase().contains("text/html"));
        html_type
            || String::from_utf8_lossy(&self.bytes)
                .trim_start()
                .starts_with('<')
    }

    /// Parses a successful body as the documented JSON shape `T`, or says plainly
    /// what came instead (HTML, nothing, broken or differently shaped JSON). Every
    /// string in it is made safe to print first
    /// ([`crate::domain::untrusted::clean_json`]).
    pub fn json<T: DeserializeOwned>(&self, expected: &str) -> Result<T, ClientError> {
        let unexpected = |detail: String| ClientError::UnexpectedBody {
            status: self.status.as_u16(),
            detail,
        };
        if self.truncated {
            return Err(unexpected(format!(
                "longer than {} KiB",
                MAX_BODY_BYTES / 1024
            )));
        }
        let text = String::from_utf8_lossy(&self.bytes);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(unexpected("the body was empty".to_owned()));
        }
        if trimmed.starts_with('<') {
            return Err(unexpected(HTML_DETAIL.to_owned()));
        }
        let mut value: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
            unexpected(format!(
                "not valid JSON (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;
        // Every string a server sends enters here: cleaned once, before any field
        // reaches a screen, a report, `--json` or the log.
        crate::domain::untrusted::clean_json(&mut value);
        T::deserialize(value)
            .map_err(|error| unexpected(shorten(&format!("JSON without {expected} ({error})"))))
    }
}

/// The Hub's error body: `message`, and on a 400 also `details`. Both optional here
/// because a proxy in front of the Hub may answer with anything.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    details: Vec<serde_json::Value>,
}

/// Turns a non-2xx answer into its class. Every client call goes through here, so
/// the rules live in one place.
pub fn classify_status(body: &Body) -> ClientError {
    let status = body.status.as_u16();
    let parsed: ErrorBody = serde_json::from_slice(&body.bytes).unwrap_or_default();
    let message = parsed
        .message
        .as_deref()
        .map(clean_server_text)
        .filter(|m| !m.is_empty());
    match status {
        401 => ClientError::Auth { status },
        403 if message.as_deref().is_some_and(means_bad_credentials) => {
            ClientError::Auth { status }
        }
        403 => ClientError::Permission { message },
        400 => ClientError::BadRequest {
            message: message.unwrap_or_else(|| {
                "the server gave no reason; check the number and message".to_owned()
            }),
            details: parsed
                .details
                .iter()
                .take(MAX_DETAILS)
                .map(|detail| match detail {
                    serde_json::Value::String(text) => clean_server_text(text),
                    other => clean_server_text(&other.to_string()),
                })
                .filter(|detail| !detail.is_empty())
                .collect(),
        },
        404 => ClientError::NotFound { message },
        429 => ClientError::RateLimited {
            retry_after: retry_after(&body.headers),
        },
        500..=599 => ClientError::Server { status },
        _ => ClientError::UnexpectedStatus { status },
    }
}

/// True for a 403 whose message is the Hub's (older) way of saying "bad key"
/// rather than "not allowed": "Unauthorised", "Invalid authentication credentials".
fn means_bad_credentials(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "unauthorised",
        "unauthorized",
        "authentication credentials",
        "invalid credentials",
        "not authenticated",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// A server's message made fit for one line: control characters dropped, capped,
/// its sentences joined with "; " and the trailing full stop removed (the message
/// is embedded in our own sentence, which must stay one sentence).
pub(crate) fn clean_server_text(text: &str) -> String {
    join_sentences(&shorten(text))
        .trim_end_matches(['.', '!', '?'])
        .trim_end()
        .to_owned()
}

/// Turns every sentence break (a run of `.`, `!` or `?` followed by a space) into
/// "; ", so "Bad number. Check it" reads "Bad number; check it" as one clause list.
fn join_sentences(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            out.push(c);
            continue;
        }
        let mut stops = String::from(c);
        while let Some(&next) = chars.peek().filter(|n| matches!(n, '.' | '!' | '?')) {
            stops.push(next);
            chars.next();
        }
        if chars.peek().is_some_and(|n| *n == ' ') {
            while chars.peek().is_some_and(|n| *n == ' ') {
                chars.next();
            }
            out.push_str("; ");
        } else {
            out.push_str(&stops);
        }
    }
    out
}

/// The wait a 429 asked for: `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = raw.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    // A date in the past means "now"; `to_std` fails only for negative spans.
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}
