//! What a key does in the rotation: the actions of its binding table.

use crate::flows::form::FormAction;
use crate::flows::question::Answer;

/// What a key does in the rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateAction {
    /// The answer to the abandon question.
    Answer(Answer),
    /// Esc: stop a request, else leave (a rotation in progress resumes later).
    Leave,
    /// The previous profile on the list.
    ProfileUp,
    /// The next profile on the list.
    ProfileDown,
    /// Start (or resume) the selected profile's rotation.
    Start,
    /// Locked out: ask for the rotation's lock again.
    RetryLock,
    /// Moving between fields.
    Form(FormAction),
    /// Check the pasted new secret against the journal.
    CheckSecret,
    /// Record the new key and secret.
    CaptureNewKey,
    /// Sandbox: have the sandbox Hub create the new key.
    SandboxKey,
    /// Sandbox: paste the sandbox's new key and secret.
    PasteSandboxKey,
    /// The demo only: paste the old key's secret, which its sandbox made.
    PasteOldSecret,
    /// Ask the Hub about the new key again.
    VerifyAgain,
    /// Copy the new token.
    CopyToken,
    /// Copy the new key id.
    CopyKey,
    /// Copy the new secret.
    CopySecret,
    /// Tick (or untick) the spoke credential as updated.
    ToggleSpoke,
    /// Tick (or untick) the Environment Registration as updated.
    ToggleRegistration,
    /// Record that ServiceNow was updated.
    ServiceNowUpdated,
    /// Send the live SMS with the new key.
    Send,
    /// Wait (or not) for a reply after delivery.
    ToggleReplyWait,
    /// Record the passing live test.
    RecordPass,
    /// After a failed live test: do the ServiceNow update again.
    RedoServiceNow,
    /// The old key is deleted in the Hub: confirm (or record) it.
    OldKeyDeleted,
    /// Sandbox: delete the old key in the sandbox Hub.
    SandboxDeleteOldKey,
    /// The Hub still accepted the old key: ask it once more now.
    CheckOldKeyAgain,
    /// The Hub still accepted the old key: keep asking for another while.
    WaitLonger,
    /// The Hub still accepted the old key (or could not be asked): go on,
    /// recording the revocation as still accepted (or not verified).
    FinishAnyway,
    /// Save the profile with the new key.
    SaveProfile,
    /// Ask to abandon the rotation.
    Abandon,
    /// Back home.
    Home,
    /// Step 4: let nowkey write the new key into ServiceNow.
    OpenWriter,
    /// A key of the ServiceNow writer.
    Writer(crate::flows::servicenow_write::WriterAction),
    /// A key of the test sent from ServiceNow.
    Proof(crate::flows::servicenow_proof::ProofAction),
    /// Record the outcome of the test sent from ServiceNow.
    RecordProof,
}
