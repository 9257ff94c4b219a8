//! Reading what `oauth_token.do` answers: the token, or why it was refused.
//!
//! ServiceNow's exact bodies are unconfirmed, so this reads loosely: the
//! `error` code of RFC 6749 §5.2 from JSON, or the code standing alone in a
//! form-encoded or text body. The server's description is never kept (it may
//! echo what was sent); the code and the status say what to fix.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;
use zeroize::Zeroize as _;

use super::classify::{html_page, rate_limit_wait};
use crate::clients::response::{classify_status, Body};
use crate::domain::remote_error::{ClientError, OAuthError};

/// The lifetime assumed when the answer gives none: short, so a token that
/// lives less is soon asked for again.
const ASSUMED_LIFETIME: Duration = Duration::from_secs(120);

/// The longest lifetime believed; a longer one is taken as this.
const LONGEST_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A token the endpoint issued.
pub(super) struct Issued {
    /// The access token.
    pub access: SecretString,
    /// The refresh token, when one came.
    pub refresh: Option<SecretString>,
    /// How long the access token lives (`expires_in`).
    pub lifetime: Duration,
}

/// The token in a 2xx JSON answer, or the classified failure. A refusal is
/// scrubbed of `hidden` (sparing `shown`) before it is read; a token is never
/// part of an error.
pub(super) fn read_token_answer(
    answer: Body,
    hidden: &[&str],
    shown: &[&str],
) -> Result<Issued, ClientError> {
    if !answer.status.is_success() {
        return Err(refusal(&answer.redacted_sparing(hidden, shown)));
    }
    if let Some(error) = html_page(&answer) {
        return Err(error);
    }
    let status = answer.status.as_u16();
    let mut bytes = answer.bytes;
    let parsed = serde_json::from_slice::<Value>(&bytes);
    // The raw answer holds the tokens: wiped now that it is parsed.
    bytes.zeroize();
    let unexpected = |detail: &str| ClientError::UnexpectedBody {
        status,
        detail: detail.to_owned(),
    };
    let Ok(Value::Object(mut fields)) = parsed else {
        return Err(unexpected("not a JSON object with an access_token"));
    };
    let token_type = fields.get("token_type").and_then(Value::as_str);
    if token_type.is_some_and(|kind| !kind.eq_ignore_ascii_case("bearer")) {
        return Err(unexpected("a token of a type other than Bearer"));
    }
    let lifetime = fields
        .get("expires_in")
        .and_then(seconds)
        .map_or(ASSUMED_LIFETIME, |lifetime| lifetime.min(LONGEST_LIFETIME));
    // Moved out of the JSON, never copied.
    let mut secret = |name: &str| match fields.remove(name) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(SecretString::from(text)),
        _ => None,
    };
    let refresh = secret("refresh_token");
    match secret("access_token") {
        Some(access) => Ok(Issued {
            access,
            refresh,
            lifetime,
        }),
        // A refusal dressed as a success.
        None => match fields.get("error").and_then(Value::as_str) {
            Some(code) => Err(ClientError::OAuthRefused {
                status,
                error: OAuthError::from_code(code),
            }),
            None => Err(unexpected("JSON without an access_token")),
        },
    }
}

/// `expires_in` as a number or a string of one (whole or not).
fn seconds(value: &Value) -> Option<Duration> {
    let number = match value {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (number.is_finite() && number >= 0.0).then(|| Duration::from_secs_f64(number.min(1e9)))
}

/// Why a token request was refused, by status and code.
fn refusal(answer: &Body) -> ClientError {
    let status = answer.status.as_u16();
    match status {
        // No such page: the OAuth plugin is not active.
        404 => ClientError::OAuthUnavailable,
        429 => ClientError::RateLimited {
            retry_after: rate_limit_wait(&answer.headers),
        },
        400..=499 => ClientError::OAuthRefused {
            status,
            error: code(answer),
        },
        _ => classify_status(answer),
    }
}

/// The §5.2 code: the JSON `error` field when it is a string, else a code
/// standing as a word anywhere in the body, else [`OAuthError::Other`].
fn code(answer: &Body) -> OAuthError {
    let parsed = serde_json::from_slice::<Value>(&answer.bytes).ok();
    if let Some(code) = parsed
        .as_ref()
        .and_then(|body| body.get("error"))
        .and_then(Value::as_str)
    {
        return OAuthError::from_code(code);
    }
    OAuthError::find_in(&String::from_utf8_lossy(&answer.bytes)).unwrap_or(OAuthError::Other)
}
