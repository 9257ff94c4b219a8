//! The writer's requests to ServiceNow (discovery, the registration table, the
//! reads for the preview, each write), the preview built from the reads, and
//! the lists' cursors.

use secrecy::SecretString;

use super::ServiceNowWriter;
use super::WriterStage;
use crate::domain::servicenow_write::{
    credential_fields, plan_record, RecordRead, RecordRef, TargetKind, WriteValue,
};
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{Job, RecordsRequest, ServiceNowCall};

impl ServiceNowWriter {
    pub(super) fn write_next(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(planned) = self.plan.get(self.receipts.len()) else {
            return Vec::new();
        };
        let values: Vec<(String, SecretString)> = planned
            .fields
            .iter()
            .map(|f| (f.field.clone(), self.value(f.value)))
            .collect();
        let target = planned.target.clone();
        self.request(RecordsRequest::Write { target, values }, cx)
    }

    pub(super) fn value(&self, which: WriteValue) -> SecretString {
        match which {
            WriteValue::Key => SecretString::from(self.values.key.clone()),
            WriteValue::Secret => self.values.secret.clone(),
            WriteValue::Token => self.values.token.clone(),
        }
    }

    pub(super) fn discover(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let terms = self.terms.clone();
        self.request(RecordsRequest::Discover { terms }, cx)
    }

    pub(super) fn registration(
        &mut self,
        table: String,
        key_field: Option<String>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        self.request(RecordsRequest::Registration { table, key_field }, cx)
    }

    /// Reads the two records (readable fields only) for the preview.
    pub(super) fn read_targets(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let (Some(credential), Some(registration), Some(fields)) = (
            self.targets.credential.clone(),
            self.targets.registration.clone(),
            self.targets.fields.clone(),
        ) else {
            return Vec::new();
        };
        // The basic-auth user name is the key id: readable, so it can be compared.
        let credential_readable = match credential.table.as_str() {
            "basic_auth_credentials" => vec!["user_name".to_owned()],
            _ => Vec::new(),
        };
        let reads = vec![
            (credential, credential_readable),
            (registration, vec![fields.key]),
        ];
        self.request(RecordsRequest::Read { reads }, cx)
    }

    pub(super) fn build_plan(
        &self,
        reads: &[RecordRead],
    ) -> Option<Vec<crate::domain::servicenow_write::PlannedWrite>> {
        let credential = self.targets.credential.clone()?;
        let registration = self.targets.registration.clone()?;
        let fields = self.targets.fields.clone()?;
        let [cred_read, reg_read] = reads else {
            return None;
        };
        // A record's `name` when it has one, else the name discovery listed it
        // under, else its sys_id.
        let name = |read: &RecordRead, r: &RecordRef| {
            read.name
                .clone()
                .or_else(|| {
                    self.records
                        .iter()
                        .find(|listed| &listed.record == r)
                        .map(|listed| listed.name.clone())
                })
                .unwrap_or_else(|| r.sys_id.clone())
        };
        let cred_writes = credential_fields(&credential.table)?;
        Some(vec![
            plan_record(
                TargetKind::Credential,
                credential.clone(),
                name(cred_read, &credential),
                &cred_writes,
                &cred_read.values,
                &self.values.key,
                cred_read.stamp.clone(),
            ),
            plan_record(
                TargetKind::Registration,
                registration.clone(),
                name(reg_read, &registration),
                &fields.writes(),
                &reg_read.values,
                &self.values.key,
                reg_read.stamp.clone(),
            ),
        ])
    }

    pub(super) fn request(
        &mut self,
        request: RecordsRequest,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let Some((url, credentials)) = self.sign_in.accepted() else {
            return Vec::new();
        };
        let job = Job::ServiceNow(ServiceNowCall::Records {
            instance_url: url.to_owned(),
            credentials: credentials.clone(),
            request,
        });
        vec![self.activity.start(job, cx)]
    }

    pub(super) fn fail(&mut self, message: String) {
        self.activity = Activity::Idle;
        self.note = Some(message);
    }

    pub(super) fn table_name(&self) -> String {
        self.discovery
            .tables
            .get(self.table_pick.selected)
            .map(|t| t.name.clone())
            .or_else(|| self.targets.registration.as_ref().map(|r| r.table.clone()))
            .unwrap_or_default()
    }

    pub(super) fn rows(&self) -> usize {
        match self.stage {
            WriterStage::PickCredential => self.discovery.credentials.len(),
            WriterStage::PickTable => self.discovery.tables.len(),
            WriterStage::PickKeyField | WriterStage::PickSecretField => self.fields.len(),
            WriterStage::PickRecord => self.records.len(),
            _ => 0,
        }
    }

    pub(super) fn pick_mut(&mut self) -> Option<&mut super::Pick> {
        match self.stage {
            WriterStage::PickCredential => Some(&mut self.credential_pick),
            WriterStage::PickTable => Some(&mut self.table_pick),
            WriterStage::PickKeyField => Some(&mut self.key_pick),
            WriterStage::PickSecretField => Some(&mut self.secret_pick),
            WriterStage::PickRecord => Some(&mut self.record_pick),
            _ => None,
        }
    }
}
