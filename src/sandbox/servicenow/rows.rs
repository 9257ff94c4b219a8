//! Every table's rows as the Table API sees them, built on each request: the
//! user tables from the [`Directory`](super::users::Directory), the stored
//! tables from the [`RecordStore`](super::records::RecordStore) (a base table
//! lists its children's records with its own fields only), and the metadata
//! tables from the schema. Then finding one row and walking a dotted path.
//!
//! An encrypted field is never shown: its value reads as
//! [`ENCRYPTED_PLACEHOLDER`] (or empty when nothing is stored), in a GET's
//! result and in a query's comparison alike.

use std::collections::BTreeMap;

use super::metadata;
use super::records::{is_stored, StoredRecord};
use super::schema::{fields_of, Kind};
use super::users::{derived_sys_id, Directory};
use super::ServiceNowState;

/// What a GET shows instead of an encrypted field's value: a fixed text, never
/// the value. (A stored value that is this very text is the one case the two
/// cannot be told apart.)
pub const ENCRYPTED_PLACEHOLDER: &str = "********";

/// One column value.
#[derive(Debug, Clone)]
pub(crate) enum Field {
    /// Text (numbers, booleans and dates are text in ServiceNow's JSON).
    Text(String),
    /// A reference to a row of `table`; `value` is its sys_id (the type's name
    /// for `sys_glide_object`). An empty reference is `Text("")`.
    Ref { table: &'static str, value: String },
    /// An encrypted value, never shown.
    Secret(String),
}

impl Field {
    /// The value as the API shows it: the reference's value, a secret masked.
    pub fn shown(&self) -> String {
        match self {
            Field::Text(t) => t.clone(),
            Field::Ref { value, .. } => value.clone(),
            Field::Secret(s) if s.is_empty() => String::new(),
            Field::Secret(_) => ENCRYPTED_PLACEHOLDER.to_owned(),
        }
    }
}

/// One row: field name → value.
pub(crate) type Record = BTreeMap<&'static str, Field>;

/// A text field.
pub(crate) fn text(s: impl Into<String>) -> Field {
    Field::Text(s.into())
}

/// ServiceNow's booleans travel as the strings "true" and "false".
fn flag(b: bool) -> Field {
    text(if b { "true" } else { "false" })
}

/// Every row of `table`, or `None` for a table the sandbox does not have.
pub(crate) fn rows(sn: &ServiceNowState, table: &str) -> Option<Vec<Record>> {
    if is_stored(table) {
        return Some(sn.records.of(table).map(|r| stored_row(r, table)).collect());
    }
    user_rows(&sn.directory, table).or_else(|| metadata::rows(table))
}

/// A stored record seen through `table`: that table's fields only.
fn stored_row(record: &StoredRecord, table: &str) -> Record {
    fields_of(table)
        .into_iter()
        .map(|f| {
            let value = match f.element {
                "sys_id" => text(&record.sys_id),
                "sys_class_name" => text(record.class),
                "sys_created_on" => text(&record.created_on),
                "sys_updated_on" => text(&record.updated_on),
                "sys_mod_count" => text(record.mod_count.to_string()),
                element => {
                    let v = record.values.get(element).cloned().unwrap_or_default();
                    match f.kind {
                        Kind::Encrypted => Field::Secret(v),
                        Kind::Reference(target) if !v.is_empty() => Field::Ref {
                            table: target,
                            value: v,
                        },
                        _ => Field::Text(v),
                    }
                }
            };
            (f.element, value)
        })
        .collect()
}

/// The user tables' rows, or `None` for another table.
fn user_rows(dir: &Directory, table: &str) -> Option<Vec<Record>> {
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
                                value: u.sys_id.clone(),
                            },
                        ),
                        (
                            "role",
                            Field::Ref {
                                table: "sys_user_role",
                                value: role.sys_id.clone(),
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

/// The row of `table` with this sys_id (or, in `sys_glide_object`, this name).
pub(crate) fn find(sn: &ServiceNowState, table: &str, id: &str) -> Option<Record> {
    let key = if table == "sys_glide_object" {
        "name"
    } else {
        "sys_id"
    };
    rows(sn, table)?.into_iter().find(|r| {
        matches!(r.get("sys_id"), Some(Field::Text(s)) if s == id)
            || matches!(r.get(key), Some(Field::Text(s)) if s == id)
    })
}

/// The value of a field path such as `user_name` or `role.name`, dot-walking
/// through references; a reference's own value is its sys_id, an encrypted
/// field reads masked. Empty when a reference on the way is empty or dangling;
/// `None` when the path names no field of the row.
pub(crate) fn resolve(sn: &ServiceNowState, record: &Record, path: &str) -> Option<String> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match (record.get(head)?, rest) {
        (field, None) => Some(field.shown()),
        (Field::Ref { table, value }, Some(rest)) => match find(sn, table, value) {
            Some(target) => resolve(sn, &target, rest),
            None => Some(String::new()),
        },
        (Field::Text(t), Some(_)) if t.is_empty() => Some(String::new()),
        (_, Some(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::servicenow::schema::REGISTRATION_TABLE;

    #[test]
    fn dot_walking_reaches_the_role_name() {
        let sn = ServiceNowState::new("http://h");
        let links = rows(&sn, "sys_user_has_role").expect("rows");
        let admin_links: Vec<String> = links
            .iter()
            .filter(|r| resolve(&sn, r, "user.user_name").as_deref() == Some("admin"))
            .filter_map(|r| resolve(&sn, r, "role.name"))
            .collect();
        assert_eq!(admin_links, ["admin", "itil"]);
        assert_eq!(resolve(&sn, &links[0], "role.nope"), None);
        assert_eq!(resolve(&sn, &links[0], "state.x"), None);
    }

    #[test]
    fn a_base_table_lists_its_children_with_base_fields_and_secrets_are_masked() {
        let sn = ServiceNowState::new("http://h");
        let base = rows(&sn, "discovery_credentials").expect("rows");
        assert_eq!(base.len(), 2);
        assert!(base.iter().all(|r| !r.contains_key("api_key")));
        let child = rows(&sn, "api_key_credentials").expect("rows");
        assert_eq!(child.len(), 1);
        assert_eq!(child[0]["api_key"].shown(), ENCRYPTED_PLACEHOLDER);
        assert_eq!(
            resolve(&sn, &child[0], "credential_alias.name").as_deref(),
            Some("SMS Hub")
        );
        let jira = base
            .iter()
            .find(|r| r["sys_class_name"].shown() == "basic_auth_credentials")
            .expect("jira");
        assert_eq!(
            resolve(&sn, jira, "credential_alias.name").as_deref(),
            Some("")
        );
        let reg = rows(&sn, REGISTRATION_TABLE).expect("rows");
        assert_eq!(reg[0]["u_hub_url"].shown(), "http://h");
        assert!(find(&sn, "sys_glide_object", "password2").is_some());
    }
}
