//! The words shown for a rotation: phase titles, what to read to a customer, and
//! what to do when giving up. Kept apart from the table so they can be reviewed
//! by support staff on their own.

use crate::domain::servicenow_write::ProofOutcome;

use super::{Credential, Phase, Revocation, Rotation};

pub(super) fn title(credential: Credential, phase: Phase) -> &'static str {
    match (credential, phase) {
        (Credential::HopexKey, Phase::ServicenowUpdated) => return "HOPEX module updated",
        (Credential::HopexKey, Phase::LiveTestPassed) => return "Module test passed",
        _ => {}
    }
    match phase {
        Phase::Started => "Rotation started",
        Phase::NewKeyCaptured => "New key captured",
        Phase::NewKeyVerified => "New key verified",
        Phase::ServicenowUpdated => "ServiceNow updated",
        Phase::LiveTestPassed => "Live test passed",
        Phase::OldKeyDeleted => "Old key deletion recorded",
        Phase::Completed => "Rotation completed",
        Phase::Abandoned => "Rotation abandoned",
    }
}

/// The title of `phase` with what is known of the old key: "deleted" or
/// "revoked" only when the Hub was seen to reject it.
pub(super) fn rotation_title(
    credential: Credential,
    phase: Phase,
    revocation: Option<Revocation>,
) -> &'static str {
    match (phase, revocation) {
        (Phase::LiveTestPassed, Some(Revocation::StillAccepted)) => "Old key still accepted",
        (Phase::OldKeyDeleted, Some(Revocation::Confirmed)) => "Old key revoked",
        (Phase::OldKeyDeleted, Some(Revocation::StillAccepted)) => "Old key still accepted",
        (Phase::OldKeyDeleted, _) => "Old key's revocation not verified",
        _ => title(credential, phase),
    }
}

pub(super) fn explanation(
    phase: Phase,
    revocation: Option<Revocation>,
    proof: Option<ProofOutcome>,
) -> &'static str {
    let proof_pending = proof.is_none();
    if matches!(phase, Phase::OldKeyDeleted | Phase::Completed)
        && proof == Some(ProofOutcome::Failed)
    {
        return "The test sent from ServiceNow failed: ServiceNow may still hold the old \
         key, which this rotation retires, so its SMS may stop. Put the new token into the \
         spoke's credential (nowkey servicenow apply, or by hand), then send a test \
         from ServiceNow again.";
    }
    match (phase, revocation) {
        (Phase::OldKeyDeleted, Some(Revocation::Confirmed)) if proof_pending => {
            return "The Hub rejects the old key, so its revocation is confirmed and only the \
             new key is in use. Next, a test sent from ServiceNow shows it sends with the \
             new key; then nowkey records the new key in its profile."
        }
        (Phase::OldKeyDeleted, Some(Revocation::NotVerified) | None) if proof_pending => {
            return "nowkey could not ask the Hub about the old key, so its revocation is not \
             verified: make sure it is deleted in the Hub. Next, a test sent from \
             ServiceNow shows it sends with the new key; then nowkey records the new key \
             in its profile."
        }
        (Phase::LiveTestPassed, Some(Revocation::StillAccepted)) => {
            return "ServiceNow uses the new key, and the Hub still accepted the old key \
             when nowkey last asked: it was not deleted, or the deletion has not taken \
             effect yet. Both keys work until the Hub rejects the old one."
        }
        (Phase::OldKeyDeleted, Some(Revocation::StillAccepted)) => {
            return "ServiceNow uses the new key. The Hub still accepted the old key at the \
             last try, and the rotation goes on anyway: the old key still works until it \
             is deleted in the Hub."
        }
        (Phase::OldKeyDeleted, Some(Revocation::NotVerified) | None) => {
            return "ServiceNow uses the new key. nowkey could not ask the Hub about the old \
             key, so its revocation is not verified: make sure it is deleted in the Hub. \
             All that remains is to record the new key in nowkey's profile."
        }
        (Phase::Completed, Some(Revocation::StillAccepted)) => {
            return "The rotation is finished: ServiceNow uses the new key. The Hub still \
             accepted the old key at the last try, so it still works: delete it in the \
             Hub. The next rotation is due in 90 days."
        }
        (Phase::Completed, Some(Revocation::NotVerified) | None) => {
            return "The rotation is finished: ServiceNow uses the new key. The old key's \
             revocation was not verified, so make sure it is deleted in the Hub. The next \
             rotation is due in 90 days."
        }
        _ => {}
    }
    match phase {
        Phase::Started => {
            "We are starting to replace your SMS Hub API key. Nothing has changed yet: \
             your current key keeps working and your messages keep flowing."
        }
        Phase::NewKeyCaptured => {
            "A new API key has been created in the Hub next to your current one, which \
             has not been touched. ServiceNow still uses the current key, so your \
             messages are unaffected."
        }
        Phase::NewKeyVerified => {
            "The Hub has confirmed that the new key works. ServiceNow still uses the \
             current key; next we put the new key into ServiceNow."
        }
        Phase::ServicenowUpdated => {
            "ServiceNow now uses the new key, and the old key still works as a safety \
             net. Next we send a real test message to prove the new key delivers."
        }
        Phase::LiveTestPassed => {
            "A test message sent with the new key was delivered, so ServiceNow works \
             with it. The old key is no longer needed and can now be deleted in the Hub."
        }
        Phase::OldKeyDeleted => {
            "The Hub rejects the old key, so its revocation is confirmed and only the new \
             key is in use. All that remains is to record the new key in nowkey's profile."
        }
        Phase::Completed => {
            "The rotation is complete: ServiceNow uses the new key and the Hub rejects the \
             old one (revocation confirmed). The next rotation is due in 90 days."
        }
        Phase::Abandoned => {
            "This rotation was stopped before the old key was deleted, so the old key \
             still works and is the one to keep. What is left to undo by hand is below."
        }
    }
}

