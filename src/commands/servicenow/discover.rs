//! `nowkey servicenow discover`: what nowkey could write to, read only.

use serde::Serialize;

use super::secrets::{admin_password, StdinDocument};
use super::{admin_client, instance_url, print_json, runtime, sms_profile, DISCOVER_SCHEMA};
use crate::cli::{DiscoverArgs, GlobalArgs};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::commands::exit::{CommandError, Exit};
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::{
    credential_fields, default_search_terms, suggest_registration_fields, CredentialRecord,
    FieldInfo, RegistrationFields, RegistrationRecord, TableInfo,
};
use crate::domain::untrusted::clean_line;
use crate::domain::vendors::VendorCatalog;

/// The label every Environment Registration table carries.
const REGISTRATION_LABEL: &str = "Environment Registration";

/// The `nowkey.servicenow-discover/1` document. Never a secret.
#[derive(Debug, Serialize)]
pub struct DiscoverDocument {
    /// `nowkey.servicenow-discover/1`.
    pub schema: &'static str,
    /// True when every read succeeded.
    pub ok: bool,
    /// The instance URL.
    pub instance: String,
    /// The admin user the reads ran as.
    pub admin_user: String,
    /// The terms searched.
    pub search: Vec<String>,
    /// Credential records whose name or alias contains a term.
    pub credentials: Vec<CredentialEntry>,
    /// Tables labelled "Environment Registration", with fields and records.
    pub registration_tables: Vec<TableEntry>,
    /// Why a read failed, when one did.
    pub error: Option<ErrorEntry>,
}

/// One credential record.
#[derive(Debug, Serialize)]
pub struct CredentialEntry {
    /// `TABLE/SYS_ID`, as `apply --credential` takes it.
    pub target: String,
    /// The record as discovery found it.
    #[serde(flatten)]
    pub record: CredentialRecord,
    /// Whether nowkey can write this class of credential.
    pub writable: bool,
}

/// One registration table.
#[derive(Debug, Serialize)]
pub struct TableEntry {
    /// The table.
    #[serde(flatten)]
    pub table: TableInfo,
    /// Its fields.
    pub fields: Vec<FieldInfo>,
    /// The key and secret fields suggested from labels and types (confirm them).
    pub suggested_fields: Option<[String; 2]>,
    /// Its records.
    pub records: Vec<RecordEntry>,
}

/// One registration record.
#[derive(Debug, Serialize)]
pub struct RecordEntry {
    /// `TABLE/SYS_ID`, as `apply --registration` takes it.
    pub target: String,
    /// The record.
    #[serde(flatten)]
    pub record: RegistrationRecord,
}

/// A failure in `--json`.
#[derive(Debug, Serialize)]
pub struct ErrorEntry {
    /// Stable class name.
    pub class: String,
    /// One sentence for a person.
    pub message: String,
}

/// Runs `nowkey servicenow discover`.
pub fn run(
    args: &DiscoverArgs,
    global: &GlobalArgs,
    timeouts: Timeouts,
) -> Result<Exit, CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(sms_profile(global, name)?.1),
        None => None,
    };
    let url = instance_url(global, profile.as_ref())?;
    let search = match &args.search {
        Some(term) => vec![check_term(term)?],
        None => {
            let catalog = VendorCatalog::builtin();
            let brand = profile
                .as_ref()
                .and_then(|p| catalog.by_id(&p.vendor).map(|v| v.name.clone()));
            match brand {
                Some(name) => default_search_terms([name.as_str()]),
                None => default_search_terms(catalog.all().iter().map(|v| v.name.as_str())),
            }
        }
    };
    let stdin = if args.secrets_stdin {
        Some(StdinDocument::read()?)
    } else {
        None
    };
    let password = admin_password(stdin.as_ref())?;
    let client = admin_client(&url, &args.admin_user, password, timeouts)?;
    let mut document = DiscoverDocument {
        schema: DISCOVER_SCHEMA,
        ok: false,
        instance: client.base_url().to_owned(),
        admin_user: clean_line(args.admin_user.trim()),
        search: search.clone(),
        credentials: Vec::new(),
        registration_tables: Vec::new(),
        error: None,
    };
    let result = runtime()?.block_on(discover(&client, &search, &mut document));
    let exit = match result {
        Ok(()) => {
            document.ok = true;
            Exit::Success
        }
        Err(error) => {
            let failure = CommandError::from_client(&error, Service::ServiceNow);
            document.error = Some(ErrorEntry {
                class: error.class().to_owned(),
                message: failure.message.clone(),
            });
            if !args.json {
                eprintln!("✗ {}", failure.message);
            }
            failure.exit
        }
    };
    if args.json {
        print_json(&document);
    } else {
        print_human(&document);
    }
    Ok(exit)
}

