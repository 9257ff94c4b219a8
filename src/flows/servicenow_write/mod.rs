//! "Let nowkey write it": the Hub credentials written into ServiceNow by nowkey,
//! shared by the rotation and the SMS setup.
//!
//! Sign in as an admin (or a `credential_admin`), find the spoke's credential and
//! the Environment Registration record through ServiceNow's metadata tables (or
//! go straight to the ones the profile remembers), show a preview (table, record,
//! sys_id, fields, whether each changes, never a value), and write each record
//! only after the operator confirms. A write counts only when ServiceNow's
//! `sys_mod_count` went up, and the host records it (the rotation journals it)
//! before the next one starts: see [`ServiceNowWriter::recorded`].

mod bindings;
mod requests;
mod update;

pub use bindings::WriterAction;
pub use update::WriterExit;

use secrecy::SecretString;

use super::activity::Activity;
use super::form::{Form, FormField};
use super::outcome::Discovery;
use super::servicenow_check::ServiceNowCheck;
use crate::domain::servicenow::ServiceNowCredentials;
use crate::domain::servicenow_write::{
    FieldInfo, PlannedWrite, RecordRef, RegistrationFields, RegistrationRecord, WriteReceipt,
};

/// Whether the writer puts the new credentials in, or the old ones back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritePurpose {
    /// The new key (rotation step 4, or the setup).
    New,
    /// The old key, written back before a rotation is abandoned.
    Restore,
}

/// Where the writer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterStage {
    /// Instance, admin user and password.
    SignIn,
    /// Typing another search term for the credential records.
    Search,
    /// Choosing the spoke's credential record.
    PickCredential,
    /// Choosing the Environment Registration table.
    PickTable,
    /// Choosing the field that holds the API key.
    PickKeyField,
    /// Choosing the field that holds the API secret.
    PickSecretField,
    /// Choosing the Environment Registration record.
    PickRecord,
    /// The preview, waiting for the operator's confirmation.
    Preview,
    /// Writing, one record after the other.
    Writing,
    /// Every record saved.
    Done,
}

/// The records written to, as the profile remembers them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// The spoke's credential (`TABLE/SYS_ID`).
    pub credential: Option<RecordRef>,
    /// The Environment Registration record.
    pub registration: Option<RecordRef>,
    /// Its key and secret fields.
    pub fields: Option<RegistrationFields>,
}

impl Targets {
    /// True when all three are known, so the writer can go straight to the preview.
    pub fn complete(&self) -> bool {
        self.credential.is_some() && self.registration.is_some() && self.fields.is_some()
    }
}

/// The values a write puts in: never shown, dropped (zeroed) with the writer.
#[derive(Clone)]
pub struct WriteSecrets {
    /// The API key id (not secret, but written as one).
    pub key: String,
    /// The API secret.
    pub secret: SecretString,
    /// The base64 `key:secret` token.
    pub token: SecretString,
}

impl WriteSecrets {
    /// The key, secret and token of a Hub key.
    pub fn from_credentials(credentials: &crate::domain::token::HubCredentials) -> Self {
        Self {
            key: credentials.key.as_str().to_owned(),
            secret: SecretString::from(credentials.secret.expose().to_owned()),
            token: SecretString::from(credentials.token().expose().to_owned()),
        }
    }
}

/// The search terms for a profile's brand (see
/// [`crate::domain::servicenow_write::default_search_terms`]).
pub fn search_terms_for(vendor_id: &str) -> Vec<String> {
    let catalog = crate::domain::vendors::VendorCatalog::builtin();
    let name = catalog.by_id(vendor_id).map(|v| v.name.clone());
    crate::domain::servicenow_write::default_search_terms(name.as_deref())
}

/// The records a profile remembers.
pub fn targets_of(sms: &crate::domain::profile::SmsProfile) -> Targets {
    Targets {
        credential: sms.servicenow_credential.clone(),
        registration: sms.servicenow_registration.clone(),
        fields: sms.servicenow_registration_fields.clone(),
    }
}

impl std::fmt::Debug for WriteSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteSecrets")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// A choice in a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pick {
    /// The highlighted row.
    pub selected: usize,
}

