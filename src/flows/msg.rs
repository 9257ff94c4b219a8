//! Everything that can happen to the app: keys, pastes, clock ticks and the
//! results of async tasks.

use secrecy::SecretString;

use super::command::TaskId;
use super::key::Key;
use crate::clients::error::ClientError;
use crate::clients::hopex::HopexContext;
use crate::clients::hub::{Reply, SentMessage};
use crate::clients::servicenow::ServiceNowUser;
use crate::domain::message_status::MessageStatus;
use crate::domain::profile::ProfilesFile;

/// One event for `update`.
#[derive(Debug)]
pub enum Msg {
    /// A key press.
    Key(Key),
    /// A bracketed paste.
    Paste(String),
    /// The clock ticked (spinners, countdowns).
    Tick,
    /// The clipboard auto-clear delay for this copy generation ran out.
    ClipboardClearDue(u64),
    /// An async task finished.
    Task(TaskId, TaskOutcome),
}

/// The result of one async task.
#[derive(Debug)]
pub enum TaskOutcome {
    /// From [`super::command::Command::CheckHubCredentials`].
    HubCredentialsChecked(Result<(), ClientError>),
    /// From [`super::command::Command::SendTestMessage`].
    TestMessageSent(Result<SentMessage, ClientError>),
    /// From [`super::command::Command::PollMessageStatus`].
    MessageStatus(Result<MessageStatus, ClientError>),
    /// From [`super::command::Command::PollReplies`].
    Replies(Result<Vec<Reply>, ClientError>),
    /// From [`super::command::Command::CheckServiceNow`].
    ServiceNowChecked(Result<ServiceNowUser, ClientError>),
    /// From [`super::command::Command::CheckHopexKey`].
    HopexKeyChecked(Result<HopexContext, ClientError>),
    /// From [`super::command::Command::CopySecret`]: how it was copied, or why not.
    Copied(Result<String, String>),
    /// From [`super::command::Command::SaveProfile`]: the file, or why not.
    ProfileSaved(Result<String, String>),
    /// From [`super::command::Command::CreateSandboxKey`].
    SandboxKeyCreated(Result<(String, SecretString), String>),
    /// From [`super::command::Command::CreateSandboxHopexKey`].
    SandboxHopexKeyCreated(Result<SecretString, String>),
    /// From [`super::command::Command::SaveJournal`].
    JournalSaved(Result<(), String>),
    /// From [`super::command::Command::LockRotation`].
    RotationLocked(Result<(), String>),
    /// From [`super::command::Command::DeleteSandboxHubKey`].
    SandboxKeyDeleted(Result<(), String>),
    /// From [`super::command::Command::LoadRotations`].
    RotationsLoaded(Result<Vec<crate::domain::rotation::Rotation>, String>),
    /// From [`super::command::Command::RunCheck`]: the check's result (a check
    /// never fails to produce one).
    CheckFinished(Box<crate::domain::check::CheckResult>),
    /// From [`super::command::Command::ExportReport`]: the file written, or why not.
    ReportExported(Result<String, String>),
    /// From [`super::command::Command::LoadProfiles`].
    ProfilesLoaded(Result<ProfilesFile, String>),
}
