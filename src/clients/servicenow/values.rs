//! Reading the field values of a Table API answer, whatever form they take.
//!
//! ServiceNow sends numbers and booleans as strings (`"5"`, `"true"`), a
//! reference as `{"link": ".../api/now/table/<table>/<sys_id>", "value":
//! "<sys_id>"}` (a bare string with `sysparm_exclude_reference_link=true`, `""`
//! when empty), and a dot-walked field under its dotted name. Real JSON numbers
//! and booleans are accepted too. Every string was already cleaned for one line
//! when the body was parsed ([`crate::clients::response::Body::json`]).

use serde_json::{Map, Value};

use crate::clients::http::shorten;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::RecordStamp;

/// One record of a Table API answer: its fields by name.
pub(super) type Row = Map<String, Value>;

/// `{"result":[…]}`.
#[derive(serde::Deserialize)]
pub(super) struct Rows {
    /// The records.
    pub result: Vec<Row>,
}

/// `{"result":{…}}`.
#[derive(serde::Deserialize)]
pub(super) struct OneRow {
    /// The record.
    pub result: Row,
}

/// The field's value as text: a string as it is (trimmed), a number or
/// boolean written out, a reference's `display_value` or else its `value`.
/// `None` when absent, null or empty.
pub(super) fn text(row: &Row, field: &str) -> Option<String> {
    let text = match row.get(field)? {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Object(object) => ["display_value", "value"]
            .iter()
            .find_map(|key| match object.get(*key) {
                Some(Value::String(text)) if !text.trim().is_empty() => {
                    Some(text.trim().to_owned())
                }
                _ => None,
            })?,
        Value::Null | Value::Array(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// [`text`] made short enough for one line of a list (a name, a label, a date).
pub(super) fn label(row: &Row, field: &str) -> Option<String> {
    text(row, field)
        .map(|t| shorten(&t))
        .filter(|t| !t.is_empty())
}

/// A reference field: the sys_id it points at, and whether its link points at
/// `table` (`None` when the server sent no link: a bare string).
pub(super) fn reference(row: &Row, field: &str, table: &str) -> Option<(String, Option<bool>)> {
    match row.get(field)? {
        Value::String(id) if !id.trim().is_empty() => Some((id.trim().to_owned(), None)),
        Value::Object(object) => {
            let id = object.get("value").and_then(Value::as_str)?.trim();
            if id.is_empty() {
                return None;
            }
            let points_at = object
                .get("link")
                .and_then(Value::as_str)
                .map(|link| link.contains(&format!("/table/{table}/")));
            Some((id.to_owned(), points_at))
        }
        _ => None,
    }
}

/// A count such as `sys_mod_count`: `"5"` or `5`.
pub(super) fn count(row: &Row, field: &str) -> Option<u64> {
    match row.get(field)? {
        Value::String(text) => text.trim().parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

/// A flag such as `active`: `"true"`/`"false"` or a boolean; absent counts as
/// true (a field-level ACL that hides it says nothing about the record).
pub(super) fn flag(row: &Row, field: &str) -> bool {
    row.get(field).is_none_or(is_true)
}

/// ServiceNow's `"true"`/`"false"`, or a boolean; anything else counts as true.
pub(super) fn is_true(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::String(text) => !text.trim().eq_ignore_ascii_case("false"),
        _ => true,
    }
}

/// The record's `sys_mod_count` and `sys_updated_on`. Without a count no write
/// can be confirmed, so its absence is an error.
pub(super) fn stamp(row: &Row, status: u16) -> Result<RecordStamp, ClientError> {
    let mod_count = count(row, "sys_mod_count").ok_or_else(|| ClientError::UnexpectedBody {
        status,
        detail: "the record came without its sys_mod_count (an ACL may hide it)".to_owned(),
    })?;
    Ok(RecordStamp {
        mod_count,
        updated_on: label(row, "sys_updated_on").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(json: &str) -> Row {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn strings_numbers_booleans_and_references_all_read_as_text() {
        let r = row(
            r#"{"a":" x ","b":5,"c":true,"d":{"link":"l","value":"v"},"e":{"display_value":"D","value":"v"},"f":"","g":null,"h":{"value":""}}"#,
        );
        assert_eq!(text(&r, "a").as_deref(), Some("x"));
        assert_eq!(text(&r, "b").as_deref(), Some("5"));
        assert_eq!(text(&r, "c").as_deref(), Some("true"));
        assert_eq!(text(&r, "d").as_deref(), Some("v"));
        assert_eq!(text(&r, "e").as_deref(), Some("D"));
        for empty in ["f", "g", "h", "missing"] {
            assert_eq!(text(&r, empty), None, "{empty}");
        }
    }

    #[test]
    fn a_reference_says_where_its_link_points() {
        let r = row(
            r#"{"a":{"link":"https://i/api/now/table/sys_alias/abc","value":"abc"},"b":{"link":"https://i/api/now/table/sys_user/abc","value":"abc"},"c":"abc","d":"","e":{"link":"x","value":""}}"#,
        );
        assert_eq!(
            reference(&r, "a", "sys_alias"),
            Some(("abc".into(), Some(true)))
        );
        assert_eq!(
            reference(&r, "b", "sys_alias"),
            Some(("abc".into(), Some(false)))
        );
        assert_eq!(reference(&r, "c", "sys_alias"), Some(("abc".into(), None)));
        assert_eq!(reference(&r, "d", "sys_alias"), None);
        assert_eq!(reference(&r, "e", "sys_alias"), None);
    }

    #[test]
    fn counts_and_flags_come_as_strings_or_json() {
        let r = row(r#"{"a":"7","b":7,"c":"x","t":"true","f":"false","g":false}"#);
        assert_eq!(count(&r, "a"), Some(7));
        assert_eq!(count(&r, "b"), Some(7));
        assert_eq!(count(&r, "c"), None);
        assert!(flag(&r, "t") && flag(&r, "missing"));
        assert!(!flag(&r, "f") && !flag(&r, "g"));
        assert_eq!(stamp(&r, 200).unwrap_err().class(), "unexpected_body");
    }
}
