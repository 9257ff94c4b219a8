//! The records nowkey writes to, as the profile remembers them:
//! `servicenow_credential = "TABLE/SYS_ID"`, `servicenow_registration =
//! "TABLE/SYS_ID"`, `servicenow_registration_fields = ["KEY_FIELD", "SECRET_FIELD"]`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Longest table or field name ServiceNow allows (`sys_db_object.name` is 80).
const MAX_NAME: usize = 80;

/// Why a target or a field list was refused. Each message says what to type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not `TABLE/SYS_ID`.
    #[error("Give the record as TABLE/SYS_ID, e.g. api_key_credentials/0123456789abcdef0123456789abcdef.")]
    NotTableSlashId,
    /// A table or field name with characters ServiceNow names never have.
    #[error("A ServiceNow table or field name has 1 to 80 lowercase letters, digits and underscores, e.g. api_key_credentials.")]
    BadName,
    /// A sys_id that is not 32 hexadecimal digits.
    #[error("A sys_id is 32 hexadecimal digits, e.g. 0123456789abcdef0123456789abcdef.")]
    BadSysId,
    /// Not `KEY_FIELD,SECRET_FIELD`.
    #[error("Give the two fields as KEY_FIELD,SECRET_FIELD, e.g. api_key,api_secret.")]
    NotTwoFields,
    /// The same field for the key and the secret.
    #[error("The key and the secret go into two different fields.")]
    SameField,
}

/// Whether `name` is a table or field name: `[a-z0-9_]{1,80}` (ServiceNow
/// lowercases them; a dot-walk is never a name).
pub fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Checks a table or field name typed or read back (surrounding spaces dropped).
pub fn check_name(raw: &str) -> Result<String, TargetError> {
    let name = raw.trim();
    if is_name(name) {
        Ok(name.to_owned())
    } else {
        Err(TargetError::BadName)
    }
}

/// One ServiceNow record: its table and its sys_id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    /// The table (for a credential, its `sys_class_name`: the child table).
    pub table: String,
    /// The record's sys_id (32 lowercase hex digits).
    pub sys_id: String,
}

impl RecordRef {
    /// A checked reference.
    pub fn new(table: &str, sys_id: &str) -> Result<Self, TargetError> {
        let table = check_name(table)?;
        let sys_id = sys_id.trim().to_ascii_lowercase();
        if sys_id.len() != 32 || !sys_id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(TargetError::BadSysId);
        }
        Ok(Self { table, sys_id })
    }
}

impl FromStr for RecordRef {
    type Err = TargetError;

    fn from_str(raw: &str) -> Result<Self, TargetError> {
        let (table, sys_id) = raw
            .trim()
            .split_once('/')
            .ok_or(TargetError::NotTableSlashId)?;
        Self::new(table, sys_id)
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.table, self.sys_id)
    }
}

impl Serialize for RecordRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The Environment Registration fields that hold the API key and its secret, as
/// the operator confirmed them. Serialised as the two-element list
/// `["KEY_FIELD", "SECRET_FIELD"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegistrationFields {
    /// The field that holds the API key (readable).
    pub key: String,
    /// The field that holds the API secret (usually encrypted, write-only).
    pub secret: String,
}

impl RegistrationFields {
    /// Checked field names.
    pub fn new(key: &str, secret: &str) -> Result<Self, TargetError> {
        let key = check_name(key)?;
        let secret = check_name(secret)?;
        if key == secret {
            return Err(TargetError::SameField);
        }
        Ok(Self { key, secret })
    }
}

impl FromStr for RegistrationFields {
    type Err = TargetError;

    /// `KEY_FIELD,SECRET_FIELD`.
    fn from_str(raw: &str) -> Result<Self, TargetError> {
        let mut parts = raw.split(',');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(key), Some(secret), None) => Self::new(key, secret),
            _ => Err(TargetError::NotTwoFields),
        }
    }
}

impl fmt::Display for RegistrationFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.key, self.secret)
    }
}

impl Serialize for RegistrationFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [&self.key, &self.secret].serialize(s)
    }
}

impl<'de> Deserialize<'de> for RegistrationFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<String>::deserialize(d)?;
        match list.as_slice() {
            [key, secret] => Self::new(key, secret).map_err(serde::de::Error::custom),
            _ => Err(serde::de::Error::custom(TargetError::NotTwoFields)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_record_reference_reads_and_prints_table_slash_sys_id() {
        let r: RecordRef = format!("api_key_credentials/{}", ID.to_uppercase())
            .parse()
            .unwrap();
        assert_eq!(r.to_string(), format!("api_key_credentials/{ID}"));
        assert_eq!(
            "api_key_credentials".parse::<RecordRef>(),
            Err(TargetError::NotTableSlashId)
        );
        assert_eq!(
            format!("Bad-Table/{ID}").parse::<RecordRef>(),
            Err(TargetError::BadName)
        );
        assert_eq!("t/123".parse::<RecordRef>(), Err(TargetError::BadSysId));
        assert_eq!(
            format!("t/{ID}/x").parse::<RecordRef>(),
            Err(TargetError::BadSysId)
        );
    }

    #[test]
    fn registration_fields_are_two_different_names() {
        let f: RegistrationFields = "u_api_key,u_api_secret".parse().unwrap();
        assert_eq!(f.key, "u_api_key");
        assert_eq!(f.to_string(), "u_api_key,u_api_secret");
        assert_eq!(
            "a".parse::<RegistrationFields>(),
            Err(TargetError::NotTwoFields)
        );
        assert_eq!(
            "a,b,c".parse::<RegistrationFields>(),
            Err(TargetError::NotTwoFields)
        );
        assert_eq!(
            "a,a".parse::<RegistrationFields>(),
            Err(TargetError::SameField)
        );
        assert_eq!(
            "a,B;".parse::<RegistrationFields>(),
            Err(TargetError::BadName)
        );
    }
}