/// A search term from the command line: no query operator, no control character.
fn check_term(raw: &str) -> Result<String, CommandError> {
    let term = raw.trim();
    if term.is_empty() || term.contains('^') || term.chars().any(char::is_control) {
        return Err(CommandError::usage(
            "--search: give part of a credential's name or alias, without ^ or control characters, e.g. sms.",
        ));
    }
    Ok(term.to_owned())
}

async fn discover(
    client: &ServiceNowClient,
    search: &[String],
    document: &mut DiscoverDocument,
) -> Result<(), ClientError> {
    for term in search {
        for record in client.find_credentials(term).await? {
            if document
                .credentials
                .iter()
                .any(|c| c.record.record == record.record)
            {
                continue;
            }
            document.credentials.push(CredentialEntry {
                target: record.record.to_string(),
                writable: credential_fields(&record.record.table).is_some(),
                record,
            });
        }
    }
    for table in client.find_tables(REGISTRATION_LABEL).await? {
        let fields = client.table_fields(&table.name).await?;
        let suggested = suggest_registration_fields(&fields);
        let key = suggested.as_ref().map(|f| f.key.as_str());
        let records = client
            .registration_records(&table.name, &fields, key)
            .await?;
        document.registration_tables.push(TableEntry {
            table,
            suggested_fields: suggested.map(|RegistrationFields { key, secret }| [key, secret]),
            records: records
                .into_iter()
                .map(|record| RecordEntry {
                    target: record.record.to_string(),
                    record,
                })
                .collect(),
            fields,
        });
    }
    Ok(())
}

fn print_human(document: &DiscoverDocument) {
    println!(
        "ServiceNow {} (as {})",
        document.instance, document.admin_user
    );
    println!();
    println!(
        "Credential records matching: {}",
        document.search.join(", ")
    );
    if document.credentials.is_empty() {
        println!("  none: try --search with part of the credential's name or alias");
    }
    for c in &document.credentials {
        let alias = c.record.alias.as_ref().map_or_else(
            || "no alias".to_owned(),
            |a| {
                format!(
                    "alias {}",
                    a.name.clone().unwrap_or_else(|| a.sys_id.clone())
                )
            },
        );
        let writable = if c.writable {
            ""
        } else {
            "  (nowkey does not write this class)"
        };
        println!(
            "  {}  {}  {}, {alias}, updated {}{writable}",
            c.target,
            c.record.name,
            if c.record.active {
                "active"
            } else {
                "inactive"
            },
            c.record.updated_on
        );
    }
    println!();
    println!("Environment Registration tables:");
    if document.registration_tables.is_empty() {
        println!("  none: is the SMS connector installed on this instance?");
    }
    for t in &document.registration_tables {
        let scope = t.table.scope.clone().unwrap_or_else(|| "global".to_owned());
        println!("  {} ({}, scope {scope})", t.table.name, t.table.label);
        for f in &t.fields {
            println!(
                "      field {:<24} {:<24} {}",
                f.element, f.label, f.internal_type
            );
        }
        match &t.suggested_fields {
            // Field names, never values.
            Some([key_field, secret_field]) => {
                println!(
                    "    suggested --registration-fields {key_field},{secret_field} (check them)"
                )
            }
            None => println!(
                "    no clear key and secret fields: choose them with --registration-fields"
            ),
        }
        for r in &t.records {
            let key = r
                .record
                .key_value
                .as_ref()
                .map_or_else(String::new, |k| format!(", holds key {k}"));
            println!(
                "    record {}  {}{key}, updated {}",
                r.target, r.record.name, r.record.updated_on
            );
        }
    }
}
