//! The instance's stored records: Connection & Credential aliases, credentials
//! and Environment Registrations, and how a write changes them.
//!
//! A write follows ServiceNow's rules, the ones a client must cope with:
//! - an encrypted (`password2`) field is written only with
//!   `sysparm_input_display_value=true`; without it the field is silently left
//!   as it was (and the answer is still 200);
//! - writing an encrypted field (with the flag) is always a change, even with
//!   the value it already held: it is encrypted again;
//! - any other field changes only when the value differs;
//! - a change, and only a change, bumps `sys_mod_count` and sets
//!   `sys_updated_on` to now;
//! - `sys_*` fields and fields the table lacks are ignored; a value longer than
//!   the field's `max_length` is cut to it.
//!
//! Records are neither created nor deleted through the Table API: the set is
//! the seeded one ([`seed`](super::seed)).
//!
//! The world file keeps what changed ([`RecordStore::snapshot`]): the changed
//! fields, `sys_mod_count` and `sys_updated_on`. An encrypted value is kept
//! only when the sandbox minted it (a Hub key's secret or token), so the file
//! holds no credential the sandbox did not make; any other encrypted value
//! comes back empty.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::schema::{
    fields_of, is_a, FieldDef, Kind, ALIAS_TABLE, CREDENTIALS_TABLE, REGISTRATION_TABLE,
};
use super::seed::seeded_records;

/// The format of `sys_created_on` and `sys_updated_on`.
pub(crate) const DATE_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The roots of the stored tables; every other table is built on demand.
const STORED_ROOTS: [&str; 3] = [ALIAS_TABLE, CREDENTIALS_TABLE, REGISTRATION_TABLE];

/// Whether `table`'s records are stored here.
pub(crate) fn is_stored(table: &str) -> bool {
    STORED_ROOTS.iter().any(|root| is_a(table, root))
}

/// One stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredRecord {
    /// Its own table (`sys_class_name`).
    pub class: &'static str,
    pub sys_id: String,
    /// Every field that is not a `sys_` one, by element.
    pub values: BTreeMap<&'static str, String>,
    pub created_on: String,
    pub updated_on: String,
    pub mod_count: u64,
}

/// A changed record as the world file keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SavedRecord {
    /// Its class.
    pub table: String,
    pub sys_id: String,
    /// Only the fields that differ from the seed; `None` for an encrypted value
    /// the sandbox did not mint (not kept).
    #[serde(default)]
    pub values: BTreeMap<String, Option<String>>,
    pub updated_on: String,
    pub mod_count: u64,
}

/// The stored records, and the seeded ones to tell what changed.
pub(crate) struct RecordStore {
    records: Vec<StoredRecord>,
    seed: Vec<StoredRecord>,
}

impl RecordStore {
    /// The seeded records; `hub_url` is the sandbox's own address.
    pub fn seeded(hub_url: &str) -> Self {
        let seed = seeded_records(hub_url);
        Self {
            records: seed.clone(),
            seed,
        }
    }

    /// The records of `table` (its own class and its children's).
    pub fn of<'a>(&'a self, table: &'a str) -> impl Iterator<Item = &'a StoredRecord> + 'a {
        self.records.iter().filter(move |r| is_a(r.class, table))
    }

    /// Writes `changes` (a PATCH body) into the record `sys_id` of `table`, as
    /// the module documentation says. `None` when `table` has no such record;
    /// otherwise whether anything changed.
    pub fn patch(
        &mut self,
        table: &str,
        sys_id: &str,
        changes: &Map<String, Value>,
        input_display_value: bool,
        now: DateTime<Utc>,
    ) -> Option<bool> {
        let record = self
            .records
            .iter_mut()
            .find(|r| r.sys_id == sys_id && is_a(r.class, table))?;
        let mut changed = false;
        for def in writable(table) {
            let Some(value) = changes.get(def.element).and_then(|v| text_of(def, v)) else {
                continue;
            };
            let old = record.values.entry(def.element).or_default();
            if def.kind == Kind::Encrypted {
                if input_display_value {
                    *old = value;
                    changed = true;
                }
            } else if *old != value {
                *old = value;
                changed = true;
            }
        }
        if changed {
            record.mod_count += 1;
            record.updated_on = now.format(DATE_TIME_FORMAT).to_string();
        }
        Some(changed)
    }

    /// The records that changed since the seed, for the world file. `minted`
    /// says whether an encrypted value is one the sandbox made.
    pub fn snapshot(&self, minted: &dyn Fn(&str) -> bool) -> Vec<SavedRecord> {
        let mut out = Vec::new();
        for (record, seed) in self.records.iter().zip(&self.seed) {
            if record == seed {
                continue;
            }
            let values = record
                .values
                .iter()
                .filter(|(k, v)| seed.values.get(*k) != Some(v))
                .map(|(k, v)| {
                    let encrypted = fields_of(record.class)
                        .iter()
                        .any(|f| f.element == *k && f.kind == Kind::Encrypted);
                    let kept = (!encrypted || minted(v)).then(|| v.clone());
                    ((*k).to_owned(), kept)
                })
                .collect();
            out.push(SavedRecord {
                table: record.class.to_owned(),
                sys_id: record.sys_id.clone(),
                values,
                updated_on: record.updated_on.clone(),
                mod_count: record.mod_count,
            });
        }
        out
    }

    /// Puts saved changes back into the seeded records. A record or field the
    /// sandbox does not have is skipped, and so is a malformed date.
    pub fn restore(&mut self, saved: Vec<SavedRecord>) {
        for s in saved {
            let Some(record) = self
                .records
                .iter_mut()
                .find(|r| r.sys_id == s.sys_id && r.class == s.table)
            else {
                continue;
            };
            let class = record.class;
            for def in writable(class) {
                if let Some(value) = s.values.get(def.element) {
                    let value = value.clone().unwrap_or_default();
                    record.values.insert(def.element, cut(def, value));
                }
            }
            record.mod_count = s.mod_count;
            if NaiveDateTime::parse_from_str(&s.updated_on, DATE_TIME_FORMAT).is_ok() {
                record.updated_on = s.updated_on;
            }
        }
    }
}

