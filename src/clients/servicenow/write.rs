//! Reading one record's readable fields and writing the new credentials into it.
//!
//! A write is counted only when the record's `sys_mod_count` went up: ServiceNow
//! answers 200 and silently keeps the old value when an encrypted field is
//! written without `sysparm_input_display_value=true`, and an ACL or a
//! read-only field can do the same. The values written are secrets: the body
//! is built in a zeroizing buffer, they are scrubbed from every error, and
//! never logged.

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::ser::{Serialize, SerializeMap, Serializer};
use zeroize::Zeroizing;

use super::guard::{checked_name, readable_field};
use super::values::{label, stamp, text, OneRow};
use super::ServiceNowClient;
use crate::domain::remote_error::ClientError;
pub use crate::domain::servicenow_write::RecordRead;
use crate::domain::servicenow_write::{RecordRef, RecordStamp, WriteReceipt};

/// The fields a stamp is read from, and all a write asks back.
const STAMP_FIELDS: &str = "sys_id,sys_updated_on,sys_mod_count";

impl ServiceNowClient {
    /// One record: its stamp and the values of the named readable fields (plus
    /// `name` if present). Refuses, with nothing sent, a field name that is a
    /// secret ([`super::is_secret_field_name`], e.g. `password`, `api_key`) or
    /// not a field name at all: the caller only passes fields it knows are
    /// readable. A 404 is [`ClientError::RecordGone`].
    pub async fn read_record(
        &self,
        target: &RecordRef,
        fields: &[&str],
    ) -> Result<RecordRead, ClientError> {
        let mut wanted: Vec<&str> = vec!["sys_id", "sys_updated_on", "sys_mod_count", "name"];
        for field in fields {
            let field = readable_field(field)?;
            if !wanted.contains(&field) {
                wanted.push(field);
            }
        }
        let wanted = wanted.join(",");
        let body = self
            .send(
                Method::GET,
                &[&target.table, &target.sys_id],
                &[("sysparm_fields", &wanted)],
                None,
                &[],
            )
            .await
            .map_err(|error| gone(error, target))?;
        let row: OneRow = self.parse(&body, "a `result` record")?;
        let values = fields
            .iter()
            .filter(|field| row.result.contains_key(**field))
            .map(|field| {
                let value = text(&row.result, field).unwrap_or_default();
                ((*field).to_owned(), value)
            })
            .collect();
        Ok(RecordRead {
            name: label(&row.result, "name"),
            stamp: stamp(&row.result, body.status.as_u16())?,
            values,
        })
    }

    /// Writes `values` into the record: reads its stamp (GET,
    /// `sysparm_fields=sys_id,sys_updated_on,sys_mod_count`), then PATCHes with
    /// `sysparm_input_display_value=true` (without it an encrypted field keeps
    /// its old value) and the same `sysparm_fields`. Ok only when
    /// `sys_mod_count` went up, else [`ClientError::NotSaved`]. A 404 is
    /// [`ClientError::RecordGone`]; a 403 on a credential table is
    /// [`ClientError::CredentialAccess`].
    ///
    /// Refused with nothing sent: no values, a name that is not a field name,
    /// a `sys_` field, or the same field twice.
    pub async fn write_record(
        &self,
        target: &RecordRef,
        values: &[(&str, &SecretString)],
    ) -> Result<WriteReceipt, ClientError> {
        check_fields(values)?;
        let secrets: Vec<&str> = values.iter().map(|(_, v)| v.expose_secret()).collect();
        let path = [target.table.as_str(), target.sys_id.as_str()];
        let before = self
            .send(
                Method::GET,
                &path,
                &[("sysparm_fields", STAMP_FIELDS)],
                None,
                &secrets,
            )
            .await
            .map_err(|error| gone(error, target))?;
        let before = self.stamp_of(&before, &secrets)?;
        let after = self
            .send(
                Method::PATCH,
                &path,
                &[
                    ("sysparm_input_display_value", "true"),
                    ("sysparm_fields", STAMP_FIELDS),
                ],
                Some(json_body(values)?),
                &secrets,
            )
            .await
            .map_err(|error| gone(error, target))?;
        let after = self.stamp_of(&after, &secrets)?;
        let receipt = WriteReceipt {
            target: target.clone(),
            before,
            after,
        };
        // Field names and counts only: never a value.
        let fields: Vec<&str> = values.iter().map(|(field, _)| *field).collect();
        tracing::info!(
            record = %target,
            fields = ?fields,
            before = receipt.before.mod_count,
            after = receipt.after.mod_count,
            "ServiceNow record written"
        );
        if receipt.saved() {
            Ok(receipt)
        } else {
            Err(ClientError::NotSaved {
                target: target.to_string(),
            })
        }
    }

