//! What discovery finds: credential records, tables, their fields and the
//! Environment Registration records. Every text here came from a server and is
//! cleaned for one line by the client before it is built (never a secret: no
//! encrypted field is ever requested).

use std::collections::BTreeMap;

use serde::Serialize;

use super::plan::RecordStamp;
use super::target::{RecordRef, RegistrationFields};

/// One record as read before a write or by a check: its stamp and the values of
/// the readable fields asked for (never an encrypted one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordRead {
    /// The record's `name`, when it has one.
    pub name: Option<String>,
    /// `sys_mod_count` and `sys_updated_on`.
    pub stamp: RecordStamp,
    /// Field → value, for the fields asked for that came back.
    pub values: BTreeMap<String, String>,
}

/// `sys_dictionary.internal_type` of an encrypted (write-only) field.
pub const ENCRYPTED_TYPE: &str = "password2";

/// The alias a credential record references (a reference field whose `link`
/// points at `/table/sys_alias/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasRef {
    /// The alias's sys_id.
    pub sys_id: String,
    /// Its name (or id, `scope.alias`), when `sys_alias` could be read.
    pub name: Option<String>,
}

/// One record of `discovery_credentials`, as discovery lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialRecord {
    /// The child table (`sys_class_name`) and the sys_id: where a write goes.
    pub record: RecordRef,
    /// The credential's name.
    pub name: String,
    /// Whether it is active.
    pub active: bool,
    /// `sys_updated_on`, as ServiceNow gave it (`YYYY-MM-DD hh:mm:ss`, UTC).
    pub updated_on: String,
    /// The alias it references, if any.
    pub alias: Option<AliasRef>,
}

/// One `sys_db_object` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableInfo {
    /// The table name, e.g. `x_acme_sms_environment_registration`.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Its application scope (the scope's name or sys_id), when known.
    pub scope: Option<String>,
}

/// One `sys_dictionary` row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The column name.
    pub element: String,
    /// Its label.
    pub label: String,
    /// Its type (`string`, `password2`, `reference`, …).
    pub internal_type: String,
}

impl FieldInfo {
    /// Whether the field is encrypted, so never read and written only with
    /// `sysparm_input_display_value=true`.
    pub fn is_encrypted(&self) -> bool {
        self.internal_type == ENCRYPTED_TYPE || self.internal_type == "password"
    }
}

/// One record of the Environment Registration table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRecord {
    /// Table and sys_id.
    pub record: RecordRef,
    /// A name to show: the record's `name`, `number` or display field, else its sys_id.
    pub name: String,
    /// `sys_updated_on`.
    pub updated_on: String,
    /// The API key the record holds now, when the key field was asked for and readable.
    pub key_value: Option<String>,
}

/// The search terms discovery uses when the operator gives none: each brand's
/// name and first word, then `sms`, `hub`, `messagemedia`, `sinch`; lowercase,
/// without duplicates.
pub fn default_search_terms<'a>(brand_names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |term: &str| {
        let term = term.trim().to_lowercase();
        if term.len() >= 3 && !terms.contains(&term) {
            terms.push(term);
        }
    };
    for name in brand_names {
        push(name);
        if let Some(first) = name.split_whitespace().next() {
            push(first);
        }
    }
    for term in ["sms", "hub", "messagemedia", "sinch"] {
        push(term);
    }
    terms
}

/// Which fields hold the API key and the secret, guessed from labels and types:
/// the secret is an encrypted field whose label or name says secret (else the
/// only encrypted field); the key is a non-encrypted field whose label or name
/// says key (and not secret). `None` when either guess is not clear; the
/// operator always confirms.
pub fn suggest_registration_fields(fields: &[FieldInfo]) -> Option<RegistrationFields> {
    let says = |f: &FieldInfo, word: &str| {
        f.label.to_lowercase().contains(word) || f.element.to_lowercase().contains(word)
    };
    let encrypted: Vec<&FieldInfo> = fields.iter().filter(|f| f.is_encrypted()).collect();
    let secret = match encrypted.iter().filter(|f| says(f, "secret")).count() {
        1 => encrypted.iter().find(|f| says(f, "secret"))?,
        0 if encrypted.len() == 1 => encrypted[0],
        _ => return None,
    };
    let keys: Vec<&FieldInfo> = fields
        .iter()
        .filter(|f| !f.is_encrypted() && !f.element.starts_with("sys_"))
        .filter(|f| says(f, "key") && !says(f, "secret"))
        .collect();
    let key = match keys.as_slice() {
        [one] => one,
        _ => return None,
    };
    RegistrationFields::new(&key.element, &secret.element).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(element: &str, label: &str, internal_type: &str) -> FieldInfo {
        FieldInfo {
            element: element.into(),
            label: label.into(),
            internal_type: internal_type.into(),
        }
    }

    #[test]
    fn the_key_and_secret_fields_are_suggested_from_labels_and_types() {
        let fields = [
            field("sys_id", "Sys ID", "GUID"),
            field("u_name", "Name", "string"),
            field("u_api_key", "API Key", "string"),
            field("u_api_secret", "API Secret", "password2"),
        ];
        let got = suggest_registration_fields(&fields).unwrap();
        assert_eq!(
            (got.key.as_str(), got.secret.as_str()),
            ("u_api_key", "u_api_secret")
        );
    }

    #[test]
    fn no_suggestion_when_it_is_not_clear() {
        let two_keys = [
            field("u_key", "Key", "string"),
            field("u_other_key", "Other key", "string"),
            field("u_secret", "Secret", "password2"),
        ];
        assert_eq!(suggest_registration_fields(&two_keys), None);
        let no_encrypted = [
            field("u_key", "Key", "string"),
            field("u_secret", "Secret", "string"),
        ];
        assert_eq!(suggest_registration_fields(&no_encrypted), None);
    }

    #[test]
    fn default_terms_hold_the_brands_and_the_fixed_words_once() {
        let terms = default_search_terms(["Sinch Engage", "MessageMedia"]);
        assert_eq!(
            terms,
            ["sinch engage", "sinch", "messagemedia", "sms", "hub"]
        );
    }
}
