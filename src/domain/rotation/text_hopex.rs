//! The words of a HOPEX API key's rotation: what to read to a customer at each
//! phase, and what to undo when giving up. The phases are the Hub key's; the
//! key is made and revoked in HOPEX and used by HOPEX's ServiceNow module.

use super::{Phase, Revocation, Rotation};

pub(super) fn explanation(phase: Phase, revocation: Option<Revocation>) -> &'static str {
    match (phase, revocation) {
        (Phase::LiveTestPassed, Some(Revocation::StillAccepted)) => {
            return "HOPEX's ServiceNow module uses the new key, and HOPEX still accepted the \
             old key when nowkey last asked: it was not revoked, or the revocation has not \
             taken effect yet. Both keys work until HOPEX rejects the old one."
        }
        (Phase::OldKeyDeleted, Some(Revocation::Confirmed)) => {
            return "HOPEX rejects the old key, so its revocation is confirmed and only the new \
             key is in use. All that remains is to record the new key in nowkey's profile."
        }
        (Phase::OldKeyDeleted, Some(Revocation::StillAccepted)) => {
            return "HOPEX's ServiceNow module uses the new key. HOPEX still accepted the old \
             key at the last try, and the rotation goes on anyway: the old key still works \
             until it is revoked in HOPEX."
        }
        (Phase::OldKeyDeleted, Some(Revocation::NotVerified) | None) => {
            return "HOPEX's ServiceNow module uses the new key. nowkey could not ask HOPEX \
             about the old key, so its revocation is not verified: make sure it is revoked \
             in HOPEX. All that remains is to record the new key in nowkey's profile."
        }
        (Phase::Completed, Some(Revocation::Confirmed)) => {
            return "The rotation is complete: HOPEX's ServiceNow module uses the new key and \
             HOPEX rejects the old one (revocation confirmed)."
        }
        (Phase::Completed, Some(Revocation::StillAccepted)) => {
            return "The rotation is finished: HOPEX's ServiceNow module uses the new key. \
             HOPEX still accepted the old key at the last try, so it still works: revoke \
             it in HOPEX."
        }
        (Phase::Completed, Some(Revocation::NotVerified) | None) => {
            return "The rotation is finished: HOPEX's ServiceNow module uses the new key. \
             The old key's revocation was not verified, so make sure it is revoked in HOPEX."
        }
        _ => {}
    }
    match phase {
        Phase::Started => {
            "We are starting to replace the HOPEX API key that HOPEX's ServiceNow module \
             uses. Nothing has changed yet: the current key keeps working and the \
             integration keeps running."
        }
        Phase::NewKeyCaptured => {
            "A new API key has been made in HOPEX next to the current one, which has not \
             been touched. The module still uses the current key, so the integration is \
             unaffected."
        }
        Phase::NewKeyVerified => {
            "HOPEX accepts the new key, and it opens the repository and HOPEX profile \
             nowkey saved. The module still uses the current key; next we put the new key \
             into HOPEX's ServiceNow module settings."
        }
        Phase::ServicenowUpdated => {
            "HOPEX's ServiceNow module settings hold the new key, and the old key still \
             works as a safety net. Next, the module's Test button shows the integration \
             works with the new key."
        }
        Phase::LiveTestPassed => {
            "The module's Test passed with the new key (you confirmed it), so the \
             integration works with it. The old key is no longer needed and can now be \
             revoked in HOPEX."
        }
        // Every revocation outcome of these two is worded above.
        Phase::OldKeyDeleted | Phase::Completed => "",
        Phase::Abandoned => {
            "This rotation was stopped before the old key was revoked, so the old key \
             still works and is the one to keep. What is left to undo by hand is below."
        }
    }
}

pub(super) fn abandon_instructions(rotation: &Rotation) -> String {
    let old = &rotation.old;
    if rotation.phase >= Phase::LiveTestPassed && rotation.phase != Phase::Abandoned {
        let new = rotation.new.as_ref().map_or_else(
            || "the new key".to_owned(),
            |new| format!("the new key named {}", new.api_key),
        );
        return format!(
            "HOPEX's ServiceNow module uses {new}, its Test passed with it, and the old key named {} is to be revoked now (it may already be), so this rotation cannot be abandoned: keep {new} and finish the rotation.",
            old.api_key
        );
    }
    let keep_old = format!(
        "Keep the old key named {}: it stays valid in HOPEX and is the key HOPEX's ServiceNow module should use.",
        old.api_key
    );
    let Some(new) = &rotation.new else {
        return format!(
            "No new key was captured, so nowkey has nothing to remove. If you already made a new key in HOPEX for this rotation, revoke that new key there. {keep_old}"
        );
    };
    let revoke_new = format!(
        "revoke the new key named {} (fingerprint {}), the one made for this rotation.",
        new.api_key, new.fingerprint
    );
    if super::text::servicenow_touched(rotation) {
        // The module may be using the new key: revoking it first would stop the
        // integration until the old key is put back.
        format!(
            "First put the old key back into HOPEX's ServiceNow module settings (the API key field), press Test, then Save. Then, and only then, in HOPEX, {revoke_new} {keep_old}"
        )
    } else {
        format!("In HOPEX, {revoke_new} {keep_old}")
    }
}
