//! The `/_sandbox` admin endpoints: Hub key management, fault injection, health.
//! No authentication: the sandbox only ever listens on loopback.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::faults::FaultSpec;
use super::hub::{bad_request, not_found};
use super::state::{lock, Shared};
use super::validate::PARSE_FAILURE;

/// The admin routes, merged into the sandbox's router.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sandbox/health", get(health))
        .route("/_sandbox/hub/keys", post(create_key).get(list_keys))
        .route("/_sandbox/hub/keys/{api_key}", delete(delete_key))
        .route(
            "/_sandbox/faults",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
}

async fn health() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

#[derive(Deserialize, Default)]
struct NewKey {
    #[serde(default)]
    label: Option<String>,
}

/// `POST /_sandbox/hub/keys` (optional `{"label":…}`) → 201 `{"api_key","api_secret"}`.
async fn create_key(State(state): State<Shared>, body: Bytes) -> Response {
    let request: NewKey = if body.iter().all(u8::is_ascii_whitespace) {
        NewKey::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => return bad_request(vec![PARSE_FAILURE.into(), e.to_string()]),
        }
    };
    let (api_key, api_secret) = lock(&state.keys).create(request.label);
    (
        StatusCode::CREATED,
        Json(json!({"api_key": api_key, "api_secret": api_secret})),
    )
        .into_response()
}

/// `GET /_sandbox/hub/keys` → `{"keys":[{api_key,label,created,active}]}`, never secrets.
async fn list_keys(State(state): State<Shared>) -> Response {
    let keys = lock(&state.keys).list(Instant::now());
    Json(json!({"keys": keys})).into_response()
}

/// `DELETE /_sandbox/hub/keys/{api_key}` → 204, or 404 for an unknown key.
async fn delete_key(State(state): State<Shared>, Path(api_key): Path<String>) -> Response {
    let deleted = lock(&state.keys).delete(&api_key);
    if deleted {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found().await
    }
}

/// `POST /_sandbox/faults` → 201 `{"id":…}`.
async fn add_fault(State(state): State<Shared>, body: Bytes) -> Response {
    let spec: FaultSpec = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => return bad_request(vec![PARSE_FAILURE.into(), e.to_string()]),
    };
    let problems = spec.problems();
    if !problems.is_empty() {
        return bad_request(problems);
    }
    let id = lock(&state.faults).add(spec);
    (StatusCode::CREATED, Json(json!({"id": id}))).into_response()
}

/// `GET /_sandbox/faults` → `{"faults":[…]}` (the live ones).
async fn list_faults(State(state): State<Shared>) -> Response {
    let faults = lock(&state.faults).list();
    Json(json!({"faults": faults})).into_response()
}

/// `DELETE /_sandbox/faults` → 204: clears every fault.
async fn clear_faults(State(state): State<Shared>) -> Response {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT.into_response()
}
