//! A small scripted ServiceNow instance (axum) for the client's discovery and
//! write tests: a Table API with state, that filters by the subset of the
//! encoded query the client sends, answers only the fields asked for, and, as
//! ServiceNow does, answers 200 but keeps an encrypted field's old value unless
//! the write says `sysparm_input_display_value=true`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use nowkey::clients::http::Timeouts;
use nowkey::clients::servicenow::{is_secret_field_name, ServiceNowClient};
use nowkey::domain::servicenow::ServiceNowCredentials;
use secrecy::SecretString;
use serde_json::{json, Map, Value};

const USER: &str = "sn.integration";
const PASSWORD: &str = "CANARYsnPassw0rd";
pub(super) const CRED: &str = "0123456789abcdef0123456789abcdef";
pub(super) const OTHER: &str = "fedcba9876543210fedcba9876543210";
const ALIAS: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub(super) const REG: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
pub(super) const REG_TABLE: &str = "x_acme_sms_env_reg";
/// What the new token is in these tests: a secret.
pub(super) const TOKEN: &str = "CANARYbmV3a2V5Om5ld3NlY3JldA==";

/// One request the instance saw.
pub(super) struct Seen {
    pub(super) method: &'static str,
    pub(super) query: BTreeMap<String, String>,
}

/// The instance: its records by table, the encrypted and the read-only fields,
/// the tables this user may not touch, and every request seen.
#[derive(Default)]
pub(super) struct World {
    pub(super) tables: BTreeMap<String, Vec<Map<String, Value>>>,
    pub(super) encrypted: Vec<&'static str>,
    pub(super) read_only: Vec<&'static str>,
    pub(super) forbidden: Vec<&'static str>,
    pub(super) seen: Vec<Seen>,
}

pub(super) type Shared = Arc<Mutex<World>>;

fn row(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("rows are objects"),
    }
}

fn link(table: &str, id: &str) -> Value {
    json!({"link": format!("https://acme.service-now.com/api/now/table/{table}/{id}"), "value": id})
}

/// A world like a real instance's: two credentials, an alias, the dictionary
/// of the registration table (types as references) and one registration.
pub(super) fn world() -> World {
    let dictionary = |name: &str, element: &str, label: &str, kind: &str, reference: &str| {
        row(
            json!({"name": name, "element": element, "column_label": label,
                   "internal_type": link("sys_glide_object", kind), "reference": reference}),
        )
    };
    let mut world = World {
        encrypted: vec!["api_key", "password", "u_api_secret"],
        ..World::default()
    };
    world.tables.insert("discovery_credentials".into(), vec![
        row(json!({"sys_id": CRED, "sys_class_name": "api_key_credentials", "name": "Messaging key",
                   "active": "true", "sys_updated_on": "2026-12-01 09:00:00", "sys_mod_count": "4",
                   "api_key": "old-token", "u_cred_alias": link("sys_alias", ALIAS),
                   "u_cred_alias.name": "Sinch SMS", "u_cred_alias.id": "x_acme_sms.sinch"})),
        row(json!({"sys_id": OTHER, "sys_class_name": "basic_auth_credentials", "name": "Mail relay",
                   "active": "false", "sys_updated_on": "2026-11-01 09:00:00", "sys_mod_count": "1",
                   "user_name": "mailer", "password": "old-password"})),
    ]);
    world.tables.insert(
        "sys_dictionary".into(),
        vec![
            dictionary(
                "discovery_credentials",
                "u_cred_alias",
                "Alias",
                "reference",
                "sys_alias",
            ),
            dictionary("discovery_credentials", "name", "Name", "string", ""),
            dictionary(REG_TABLE, "u_name", "Name", "string", ""),
            dictionary(REG_TABLE, "u_api_key", "API Key", "string", ""),
            dictionary(REG_TABLE, "u_api_secret", "API Secret", "password2", ""),
        ],
    );
    world.tables.insert(
        "sys_db_object".into(),
        vec![
            row(
                json!({"name": REG_TABLE, "label": "Environment Registration",
                   "sys_scope": link("sys_scope", ALIAS), "sys_scope.scope": "x_acme_sms"}),
            ),
            row(json!({"name": "incident", "label": "Incident", "sys_scope": "global"})),
        ],
    );
    world.tables.insert(REG_TABLE.into(), vec![row(json!({
        "sys_id": REG, "u_name": "Production", "u_api_key": "old-key",
        "u_api_secret": "old-secret", "sys_updated_on": "2026-12-01 09:00:00", "sys_mod_count": "2"}))]);
    // The same credential, as its child table holds it.
    let child = world.tables["discovery_credentials"][0].clone();
    world
        .tables
        .insert("api_key_credentials".into(), vec![child]);
    world
}