/// The fields of `table` a write may set: all but the `sys_` ones.
fn writable(table: &str) -> impl Iterator<Item = &'static FieldDef> {
    fields_of(table)
        .into_iter()
        .filter(|f| !f.element.starts_with("sys_"))
}

/// A JSON value as the field's text: strings as they are, numbers and booleans
/// written out, `null` as empty; booleans normalised to `"true"` / `"false"`.
/// Objects and arrays are not a field value: `None` (ignored).
fn text_of(def: &FieldDef, value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => return None,
    };
    let text = match def.kind {
        Kind::Boolean if text.is_empty() => text,
        Kind::Boolean => {
            let yes = text.eq_ignore_ascii_case("true") || text == "1";
            (if yes { "true" } else { "false" }).to_owned()
        }
        _ => text,
    };
    Some(cut(def, text))
}

/// `value` cut to the field's `max_length` characters.
fn cut(def: &FieldDef, value: String) -> String {
    let max = usize::try_from(def.max_length).unwrap_or(usize::MAX);
    if value.chars().count() <= max {
        value
    } else {
        value.chars().take(max).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::servicenow::seed::{REGISTRATION_SYS_ID, SMS_CREDENTIAL_SYS_ID};
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn api_key(store: &RecordStore) -> (String, u64) {
        let r = store
            .of("api_key_credentials")
            .next()
            .expect("the seeded credential");
        (r.values["api_key"].clone(), r.mod_count)
    }

    #[test]
    fn encrypted_fields_need_the_flag_and_always_count_with_it() {
        let mut store = RecordStore::seeded("http://h");
        let (seeded, _) = api_key(&store);
        let write = json!({"api_key": "new"});
        let table = "api_key_credentials";
        let id = SMS_CREDENTIAL_SYS_ID;
        assert_eq!(
            store.patch(table, id, &body(write.clone()), false, Utc::now()),
            Some(false)
        );
        assert_eq!(api_key(&store), (seeded, 0));
        assert_eq!(
            store.patch(table, id, &body(write.clone()), true, Utc::now()),
            Some(true)
        );
        assert_eq!(
            store.patch(table, id, &body(write), true, Utc::now()),
            Some(true)
        );
        assert_eq!(api_key(&store), ("new".to_owned(), 2));
        assert_eq!(
            store.patch("sys_alias", id, &Map::new(), true, Utc::now()),
            None
        );
    }

    #[test]
    fn plain_fields_change_only_when_different_and_sys_fields_never() {
        let mut store = RecordStore::seeded("http://h");
        let reg = REGISTRATION_TABLE;
        let same = json!({"u_name": "SMS Hub (sandbox)", "sys_mod_count": "9", "nope": 1});
        assert_eq!(
            store.patch(reg, REGISTRATION_SYS_ID, &body(same), false, Utc::now()),
            Some(false)
        );
        let other = json!({"u_active": false, "u_api_key": ["not", "text"]});
        assert_eq!(
            store.patch(reg, REGISTRATION_SYS_ID, &body(other), false, Utc::now()),
            Some(true)
        );
        let r = store.of(reg).next().expect("record");
        assert_eq!((r.values["u_active"].as_str(), r.mod_count), ("false", 1));
    }

    #[test]
    fn the_world_keeps_changes_and_only_minted_secrets() {
        let mut store = RecordStore::seeded("http://h");
        let changes = body(json!({"api_key": "minted", "u_api_secret": "foreign"}));
        store.patch(
            "api_key_credentials",
            SMS_CREDENTIAL_SYS_ID,
            &changes,
            true,
            Utc::now(),
        );
        store.patch(
            REGISTRATION_TABLE,
            REGISTRATION_SYS_ID,
            &changes,
            true,
            Utc::now(),
        );
        let saved = store.snapshot(&|v| v == "minted");
        assert_eq!(saved.len(), 2);
        let text = serde_json::to_string(&saved).expect("json");
        assert!(!text.contains("foreign"), "{text}");
        let mut again = RecordStore::seeded("http://other");
        again.restore(serde_json::from_str(&text).expect("parses"));
        assert_eq!(api_key(&again), ("minted".to_owned(), 1));
        let reg = again.of(REGISTRATION_TABLE).next().expect("record");
        assert_eq!(reg.values["u_api_secret"], "");
        assert_eq!(
            reg.values["u_hub_url"], "http://other",
            "unchanged: not saved"
        );
    }
}
