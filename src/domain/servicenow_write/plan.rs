//! A write before it is made (the preview) and after (the receipt).

use serde::Serialize;

use super::target::{RecordRef, RegistrationFields};

/// Which of the new credentials goes into a field. The value itself is never
/// part of a plan: the caller supplies it at write time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteValue {
    /// The API key id.
    Key,
    /// The API secret.
    Secret,
    /// The base64 `key:secret` token.
    Token,
}

impl WriteValue {
    /// The words the preview uses, e.g. "the API key".
    pub fn describe(self) -> &'static str {
        match self {
            WriteValue::Key => "the API key",
            WriteValue::Secret => "the API secret",
            WriteValue::Token => "the token (key:secret, base64)",
        }
    }
}

/// What nowkey writes to: the spoke's credential or the Environment Registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A `discovery_credentials` child record.
    Credential,
    /// The connector's Environment Registration record.
    Registration,
}

/// The fields a credential record of `table` gets, and from what:
/// `api_key_credentials` → `api_key` = the token; `basic_auth_credentials` →
/// `user_name` = the key and `password` = the secret. `None` for any other
/// credential class, which nowkey does not write.
pub fn credential_fields(table: &str) -> Option<Vec<(&'static str, WriteValue)>> {
    match table {
        "api_key_credentials" => Some(vec![("api_key", WriteValue::Token)]),
        "basic_auth_credentials" => Some(vec![
            ("user_name", WriteValue::Key),
            ("password", WriteValue::Secret),
        ]),
        _ => None,
    }
}

impl RegistrationFields {
    /// The registration record's fields and what goes into each.
    pub fn writes(&self) -> Vec<(&str, WriteValue)> {
        vec![
            (self.key.as_str(), WriteValue::Key),
            (self.secret.as_str(), WriteValue::Secret),
        ]
    }
}

/// Whether a field's value changes, as far as nowkey can tell without reading a
/// secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldChange {
    /// The field is readable and holds something else now.
    Changes,
    /// The field is readable and already holds the new value.
    Unchanged,
    /// The field is encrypted (write-only): it cannot be read to compare.
    Unknown,
}

impl FieldChange {
    /// The words the preview uses.
    pub fn describe(self) -> &'static str {
        match self {
            FieldChange::Changes => "changes",
            FieldChange::Unchanged => "unchanged (already holds it; written again)",
            FieldChange::Unknown => "written (encrypted: cannot be read to compare)",
        }
    }
}

/// One field of a planned write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedField {
    /// The column name.
    pub field: String,
    /// What goes into it.
    pub value: WriteValue,
    /// Whether it changes.
    pub change: FieldChange,
}

/// `sys_mod_count` and `sys_updated_on` of a record at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordStamp {
    /// How many times the record was updated.
    pub mod_count: u64,
    /// When it was last updated (`YYYY-MM-DD hh:mm:ss`, UTC).
    pub updated_on: String,
}

/// One record's write, as previewed: never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedWrite {
    /// The spoke's credential or the registration.
    pub kind: TargetKind,
    /// Table and sys_id.
    pub target: RecordRef,
    /// The record's name, as ServiceNow shows it.
    pub record_name: String,
    /// The fields written.
    pub fields: Vec<PlannedField>,
    /// The record as it was when previewed.
    pub before: RecordStamp,
}

/// What a write gave: the record's stamp before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteReceipt {
    /// Table and sys_id.
    pub target: RecordRef,
    /// Just before the write.
    pub before: RecordStamp,
    /// As the write's answer gave it.
    pub after: RecordStamp,
}

impl WriteReceipt {
    /// True only when `sys_mod_count` went up: a 200 with the same count means
    /// ServiceNow kept the old value.
    pub fn saved(&self) -> bool {
        self.after.mod_count > self.before.mod_count
    }
}

/// The preview of one record's write: for each field, whether it changes. Only
/// the API key can be compared, and only where the record's field was readable
/// (`readable` holds the values read, never a secret); the secret and the token
/// are always [`FieldChange::Unknown`].
pub fn plan_record(
    kind: TargetKind,
    target: RecordRef,
    record_name: String,
    writes: &[(&str, WriteValue)],
    readable: &std::collections::BTreeMap<String, String>,
    key: &str,
    before: RecordStamp,
) -> PlannedWrite {
    let fields = writes
        .iter()
        .map(|(field, value)| {
            let change = match (value, readable.get(*field)) {
                (WriteValue::Key, Some(now)) if now == key => FieldChange::Unchanged,
                (WriteValue::Key, Some(_)) => FieldChange::Changes,
                _ => FieldChange::Unknown,
            };
            PlannedField {
                field: (*field).to_owned(),
                value: *value,
                change,
            }
        })
        .collect();
    PlannedWrite {
        kind,
        target,
        record_name,
        fields,
        before,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(mod_count: u64) -> RecordStamp {
        RecordStamp {
            mod_count,
            updated_on: "2026-12-05 10:00:00".into(),
        }
    }

    #[test]
    fn a_write_counts_only_when_the_mod_count_went_up() {
        let target: RecordRef = "t/0123456789abcdef0123456789abcdef".parse().unwrap();
        let receipt = |after| WriteReceipt {
            target: target.clone(),
            before: stamp(4),
            after: stamp(after),
        };
        assert!(receipt(5).saved());
        assert!(!receipt(4).saved());
        assert!(!receipt(3).saved());
    }

    #[test]
    fn only_the_key_is_compared_and_only_where_it_was_read() {
        let target: RecordRef = "t/0123456789abcdef0123456789abcdef".parse().unwrap();
        let read = std::collections::BTreeMap::from([("u_key".to_owned(), "K1".to_owned())]);
        let writes = [("u_key", WriteValue::Key), ("u_secret", WriteValue::Secret)];
        let plan = |key| {
            plan_record(
                TargetKind::Registration,
                target.clone(),
                "r".into(),
                &writes,
                &read,
                key,
                stamp(1),
            )
        };
        let changes: Vec<_> = plan("K2").fields.iter().map(|f| f.change).collect();
        assert_eq!(changes, [FieldChange::Changes, FieldChange::Unknown]);
        assert_eq!(plan("K1").fields[0].change, FieldChange::Unchanged);
        let unread = plan_record(
            TargetKind::Credential,
            target.clone(),
            "c".into(),
            &writes,
            &Default::default(),
            "K1",
            stamp(1),
        );
        assert_eq!(unread.fields[0].change, FieldChange::Unknown);
    }

    #[test]
    fn only_the_two_known_credential_classes_are_written() {
        assert_eq!(
            credential_fields("api_key_credentials"),
            Some(vec![("api_key", WriteValue::Token)])
        );
        assert_eq!(
            credential_fields("basic_auth_credentials").map(|f| f.len()),
            Some(2)
        );
        assert_eq!(credential_fields("ssh_credentials"), None);
    }
}
