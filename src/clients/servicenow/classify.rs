//! How a ServiceNow answer becomes a [`ClientError`]: the error envelope
//! `{"error":{"message","detail"},"status":"failure"}`, the MFA header, the
//! blocked-Basic-auth wording, rate-limit headers and the hibernation page.

use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::Deserialize;

use crate::clients::response::{classify_status, clean_server_text, retry_after, Body};
use crate::domain::remote_error::ClientError;

/// The header ServiceNow adds to a 401 when the user has multi-factor
/// authentication (its value, e.g. `invalid`, does not matter).
const MFA_HEADER: &str = "x-mfa_token";

/// ServiceNow's error envelope. Every part optional: a proxy may answer anything.
#[derive(Debug, Default, Deserialize)]
struct Envelope {
    #[serde(default)]
    error: Option<ErrorPart>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorPart {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

/// The envelope's message and detail, each cleaned for one line; empty ones dropped.
fn envelope(body: &Body) -> (Option<String>, Option<String>) {
    let parsed: Envelope = serde_json::from_slice(&body.bytes).unwrap_or_default();
    let part = parsed.error.unwrap_or_default();
    let clean = |text: Option<String>| {
        text.as_deref()
            .map(clean_server_text)
            .filter(|t| !t.is_empty())
    };
    (clean(part.message), clean(part.detail))
}

/// Turns a non-2xx ServiceNow answer into its class.
pub(super) fn classify_failure(body: &Body) -> ClientError {
    let status = body.status.as_u16();
    let (message, detail) = envelope(body);
    let joined = match (&message, &detail) {
        (Some(m), Some(d)) => Some(format!("{m}: {d}")),
        (m, d) => m.clone().or_else(|| d.clone()),
    };
    match status {
        401 if body.headers.contains_key(MFA_HEADER) => ClientError::MfaRequired,
        401 if joined.as_deref().is_some_and(means_basic_auth_blocked) => {
            ClientError::BasicAuthBlocked {
                detail: detail.or(message),
            }
        }
        401 => ClientError::Auth { status },
        // ServiceNow's 403 is an ACL, business rule or data policy, never a bad
        // password (that is a 401).
        403 => ClientError::Permission { message: joined },
        429 => ClientError::RateLimited {
            retry_after: rate_limit_wait(&body.headers),
        },
        400 => ClientError::BadRequest {
            message: message.unwrap_or_else(|| "ServiceNow gave no reason".to_owned()),
            details: detail.into_iter().collect(),
        },
        404 => ClientError::NotFound { message: joined },
        _ => classify_status(body),
    }
}

/// True when a 401's text says Basic auth is blocked for the user rather than the
/// password being wrong.
///
/// ServiceNow's exact wording is *unconfirmed* (its documentation gives none): this matches the
/// role name, or "basic auth"/"basic authentication" together with "blocked" or
/// "not allowed", case-insensitively. Change it here and only here.
pub fn means_basic_auth_blocked(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("snc_basic_auth_api_access")
        || (lower.contains("basic auth")
            && (lower.contains("blocked") || lower.contains("not allowed")))
}

/// How long a 429 asked us to wait: `Retry-After` when present, else
/// `X-RateLimit-Reset` (epoch seconds) minus now. `X-RateLimit-Limit` is read only
/// for the log.
pub fn rate_limit_wait(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    tracing::info!(
        limit = header("x-ratelimit-limit").unwrap_or("?"),
        reset = header("x-ratelimit-reset").unwrap_or("?"),
        "ServiceNow rate limit hit"
    );
    if let Some(wait) = retry_after(headers) {
        return Some(wait);
    }
    let mut reset: i64 = header("x-ratelimit-reset")?.trim().parse().ok()?;
    // Documented as epoch seconds; a value this large can only be milliseconds.
    if reset > 100_000_000_000 {
        reset /= 1000;
    }
    let left = reset - chrono::Utc::now().timestamp();
    // A reset in the past means "now".
    Some(Duration::from_secs(u64::try_from(left).unwrap_or(0)))
}

/// For a 2xx answer: `Some` when it is an HTML page rather than JSON, which is
/// either a hibernating developer instance or something that is not the Table API
/// (a login page, a proxy, a wrong URL).
pub(super) fn html_page(body: &Body) -> Option<ClientError> {
    let text = String::from_utf8_lossy(&body.bytes);
    let html_type = body
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"));
    if !html_type && !text.trim_start().starts_with('<') {
        return None;
    }
    if text.to_lowercase().contains("hibernat") {
        return Some(ClientError::Hibernating);
    }
    Some(ClientError::UnexpectedBody {
        status: body.status.as_u16(),
        detail: "an HTML page instead of JSON; a proxy, login page or wrong URL".to_owned(),
    })
}