pub(super) fn abandon_instructions(rotation: &Rotation) -> String {
    let old = &rotation.old;
    if matches!(
        rotation.phase,
        Phase::LiveTestPassed | Phase::OldKeyDeleted | Phase::Completed
    ) {
        let new = rotation.new.as_ref().map_or_else(
            || "the new key".to_owned(),
            |new| format!("the new key {}", new.api_key),
        );
        if rotation.phase == Phase::LiveTestPassed {
            return format!(
                "ServiceNow uses {new}, the live test passed with it, and the old key {} is to be deleted now (it may already be), so this rotation cannot be abandoned: keep {new} and finish the rotation.",
                old.api_key
            );
        }
        return format!(
            "ServiceNow uses {new} and the old key {} was retired in this rotation (revocation {}), so this rotation cannot be abandoned: keep {new} and finish the rotation.",
            old.api_key,
            rotation
                .old_key_revocation
                .map_or("not verified", |r| r.words())
        );
    }
    let keep_old = format!(
        "Keep the old key {}: it stays live in the Hub and is the key ServiceNow should use.",
        old.api_key
    );
    let Some(new) = &rotation.new else {
        return format!(
            "No new key was captured, so nowkey has nothing to remove. If you already created a new key in the Hub for this rotation, delete that new key there. {keep_old}"
        );
    };
    let delete_new = format!(
        "delete the new key {} (fingerprint {}), the one created for this rotation.",
        new.api_key, new.fingerprint
    );
    if servicenow_touched(rotation) {
        // ServiceNow may be sending with the new key: deleting it first would stop
        // the customer's SMS until ServiceNow is put back.
        format!(
            "First put the old key back in ServiceNow: the old token in the spoke action and the old key and secret in the Environment Registration record. Then, and only then, in the Hub, {delete_new} {keep_old}"
        )
    } else {
        format!("In the Hub, {delete_new} {keep_old}")
    }
}

/// Whether ServiceNow was ever given the new key in this rotation (the phase may
/// have gone back to `NewKeyVerified` for a redo, or on to `Abandoned`).
///
/// Records nowkey wrote decide it when there are any: ServiceNow was put back
/// when the last write to every record it wrote restored the old values.
pub(super) fn servicenow_touched(rotation: &Rotation) -> bool {
    if !rotation.servicenow_writes.is_empty() || !rotation.servicenow_attempts.is_empty() {
        // A record may hold the new key when a write of it, done or only
        // about to be sent, came after the last write that put the old key back.
        let restored_at = |target: &super::RecordRef| {
            rotation
                .servicenow_writes
                .iter()
                .filter(|w| w.restored && &w.target == target)
                .map(|w| w.at)
                .max()
        };
        let after = |target: &super::RecordRef, at| restored_at(target).is_none_or(|r| at > r);
        let written = rotation
            .servicenow_writes
            .iter()
            .filter(|w| !w.restored)
            .any(|w| after(&w.target, w.at));
        let attempted = rotation
            .servicenow_attempts
            .iter()
            .filter(|a| !a.restored)
            .any(|a| a.targets.iter().any(|t| after(t, a.at)));
        return written || attempted;
    }
    let touched = |phase: Phase| matches!(phase, Phase::ServicenowUpdated | Phase::LiveTestPassed);
    touched(rotation.phase) || rotation.history.iter().any(|entry| touched(entry.phase))
}
