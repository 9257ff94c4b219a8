//! The jobs a [`super::command::Command::Start`] runs, grouped by the service
//! they go to, so each flow matches only what it asks for.

use std::time::Duration;

use secrecy::SecretString;

use crate::domain::check::plan::PlannedCheck;
use crate::domain::check::secrets::CheckSecrets;
use crate::domain::check::CheckResult;
use crate::domain::hopex::HopexKeyScope;
use crate::domain::hub::HubTarget;
use crate::domain::phone::E164;
use crate::domain::profile::Profile;
use crate::domain::rotation::Rotation;
use crate::domain::servicenow::ServiceNowCredentials;
use crate::domain::servicenow_write::RecordRef;

/// One async job.
#[derive(Debug)]
pub enum Job {
    /// A call to the Hub's REST API.
    Hub(HubCall),
    /// A call to a ServiceNow instance.
    ServiceNow(ServiceNowCall),
    /// A call to HOPEX GraphQL.
    Hopex(HopexCall),
    /// Reading or writing nowkey's own files.
    Store(StoreJob),
    /// Putting a secret on the clipboard.
    Copy {
        /// The text (a secret, or a value copied alongside one).
        secret: SecretString,
    },
    /// An admin call to the built-in sandbox (`nowkey demo` only).
    Sandbox(SandboxCall),
    /// One check of a saved profile, within its own time limit.
    Check(Box<CheckRun>),
    /// Open a URL in the operator's browser (never over SSH); given up after
    /// [`super::browser::BROWSER_WAIT`].
    Browser {
        /// The URL.
        url: String,
    },
}

/// One Hub request, with the Hub and the credentials it goes to.
#[derive(Debug)]
pub struct HubCall {
    /// Where and as whom.
    pub target: HubTarget,
    /// Wait this long first (retries with backoff, polls).
    pub after: Duration,
    /// What to ask.
    pub request: HubRequest,
}

/// What a [`HubCall`] asks the Hub.
#[derive(Debug)]
pub enum HubRequest {
    /// Check the credentials (`GET /v1/replies`, read-only).
    CheckCredentials,
    /// Send one test SMS.
    SendMessage {
        /// Destination.
        to: E164,
        /// Message text.
        content: String,
    },
    /// Fetch a message's status.
    MessageStatus {
        /// The message.
        message_id: String,
    },
    /// Fetch unconfirmed replies.
    Replies,
    /// The outbound messages sent to `destination` between `from` and `to`, from
    /// the Hub's sent-message report.
    SentReport {
        /// Window start.
        from: chrono::DateTime<chrono::Utc>,
        /// Window end.
        to: chrono::DateTime<chrono::Utc>,
        /// The number the messages went to.
        destination: E164,
    },
}

/// A call to ServiceNow.
#[derive(Debug)]
pub enum ServiceNowCall {
    /// Check the credentials (the user's `sys_user` record, then its roles).
    CheckCredentials {
        /// Normalised instance URL.
        instance_url: String,
        /// User and password.
        credentials: ServiceNowCredentials,
    },
    /// Read or write the records nowkey writes the Hub credentials to, as an
    /// admin (answered with [`super::outcome::TaskOutcome::Records`]).
    Records {
        /// Normalised instance URL.
        instance_url: String,
        /// The admin user and password.
        credentials: ServiceNowCredentials,
        /// What to do.
        request: RecordsRequest,
    },
}

/// What a [`ServiceNowCall::Records`] asks.
#[derive(Debug)]
pub enum RecordsRequest {
    /// Credential records whose name or alias contains any of `terms`, and the
    /// tables labelled "Environment Registration".
    Discover {
        /// Search terms (each searched apart, results merged).
        terms: Vec<String>,
    },
    /// A registration table's fields and records; the records carry the value of
    /// `key_field` (or of the suggested key field when `None`).
    Registration {
        /// The table.
        table: String,
        /// The field holding the API key, when chosen.
        key_field: Option<String>,
    },
    /// Read records before a write (readable fields only, for the preview).
    Read {
        /// Each record and the readable fields to read.
        reads: Vec<(RecordRef, Vec<String>)>,
    },
    /// Write one record (values are secrets; `Debug` shows field names only).
    Write {
        /// The record.
        target: RecordRef,
        /// Field and value.
        values: Vec<(String, SecretString)>,
    },
}

/// A call to HOPEX.
#[derive(Debug)]
pub enum HopexCall {
    /// Check an API key against HOPEX GraphQL.
    CheckKey {
        /// Server base URL (or a full GraphQL endpoint).
        server_url: String,
        /// GraphQL schema.
        schema: String,
        /// The API key.
        api_key: SecretString,
        /// Wait this long before asking (a retry's backoff, a poll's pause).
        after: std::time::Duration,
    },
}

/// Reading or writing nowkey's files (never a secret).
#[derive(Debug)]
pub enum StoreJob {
    /// Load the saved profiles.
    LoadProfiles,
    /// Load the rotations in progress, from their journals.
    LoadRotations,
    /// Save one profile.
    SaveProfile {
        /// Profile name.
        name: String,
        /// The profile.
        profile: Box<Profile>,
    },
    /// Record a rotation in its journal (atomic, fsynced) before it is shown as done.
    SaveJournal(Box<Rotation>),
    /// Take the lock on a profile's rotation of one key (held until unlocked
    /// or exit).
    LockRotation {
        /// The profile.
        profile: String,
        /// Which of its keys.
        credential: crate::domain::rotation::Credential,
    },
    /// Write the redacted support report of one profile's checks to
    /// `<config dir>/reports/<profile>-<UTC time>.md`.
    SaveReport {
        /// The profile's name.
        name: String,
        /// Its saved settings.
        profile: Box<Profile>,
        /// The finished checks.
        results: Vec<CheckResult>,
    },
}

/// An admin call to the built-in sandbox, standing in for the Hub's or the HOPEX
/// console's buttons.
#[derive(Debug)]
pub enum SandboxCall {
    /// Create a Hub key, as the Hub's "Create Key" button would.
    CreateHubKey,
    /// Delete a Hub key, as deleting it in the Hub would.
    DeleteHubKey {
        /// The key id.
        api_key: String,
    },
    /// Create a HOPEX API key, as the HOPEX console would.
    CreateHopexKey(HopexKeyScope),
    /// Revoke a HOPEX API key, as the HOPEX console would.
    RevokeHopexKey {
        /// The key.
        api_key: SecretString,
    },
    /// List the Hub key pairs the demo's sandbox has made (demo only).
    ListHubPairs,
    /// Have the sandbox's simulated ServiceNow send an SMS with the SMS
    /// connector, using whatever credential it holds.
    SpokeSend {
        /// Destination.
        to: E164,
        /// Text.
        content: String,
    },
}

/// One check of a saved profile, and the secrets given for it.
#[derive(Debug)]
pub struct CheckRun {
    /// The check.
    pub check: PlannedCheck,
    /// The secrets given for this profile (`Debug` shows only which).
    pub secrets: CheckSecrets,
}
