//! The ServiceNow record calls of the write-to-ServiceNow step: discovery, the
//! registration table, the reads before a preview, and the writes.

use secrecy::SecretString;

use crate::clients::servicenow::ServiceNowClient;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::{suggest_registration_fields, CredentialRecord};
use crate::flows::job::RecordsRequest;
use crate::flows::outcome::{Discovery, RecordsOutcome};

/// The label every Environment Registration table carries.
pub const REGISTRATION_LABEL: &str = "Environment Registration";

/// Carries out one request.
pub(super) async fn answer(client: &ServiceNowClient, request: RecordsRequest) -> RecordsOutcome {
    match request {
        RecordsRequest::Discover { terms } => {
            RecordsOutcome::Discovered(discover(client, &terms).await)
        }
        RecordsRequest::Registration { table, key_field } => {
            RecordsOutcome::Registration(registration(client, &table, key_field).await)
        }
        RecordsRequest::Read { reads } => {
            let mut out = Vec::with_capacity(reads.len());
            for (target, fields) in &reads {
                let names: Vec<&str> = fields.iter().map(String::as_str).collect();
                match client.read_record(target, &names).await {
                    Ok(read) => out.push(read),
                    Err(error) => return RecordsOutcome::Read(Err(error)),
                }
            }
            RecordsOutcome::Read(Ok(out))
        }
        RecordsRequest::Write { target, values } => {
            let pairs: Vec<(&str, &SecretString)> = values
                .iter()
                .map(|(field, value)| (field.as_str(), value))
                .collect();
            RecordsOutcome::Written(client.write_record(&target, &pairs).await)
        }
    }
}

/// The outcome of a request that could not be made.
pub(super) fn failed(request: &RecordsRequest, error: ClientError) -> RecordsOutcome {
    match request {
        RecordsRequest::Discover { .. } => RecordsOutcome::Discovered(Err(error)),
        RecordsRequest::Registration { .. } => RecordsOutcome::Registration(Err(error)),
        RecordsRequest::Read { .. } => RecordsOutcome::Read(Err(error)),
        RecordsRequest::Write { .. } => RecordsOutcome::Written(Err(error)),
    }
}

/// Each term searched apart (ServiceNow's LIKE takes one), merged by record.
async fn discover(client: &ServiceNowClient, terms: &[String]) -> Result<Discovery, ClientError> {
    let mut credentials: Vec<CredentialRecord> = Vec::new();
    for term in terms {
        for found in client.find_credentials(term).await? {
            if !credentials.iter().any(|c| c.record == found.record) {
                credentials.push(found);
            }
        }
    }
    let tables = client.find_tables(REGISTRATION_LABEL).await?;
    Ok(Discovery {
        credentials,
        tables,
    })
}

async fn registration(
    client: &ServiceNowClient,
    table: &str,
    key_field: Option<String>,
) -> Result<
    (
        Vec<crate::domain::servicenow_write::FieldInfo>,
        Vec<crate::domain::servicenow_write::RegistrationRecord>,
    ),
    ClientError,
> {
    let fields = client.table_fields(table).await?;
    let key = key_field.or_else(|| suggest_registration_fields(&fields).map(|f| f.key));
    let records = client
        .registration_records(table, &fields, key.as_deref())
        .await?;
    Ok((fields, records))
}
