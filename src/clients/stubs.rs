//! TEMPORARY: signatures the client helper is implementing; removed on merge.
#![allow(missing_docs, clippy::unused_async, unused_variables)]

use secrecy::SecretString;

use crate::clients::hub::HubClient;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::phone::E164;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::*;

impl ServiceNowClient {
    pub async fn find_credentials(&self, term: &str) -> Result<Vec<CredentialRecord>, ClientError> {
        todo!()
    }
    pub async fn find_tables(&self, label_part: &str) -> Result<Vec<TableInfo>, ClientError> {
        todo!()
    }
    pub async fn table_fields(&self, table: &str) -> Result<Vec<FieldInfo>, ClientError> {
        todo!()
    }
    pub async fn registration_records(
        &self,
        table: &str,
        fields: &[FieldInfo],
        key_field: Option<&str>,
    ) -> Result<Vec<RegistrationRecord>, ClientError> {
        todo!()
    }
    pub async fn read_record(
        &self,
        target: &RecordRef,
        fields: &[&str],
    ) -> Result<RecordRead, ClientError> {
        todo!()
    }
    pub async fn write_record(
        &self,
        target: &RecordRef,
        values: &[(&str, &SecretString)],
    ) -> Result<WriteReceipt, ClientError> {
        todo!()
    }
}

impl HubClient {
    pub async fn sent_messages_report(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
        destination: &E164,
    ) -> Result<Vec<ReportedMessage>, ClientError> {
        todo!()
    }
}

pub async fn spoke_send(
    base: &str,
    to: &str,
    content: &str,
    timeouts: crate::clients::http::Timeouts,
) -> Result<crate::flows::outcome::SpokeSend, ClientError> {
    todo!()
}
