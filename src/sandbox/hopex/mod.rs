//! The HOPEX side of the sandbox: `POST /HOPEXGraphQL/api/{schema}` (and the
//! lowercase `/hopexgraphql/api/{schema}`) behind an `x-api-key` header, with
//! keys tied to an environment, a repository and a profile, as the HOPEX
//! Application Server console creates them.
//!
//! A key may carry a name (for listing) and an expiry date: after that day
//! (UTC) it is refused like an unknown key, as HOPEX V6.2 refuses an expired one.
//!
//! Order of checks: unknown schema → 404, then missing/unknown/expired key → 401 (the
//! body `{"errors":[{"message":"Unauthorized"}]}` is ours: PROTOCOLS says the
//! real body is not reliable, so clients must classify by status), then a body
//! that is not JSON → 400, then the query (errors → 200, as GraphQL servers do).

mod graphql;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::keys::random_string;
use super::state::{lock, Shared};
use crate::domain::hopex::rules::validate_key_name;
use crate::domain::hopex::SCHEMAS;

pub use graphql::{CONTEXT_LANGUAGE, SEEDED_APPLICATIONS};

/// The request header that carries the key.
pub const API_KEY_HEADER: &str = "x-api-key";

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Length of a sandbox HOPEX API key.
const KEY_LEN: usize = 40;
/// Length of a generated user id, HOPEX's absolute identifiers being 12 characters.
const USER_ID_LEN: usize = 12;

/// A key and what it is tied to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct HopexKey {
    pub environment_id: String,
    pub repository_id: String,
    pub profile_id: String,
    /// The HOPEX login the key opens sessions as (`_currentContext.userId`).
    pub login: String,
    /// Simulates a build without `_currentContext`.
    #[serde(default)]
    pub no_current_context: bool,
    /// The key's name in the console, for listing (not a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The last day (UTC) the key works; `None` never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
}

impl HopexKey {
    /// True when the key still works on `today`: its expiry day included.
    fn valid_on(&self, today: NaiveDate) -> bool {
        self.expires.is_none_or(|last| today <= last)
    }
}

/// A key as the world file keeps it: the key itself beside what it is tied to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SavedHopexKey {
    pub api_key: String,
    #[serde(flatten)]
    pub key: HopexKey,
}

/// The registry of HOPEX API keys, by key.
#[derive(Default)]
pub(crate) struct HopexKeys {
    keys: HashMap<String, HopexKey>,
}

/// The body of `POST /_sandbox/hopex/keys`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewHopexKey {
    pub environment_id: String,
    pub repository_id: String,
    pub profile_id: String,
    /// Defaults to a generated 12-character user id.
    #[serde(default)]
    pub login: Option<String>,
    #[serde(default)]
    pub no_current_context: bool,
    /// The key's name, for listing.
    #[serde(default)]
    pub name: Option<String>,
    /// The last day the key works (`YYYY-MM-DD`); none by default.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
}

impl NewHopexKey {
    /// What serde cannot check: the three ids must not be blank, and a name
    /// follows HOPEX's rules for key names.
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = [
            ("environment_id", &self.environment_id),
            ("repository_id", &self.repository_id),
            ("profile_id", &self.profile_id),
        ]
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| format!("/{k}: must not be blank"))
        .collect();
        if let Some(Err(e)) = self.name.as_deref().map(validate_key_name) {
            problems.push(format!("/name: {e}"));
        }
        problems
    }
}

impl HopexKeys {
    /// Registers a key; a missing `login` gets a generated user id. Returns the key.
    pub fn create(&mut self, new: NewHopexKey) -> String {
        let key = HopexKey {
            login: new
                .login
                .unwrap_or_else(|| random_string(ALPHANUMERIC, USER_ID_LEN)),
            environment_id: new.environment_id,
            repository_id: new.repository_id,
            profile_id: new.profile_id,
            no_current_context: new.no_current_context,
            name: new.name.map(|name| name.trim().to_owned()),
            expires: new.expires,
        };
        let api_key = loop {
            let candidate = random_string(ALPHANUMERIC, KEY_LEN);
            if !self.keys.contains_key(&candidate) {
                break candidate;
            }
        };
        self.keys.insert(api_key.clone(), key);
        api_key
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Removes a key; false when it did not exist.
    pub fn delete(&mut self, api_key: &str) -> bool {
        self.keys.remove(api_key).is_some()
    }

    /// What each key is tied to, without the keys themselves (they are the
    /// secret), ordered by environment, repository and profile.
    pub fn list(&self) -> Vec<HopexKey> {
        let mut out: Vec<HopexKey> = self.keys.values().cloned().collect();
        out.sort_by(|a, b| {
            (&a.environment_id, &a.repository_id, &a.profile_id).cmp(&(
                &b.environment_id,
                &b.repository_id,
                &b.profile_id,
            ))
        });
        out
    }

    /// Every key with what it is tied to, by key, for the world file.
    pub fn snapshot(&self) -> Vec<SavedHopexKey> {
        let mut out: Vec<SavedHopexKey> = self
            .keys
            .iter()
            .map(|(api_key, key)| SavedHopexKey {
                api_key: api_key.clone(),
                key: key.clone(),
            })
            .collect();
        out.sort_by(|a, b| a.api_key.cmp(&b.api_key));
        out
    }

    /// Adds saved keys; a blank key (no header could carry it) is skipped.
    pub fn restore(&mut self, saved: Vec<SavedHopexKey>) {
        for s in saved {
            if !s.api_key.trim().is_empty() {
                self.keys.insert(s.api_key, s.key);
            }
        }
    }

    /// The key's holder, when the key exists and has not expired by `today`.
    fn get(&self, api_key: &str, today: NaiveDate) -> Option<HopexKey> {
        self.keys
            .get(api_key)
            .filter(|key| key.valid_on(today))
            .cloned()
    }
}

/// The GraphQL routes, merged into the sandbox's router.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/HOPEXGraphQL/api/{schema}", post(query))
        .route("/hopexgraphql/api/{schema}", post(query))
}

fn answer(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn fail(status: StatusCode, message: impl Into<String>) -> Response {
    answer(status, &graphql::errors(vec![message.into()]))
}

/// `POST /HOPEXGraphQL/api/{schema}` with `{"query":…,"variables":…}`.
async fn query(
    State(state): State<Shared>,
    Path(schema): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(schema) = SCHEMAS.iter().find(|s| s.eq_ignore_ascii_case(&schema)) else {
        return fail(
            StatusCode::NOT_FOUND,
            format!("Unknown schema \"{schema}\""),
        );
    };
    let key = headers
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|k| lock(&state.hopex).get(k.trim(), Utc::now().date_naive()));
    let Some(key) = key else {
        return fail(StatusCode::UNAUTHORIZED, "Unauthorized");
    };
    let request: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                StatusCode::BAD_REQUEST,
                format!("Body is not valid JSON: {e}"),
            )
        }
    };
    let Some(text) = request.get("query").and_then(Value::as_str) else {
        return fail(StatusCode::BAD_REQUEST, "Must provide query string.");
    };
    // `variables` is accepted and ignored: no supported query takes arguments.
    answer(StatusCode::OK, &graphql::execute(text, schema, &key))
}
