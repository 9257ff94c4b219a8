//! What each action and each answer from ServiceNow does to the writer.

use super::{ServiceNowWriter, WriterAction, WriterStage};
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::{
    credential_fields, suggest_registration_fields, RegistrationFields, WriteReceipt,
};
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::outcome::RecordsOutcome;
use crate::flows::task::TaskId;

/// What the host does after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterExit {
    /// The writer stays open.
    Stay,
    /// The operator left the writer (Esc at the sign-in, or after the writes).
    Leave,
}

impl ServiceNowWriter {
    /// Carries out one of the writer's actions.
    pub fn perform(
        &mut self,
        action: WriterAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, WriterExit) {
        let stay = |commands| (commands, WriterExit::Stay);
        self.note = None;
        match action {
            WriterAction::Form(form_action) => {
                if let Some(form) = self.typing_form_mut() {
                    form.apply(form_action);
                }
                stay(Vec::new())
            }
            WriterAction::Stop => {
                let stopped = self.activity.stop(
                    cx.now.instant,
                    "You stopped the request before ServiceNow answered.",
                );
                stay(stopped.map(Command::Cancel).into_iter().collect())
            }
            WriterAction::Up | WriterAction::Down => {
                let down = action == WriterAction::Down;
                let len = self.rows();
                if let Some(pick) = self.pick_mut() {
                    pick.step(down, len);
                }
                stay(Vec::new())
            }
            WriterAction::Back => self.back(),
            WriterAction::NewSearch => {
                self.stage = WriterStage::Search;
                self.activity = Activity::Idle;
                stay(Vec::new())
            }
            WriterAction::ChangeTargets => {
                self.targets = super::Targets::default();
                stay(self.discover(cx))
            }
            WriterAction::Next => stay(self.next(cx)),
            WriterAction::Write => {
                if self.stage != WriterStage::Preview || self.plan.is_empty() {
                    return stay(Vec::new());
                }
                self.stage = WriterStage::Writing;
                stay(self.write_next(cx))
            }
        }
    }

    /// Enter: the stage's step forward.
    fn next(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match self.stage {
            WriterStage::SignIn => {
                if !self.sign_in.accept() {
                    return Vec::new();
                }
                if self.targets.complete() {
                    self.read_targets(cx)
                } else {
                    self.discover(cx)
                }
            }
            WriterStage::Search => {
                let term = self.search.text(0).trim().to_owned();
                if term.is_empty() || term.contains('^') || term.chars().any(char::is_control) {
                    self.search.fields[0].error = Some(
                        "Type part of the credential's name or alias: letters, digits, spaces (no ^)."
                            .to_owned(),
                    );
                    return Vec::new();
                }
                self.terms = vec![term];
                self.discover(cx)
            }
            WriterStage::PickCredential => {
                let Some(record) = self.highlighted_credential().map(|c| c.record.clone()) else {
                    return Vec::new();
                };
                if credential_fields(&record.table).is_none() {
                    self.fail(format!(
                        "nowkey writes only api_key_credentials and basic_auth_credentials records; {} is a {} record: choose another, or update it by hand.",
                        record.sys_id, record.table
                    ));
                    return Vec::new();
                }
                self.targets.credential = Some(record);
                self.activity = Activity::Idle;
                self.stage = WriterStage::PickTable;
                let remembered = self.targets.registration.as_ref().map(|r| r.table.clone());
                if let Some(i) =
                    remembered.and_then(|t| self.discovery.tables.iter().position(|x| x.name == t))
                {
                    self.table_pick.selected = i;
                }
                Vec::new()
            }
            WriterStage::PickTable => {
                let Some(table) = self.discovery.tables.get(self.table_pick.selected) else {
                    return Vec::new();
                };
                let table = table.name.clone();
                self.registration(table, None, cx)
            }
            WriterStage::PickKeyField => {
                if self.fields.is_empty() {
                    return Vec::new();
                }
                self.stage = WriterStage::PickSecretField;
                Vec::new()
            }
            WriterStage::PickSecretField => {
                let key = &self.fields[self.key_pick.selected.min(self.fields.len() - 1)];
                let secret = &self.fields[self.secret_pick.selected.min(self.fields.len() - 1)];
                if !secret.is_encrypted() {
                    self.fail(format!(
                        "{} ({}) is not an encrypted field, so the secret would be readable there: choose the encrypted field (password2) that holds the API secret.",
                        secret.label, secret.element
                    ));
                    return Vec::new();
                }
                match RegistrationFields::new(&key.element, &secret.element) {
                    Ok(fields) => {
                        let key_field = fields.key.clone();
                        self.targets.fields = Some(fields);
                        let table = self.table_name();
                        self.registration(table, Some(key_field), cx)
                    }
                    Err(error) => {
                        self.fail(error.to_string());
                        Vec::new()
                    }
                }
            }
            WriterStage::PickRecord => {
                let Some(record) = self.records.get(self.record_pick.selected) else {
                    return Vec::new();
                };
                self.targets.registration = Some(record.record.clone());
                self.read_targets(cx)
            }
            WriterStage::Preview => Vec::new(),
            // After a failed write, Enter tries that record again.
            WriterStage::Writing if !self.awaiting_record && !self.busy() => self.write_next(cx),
            WriterStage::Writing | WriterStage::Done => Vec::new(),
        }
    }