    /// The stamp in a `{"result":{…}}` answer, scrubbed of `secrets` on error.
    fn stamp_of(
        &self,
        body: &crate::clients::response::Body,
        secrets: &[&str],
    ) -> Result<RecordStamp, ClientError> {
        body.json::<OneRow>("a `result` record")
            .and_then(|row| stamp(&row.result, body.status.as_u16()))
            .map_err(|error| self.scrub_also(error, secrets))
    }
}

/// A 404 on a record's own URL means the record is not there (deleted, or an
/// ACL hides it).
fn gone(error: ClientError, target: &RecordRef) -> ClientError {
    match error {
        ClientError::NotFound { .. } => ClientError::RecordGone {
            target: target.to_string(),
        },
        other => other,
    }
}

/// Refuses a write nowkey never makes.
fn check_fields(values: &[(&str, &SecretString)]) -> Result<(), ClientError> {
    let refuse = |reason: String| Err(ClientError::BadQuery { reason });
    if values.is_empty() {
        return refuse("no field was given to write; choose the fields again".to_owned());
    }
    for (at, (field, _)) in values.iter().enumerate() {
        let field = checked_name(field, "field")?;
        if field.starts_with("sys_") {
            return refuse(format!(
                "{field} is kept by ServiceNow itself and is never written; choose another field"
            ));
        }
        if values[..at].iter().any(|(earlier, _)| *earlier == field) {
            return refuse(format!(
                "the field {field} was given twice; choose each field once"
            ));
        }
    }
    Ok(())
}

/// `{"field":"value",…}` in a zeroizing buffer, reserved up front so that it
/// never moves (a move would leave a copy of the values behind).
fn json_body(values: &[(&str, &SecretString)]) -> Result<Zeroizing<Vec<u8>>, ClientError> {
    let mut body = Zeroizing::new(Vec::with_capacity(most_bytes(values)));
    serde_json::to_writer(&mut *body, &Values(values)).map_err(|_| ClientError::BadQuery {
        reason: "the values could not be written as JSON; try again".to_owned(),
    })?;
    Ok(body)
}

/// The most bytes the JSON of `values` can take: JSON writes a byte as at
/// most 6 (`\u001f`), and quotes, colon, comma and braces add a few.
fn most_bytes(values: &[(&str, &SecretString)]) -> usize {
    2 + values
        .iter()
        .map(|(field, value)| 6 * (field.len() + value.expose_secret().len()) + 6)
        .sum::<usize>()
}

/// Serialises the values straight into the writer, with no copy in between.
struct Values<'a>(&'a [(&'a str, &'a SecretString)]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, value) in self.0 {
            map.serialize_entry(field, value.expose_secret())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_values_as_json_and_never_grows_its_buffer() {
        let secret = SecretString::from("s\"e\u{1}c\\r😀t");
        let key = SecretString::from("key-1");
        let values = [("user_name", &key), ("password", &secret)];
        let body = json_body(&values).unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({"user_name": "key-1", "password": "s\"e\u{1}c\\r😀t"})
        );
        // A grown buffer would have a larger capacity than the one reserved.
        assert_eq!(body.capacity(), most_bytes(&values));
        let many = SecretString::from("\u{1}".repeat(50));
        let values = [("a", &many)];
        let body = json_body(&values).unwrap();
        assert_eq!(body.len(), 2 + 3 + 1 + 2 + 6 * 50);
        assert_eq!(body.capacity(), most_bytes(&values));
    }

    #[test]
    fn writes_nowkey_never_makes_are_refused() {
        let v = SecretString::from("x");
        for bad in [
            vec![],
            vec![("sys_mod_count", &v)],
            vec![("Password", &v)],
            vec![("a", &v), ("a", &v)],
        ] {
            assert_eq!(check_fields(&bad).unwrap_err().class(), "bad_query");
        }
        check_fields(&[("api_key", &v), ("user_name", &v)]).unwrap();
    }
}