impl Pick {
    /// Moves up or down within `len` rows, wrapping.
    pub fn step(&mut self, down: bool, len: usize) {
        if len == 0 {
            return;
        }
        self.selected = if down {
            (self.selected + 1) % len
        } else {
            (self.selected + len - 1) % len
        };
    }
}

/// The whole state of a write to ServiceNow.
#[derive(Debug)]
pub struct ServiceNowWriter {
    /// New credentials, or the old ones back.
    pub purpose: WritePurpose,
    /// Where it stands.
    pub stage: WriterStage,
    /// Instance, admin user, password (masked; never stored).
    pub sign_in: ServiceNowCheck,
    /// Another search term.
    pub search: Form,
    /// The terms searched last.
    pub terms: Vec<String>,
    /// The request under way, or the last one's result.
    pub activity: Activity,
    /// What discovery found.
    pub discovery: Discovery,
    /// The highlighted credential record.
    pub credential_pick: Pick,
    /// The highlighted table.
    pub table_pick: Pick,
    /// The chosen table's fields.
    pub fields: Vec<FieldInfo>,
    /// The highlighted key field.
    pub key_pick: Pick,
    /// The highlighted secret field.
    pub secret_pick: Pick,
    /// The chosen table's records.
    pub records: Vec<RegistrationRecord>,
    /// The highlighted record.
    pub record_pick: Pick,
    /// The chosen (or remembered) records.
    pub targets: Targets,
    /// The preview.
    pub plan: Vec<PlannedWrite>,
    /// The writes ServiceNow saved, in order.
    pub receipts: Vec<WriteReceipt>,
    /// Why the last step was refused here (not a request's failure).
    pub note: Option<String>,
    /// The values to write.
    values: WriteSecrets,
    /// A saved write the host has not recorded yet: nothing else starts until it has.
    pub awaiting_record: bool,
}

impl ServiceNowWriter {
    /// A writer for `purpose`, with the instance and targets the profile remembers.
    pub fn new(
        purpose: WritePurpose,
        instance: Option<&str>,
        targets: Targets,
        terms: Vec<String>,
        values: WriteSecrets,
    ) -> Self {
        Self {
            purpose,
            stage: WriterStage::SignIn,
            sign_in: ServiceNowCheck::for_admin(instance),
            search: Form::single(
                FormField::text("Search", "")
                    .with_help("Part of the credential's name or its alias, e.g. sms."),
            ),
            terms,
            activity: Activity::Idle,
            discovery: Discovery::default(),
            credential_pick: Pick::default(),
            table_pick: Pick::default(),
            fields: Vec::new(),
            key_pick: Pick::default(),
            secret_pick: Pick::default(),
            records: Vec::new(),
            record_pick: Pick::default(),
            targets,
            plan: Vec::new(),
            receipts: Vec::new(),
            note: None,
            values,
            awaiting_record: false,
        }
    }

    /// The admin's instance URL and credentials, once the sign-in form was accepted.
    pub fn admin(&self) -> Option<(&str, &ServiceNowCredentials)> {
        self.sign_in.accepted()
    }

    /// True once every record of the preview was saved and recorded.
    pub fn finished(&self) -> bool {
        self.stage == WriterStage::Done
    }

    /// True while a request runs.
    pub fn busy(&self) -> bool {
        self.activity.running_task().is_some()
    }

    /// The key id being written ("the new key K", or the old one back).
    pub fn key_id(&self) -> &str {
        &self.values.key
    }

    /// The registration fields the operator chose (or the profile remembered).
    pub fn chosen_fields(&self) -> Option<RegistrationFields> {
        self.targets.fields.clone()
    }

    /// The form that takes typing now, if any.
    pub fn typing_form(&self) -> Option<&Form> {
        match self.stage {
            WriterStage::SignIn => Some(&self.sign_in.form),
            WriterStage::Search => Some(&self.search),
            _ => None,
        }
    }

    /// The same form, to edit it.
    pub fn typing_form_mut(&mut self) -> Option<&mut Form> {
        match self.stage {
            WriterStage::SignIn => Some(&mut self.sign_in.form),
            WriterStage::Search => Some(&mut self.search),
            _ => None,
        }
    }

    /// The highlighted credential record.
    pub fn highlighted_credential(
        &self,
    ) -> Option<&crate::domain::servicenow_write::CredentialRecord> {
        self.discovery
            .credentials
            .get(self.credential_pick.selected)
    }
}
