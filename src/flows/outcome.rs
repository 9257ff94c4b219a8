//! The result of each job, grouped as [`super::job::Job`] is. Every failure stays
//! typed across the task boundary, so a screen can say what to do for each.

use std::path::PathBuf;

use secrecy::SecretString;

use super::browser::BrowserOutcome;
use crate::clipboard::{ClipboardError, CopyOutcome};
use crate::domain::check::CheckResult;
use crate::domain::hopex::HopexContext;
use crate::domain::hub::{Reply, SentMessage};
use crate::domain::message_status::MessageStatus;
use crate::domain::profile::ProfilesFile;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow::ServiceNowUser;
use crate::domain::servicenow_write::{
    CredentialRecord, FieldInfo, RecordRead, RegistrationRecord, ReportedMessage, TableInfo,
    WriteReceipt,
};
use crate::store::JournalScan;
use crate::store::StoreError;

/// The result of one async task.
#[derive(Debug)]
pub enum TaskOutcome {
    /// From [`super::job::Job::Hub`].
    Hub(HubOutcome),
    /// From [`super::job::Job::ServiceNow`]: the signed-in user.
    ServiceNow(Result<ServiceNowUser, ClientError>),
    /// From [`super::job::ServiceNowCall::Records`].
    Records(RecordsOutcome),
    /// From [`super::job::Job::Hopex`]: whom and what the key signs in as.
    Hopex(Result<HopexContext, ClientError>),
    /// From [`super::job::Job::Store`].
    Store(StoreOutcome),
    /// From [`super::job::Job::Copy`]: where the text went, or why nowhere.
    Copy(Result<CopyOutcome, ClipboardError>),
    /// From [`super::job::Job::Sandbox`].
    Sandbox(SandboxOutcome),
    /// From [`super::job::Job::Check`]: the check's result (a check always has one).
    Check(Box<CheckResult>),
    /// From [`super::job::Job::Browser`].
    Browser(BrowserOutcome),
}

/// What the Hub answered.
#[derive(Debug)]
pub enum HubOutcome {
    /// To [`super::job::HubRequest::CheckCredentials`].
    Credentials(Result<(), ClientError>),
    /// To [`super::job::HubRequest::SendMessage`].
    Sent(Result<SentMessage, ClientError>),
    /// To [`super::job::HubRequest::MessageStatus`].
    Status(Result<MessageStatus, ClientError>),
    /// To [`super::job::HubRequest::Replies`].
    Replies(Result<Vec<Reply>, ClientError>),
    /// To [`super::job::HubRequest::SentReport`].
    Report(Result<Vec<ReportedMessage>, ClientError>),
}

/// What ServiceNow answered a [`super::job::RecordsRequest`].
#[derive(Debug)]
pub enum RecordsOutcome {
    /// To `Discover`.
    Discovered(Result<Discovery, ClientError>),
    /// To `Registration`: the table's fields and its records.
    Registration(Result<(Vec<FieldInfo>, Vec<RegistrationRecord>), ClientError>),
    /// To `Read`: each record, in the order asked.
    Read(Result<Vec<RecordRead>, ClientError>),
    /// To `Write`.
    Written(Result<WriteReceipt, ClientError>),
}

/// What discovery found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Credential records matching a search term, without duplicates.
    pub credentials: Vec<CredentialRecord>,
    /// Tables labelled "Environment Registration".
    pub tables: Vec<TableInfo>,
}

/// What reading or writing nowkey's files gave.
#[derive(Debug)]
pub enum StoreOutcome {
    /// The saved profiles.
    ProfilesLoaded(Result<ProfilesFile, StoreError>),
    /// The rotations in progress, and the journals that could not be read.
    RotationsLoaded(Result<JournalScan, StoreError>),
    /// The profiles file written.
    ProfileSaved(Result<PathBuf, StoreError>),
    /// The journal written.
    JournalSaved(Result<(), StoreError>),
    /// The rotation lock taken.
    RotationLocked(Result<(), StoreError>),
    /// The support report written.
    ReportSaved(Result<PathBuf, StoreError>),
}

/// What the sandbox's admin endpoints answered.
#[derive(Debug)]
pub enum SandboxOutcome {
    /// A new Hub key and its secret.
    HubKeyCreated(Result<(String, SecretString), ClientError>),
    /// The Hub key was deleted.
    HubKeyDeleted(Result<(), ClientError>),
    /// A new HOPEX API key.
    HopexKeyCreated(Result<SecretString, ClientError>),
    /// A HOPEX API key revoked.
    HopexKeyRevoked(Result<(), ClientError>),
    /// The Hub key pairs the demo's sandbox has made, newest first.
    HubPairs(Vec<crate::flows::sandbox_pair::DemoKeyPair>),
    /// What the Hub answered the sandbox's simulated ServiceNow.
    SpokeSent(Result<SpokeSent, ClientError>),
}

/// How the Hub answered a message the sandbox's simulated ServiceNow sent.
pub use crate::clients::sandbox_admin::SpokeSent;