    /// Esc: one stage back, or out of the writer from the sign-in.
    fn back(&mut self) -> (Vec<Command>, WriterExit) {
        self.activity = Activity::Idle;
        self.stage = match self.stage {
            WriterStage::SignIn | WriterStage::Done => return (Vec::new(), WriterExit::Leave),
            WriterStage::Search | WriterStage::PickTable => WriterStage::PickCredential,
            WriterStage::PickCredential => WriterStage::SignIn,
            WriterStage::PickKeyField => WriterStage::PickTable,
            WriterStage::PickSecretField => WriterStage::PickKeyField,
            WriterStage::PickRecord => WriterStage::PickSecretField,
            WriterStage::Preview | WriterStage::Writing
                if self.discovery.credentials.is_empty() =>
            {
                WriterStage::SignIn
            }
            WriterStage::Preview | WriterStage::Writing => WriterStage::PickRecord,
        };
        (Vec::new(), WriterExit::Stay)
    }

    /// Takes ServiceNow's answer. Returns a write ServiceNow saved, for the host
    /// to record (the rotation journals it) before calling [`Self::recorded`].
    pub fn on_records(
        &mut self,
        task: TaskId,
        outcome: RecordsOutcome,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, Option<WriteReceipt>) {
        if self.activity.running_task() != Some(task) {
            return (Vec::new(), None);
        }
        let now = cx.now.instant;
        let failed = |this: &mut Self, error: ClientError| {
            this.activity
                .finish(task, now, Err(error.user_message(Service::ServiceNow)));
        };
        match outcome {
            RecordsOutcome::Discovered(Ok(found)) => {
                let n = found.credentials.len();
                self.activity.finish(
                    task,
                    now,
                    Ok(format!(
                        "ServiceNow listed {n} credential record(s) for: {}.",
                        self.terms.join(", ")
                    )),
                );
                self.discovery = found;
                self.credential_pick.selected = self
                    .targets
                    .credential
                    .as_ref()
                    .and_then(|c| {
                        self.discovery
                            .credentials
                            .iter()
                            .position(|x| &x.record == c)
                    })
                    .unwrap_or(0);
                self.stage = WriterStage::PickCredential;
            }
            RecordsOutcome::Registration(Ok((fields, records))) => {
                self.activity = Activity::Idle;
                let first_load = self.stage == WriterStage::PickTable;
                // ServiceNow's own sys_ fields never hold the key or the secret.
                self.fields = fields
                    .into_iter()
                    .filter(|f| !f.element.starts_with("sys_"))
                    .collect();
                self.records = records;
                if first_load {
                    let suggested = self
                        .targets
                        .fields
                        .clone()
                        .or_else(|| suggest_registration_fields(&self.fields));
                    let at = |name: Option<&str>| {
                        name.and_then(|n| self.fields.iter().position(|f| f.element == n))
                            .unwrap_or(0)
                    };
                    self.key_pick.selected = at(suggested.as_ref().map(|f| f.key.as_str()));
                    self.secret_pick.selected = at(suggested.as_ref().map(|f| f.secret.as_str()));
                    self.stage = WriterStage::PickKeyField;
                } else {
                    let remembered = self.targets.registration.clone();
                    self.record_pick.selected = remembered
                        .and_then(|r| self.records.iter().position(|x| x.record == r))
                        .unwrap_or(0);
                    self.stage = WriterStage::PickRecord;
                }
            }
            RecordsOutcome::Read(Ok(reads)) => match self.build_plan(&reads) {
                Some(plan) => {
                    self.activity = Activity::Idle;
                    // A new preview starts its writes from the first record.
                    self.receipts.clear();
                    self.plan = plan;
                    self.stage = WriterStage::Preview;
                }
                None => failed(
                    self,
                    ClientError::UnexpectedBody {
                        status: 200,
                        detail: "ServiceNow did not return every record asked for".to_owned(),
                    },
                ),
            },
            RecordsOutcome::Written(Ok(receipt)) => {
                let detail = format!(
                    "ServiceNow saved {} (sys_mod_count {} → {}).",
                    receipt.target, receipt.before.mod_count, receipt.after.mod_count
                );
                self.activity.finish(task, now, Ok(detail));
                self.receipts.push(receipt.clone());
                self.awaiting_record = true;
                return (Vec::new(), Some(receipt));
            }
            RecordsOutcome::Discovered(Err(e))
            | RecordsOutcome::Registration(Err(e))
            | RecordsOutcome::Read(Err(e))
            | RecordsOutcome::Written(Err(e)) => failed(self, e),
        }
        (Vec::new(), None)
    }

    /// The host recorded the last saved write: start the next, or finish.
    pub fn recorded(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        if !self.awaiting_record {
            return Vec::new();
        }
        self.awaiting_record = false;
        if self.receipts.len() >= self.plan.len() {
            self.stage = WriterStage::Done;
            return Vec::new();
        }
        self.write_next(cx)
    }

    /// The host could not record the last write (its journal failed): say so and
    /// stop; nothing more is written.
    pub fn not_recorded(&mut self, why: String) {
        // Not recorded is not done: Enter writes (and records) that record again.
        if self.awaiting_record {
            self.receipts.pop();
        }
        self.awaiting_record = false;
        self.fail(why);
    }
}
