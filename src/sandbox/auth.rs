//! Basic authentication for the `/v1` Hub endpoints, checked against the sandbox's
//! key registry.

use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::hub::unauthorized;
use super::state::{lock, AppState, Shared};

/// The account (API key) a request authenticated as. Extracting it answers 401
/// `{"message":"Invalid authentication credentials"}` for a missing, malformed,
/// unknown, deleted or not-yet-active key.
#[derive(Debug, Clone)]
pub(crate) struct HubAccount(pub String);

impl FromRequestParts<Shared> for HubAccount {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        authenticate(state, header)
            .map(Self)
            .ok_or_else(unauthorized)
    }
}

/// The account an `Authorization` header value authenticates as (`None`: the
/// Hub answers its 401): the one check every Hub endpoint makes, also used
/// in-process by the simulated ServiceNow spoke.
pub(crate) fn authenticate(state: &AppState, authorization: Option<&str>) -> Option<String> {
    let (key, secret) = authorization.and_then(credentials)?;
    lock(&state.keys)
        .accepts(&key, &secret, Instant::now())
        .then_some(key)
}

/// The `key:secret` pair of a `Basic` Authorization header value, if well formed.
fn credentials(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    // Basic auth cannot carry a ':' in the user name, so the first one splits.
    let (key, secret) = text.split_once(':')?;
    Some((key.to_owned(), secret.to_owned()))
}
