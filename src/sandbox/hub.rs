//! The `/v1` Hub endpoints: send, status, cancel, replies, delivery reports.
//! Paths, field names, status codes and error bodies follow the Messages API spec.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::auth::HubAccount;
use super::state::{lock, AppState, Shared};
use super::store::CancelError;
use super::validate;

/// The `message` of every 400 for a body that fails validation.
pub const BAD_REQUEST_MESSAGE: &str =
    "Request failed to parse correctly. Please ensure input is valid and try again.";
/// The `message` of every 401.
pub const UNAUTHORIZED_MESSAGE: &str = "Invalid authentication credentials";
/// The `message` of every 404.
pub const NOT_FOUND_MESSAGE: &str = "Resource not found.";

/// 400 with the spec's `{"message","details"}` body.
pub(crate) fn bad_request(details: Vec<String>) -> Response {
    bad_request_with(BAD_REQUEST_MESSAGE, details)
}

fn bad_request_with(message: &str, details: Vec<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"message": message, "details": details})),
    )
        .into_response()
}

/// 401 `{"message":"Invalid authentication credentials"}`.
pub(crate) fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"message": UNAUTHORIZED_MESSAGE})),
    )
        .into_response()
}

/// 404 `{"message":"Resource not found."}`; also the answer for unknown paths.
pub(crate) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"message": NOT_FOUND_MESSAGE})),
    )
        .into_response()
}

/// `POST /v1/messages` → 202 `{"messages":[…]}`.
pub(crate) async fn send(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
    body: Bytes,
) -> Response {
    submit(&state, &account, &body)
}

/// What `POST /v1/messages` does once `account` is authenticated: validates
/// the body and stores its messages → 202 `{"messages":[…]}`, or 400. Also
/// what the simulated ServiceNow spoke calls, in-process.
pub(crate) fn submit(state: &AppState, account: &str, body: &[u8]) -> Response {
    match validate::send_request(body) {
        Err(details) => bad_request(details),
        Ok(messages) => {
            let mut store = lock(&state.store);
            let items: Vec<Value> = messages
                .into_iter()
                .map(|m| store.submit(account, m))
                .collect();
            (StatusCode::ACCEPTED, Json(json!({"messages": items}))).into_response()
        }
    }
}

/// `GET /v1/messages/{messageId}` → 200 with the message and its current status.
pub(crate) async fn get_message(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Response {
    let found = lock(&state.store).message(&account, &id);
    match found {
        Some(body) => Json(body).into_response(),
        None => not_found().await,
    }
}

/// `PUT /v1/messages/{messageId}` `{"status":"cancelled"}` → 200 with no body.
pub(crate) async fn cancel(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let value = match validate::parse_json(&body) {
        Ok(v) => v,
        Err(details) => return bad_request(details),
    };
    if value.get("status").and_then(Value::as_str) != Some("cancelled") {
        return bad_request(vec!["/status: must be set to 'cancelled'".into()]);
    }
    let outcome = lock(&state.store).cancel(&account, &id);
    match outcome {
        Ok(()) => StatusCode::OK.into_response(),
        Err(CancelError::NotFound) => not_found().await,
        Err(CancelError::NotScheduled(status)) => bad_request_with(
            "Only messages with a status of scheduled can be cancelled.",
            vec![format!(
                "/status: message status is '{status}', not 'scheduled'"
            )],
        ),
    }
}

/// `GET /v1/replies` → up to 100 unconfirmed replies.
pub(crate) async fn replies(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
) -> Response {
    let replies = lock(&state.store).replies(&account);
    Json(json!({"replies": replies})).into_response()
}

/// `POST /v1/replies/confirmed` `{"reply_ids":[…]}` → 202, `text/plain`, empty.
pub(crate) async fn confirm_replies(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
    body: Bytes,
) -> Response {
    match validate::confirm_ids(&body, "reply_ids") {
        Err(details) => bad_request(details),
        Ok(ids) => {
            lock(&state.store).confirm_replies(&account, &ids);
            accepted_plain()
        }
    }
}

/// 202 with an empty `text/plain` body: what the spec gives both confirm
/// endpoints (an empty answer with no Content-Type at all is not).
fn accepted_plain() -> Response {
    (
        StatusCode::ACCEPTED,
        [(CONTENT_TYPE, HeaderValue::from_static("text/plain"))],
    )
        .into_response()
}

/// `GET /v1/delivery_reports` → up to 100 unconfirmed delivery reports.
pub(crate) async fn reports(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
) -> Response {
    let reports = lock(&state.store).reports(&account);
    Json(json!({"delivery_reports": reports})).into_response()
}

/// `POST /v1/delivery_reports/confirmed` `{"delivery_report_ids":[…]}` → 202,
/// `text/plain`, empty.
pub(crate) async fn confirm_reports(
    HubAccount(account): HubAccount,
    State(state): State<Shared>,
    body: Bytes,
) -> Response {
    match validate::confirm_ids(&body, "delivery_report_ids") {
        Err(details) => bad_request(details),
        Ok(ids) => {
            lock(&state.store).confirm_reports(&account, &ids);
            accepted_plain()
        }
    }
}
