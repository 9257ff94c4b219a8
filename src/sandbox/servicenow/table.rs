//! `GET /api/now/table/{table}` and `GET /api/now/table/{table}/{sys_id}` over
//! `sys_user`, `sys_user_role` and `sys_user_has_role`, with the parts of
//! `sysparm_query`, `sysparm_fields`, `sysparm_limit`, `sysparm_offset` and
//! `sysparm_exclude_reference_link` a credential check uses.
//!
//! Records are built from the [`Directory`] on every request rather than stored,
//! so a user added or replaced through the admin endpoint shows at once in all
//! three tables.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::header::HOST;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::users::{derived_sys_id, Directory};
use super::{error, json_response, SnUser};
use crate::sandbox::state::{lock, Shared};

/// The tables the sandbox serves; any other name is an invalid table.
pub const TABLES: [&str; 3] = ["sys_user", "sys_user_has_role", "sys_user_role"];

/// One column value: text, or a reference to a row of another table.
#[derive(Debug, Clone)]
enum Field {
    Text(String),
    Ref { table: &'static str, sys_id: String },
}

type Record = BTreeMap<&'static str, Field>;

fn text(s: impl Into<String>) -> Field {
    Field::Text(s.into())
}

/// ServiceNow's booleans travel as the strings "true" and "false".
fn flag(b: bool) -> Field {
    text(if b { "true" } else { "false" })
}

/// Every row of `table`, or `None` for a table the sandbox does not have.
fn rows(dir: &Directory, table: &str) -> Option<Vec<Record>> {
    let out = match table {
        "sys_user" => dir
            .users()
            .map(|u| {
                Record::from([
                    ("sys_id", text(&u.sys_id)),
                    ("user_name", text(&u.user_name)),
                    ("name", text(&u.name)),
                    ("active", flag(u.active)),
                    ("web_service_access_only", flag(u.web_service_access_only)),
                ])
            })
            .collect(),
        "sys_user_role" => dir
            .roles()
            .map(|r| {
                Record::from([
                    ("sys_id", text(&r.sys_id)),
                    ("name", text(&r.name)),
                    ("description", text(&r.description)),
                ])
            })
            .collect(),
        "sys_user_has_role" => dir
            .users()
            .flat_map(|u| {
                u.roles.iter().filter_map(|name| {
                    let role = dir.role(name)?;
                    Some(Record::from([
                        (
                            "sys_id",
                            text(derived_sys_id(&["sys_user_has_role", &u.sys_id, name])),
                        ),
                        (
                            "user",
                            Field::Ref {
                                table: "sys_user",
                                sys_id: u.sys_id.clone(),
                            },
                        ),
                        (
                            "role",
                            Field::Ref {
                                table: "sys_user_role",
                                sys_id: role.sys_id.clone(),
                            },
                        ),
                        ("state", text("active")),
                        ("inherited", flag(false)),
                    ]))
                })
            })
            .collect(),
        _ => return None,
    };
    Some(out)
}

fn find(dir: &Directory, table: &str, sys_id: &str) -> Option<Record> {
    rows(dir, table)?
        .into_iter()
        .find(|r| matches!(r.get("sys_id"), Some(Field::Text(id)) if id == sys_id))
}

/// The value of a field path such as `user_name` or `role.name`, dot-walking
/// through references; a reference's own value is its sys_id. `None` when the
/// path names no field.
fn resolve(dir: &Directory, record: &Record, path: &str) -> Option<String> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match (record.get(head)?, rest) {
        (Field::Text(t), None) => Some(t.clone()),
        (Field::Ref { sys_id, .. }, None) => Some(sys_id.clone()),
        (Field::Ref { table, sys_id }, Some(rest)) => {
            resolve(dir, &find(dir, table, sys_id)?, rest)
        }
        (Field::Text(_), Some(_)) => None,
    }
}

/// One `sysparm_query` condition.
#[derive(Debug, PartialEq)]
enum Term<'a> {
    Eq(&'a str, &'a str),
    Ne(&'a str, &'a str),
}

/// The conditions of an encoded query: `a=b^c!=d`. Ordering terms
/// (`ORDERBY…`) and anything else are skipped.
fn parse_query(q: &str) -> Vec<Term<'_>> {
    q.split('^')
        .filter_map(|t| {
            let t = t.trim();
            if t.starts_with("ORDERBY") {
                return None;
            }
            let (field, value) = t.split_once('=')?;
            match field.strip_suffix('!') {
                Some(f) => Some(Term::Ne(f.trim(), value)),
                None => Some(Term::Eq(field.trim(), value)),
            }
        })
        .collect()
}

