//! Finding the credential records the SMS spoke signs in with: records of
//! `discovery_credentials` (whose `sys_class_name` names the child table a
//! write goes to) found by their name or by the name or id of the alias
//! (`sys_alias`) they reference.
//!
//! The alias field's name is not assumed: the reference fields of
//! `discovery_credentials` that point at `sys_alias` are looked up in
//! `sys_dictionary`, and a value is taken for an alias only when its link
//! points at `/table/sys_alias/`. No secret field is ever requested.

use super::guard::{checked_name, is_secret_field_name, search_term};
use super::values::{flag, label, reference, text, Row, Rows};
use super::ServiceNowClient;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::{AliasRef, CredentialRecord, RecordRef};

/// The base table of every credential record.
const BASE_TABLE: &str = "discovery_credentials";

/// The table aliases live in.
const ALIAS_TABLE: &str = "sys_alias";

/// The alias field used when `sys_dictionary` names none (it is unreadable to
/// this user, or lists no such field): the name ServiceNow's credential table
/// gives it. Its values are still taken for aliases only when their link
/// points at `sys_alias`.
const FALLBACK_ALIAS_FIELD: &str = "credential_alias";

/// The most credential records one search returns.
const LIMIT: &str = "100";

impl ServiceNowClient {
    /// Credential records (base table `discovery_credentials`) whose name, or
    /// whose alias's name or id, contains `term` (case-insensitive, ServiceNow
    /// LIKE). Never requests a secret field.
    ///
    /// A `term` with `^`, a control character or `javascript:` is refused with
    /// [`ClientError::BadQuery`] before anything is sent. A 403 is
    /// [`ClientError::CredentialAccess`] (the admin or credential_admin role is
    /// needed). At most 100 records, sorted by name.
    pub async fn find_credentials(&self, term: &str) -> Result<Vec<CredentialRecord>, ClientError> {
        let term = search_term(term)?;
        let alias_fields = self.alias_fields().await?;
        let mut query = format!("nameLIKE{term}");
        let mut fields = vec![
            "sys_id".to_owned(),
            "sys_class_name".to_owned(),
            "name".to_owned(),
            "active".to_owned(),
            "sys_updated_on".to_owned(),
        ];
        for field in &alias_fields {
            query.push_str(&format!("^OR{field}.nameLIKE{term}^OR{field}.idLIKE{term}"));
            fields.extend([
                field.clone(),
                format!("{field}.name"),
                format!("{field}.id"),
            ]);
        }
        query.push_str("^ORDERBYname");
        let fields = fields.join(",");
        let body = self
            .get(
                BASE_TABLE,
                &[
                    ("sysparm_query", &query),
                    ("sysparm_fields", &fields),
                    ("sysparm_limit", LIMIT),
                ],
            )
            .await?;
        let rows: Rows = self.parse(&body, "a `result` list of credentials")?;
        let needle = term.to_lowercase();
        let mut found: Vec<CredentialRecord> = rows
            .result
            .iter()
            .filter_map(|row| credential(row, &alias_fields, &needle))
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.record.cmp(&b.record)));
        Ok(found)
    }

    /// The reference fields of `discovery_credentials` that point at
    /// `sys_alias`, by `sys_dictionary`; [`FALLBACK_ALIAS_FIELD`] when it names
    /// none or may not be read.
    async fn alias_fields(&self) -> Result<Vec<String>, ClientError> {
        let query = format!(
            "name={BASE_TABLE}^internal_type=reference^reference={ALIAS_TABLE}^elementISNOTEMPTY"
        );
        let answer = self
            .get(
                "sys_dictionary",
                &[
                    ("sysparm_query", &query),
                    ("sysparm_fields", "element"),
                    ("sysparm_limit", "20"),
                ],
            )
            .await;
        let rows = match answer {
            Ok(body) => {
                self.parse::<Rows>(&body, "a `result` list of fields")?
                    .result
            }
            // Reading the dictionary is a privilege of its own: without it the
            // search still works through the usual field.
            Err(ClientError::Permission { .. } | ClientError::AclEmpty { .. }) => Vec::new(),
            Err(other) => return Err(other),
        };
        let mut fields: Vec<String> = rows
            .iter()
            .filter_map(|row| text(row, "element"))
            .filter(|element| checked_name(element, "field").is_ok())
            .filter(|element| !is_secret_field_name(element))
            .collect();
        fields.sort();
        fields.dedup();
        if fields.is_empty() {
            tracing::info!(
                field = FALLBACK_ALIAS_FIELD,
                "sys_dictionary names no alias field of discovery_credentials; using the usual one"
            );
            fields.push(FALLBACK_ALIAS_FIELD.to_owned());
        }
        Ok(fields)
    }
}

/// One row as a credential record; `None` without a usable sys_id, or when
/// what can be seen says it does not match `needle` (lower-case).
///
/// ServiceNow ignores a condition on a field that does not exist, which could
/// widen the answer, so the match is checked here again; a record whose alias
/// name and id cannot be read is kept (the server matched it on something
/// hidden from this user).
fn credential(row: &Row, alias_fields: &[String], needle: &str) -> Option<CredentialRecord> {
    let sys_id = text(row, "sys_id")?;
    // A record whose class is hidden is still a credential: the base table
    // names it, and the caller decides whether it writes there.
    let class = text(row, "sys_class_name")
        .filter(|class| checked_name(class, "table").is_ok())
        .unwrap_or_else(|| BASE_TABLE.to_owned());
    let record = RecordRef::new(&class, &sys_id).ok()?;
    let name = label(row, "name");
    let has = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.to_lowercase().contains(needle))
    };
    let mut matched = has(&name);
    let mut alias = None;
    for field in alias_fields {
        let Some((alias_id, points_at_alias)) = reference(row, field, ALIAS_TABLE) else {
            continue;
        };
        // A link elsewhere means this reference field is not an alias.
        if points_at_alias == Some(false) {
            continue;
        }
        let alias_name = label(row, &format!("{field}.name"));
        let alias_code = label(row, &format!("{field}.id"));
        matched |=
            has(&alias_name) || has(&alias_code) || (alias_name.is_none() && alias_code.is_none());
        alias.get_or_insert(AliasRef {
            sys_id: alias_id,
            name: alias_name.or(alias_code),
        });
    }
    matched.then(|| CredentialRecord {
        name: name.unwrap_or_else(|| record.sys_id.clone()),
        record,
        active: flag(row, "active"),
        updated_on: label(row, "sys_updated_on").unwrap_or_default(),
        alias,
    })
}
