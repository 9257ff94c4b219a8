//! What can happen during a rotation, and why a step can be refused.

use super::{Credential, KeyRef, Phase, Revocation, ServicenowAttempt, ServicenowWrite};
use crate::domain::servicenow_write::ProofOutcome;
use crate::domain::token::Fingerprint;

/// One step of a rotation, applied with [`super::Rotation::apply`].
///
/// Free-text fields (`message_id`, `reason`) go into the journal: callers must not
/// put a secret in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new key was created in the Hub and captured. From `Started`, or from
    /// `NewKeyCaptured` to replace it before verification. Must differ from the old
    /// key by id and by fingerprint.
    NewKeyCaptured {
        /// The new key.
        key: KeyRef,
    },
    /// The Hub accepted the new credentials. From `NewKeyCaptured`; the fingerprint
    /// must be the new key's.
    NewKeyVerified {
        /// Fingerprint of the credentials the Hub accepted.
        fingerprint: Fingerprint,
    },
    /// The operator confirmed both ServiceNow records hold the new key. From
    /// `NewKeyVerified`; both must be true.
    ServicenowUpdated {
        /// The spoke action's token was replaced.
        spoke_token: bool,
        /// The Environment Registration record was updated.
        environment_registration: bool,
    },
    /// A test message sent with the new key reached a good state. From
    /// `ServicenowUpdated`; the fingerprint must be the current new key's.
    LiveTestPassed {
        /// Fingerprint of the key the message was sent with.
        fingerprint: Fingerprint,
        /// The Hub's message id.
        message_id: String,
    },
    /// A live test failed. From `ServicenowUpdated`, which it does not leave (both
    /// keys stay live); the attempt is recorded.
    LiveTestFailed {
        /// Fingerprint of the key the message was sent with.
        fingerprint: Fingerprint,
        /// Why it failed, in plain words.
        reason: String,
    },
    /// The operator goes back to redo the ServiceNow update (after a failed live
    /// test). From `ServicenowUpdated`, back to `NewKeyVerified`.
    RedoServicenowUpdate,
    /// The Hub still accepted the old key when nowkey last asked, after the
    /// operator said it was deleted. From `LiveTestPassed`, which it does not
    /// leave: the operator may check again, wait longer, or finish anyway.
    OldKeyStillAccepted,
    /// The old key's deletion is recorded with what nowkey saw of it: confirmed,
    /// still accepted (the operator finished anyway), or not verified. Only from
    /// `LiveTestPassed`, and only when [`super::Rotation::can_delete_old`] holds.
    OldKeyDeleted {
        /// What nowkey last saw of the old key.
        revocation: Revocation,
    },
    /// nowkey wrote one ServiceNow record and saw its `sys_mod_count` go up
    /// (journaled before it is shown as done). From `NewKeyVerified` or
    /// `ServicenowUpdated`, which it does not leave: the new values, or the old ones
    /// written back before abandoning.
    ServicenowWritten {
        /// What was written (never a value).
        write: ServicenowWrite,
    },
    /// The operator confirmed a preview: nowkey is about to write these records.
    /// Journaled before the first write is sent. From `NewKeyVerified` or
    /// `ServicenowUpdated`, which it does not leave.
    ServicenowWriteStarted {
        /// What is about to be written (never a value).
        attempt: ServicenowAttempt,
    },
    /// How the ServiceNow-originated test ended. From `OldKeyDeleted`, which it
    /// does not leave; may be recorded again (a retry after a failure).
    ServicenowProof {
        /// The outcome.
        outcome: ProofOutcome,
    },
    /// HOPEX key only: the operator confirmed HOPEX's ServiceNow module
    /// settings hold the new key (saved there). From `NewKeyVerified` to
    /// `ServicenowUpdated`.
    ModuleSettingsUpdated,
    /// HOPEX key only: the operator pressed the module's Test button and says
    /// whether it passed. From `ServicenowUpdated`: a pass leads to
    /// `LiveTestPassed` (the fingerprint must be the current new key's), a
    /// failure is recorded and stays.
    ModuleTestConfirmed {
        /// Fingerprint of the key the module was given.
        fingerprint: Fingerprint,
        /// The operator saw the Test pass.
        passed: bool,
    },
    /// The profile was updated with the new key. From `OldKeyDeleted`.
    Completed,
    /// The operator gives up. From any phase before `OldKeyDeleted`.
    Abandon,
}

impl Event {
    /// A short name for the event, as used in [`Refusal::NotNow`].
    pub fn name(&self) -> &'static str {
        match self {
            Event::NewKeyCaptured { .. } => "capture a new key",
            Event::NewKeyVerified { .. } => "verify the new key",
            Event::ServicenowUpdated { .. } => "confirm the ServiceNow update",
            Event::LiveTestPassed { .. } => "record a passed live test",
            Event::LiveTestFailed { .. } => "record a failed live test",
            Event::RedoServicenowUpdate => "redo the ServiceNow update",
            Event::OldKeyStillAccepted => "record that the Hub still accepts the old key",
            Event::OldKeyDeleted { .. } => "delete the old key",
            Event::ServicenowWritten { .. } => "record a ServiceNow write",
            Event::ServicenowProof { .. } => "record the ServiceNow test",
            Event::ServicenowWriteStarted { .. } => "record a ServiceNow write about to start",
            Event::ModuleSettingsUpdated => "confirm the HOPEX module settings",
            Event::ModuleTestConfirmed { .. } => "record the module's test",
            Event::Completed => "complete the rotation",
            Event::Abandon => "abandon the rotation",
        }
    }
}

/// Why a step was refused. Each message is one plain sentence saying why and what
/// to do, shown to the operator as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The "new" key is the old key (same id or name, or same fingerprint).
    #[error("{}", same_key(*credential))]
    SameKey {
        /// Which key is rotated.
        credential: Credential,
    },
    /// A fingerprint is not the one expected (the new key's, or the profile's key).
    #[error(
        "Those credentials are not the ones this rotation expects (the fingerprints differ): check you entered the new key's secret, then try again."
    )]
    FingerprintMismatch,
    /// ServiceNow was not confirmed in both places.
    #[error(
        "ServiceNow is only updated once both the spoke action's token and the Environment Registration record hold the new key: update and confirm each one."
    )]
    ServicenowNotConfirmed,
    /// No live test with the current new key has passed.
    #[error(
        "The old key can only be deleted after a live test with the new key has passed: run the live test first and keep the old key until then."
    )]
    NoPassingLiveTest,
    /// The event does not apply in this phase (or to this kind of key).
    #[error("You cannot {event} at the \"{}\" step: follow the steps on screen in order.", phase.title_for(*credential))]
    NotNow {
        /// The phase the rotation is in.
        phase: Phase,
        /// What was attempted ([`Event::name`]).
        event: &'static str,
        /// Which key is rotated.
        credential: Credential,
    },
    /// The rotation is already completed or abandoned.
    #[error("This rotation has already finished: start a new rotation to change the key again.")]
    Finished,
}

fn same_key(credential: Credential) -> &'static str {
    match credential {
        Credential::HubKey => {
            "That is the key being replaced: create a new key in the Hub and paste that one."
        }
        Credential::HopexKey => {
            "That is the key being replaced (same name or same key): make a new key in HOPEX, give it its own name, and paste that one."
        }
    }
}
