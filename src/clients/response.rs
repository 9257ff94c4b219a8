//! Reading a response safely and classifying its status: the one place where an
//! HTTP status and an error body become a [`ClientError`].
//!
//! The Hub's error bodies follow `shared/api/messagemedia-openapi.yaml`: 400 is
//! `{"message", "details":[…]}`, 403 and 404 are `{"message"}`.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::ClientError;
use super::http::{classify_transport, shorten, Timeouts};

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

/// What a secret a server sent back is replaced with.
const REDACTED: &str = "[REDACTED]";

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

    /// The body with every occurrence of `secrets` replaced by `[REDACTED]`: in a
    /// JSON body inside every string, key and number (whatever escapes the server
    /// used), in any other body in its raw bytes.
    ///
    /// Done as soon as the body is read, before anything parses, cuts or cleans
    /// the server's text: a secret cut at the one-line limit, or whose closing
    /// full stop was trimmed, is no longer found whole by
    /// [`ClientError::redacted`] afterwards, and what is left of it would show.
    pub fn redacted(mut self, secrets: &[&str]) -> Body {
        let secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
        if secrets.is_empty() {
            return self;
        }
        let scrub = |text: &str| {
            secrets.iter().fold(text.to_owned(), |text, secret| {
                text.replace(secret, REDACTED)
            })
        };
        match serde_json::from_slice::<serde_json::Value>(&self.bytes) {
            Ok(mut value) if !self.truncated => {
                if redact_json(&mut value, &scrub) {
                    self.bytes = value.to_string().into_bytes();
                }
            }
            _ => {
                for secret in &secrets {
                    self.bytes = replace_bytes(&self.bytes, secret.as_bytes(), REDACTED.as_bytes());
                }
            }
        }
        self
    }

    /// Parses a successful body as the documented JSON shape `T`, or says plainly
    /// what came instead (HTML, nothing, broken or differently shaped JSON).
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
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|error| {
            unexpected(format!(
                "not valid JSON (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;
        T::deserialize(value)
            .map_err(|error| unexpected(shorten(&format!("JSON without {expected} ({error})"))))
    }
}

/// Scrubs every string, key and number of `value` with `scrub`; true when
/// anything changed.
fn redact_json(value: &mut serde_json::Value, scrub: &dyn Fn(&str) -> String) -> bool {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            let clean = scrub(text);
            let changed = clean != *text;
            *text = clean;
            changed
        }
        Value::Number(number) => {
            let text = number.to_string();
            let clean = scrub(&text);
            if clean == text {
                return false;
            }
            *value = Value::String(clean);
            true
        }
        Value::Array(items) => {
            // Every item, not only up to the first change.
            let mut changed = false;
            for item in items {
                changed |= redact_json(item, scrub);
            }
            changed
        }
        Value::Object(map) => {
            let entries = std::mem::take(map);
            let mut changed = false;
            for (key, mut item) in entries {
                changed |= redact_json(&mut item, scrub);
                let clean = scrub(&key);
                changed |= clean != key;
                map.insert(clean, item);
            }
            changed
        }
        Value::Null | Value::Bool(_) => false,
    }
}

/// `haystack` with every occurrence of `needle` (not empty) replaced by `with`.
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut at = 0;
    while at < haystack.len() {
        if haystack[at..].starts_with(needle) {
            out.extend_from_slice(with);
            at += needle.len();
        } else {
            out.push(haystack[at]);
            at += 1;
        }
    }
    out
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

#[cfg(test)]
mod redaction_tests {
    use super::*;

    const SECRET: &str = "S3cr3t/With+Slash";

    fn body(status: u16, text: &str, truncated: bool) -> Body {
        Body {
            status: StatusCode::from_u16(status).expect("a status"),
            headers: HeaderMap::new(),
            bytes: text.as_bytes().to_vec(),
            truncated,
        }
    }

    fn shown(error: &ClientError) -> String {
        format!(
            "{error:?} {}",
            error.user_message(crate::clients::error::Service::Hub)
        )
    }

    #[test]
    fn a_secret_straddling_the_one_line_cut_leaves_nothing_behind() {
        for pad in 140..170 {
            let detail = format!("{}{SECRET}", "x".repeat(pad));
            let text = serde_json::json!({"message": "bad", "details": [detail]}).to_string();
            let error = classify_status(&body(400, &text, false).redacted(&[SECRET]));
            let shown = shown(&error);
            assert!(!shown.contains(&SECRET[..8]), "pad {pad}: {shown}");
        }
    }

    #[test]
    fn json_escapes_numbers_and_keys_are_no_hiding_place() {
        let text = r#"{"message":"S3cr3t\/With\u002bSlash.","details":[{"S3cr3t/With+Slash":1}, 987654321]}"#;
        let redacted = body(400, text, false).redacted(&[SECRET, "987654321"]);
        let after = String::from_utf8(redacted.bytes.clone()).expect("UTF-8");
        assert!(
            !after.contains("S3cr3t") && !after.contains("987654321"),
            "{after}"
        );
        assert_eq!(after.matches(REDACTED).count(), 3, "{after}");
        let shown = shown(&classify_status(&redacted));
        assert!(!shown.contains("S3cr3t"), "{shown}");
    }

    #[test]
    fn other_bodies_are_scrubbed_as_bytes() {
        for (text, truncated) in [
            (format!("<html>bad key {SECRET}</html>"), false),
            (format!("{{\"message\":\"{SECRET} and more"), true),
        ] {
            let redacted = body(400, &text, truncated).redacted(&[SECRET]);
            let after = String::from_utf8(redacted.bytes).expect("UTF-8");
            assert!(
                !after.contains(SECRET) && after.contains(REDACTED),
                "{after}"
            );
        }
    }

    #[test]
    fn nothing_changes_without_a_secret_in_it() {
        let text = r#"{ "messages" : [ {"message_id": "abc"} ] }"#;
        let same = body(202, text, false).redacted(&[SECRET, ""]);
        assert_eq!(
            same.bytes,
            text.as_bytes(),
            "the body is left byte for byte"
        );
        let same = body(202, "ab", false).redacted(&[""]);
        assert_eq!(same.bytes, b"ab");
    }
}