/// Whether `record` meets every term. A term on a field the table lacks is
/// ignored, as ServiceNow does by default (`glide.invalid_query.returns_no_rows`
/// is false): a misspelt field widens the result instead of emptying it.
/// Comparison ignores ASCII case, as the instance's database does.
fn matches(dir: &Directory, record: &Record, terms: &[Term<'_>]) -> bool {
    terms.iter().all(|t| {
        let (field, want, equal) = match t {
            Term::Eq(f, v) => (f, v, true),
            Term::Ne(f, v) => (f, v, false),
        };
        match resolve(dir, record, field) {
            Some(have) => have.eq_ignore_ascii_case(want) == equal,
            None => true,
        }
    })
}

/// The JSON of one record: the `sysparm_fields` (all fields when empty) that
/// exist, a reference as `{"link","value"}` unless links are excluded, and a
/// dotted field flattened under its dotted name, as ServiceNow returns them.
fn render(dir: &Directory, record: &Record, fields: &[&str], base: &str, no_links: bool) -> Value {
    let mut out = Map::new();
    let all: Vec<&str>;
    let wanted = if fields.is_empty() {
        all = record.keys().copied().collect();
        &all
    } else {
        fields
    };
    for &name in wanted {
        let value = match record.get(name) {
            Some(Field::Text(t)) => json!(t),
            Some(Field::Ref { sys_id, .. }) if no_links => json!(sys_id),
            Some(Field::Ref { table, sys_id }) => json!({
                "link": format!("{base}/api/now/table/{table}/{sys_id}"),
                "value": sys_id,
            }),
            None if name.contains('.') => match resolve(dir, record, name) {
                Some(v) => json!(v),
                None => continue,
            },
            None => continue,
        };
        out.insert(name.to_owned(), value);
    }
    Value::Object(out)
}

/// The request options both handlers share.
struct Options<'a> {
    fields: Vec<&'a str>,
    no_links: bool,
    base: String,
}

impl<'a> Options<'a> {
    fn new(params: &'a HashMap<String, String>, headers: &HeaderMap) -> Self {
        let fields = params
            .get("sysparm_fields")
            .map(|f| {
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let no_links = params
            .get("sysparm_exclude_reference_link")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
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

fn invalid_table(table: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        &format!("Invalid table {table}"),
        None,
    )
}

/// 403 for a table whose ACL refuses the user outright.
fn acl_refused() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "Operation Failed",
        Some("ACL Exception Record not found"),
    )
}

/// A user without read rights sees `sys_user_has_role` refused outright (403)
/// and the other tables filtered to nothing (200, empty), the two ways a real
/// ACL shows.
fn acl_outcome(user: &SnUser, table: &str) -> Option<Response> {
    if user.read_rights {
        None
    } else if table == "sys_user_has_role" {
        Some(acl_refused())
    } else {
        Some(list_response(Vec::new()))
    }
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
    if !TABLES.contains(&table.as_str()) {
        return invalid_table(&table);
    }
    if let Some(r) = acl_outcome(&user, &table) {
        return r;
    }
    let opts = Options::new(&params, &headers);
    let terms = params
        .get("sysparm_query")
        .map(|q| parse_query(q))
        .unwrap_or_default();
    let number = |name: &str| {
        params
            .get(name)
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let offset = number("sysparm_offset").unwrap_or(0);
    let limit = number("sysparm_limit").unwrap_or(usize::MAX);
    let sn = lock(&state.servicenow);
    let dir = &sn.directory;
    let result: Vec<Value> = rows(dir, &table)
        .unwrap_or_default()
        .iter()
        .filter(|r| matches(dir, r, &terms))
        .skip(offset)
        .take(limit)
        .map(|r| render(dir, r, &opts.fields, &opts.base, opts.no_links))
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
    if !TABLES.contains(&table.as_str()) {
        return invalid_table(&table);
    }
    let not_found = || {
        error(
            StatusCode::NOT_FOUND,
            "No Record found",
            Some("Record doesn't exist or ACL restricts the record retrieval"),
        )
    };
    if !user.read_rights {
        return if table == "sys_user_has_role" {
            acl_refused()
        } else {
            not_found()
        };
    }
    let opts = Options::new(&params, &headers);
    let sn = lock(&state.servicenow);
    match find(&sn.directory, &table, &sys_id) {
        Some(r) => {
            let body = render(&sn.directory, &r, &opts.fields, &opts.base, opts.no_links);
            json_response(StatusCode::OK, &json!({ "result": body }))
        }
        None => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_on_carets_and_skip_ordering() {
        assert_eq!(
            parse_query("user_name=a=b^active!=false^ORDERBYname^junk"),
            vec![Term::Eq("user_name", "a=b"), Term::Ne("active", "false")]
        );
    }

    #[test]
    fn dot_walking_reaches_the_role_name() {
        let dir = Directory::seeded();
        let links = rows(&dir, "sys_user_has_role").unwrap();
        let admin_links: Vec<_> = links
            .iter()
            .filter(|r| matches(&dir, r, &[Term::Eq("user.user_name", "ADMIN")]))
            .map(|r| resolve(&dir, r, "role.name").unwrap())
            .collect();
        assert_eq!(admin_links, ["admin", "itil"]);
        assert_eq!(resolve(&dir, &links[0], "role.nope"), None);
        assert_eq!(resolve(&dir, &links[0], "state.x"), None);
    }
}
