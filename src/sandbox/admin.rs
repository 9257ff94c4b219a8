//! The `/_sandbox` admin endpoints: Hub key management, ServiceNow users,
//! OAuth clients and tokens, hibernation and the simulated spoke, HOPEX key management, fault injection,
//! health.
//! No authentication: the sandbox only ever listens on loopback.
//!
//! A body that is not what an endpoint expects gets 400 in the Hub's
//! `{"message","details"}` shape, whichever API the endpoint configures, so
//! every admin error reads the same.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{middleware, Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use super::faults::FaultSpec;
use super::forgery;
use super::hopex::NewHopexKey;
use super::hub::{bad_request, not_found};
use super::servicenow::oauth::NewOAuthClient;
use super::servicenow::spoke;
use super::servicenow::NewUser;
use super::state::{lock, Shared};
use super::validate::PARSE_FAILURE;

/// The most Hub keys, HOPEX keys, ServiceNow users or live faults the sandbox
/// holds (each): admin POSTs past it are refused, so a loop cannot grow it for ever.
pub(crate) const MAX_ADMIN_RECORDS: usize = 1000;

/// 409 when `count` records of `what` already fill the sandbox's room for them.
fn over_limit(count: usize, what: &str, how_to_free: &str) -> Option<Response> {
    (count >= MAX_ADMIN_RECORDS).then(|| {
        (
            StatusCode::CONFLICT,
            Json(json!({
                "message": format!(
                    "The sandbox already holds {MAX_ADMIN_RECORDS} {what}, its limit: \
                     {how_to_free}, or restart it."
                ),
                "details": [],
            })),
        )
            .into_response()
    })
}