/// The field's value as the query compares it (a reference by its sys_id).
fn value_text(row: &Map<String, Value>, field: &str) -> String {
    match row.get(field) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Object(reference)) => reference["value"].as_str().unwrap_or("").to_owned(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The subset of encoded queries the client sends: `f=v`, `fLIKEv`,
/// `fISNOTEMPTY`, `^OR`, `^ORDERBY…` (ignored).
fn matches(row: &Map<String, Value>, query: &str) -> bool {
    let condition = |c: &str| {
        if let Some(field) = c.strip_suffix("ISNOTEMPTY") {
            !value_text(row, field).is_empty()
        } else if let Some((field, like)) = c.split_once("LIKE") {
            value_text(row, field)
                .to_lowercase()
                .contains(&like.to_lowercase())
        } else if let Some((field, value)) = c.split_once('=') {
            value_text(row, field) == value
        } else {
            panic!("the fake does not know the condition {c}")
        }
    };
    // Conditions joined by `^` all hold; an `^OR` widens the one before it.
    let mut all = true;
    let mut group: Option<bool> = None;
    for part in query
        .split('^')
        .filter(|p| !p.is_empty() && !p.starts_with("ORDERBY"))
    {
        match part.strip_prefix("OR") {
            Some(alternative) => group = Some(group.unwrap_or(false) | condition(alternative)),
            None => {
                all &= group.unwrap_or(true);
                group = Some(condition(part));
            }
        }
    }
    all && group.unwrap_or(true)
}

/// The row with only the fields asked for (all of them when none were).
fn project(row: &Map<String, Value>, fields: Option<&String>) -> Value {
    let Some(fields) = fields else {
        return Value::Object(row.clone());
    };
    Value::Object(
        fields
            .split(',')
            .filter_map(|f| row.get(f).map(|v| (f.to_owned(), v.clone())))
            .collect(),
    )
}

fn failure(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"message": message}, "status": "failure"})),
    )
        .into_response()
}

/// Sees the request; answers its refusal, if any.
fn admit(
    world: &mut World,
    headers: &HeaderMap,
    method: &'static str,
    table: &str,
    query: &BTreeMap<String, String>,
) -> Option<Response> {
    world.seen.push(Seen {
        method,
        query: query.clone(),
    });
    let expected = format!("Basic {}", b64(&format!("{USER}:{PASSWORD}")));
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return Some(failure(StatusCode::UNAUTHORIZED, "User Not Authenticated"));
    }
    if world.forbidden.contains(&table) {
        return Some(failure(StatusCode::FORBIDDEN, "User Not Authorized"));
    }
    None
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

async fn list(
    State(world): State<Shared>,
    Path(table): Path<String>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let mut world = world.lock().unwrap();
    if let Some(refusal) = admit(&mut world, &headers, "GET", &table, &query) {
        return refusal;
    }
    let filter = query.get("sysparm_query").cloned().unwrap_or_default();
    let rows: Vec<Value> = world
        .tables
        .get(&table)
        .into_iter()
        .flatten()
        .filter(|row| matches(row, &filter))
        .map(|row| project(row, query.get("sysparm_fields")))
        .collect();
    Json(json!({"result": rows})).into_response()
}

async fn one(
    State(world): State<Shared>,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let mut world = world.lock().unwrap();
    if let Some(refusal) = admit(&mut world, &headers, "GET", &table, &query) {
        return refusal;
    }
    match world
        .tables
        .get(&table)
        .into_iter()
        .flatten()
        .find(|r| value_text(r, "sys_id") == id)
    {
        Some(row) => {
            Json(json!({"result": project(row, query.get("sysparm_fields"))})).into_response()
        }
        None => failure(StatusCode::NOT_FOUND, "No Record found"),
    }
}

async fn patch(
    State(world): State<Shared>,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
    Json(values): Json<Map<String, Value>>,
) -> Response {
    let mut world = world.lock().unwrap();
    if let Some(refusal) = admit(&mut world, &headers, "PATCH", &table, &query) {
        return refusal;
    }
    let flagged = query.get("sysparm_input_display_value").map(String::as_str) == Some("true");
    let (encrypted, read_only) = (world.encrypted.clone(), world.read_only.clone());
    let Some(row) = world
        .tables
        .get_mut(&table)
        .into_iter()
        .flatten()
        .find(|r| value_text(r, "sys_id") == id)
    else {
        return failure(StatusCode::NOT_FOUND, "No Record found");
    };
    let mut changed = false;
    for (field, value) in values {
        // Written without the flag, an encrypted field silently keeps its value.
        let kept = read_only.contains(&field.as_str())
            || (encrypted.contains(&field.as_str()) && !flagged);
        if !kept && row.get(&field) != Some(&value) {
            row.insert(field, value);
            changed = true;
        }
    }
    if changed {
        let count: u64 = value_text(row, "sys_mod_count").parse().unwrap();
        row.insert("sys_mod_count".into(), json!((count + 1).to_string()));
        row.insert("sys_updated_on".into(), json!("2026-12-05 11:00:00"));
    }
    Json(json!({"result": project(row, query.get("sysparm_fields"))})).into_response()
}

/// Serves `world` on 127.0.0.1; the client signs in with the right password.
pub(super) async fn serve(world: World) -> (ServiceNowClient, Shared) {
    let shared: Shared = Arc::new(Mutex::new(world));
    let app = Router::new()
        .route("/api/now/table/{table}", get(list))
        .route("/api/now/table/{table}/{id}", get(one).patch(patch))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let credentials = ServiceNowCredentials {
        user: USER.into(),
        password: SecretString::from(PASSWORD),
        oauth: None,
    };
    (
        ServiceNowClient::new(&base, credentials, Timeouts::default()).unwrap(),
        shared,
    )
}

/// Panics if any request seen listed a secret or encrypted field.
pub(super) fn assert_no_secret_field_asked(world: &Shared) {
    let world = world.lock().unwrap();
    assert!(!world.seen.is_empty());
    for seen in &world.seen {
        for field in seen
            .query
            .get("sysparm_fields")
            .into_iter()
            .flat_map(|f| f.split(','))
        {
            let last = field.rsplit('.').next().unwrap_or(field);
            assert!(
                !is_secret_field_name(last) && !world.encrypted.contains(&last),
                "{} asked for {field}",
                seen.method
            );
        }
    }
}
