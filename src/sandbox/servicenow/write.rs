//! `PATCH /api/now/table/{table}/{sys_id}` (and `PUT`, which the Table API
//! treats the same) with a JSON object body → 200 `{"result":{…}}`, the record
//! as it is after the write, shaped by `sysparm_fields` like a GET.
//!
//! What a write changes, and the silent no-save of an encrypted field written
//! without `sysparm_input_display_value=true`, is in
//! `records`. Refusals: 400 for an unknown table or a body
//! that is not a JSON object, 403 ([`acl`](super::acl)) for a table the user
//! may not write (every table but credentials, aliases and the Environment
//! Registration), 404 for a record the table does not have.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::acl::write_refusal;
use super::rows::find;
use super::table::{flag, invalid_table, not_found, render, served, Options};
use super::{error, json_response, SnUser};
use crate::sandbox::state::{lock, Shared};

/// The `message` of the 400 for a body that is not a JSON object.
///
/// *Unconfirmed*: ServiceNow's exact wording is not documented; kept in one
/// place so it can be changed when it is known.
pub const BAD_PAYLOAD_MESSAGE: &str = "Exception while reading request";

/// The `detail` of that 400. *Unconfirmed*, like [`BAD_PAYLOAD_MESSAGE`].
pub const BAD_PAYLOAD_DETAIL: &str = "The payload is not valid JSON.";

/// `PATCH` / `PUT /api/now/table/{table}/{sys_id}`.
pub(crate) async fn update(
    user: SnUser,
    State(state): State<Shared>,
    Path((table, sys_id)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !served(&table) {
        return invalid_table(&table);
    }
    if let Some(refused) = write_refusal(&user, &table) {
        return refused;
    }
    let changes: Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(Value::Object(map)) => map,
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                BAD_PAYLOAD_MESSAGE,
                Some(BAD_PAYLOAD_DETAIL),
            )
        }
    };
    let input_display_value = flag(&params, "sysparm_input_display_value");
    let opts = Options::new(&params, &headers);
    let mut sn = lock(&state.servicenow);
    let outcome = sn.records.patch(
        &table,
        &sys_id,
        &changes,
        input_display_value,
        chrono::Utc::now(),
    );
    if outcome.is_none() {
        return not_found();
    }
    match find(&sn, &table, &sys_id) {
        Some(r) => {
            let body = render(&sn, &table, &r, &opts);
            json_response(StatusCode::OK, &json!({ "result": body }))
        }
        None => not_found(),
    }
}