/// The admin routes, merged into the sandbox's router.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sandbox/health", get(health))
        .route("/_sandbox/hub/keys", post(create_key).get(list_keys))
        .route("/_sandbox/hub/keys/{api_key}", delete(delete_key))
        .route("/_sandbox/servicenow/users", post(add_sn_user))
        .route("/_sandbox/servicenow/hibernate", post(hibernate))
        .route(
            "/_sandbox/servicenow/oauth_clients",
            post(create_oauth_client).get(list_oauth_clients),
        )
        .route("/_sandbox/servicenow/oauth_tokens", delete(revoke_tokens))
        .route("/_sandbox/servicenow/spoke/send", post(spoke::send))
        .route(
            "/_sandbox/hopex/keys",
            post(create_hopex_key).get(list_hopex_keys),
        )
        .route("/_sandbox/hopex/keys/{api_key}", delete(delete_hopex_key))
        .route(
            "/_sandbox/faults",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
        // Only what a web page cannot send across sites without a preflight.
        .route_layer(middleware::from_fn(forgery::json_body))
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
    let mut keys = lock(&state.keys);
    let full = over_limit(
        keys.len(),
        "Hub keys",
        "delete some (DELETE /_sandbox/hub/keys/{api_key})",
    );
    if let Some(refusal) = full {
        return refusal;
    }
    let (api_key, api_secret) = keys.create(request.label);
    drop(keys);
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

/// `DELETE /_sandbox/hub/keys/{api_key}` → 204, or 404 for an unknown key (the
/// seeded key included, once). The key's messages, replies and reports go with
/// it: no one can ask for them now.
async fn delete_key(State(state): State<Shared>, Path(api_key): Path<String>) -> Response {
    let deleted = lock(&state.keys).delete(&api_key);
    if deleted {
        lock(&state.store).forget(&api_key);
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
    let mut faults = lock(&state.faults);
    let full = over_limit(
        faults.len(),
        "faults",
        "clear them (DELETE /_sandbox/faults)",
    );
    if let Some(refusal) = full {
        return refusal;
    }
    let id = faults.add(spec);
    drop(faults);
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

/// Parses a JSON body; the error is the 400's details (serde's reason).
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, Vec<String>> {
    serde_json::from_slice(body).map_err(|e| vec![PARSE_FAILURE.into(), e.to_string()])
}

/// `POST /_sandbox/servicenow/users` → 201 `{"sys_id"}`; an existing user name
/// is replaced (keeping its sys_id).
async fn add_sn_user(State(state): State<Shared>, body: Bytes) -> Response {
    let user: NewUser = match parse(&body) {
        Ok(u) => u,
        Err(details) => return bad_request(details),
    };
    let problems = user.problems();
    if !problems.is_empty() {
        return bad_request(problems);
    }
    let mut servicenow = lock(&state.servicenow);
    let directory = &mut servicenow.directory;
    let is_new = !directory.users().any(|u| u.user_name == user.user_name);
    let full = over_limit(
        directory.users().count(),
        "ServiceNow users",
        "add no more (an existing user name can still be replaced)",
    );
    if let (true, Some(refusal)) = (is_new, full) {
        return refusal;
    }
    let sys_id = directory.upsert(user.into_user());
    drop(servicenow);
    (StatusCode::CREATED, Json(json!({"sys_id": sys_id}))).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Hibernate {
    on: bool,
}

/// `POST /_sandbox/servicenow/hibernate` `{"on":bool}` → 200 `{"hibernating":bool}`.
async fn hibernate(State(state): State<Shared>, body: Bytes) -> Response {
    let request: Hibernate = match parse(&body) {
        Ok(r) => r,
        Err(details) => return bad_request(details),
    };
    lock(&state.servicenow).hibernating = request.on;
    Json(json!({"hibernating": request.on})).into_response()
}

/// `POST /_sandbox/servicenow/oauth_clients` (optional `{"name",
/// "token_lifetime_secs","allow_password_grant"}`) → 201
/// `{"client_id","client_secret"}`: an Application Registry client.
async fn create_oauth_client(State(state): State<Shared>, body: Bytes) -> Response {
    let request: NewOAuthClient = if body.iter().all(u8::is_ascii_whitespace) {
        NewOAuthClient::default()
    } else {
        match parse(&body) {
            Ok(r) => r,
            Err(details) => return bad_request(details),
        }
    };
    let problems = request.problems();
    if !problems.is_empty() {
        return bad_request(problems);
    }
    let mut servicenow = lock(&state.servicenow);
    let full = over_limit(servicenow.oauth.len(), "OAuth clients", "add no more");
    if let Some(refusal) = full {
        return refusal;
    }
    let (client_id, client_secret) = servicenow.oauth.create(request);
    drop(servicenow);
    (
        StatusCode::CREATED,
        Json(json!({"client_id": client_id, "client_secret": client_secret})),
    )
        .into_response()
}

/// `GET /_sandbox/servicenow/oauth_clients` →
/// `{"clients":[{client_id,name,token_lifetime_secs,allow_password_grant,tokens_issued,bearer_requests}]}`,
/// never the secrets.
async fn list_oauth_clients(State(state): State<Shared>) -> Response {
    let clients = lock(&state.servicenow).oauth.list();
    Json(json!({"clients": clients})).into_response()
}

/// `DELETE /_sandbox/servicenow/oauth_tokens` → 200 `{"revoked":n}`: every
/// access token stops working, as revoking them on the instance would.
async fn revoke_tokens(State(state): State<Shared>) -> Response {
    let revoked = lock(&state.servicenow).oauth.revoke_all(Instant::now());
    Json(json!({"revoked": revoked})).into_response()
}

/// `POST /_sandbox/hopex/keys` → 201 `{"api_key"}`.
async fn create_hopex_key(State(state): State<Shared>, body: Bytes) -> Response {
    let request: NewHopexKey = match parse(&body) {
        Ok(r) => r,
        Err(details) => return bad_request(details),
    };
    let problems = request.problems();
    if !problems.is_empty() {
        return bad_request(problems);
    }
    let mut hopex = lock(&state.hopex);
    let full = over_limit(
        hopex.len(),
        "HOPEX keys",
        "delete some (DELETE /_sandbox/hopex/keys/{api_key})",
    );
    if let Some(refusal) = full {
        return refusal;
    }
    let api_key = hopex.create(request);
    drop(hopex);
    (StatusCode::CREATED, Json(json!({"api_key": api_key}))).into_response()
}

/// `GET /_sandbox/hopex/keys` → `{"keys":[{environment_id,repository_id,profile_id,login,no_current_context}]}`,
/// never the keys themselves.
async fn list_hopex_keys(State(state): State<Shared>) -> Response {
    let keys = lock(&state.hopex).list();
    Json(json!({"keys": keys})).into_response()
}

/// `DELETE /_sandbox/hopex/keys/{api_key}` → 204, or 404 for an unknown key.
async fn delete_hopex_key(State(state): State<Shared>, Path(api_key): Path<String>) -> Response {
    let deleted = lock(&state.hopex).delete(&api_key);
    if deleted {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found().await
    }
}
