//! The simulated spoke: ServiceNow sending an SMS through the Hub with whatever
//! its connector's credential holds, so a credential written wrongly (or not
//! written at all) fails here as it would on a real instance.
//!
//! `POST /_sandbox/servicenow/spoke/send` `{"to":"+614…","content":"…"}` (an
//! admin endpoint: no auth, JSON only) finds the connector's credential (the
//! active credential record referencing the seeded SMS alias, the lowest
//! `order` first), makes the Authorization header from it
//! (`api_key_credentials`: `Basic <api_key>`; `basic_auth_credentials`:
//! `Basic base64(user_name:password)`), and hands it and the message to the
//! Hub's own auth and send logic, in-process, exactly as an outside
//! `POST /v1/messages` would be judged. It answers with the Hub's status and
//! body: 202 `{"messages":[{…,"message_id","status":"queued"}]}`, or the Hub's
//! refusal (401 `{"message":"Invalid authentication credentials"}` for a stale
//! or wrong credential, 400 with `details` for a bad number or content).
//!
//! Its own refusals use the admin endpoints' `{"message","details"}` shape:
//! 400 for a body that is not `{"to","content"}`, 409 when no active credential
//! references the alias (or it is of a class the spoke cannot use), 503 while
//! the instance hibernates. Being in-process, the spoke's Hub call is not
//! subject to faults (faults never apply under `/_sandbox`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use super::records::{RecordStore, StoredRecord};
use super::schema::CREDENTIALS_TABLE;
use super::seed::SMS_ALIAS_SYS_ID;
use crate::sandbox::auth::authenticate;
use crate::sandbox::hub::{bad_request, submit, unauthorized};
use crate::sandbox::state::{lock, Shared};
use crate::sandbox::validate::PARSE_FAILURE;

/// The body of `POST /_sandbox/servicenow/spoke/send`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpokeRequest {
    to: String,
    content: String,
}

/// An answer in the admin endpoints' shape.
fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"message": message, "details": []}))).into_response()
}

/// `POST /_sandbox/servicenow/spoke/send`: see the module documentation.
pub(crate) async fn send(State(state): State<Shared>, body: Bytes) -> Response {
    let request: SpokeRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad_request(vec![PARSE_FAILURE.into(), e.to_string()]),
    };
    let authorization = {
        let sn = lock(&state.servicenow);
        if sn.hibernating {
            return refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "The ServiceNow instance is hibernating: its spoke sends nothing.",
            );
        }
        connector_authorization(&sn.records)
    };
    let authorization = match authorization {
        Ok(a) => a,
        Err(why) => return refusal(StatusCode::CONFLICT, &why),
    };
    let Some(account) = authenticate(&state, Some(&authorization)) else {
        return unauthorized();
    };
    let message = json!({"messages": [{
        "content": request.content,
        "destination_number": request.to,
    }]});
    submit(&state, &account, message.to_string().as_bytes())
}

/// The connector's credential record: active, referencing the SMS alias, the
/// lowest `order` (then sys_id) first.
fn connector_credential(records: &RecordStore) -> Option<&StoredRecord> {
    let value = |r: &StoredRecord, k: &str| r.values.get(k).cloned().unwrap_or_default();
    records
        .of(CREDENTIALS_TABLE)
        .filter(|r| {
            value(r, "active") == "true" && value(r, "credential_alias") == SMS_ALIAS_SYS_ID
        })
        .min_by_key(|r| {
            let order = value(r, "order").trim().parse::<i64>().unwrap_or(i64::MAX);
            (order, r.sys_id.clone())
        })
}

/// The Authorization header value the spoke sends, or why there is none.
fn connector_authorization(records: &RecordStore) -> Result<String, String> {
    let Some(record) = connector_credential(records) else {
        return Err(format!(
            "No active credential references the alias {SMS_ALIAS_SYS_ID}: the spoke has nothing to send with."
        ));
    };
    let value = |k: &str| record.values.get(k).cloned().unwrap_or_default();
    match record.class {
        "api_key_credentials" => Ok(format!("Basic {}", value("api_key"))),
        "basic_auth_credentials" => Ok(format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", value("user_name"), value("password")))
        )),
        other => Err(format!(
            "The connector's credential is a {other} record, which the spoke cannot send with."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seeded_key::SEEDED_HUB_KEY;
    use crate::sandbox::servicenow::seed::{JIRA_CREDENTIAL_SYS_ID, SMS_CREDENTIAL_SYS_ID};

    #[test]
    fn the_spoke_uses_the_active_credential_of_the_alias() {
        let mut records = RecordStore::seeded("http://h");
        assert_eq!(
            connector_authorization(&records),
            Ok(format!("Basic {}", SEEDED_HUB_KEY.token()))
        );
        let now = chrono::Utc::now();
        let point = json!({"credential_alias": SMS_ALIAS_SYS_ID, "order": "5"});
        let body = point.as_object().cloned().unwrap_or_default();
        records.patch(CREDENTIALS_TABLE, JIRA_CREDENTIAL_SYS_ID, &body, false, now);
        let jira = STANDARD.encode("jira.bot:jira-sandbox-pw");
        assert_eq!(
            connector_authorization(&records),
            Ok(format!("Basic {jira}"))
        );
        let off = json!({"active": false});
        let off = off.as_object().cloned().unwrap_or_default();
        records.patch(CREDENTIALS_TABLE, JIRA_CREDENTIAL_SYS_ID, &off, false, now);
        records.patch(CREDENTIALS_TABLE, SMS_CREDENTIAL_SYS_ID, &off, false, now);
        assert!(connector_authorization(&records).is_err());
    }
}
