//! What a flow asks the runtime to do. Flows never do I/O themselves: `update`
//! returns commands, the runtime runs them as async tasks, and their results come
//! back as [`super::msg::Msg::Task`].

use std::time::Duration;

use secrecy::SecretString;

use crate::checks::{CheckSecrets, PlannedCheck};
use crate::clients::servicenow::ServiceNowCredentials;
use crate::domain::check::CheckResult;
use crate::domain::phone::E164;
use crate::domain::profile::Profile;
use crate::domain::token::HubCredentials;

/// Identifies one async task, so a late result of a cancelled task can be ignored.
pub type TaskId = u64;

/// A side effect for the runtime to carry out.
#[derive(Debug)]
pub enum Command {
    /// Check Hub credentials (`GET /v1/replies`).
    CheckHubCredentials {
        /// Task id for the result.
        task: TaskId,
        /// Hub API base URL.
        hub_url: String,
        /// The credentials.
        credentials: HubCredentials,
    },
    /// Check Hub credentials after a delay (retries with backoff, deletion polls).
    CheckHubCredentialsAfter {
        /// Task id for the result ([`super::msg::TaskOutcome::HubCredentialsChecked`]).
        task: TaskId,
        /// Hub API base URL.
        hub_url: String,
        /// The credentials.
        credentials: HubCredentials,
        /// Wait this long first.
        delay: Duration,
    },
    /// Record a rotation in its journal (atomic, fsynced) before it is shown as done.
    SaveJournal {
        /// Task id for the result.
        task: TaskId,
        /// The rotation as it should now be recorded.
        rotation: Box<crate::domain::rotation::Rotation>,
    },
    /// Take the lock on a profile's rotation (held until unlocked or exit).
    LockRotation {
        /// Task id for the result.
        task: TaskId,
        /// The profile.
        profile: String,
    },
    /// Release a profile's rotation lock.
    UnlockRotation {
        /// The profile.
        profile: String,
    },
    /// Sandbox only: delete a Hub key through the admin endpoint.
    DeleteSandboxHubKey {
        /// Task id for the result.
        task: TaskId,
        /// The key id.
        api_key: String,
    },
    /// Send one test SMS.
    SendTestMessage {
        /// Task id for the result.
        task: TaskId,
        /// Hub API base URL.
        hub_url: String,
        /// The credentials.
        credentials: HubCredentials,
        /// Destination.
        to: E164,
        /// Message text.
        content: String,
    },
    /// Fetch a message's status after a delay.
    PollMessageStatus {
        /// Task id for the result.
        task: TaskId,
        /// Hub API base URL.
        hub_url: String,
        /// The credentials.
        credentials: HubCredentials,
        /// The message.
        message_id: String,
        /// Wait this long first.
        delay: Duration,
    },
    /// Fetch unconfirmed replies after a delay.
    PollReplies {
        /// Task id for the result.
        task: TaskId,
        /// Hub API base URL.
        hub_url: String,
        /// The credentials.
        credentials: HubCredentials,
        /// Wait this long first.
        delay: Duration,
    },
    /// Check ServiceNow credentials (sys_user, then the user's roles).
    CheckServiceNow {
        /// Task id for the result.
        task: TaskId,
        /// Normalised instance URL.
        instance_url: String,
        /// User and password.
        credentials: ServiceNowCredentials,
    },
    /// Check a HOPEX API key against HOPEX GraphQL.
    CheckHopexKey {
        /// Task id for the result.
        task: TaskId,
        /// Server base URL (or a full GraphQL endpoint).
        server_url: String,
        /// GraphQL schema.
        schema: String,
        /// The API key.
        api_key: SecretString,
    },
    /// Run one check of flow D ([`crate::checks::run_check`], within its own time
    /// limit); every check of a profile gets its own command, so they run at once.
    RunCheck {
        /// Task id for the result ([`super::msg::TaskOutcome::CheckFinished`]).
        task: TaskId,
        /// The check.
        check: Box<PlannedCheck>,
        /// The secrets given for this profile (`Debug` shows only which).
        secrets: CheckSecrets,
    },
    /// Write the redacted support report of one profile's checks to
    /// `<config dir>/reports/<profile>-<UTC timestamp>.md`.
    ExportReport {
        /// Task id for the result ([`super::msg::TaskOutcome::ReportExported`]).
        task: TaskId,
        /// The profile's name.
        name: String,
        /// Its saved settings (no secret).
        profile: Box<Profile>,
        /// The finished checks (no secret).
        results: Vec<CheckResult>,
    },
    /// Abort a running task; its result, if any, is dropped.
    CancelTask(TaskId),
    /// Put a secret on the clipboard.
    CopySecret {
        /// Task id for the result.
        task: TaskId,
        /// What it is, for the status line ("token", "API secret").
        label: &'static str,
        /// The text.
        secret: SecretString,
    },
    /// Clear the clipboard if it still holds what nowkey put there.
    ClearClipboard,
    /// Send [`super::msg::Msg::ClipboardClearDue`] after a delay.
    ScheduleClipboardClear {
        /// Which copy this clear belongs to; a newer copy supersedes it.
        generation: u64,
        /// The delay.
        after: Duration,
    },
    /// Open a URL in the browser (never over SSH).
    OpenBrowser {
        /// The URL.
        url: String,
    },
    /// Save a profile (no secrets).
    SaveProfile {
        /// Task id for the result.
        task: TaskId,
        /// Profile name.
        name: String,
        /// The profile.
        profile: Box<Profile>,
    },
    /// Sandbox only: create a Hub key through the admin endpoint.
    CreateSandboxKey {
        /// Task id for the result.
        task: TaskId,
    },
    /// Sandbox only: create a HOPEX API key through the admin endpoint.
    CreateSandboxHopexKey {
        /// Task id for the result.
        task: TaskId,
        /// EnvironmentId.
        environment_id: String,
        /// RepositoryId.
        repository_id: String,
        /// ProfileId.
        profile_id: String,
        /// HOPEX login.
        login: String,
    },
    /// Load the saved profiles.
    LoadProfiles,
    /// Load the rotations in progress, from their journals.
    LoadRotations,
    /// Leave the program.
    Quit,
}
