//! Finding the connector's Environment Registration: the tables whose label
//! says so (`sys_db_object`), their fields (`sys_dictionary`) and their
//! records. No encrypted field is ever requested.

use super::guard::{checked_name, is_secret_field_name, search_term};
use super::values::{label, text, Row, Rows};
use super::ServiceNowClient;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::{FieldInfo, RecordRef, RegistrationRecord, TableInfo};

/// The most tables, and records, one call returns.
const LIMIT: &str = "100";

/// The most fields read of one table (a wide custom table has a few hundred).
const FIELD_LIMIT: &str = "1000";

/// The fields that usually name a record, in the order they are preferred.
const NAME_FIELDS: [&str; 3] = ["name", "u_name", "number"];

impl ServiceNowClient {
    /// `sys_db_object` rows whose label contains `label_part` (e.g. "Environment
    /// Registration"), with their application scope (`sys_scope.scope`, else the
    /// scope's sys_id). Sorted by table name; at most 100.
    ///
    /// `label_part` follows the same rules as a search term
    /// ([`ServiceNowClient::find_credentials`]).
    pub async fn find_tables(&self, label_part: &str) -> Result<Vec<TableInfo>, ClientError> {
        let term = search_term(label_part)?;
        let query = format!("labelLIKE{term}^ORDERBYname");
        let body = self
            .get(
                "sys_db_object",
                &[
                    ("sysparm_query", &query),
                    ("sysparm_fields", "name,label,sys_scope,sys_scope.scope"),
                    ("sysparm_limit", LIMIT),
                ],
            )
            .await?;
        let rows: Rows = self.parse(&body, "a `result` list of tables")?;
        let mut tables: Vec<TableInfo> = rows.result.iter().filter_map(table).collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        tables.dedup_by(|a, b| a.name == b.name);
        Ok(tables)
    }

    /// The fields of `table` from `sys_dictionary` (element non-empty), sorted
    /// by element. `internal_type` is read whether it comes as a type name or
    /// as a reference to one.
    pub async fn table_fields(&self, table: &str) -> Result<Vec<FieldInfo>, ClientError> {
        let table = checked_name(table, "table")?;
        let query = format!("name={table}^elementISNOTEMPTY^ORDERBYelement");
        let body = self
            .get(
                "sys_dictionary",
                &[
                    ("sysparm_query", &query),
                    ("sysparm_fields", "element,column_label,internal_type"),
                    ("sysparm_limit", FIELD_LIMIT),
                ],
            )
            .await?;
        let rows: Rows = self.parse(&body, "a `result` list of fields")?;
        let mut fields: Vec<FieldInfo> = rows.result.iter().filter_map(field).collect();
        fields.sort_by(|a, b| a.element.cmp(&b.element));
        fields.dedup_by(|a, b| a.element == b.element);
        Ok(fields)
    }

    /// The records of `table` (limit 100, most recently updated first).
    /// `fields` is the table's dictionary: it picks a display name (`name`,
    /// `u_name`, `number`, the first string field whose label says Name) and
    /// keeps every encrypted field out of the request. `key_field`, when given,
    /// not encrypted and not a secret name
    /// ([`super::is_secret_field_name`]), is read into
    /// [`RegistrationRecord::key_value`]; otherwise that stays `None`.
    pub async fn registration_records(
        &self,
        table: &str,
        fields: &[FieldInfo],
        key_field: Option<&str>,
    ) -> Result<Vec<RegistrationRecord>, ClientError> {
        let table = checked_name(table, "table")?;
        let key_field = match key_field {
            Some(key) => Some(checked_name(key, "field")?).filter(|key| readable(key, fields)),
            None => None,
        };
        let names = name_fields(fields);
        let mut wanted: Vec<&str> = vec!["sys_id", "sys_updated_on"];
        for field in names.iter().map(String::as_str).chain(key_field) {
            if !wanted.contains(&field) {
                wanted.push(field);
            }
        }
        let wanted = wanted.join(",");
        let body = self
            .get(
                table,
                &[
                    ("sysparm_query", "ORDERBYDESCsys_updated_on"),
                    ("sysparm_fields", &wanted),
                    ("sysparm_limit", LIMIT),
                ],
            )
            .await?;
        let rows: Rows = self.parse(&body, "a `result` list of records")?;
        Ok(rows
            .result
            .iter()
            .filter_map(|row| {
                let record = RecordRef::new(table, &text(row, "sys_id")?).ok()?;
                Some(RegistrationRecord {
                    name: names
                        .iter()
                        .find_map(|field| label(row, field))
                        .unwrap_or_else(|| record.sys_id.clone()),
                    updated_on: label(row, "sys_updated_on").unwrap_or_default(),
                    key_value: key_field.and_then(|key| text(row, key)),
                    record,
                })
            })
            .collect())
    }
}

/// True when `field` may be read: not a secret name, and not marked encrypted
/// by the dictionary (a field the dictionary does not list, such as one
/// inherited from a parent table, is judged by its name).
fn readable(field: &str, dictionary: &[FieldInfo]) -> bool {
    !is_secret_field_name(field)
        && !dictionary
            .iter()
            .any(|info| info.element == field && info.is_encrypted())
}

/// The fields asked for to name a record: [`NAME_FIELDS`], then the first
/// string field whose label says Name; each only when readable.
fn name_fields(dictionary: &[FieldInfo]) -> Vec<String> {
    let mut names: Vec<String> = NAME_FIELDS
        .iter()
        .filter(|field| readable(field, dictionary))
        .map(|field| (*field).to_owned())
        .collect();
    let labelled = dictionary.iter().find(|info| {
        info.internal_type == "string"
            && info.label.to_lowercase().contains("name")
            && !names.contains(&info.element)
            && readable(&info.element, dictionary)
    });
    names.extend(labelled.map(|info| info.element.clone()));
    names
}

/// One `sys_db_object` row; `None` without a usable table name.
fn table(row: &Row) -> Option<TableInfo> {
    let name = text(row, "name").filter(|name| checked_name(name, "table").is_ok())?;
    Some(TableInfo {
        label: label(row, "label").unwrap_or_else(|| name.clone()),
        scope: label(row, "sys_scope.scope").or_else(|| label(row, "sys_scope")),
        name,
    })
}

/// One `sys_dictionary` row; `None` without a usable element.
fn field(row: &Row) -> Option<FieldInfo> {
    let element = text(row, "element").filter(|e| checked_name(e, "field").is_ok())?;
    Some(FieldInfo {
        label: label(row, "column_label").unwrap_or_else(|| element.clone()),
        internal_type: label(row, "internal_type")
            .unwrap_or_default()
            .to_ascii_lowercase(),
        element,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(element: &str, label: &str, internal_type: &str) -> FieldInfo {
        FieldInfo {
            element: element.into(),
            label: label.into(),
            internal_type: internal_type.into(),
        }
    }

    #[test]
    fn names_are_picked_from_readable_fields_only() {
        let dictionary = [
            info("name", "Name", "password2"),
            info("u_secret_name", "Secret name", "password2"),
            info("u_display", "Display name", "string"),
            info("u_other", "Other name", "string"),
        ];
        assert_eq!(name_fields(&dictionary), ["u_name", "number", "u_display"]);
        assert_eq!(name_fields(&[]), NAME_FIELDS);
        assert!(!readable("u_secret_name", &dictionary));
        assert!(!readable("password", &[]));
        assert!(readable("u_api_key", &dictionary));
    }
}
