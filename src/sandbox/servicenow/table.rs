//! `GET /api/now/table/{table}` and `GET /api/now/table/{table}/{sys_id}` over
//! every table in [`TABLES`], with the parts of `sysparm_query` (see
//! [`query`](super::query)), `sysparm_fields`, `sysparm_limit`,
//! `sysparm_offset` and `sysparm_exclude_reference_link` a client uses.
//!
//! Rows are built on every request (see [`rows`](super::rows)), so a user added
//! through the admin endpoint or a record just written shows at once.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header::HOST;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::acl::{read_access, ReadAccess};
use super::query;
use super::rows::{find, resolve, rows, Field, Record};
use super::schema::{path_valid, TABLE_DEFS};
use super::{error, json_response, ServiceNowState, SnUser};
use crate::sandbox::state::{lock, Shared};

/// The tables the sandbox serves; any other name is an invalid table.
pub const TABLES: &[&str] = &[
    "sys_user",
    "sys_user_has_role",
    "sys_user_role",
    "sys_alias",
    "discovery_credentials",
    "basic_auth_credentials",
    "api_key_credentials",
    super::schema::REGISTRATION_TABLE,
    "sys_db_object",
    "sys_dictionary",
    "sys_scope",
    "sys_glide_object",
];

/// The JSON of one record seen through `table`: the `sysparm_fields` (all
/// fields when empty) that exist, a reference as `{"link","value"}` unless
/// links are excluded, an encrypted field masked, and a dotted field flattened
/// under its dotted name, as ServiceNow returns them. A field `table` lacks is
/// left out.
pub(crate) fn render(
    sn: &ServiceNowState,
    table: &str,
    record: &Record,
    opts: &Options<'_>,
) -> Value {
    let mut out = Map::new();
    let all: Vec<&str>;
    let wanted = if opts.fields.is_empty() {
        all = record.keys().copied().collect();
        &all
    } else {
        &opts.fields
    };
    for &name in wanted {
        let value = match record.get(name) {
            Some(Field::Ref { value, .. }) if opts.no_links => json!(value),
            Some(Field::Ref { table, value }) => json!({
                "link": format!("{}/api/now/table/{table}/{value}", opts.base),
                "value": value,
            }),
            Some(field) => json!(field.shown()),
            None if name.contains('.') && path_valid(table, name) => {
                json!(resolve(sn, record, name).unwrap_or_default())
            }
            None => continue,
        };
        out.insert(name.to_owned(), value);
    }
    Value::Object(out)
}

/// The request options the handlers share.
pub(crate) struct Options<'a> {
    fields: Vec<&'a str>,
    no_links: bool,
    base: String,
}

impl<'a> Options<'a> {
    pub fn new(params: &'a HashMap<String, String>, headers: &HeaderMap) -> Self {
        let fields = params
            .get("sysparm_fields")
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let no_links = flag(params, "sysparm_exclude_reference_link");
        // Links point back at whatever host the client used, as the instance's do.
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        Self {
            fields,
            no_links,
            base: format!("http://{host}"),
        }
    }
}

/// Whether a `sysparm_*` flag is `true`.
pub(crate) fn flag(params: &HashMap<String, String>, name: &str) -> bool {
    params
        .get(name)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Whether the sandbox serves `table`.
pub(crate) fn served(table: &str) -> bool {
    TABLE_DEFS.iter().any(|t| t.name == table)
}

/// 400 for a table the sandbox does not serve.
pub(crate) fn invalid_table(table: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        &format!("Invalid table {table}"),
        None,
    )
}

/// 404 for a record that does not exist (or that an ACL hides).
pub(crate) fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "No Record found",
        Some("Record doesn't exist or ACL restricts the record retrieval"),
    )
}

fn list_response(result: Vec<Value>) -> Response {
    let count = result.len();
    let mut r = json_response(StatusCode::OK, &json!({ "result": result }));
    r.headers_mut()
        .insert("x-total-count", HeaderValue::from(count));
    r
}

/// `GET /api/now/table/{table}` → `{"result":[…]}`.
pub(crate) async fn list(
    user: SnUser,
    State(state): State<Shared>,
    Path(table): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !served(&table) {
        return invalid_table(&table);
    }
    match read_access(&user, &table) {
        ReadAccess::All => {}
        ReadAccess::Nothing => return list_response(Vec::new()),
        ReadAccess::Refused(r) => return r,
    }
    let opts = Options::new(&params, &headers);
    let query = params
        .get("sysparm_query")
        .map(|q| query::parse(q))
        .unwrap_or_default()
        .keep_valid(|field| path_valid(&table, field));
    let number = |name: &str| {
        params
            .get(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let offset = number("sysparm_offset").unwrap_or(0);
    let limit = number("sysparm_limit").unwrap_or(usize::MAX);
    let sn = lock(&state.servicenow);
    let result: Vec<Value> = rows(&sn, &table)
        .unwrap_or_default()
        .iter()
        .filter(|r| query.matches(|field| resolve(&sn, r, field).unwrap_or_default()))
        .skip(offset)
        .take(limit)
        .map(|r| render(&sn, &table, r, &opts))
        .collect();
    list_response(result)
}

/// `GET /api/now/table/{table}/{sys_id}` → `{"result":{…}}`, or 404 "No Record found".
pub(crate) async fn get_one(
    user: SnUser,
    State(state): State<Shared>,
    Path((table, sys_id)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !served(&table) {
        return invalid_table(&table);
    }
    match read_access(&user, &table) {
        ReadAccess::All => {}
        ReadAccess::Nothing => return not_found(),
        ReadAccess::Refused(r) => return r,
    }
    let opts = Options::new(&params, &headers);
    let sn = lock(&state.servicenow);
    match find(&sn, &table, &sys_id) {
        Some(r) => {
            let body = render(&sn, &table, &r, &opts);
            json_response(StatusCode::OK, &json!({ "result": body }))
        }
        None => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_in_the_schema_is_listed_and_has_rows() {
        let sn = ServiceNowState::new("http://h");
        assert_eq!(TABLES.len(), TABLE_DEFS.len());
        for t in TABLES {
            assert!(served(t), "{t}");
            assert!(rows(&sn, t).is_some_and(|r| !r.is_empty()), "{t}");
        }
    }
}
