//! The transition table: which event applies in which phase, and what it changes.

use chrono::{DateTime, Utc};

use crate::domain::token::Fingerprint;

use super::{
    Credential, Event, JournalEntry, KeyRef, LiveTestRecord, Phase, Refusal, Revocation, Rotation,
};

impl Rotation {
    /// Applies one step. Atomic: on `Err` the rotation is exactly as before.
    ///
    /// Any event on a finished rotation is [`Refusal::Finished`]; an event outside
    /// its phase is [`Refusal::NotNow`], except deleting the old key early, which is
    /// [`Refusal::NoPassingLiveTest`] because that says what is missing.
    pub fn apply(&mut self, event: Event, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.phase.is_terminal() {
            return Err(Refusal::Finished);
        }
        // Work on a copy and swap it in only on success: atomicity by construction,
        // whatever the branch below touches before it refuses.
        let mut next = self.clone();
        let (phase, note) = next.step(event, now)?;
        next.phase = phase;
        next.updated_at = now;
        next.history.push(JournalEntry {
            at: now,
            phase,
            note,
        });
        *self = next;
        Ok(())
    }

    /// Checks and performs `event` on `self` (a scratch copy), returning the phase it
    /// leads to and the history note.
    fn step(&mut self, event: Event, now: DateTime<Utc>) -> Result<(Phase, String), Refusal> {
        let not_now = Refusal::NotNow {
            phase: self.phase,
            event: event.name(),
            credential: self.credential,
        };
        if !applies_to(&event, self.credential) {
            return Err(not_now);
        }
        let issuer = self.credential.issuer();
        match event {
            Event::NewKeyCaptured { key } => {
                if !matches!(self.phase, Phase::Started | Phase::NewKeyCaptured) {
                    return Err(not_now);
                }
                if key.api_key == self.old.api_key || key.fingerprint == self.old.fingerprint {
                    return Err(Refusal::SameKey {
                        credential: self.credential,
                    });
                }
                let mut note = format!(
                    "new {} {} (fingerprint {}) captured",
                    self.credential.key_label(),
                    key.api_key,
                    key.fingerprint
                );
                // By the table no live test can exist yet; if a hand-edited journal
                // holds some, they were for another key and must never unlock deletion.
                if !self.live_tests.is_empty() {
                    note.push_str(&format!(
                        "; {} earlier live test(s) discarded",
                        self.live_tests.len()
                    ));
                    self.live_tests.clear();
                }
                if let Some(replaced) = &self.new {
                    note.push_str(&format!(", replacing {}", replaced.api_key));
                }
                self.new = Some(key);
                Ok((Phase::NewKeyCaptured, note))
            }
            Event::NewKeyVerified { fingerprint } => {
                if self.phase != Phase::NewKeyCaptured {
                    return Err(not_now);
                }
                let new = self.current_new(&fingerprint)?;
                Ok((
                    Phase::NewKeyVerified,
                    format!("{issuer} accepts new key {}", new.api_key),
                ))
            }
            Event::ServicenowUpdated {
                spoke_token,
                environment_registration,
            } => {
                if self.phase != Phase::NewKeyVerified {
                    return Err(not_now);
                }
                if !(spoke_token && environment_registration) {
                    return Err(Refusal::ServicenowNotConfirmed);
                }
                Ok((
                    Phase::ServicenowUpdated,
                    "spoke action token and Environment Registration updated in ServiceNow"
                        .to_owned(),
                ))
            }
            Event::LiveTestPassed {
                fingerprint,
                message_id,
            } => {
                if self.phase != Phase::ServicenowUpdated {
                    return Err(not_now);
                }
                self.current_new(&fingerprint)?;
                let note = format!("live test passed with {fingerprint} (message {message_id})");
                self.record_test(now, fingerprint, true, format!("message {message_id}"));
                Ok((Phase::LiveTestPassed, note))
            }
            Event::LiveTestFailed {
                fingerprint,
                reason,
            } => {
                if self.phase != Phase::ServicenowUpdated {
                    return Err(not_now);
                }
                // Recorded whatever key it was sent with: a failure never unlocks
                // anything, and the record tells support what was tried.
                let note = format!("live test failed with {fingerprint}: {reason}");
                self.record_test(now, fingerprint, false, reason);
                Ok((Phase::ServicenowUpdated, note))
            }
            Event::RedoServicenowUpdate => {
                if self.phase != Phase::ServicenowUpdated {
                    return Err(not_now);
                }
                Ok((
                    Phase::NewKeyVerified,
                    "going back to redo the ServiceNow update".to_owned(),
                ))
            }
            Event::OldKeyStillAccepted => {
                if self.phase != Phase::LiveTestPassed {
                    return Err(not_now);
                }
                if !self.can_delete_old() {
                    return Err(Refusal::NoPassingLiveTest);
                }
                self.old_key_revocation = Some(Revocation::StillAccepted);
                Ok((
                    Phase::LiveTestPassed,
                    format!(
                        "{issuer} still accepted old key {} at the last try (still accepted)",
                        self.old.api_key
                    ),
                ))
            }
            Event::OldKeyDeleted { revocation } => {
                if self.phase == Phase::OldKeyDeleted {
                    return Err(not_now);
                }
                if !self.can_delete_old() {
                    return Err(Refusal::NoPassingLiveTest);
                }
                self.old_key_revocation = Some(revocation);
                let old = &self.old.api_key;
                let note = match revocation {
                    Revocation::Confirmed => {
                        format!("{issuer} rejects old key {old}: revocation confirmed")
                    }
                    Revocation::StillAccepted => format!(
                        "finished anyway while {issuer} still accepted old key {old}: revocation still accepted"
                    ),
                    Revocation::NotVerified => format!(
                        "the operator reported old key {old} deleted: revocation not verified"
                    ),
                };
                Ok((Phase::OldKeyDeleted, note))
            }
            Event::ServicenowWritten { mut write } => {
                if !matches!(self.phase, Phase::NewKeyVerified | Phase::ServicenowUpdated) {
                    return Err(not_now);
                }
                write.at = now;
                let note = format!(
                    "{} {} of {} with key {} (sys_mod_count now {})",
                    if write.restored { "restored" } else { "wrote" },
                    write.fields.join(", "),
                    write.target,
                    write.key,
                    write.mod_count
                );
                self.servicenow_writes.push(write);
                Ok((self.phase, note))
            }
            Event::ServicenowWriteStarted { mut attempt } => {
                if !matches!(self.phase, Phase::NewKeyVerified | Phase::ServicenowUpdated) {
                    return Err(not_now);
                }
                attempt.at = now;
                let targets: Vec<String> =
                    attempt.targets.iter().map(ToString::to_string).collect();
                let note = format!(
                    "about to write key {}{} into {}",
                    attempt.key,
                    if attempt.restored {
                        " (the old one, back)"
                    } else {
                        ""
                    },
                    targets.join(" and ")
                );
                self.servicenow_attempts.push(attempt);
                Ok((self.phase, note))
            }
            Event::ServicenowProof { outcome } => {
                if self.phase != Phase::OldKeyDeleted {
                    return Err(not_now);
                }
                self.servicenow_proof = Some(outcome);
                Ok((
                    Phase::OldKeyDeleted,
                    format!("test sent from ServiceNow: {}", outcome.label()),
                ))
            }
            Event::ModuleSettingsUpdated => {
                if self.phase != Phase::NewKeyVerified {
                    return Err(not_now);
                }
                Ok((
                    Phase::ServicenowUpdated,
                    "the operator saved the new key in HOPEX's ServiceNow module settings"
                        .to_owned(),
                ))
            }
            Event::ModuleTestConfirmed {
                fingerprint,
                passed,
            } => {
                if self.phase != Phase::ServicenowUpdated {
                    return Err(not_now);
                }
                if passed {
                    self.current_new(&fingerprint)?;
                }
                let detail = if passed {
                    "the module's Test passed (confirmed by the operator)"
                } else {
                    "the module's Test failed (reported by the operator)"
                };
                let note = format!("{detail}, with {fingerprint}");
                self.record_test(now, fingerprint, passed, detail.to_owned());
                let phase = if passed {
                    Phase::LiveTestPassed
                } else {
                    Phase::ServicenowUpdated
                };
                Ok((phase, note))
            }
            Event::Completed => {
                if self.phase != Phase::OldKeyDeleted {
                    return Err(not_now);
                }
                Ok((
                    Phase::Completed,
                    "profile updated to the new key".to_owned(),
                ))
            }
            Event::Abandon => {
                // Once the live test passed the operator is told to delete the old
                // key, so it may be gone: giving up then would leave ServiceNow told
                // to go back to a key that no longer exists.
                if self.phase >= Phase::LiveTestPassed {
                    return Err(not_now);
                }
                Ok((
                    Phase::Abandoned,
                    format!(
                        "rotation abandoned; old key {} stays live",
                        self.old.api_key
                    ),
                ))
            }
        }
    }

    /// The new key, if `fingerprint` is its fingerprint.
    fn current_new(&self, fingerprint: &Fingerprint) -> Result<&KeyRef, Refusal> {
        match &self.new {
            Some(new) if new.fingerprint == *fingerprint => Ok(new),
            _ => Err(Refusal::FingerprintMismatch),
        }
    }

    fn record_test(
        &mut self,
        at: DateTime<Utc>,
        fingerprint: Fingerprint,
        passed: bool,
        detail: String,
    ) {
        self.live_tests.push(LiveTestRecord {
            at,
            fingerprint,
            passed,
            detail,
        });
    }
}

/// Whether `event` belongs to a rotation of `credential`: ServiceNow's records,
/// the SMS live test and the test sent from ServiceNow are the Hub key's; the
/// module settings and the module's Test are the HOPEX key's. The rest is shared.
fn applies_to(event: &Event, credential: Credential) -> bool {
    let hub_only = matches!(
        event,
        Event::ServicenowUpdated { .. }
            | Event::LiveTestPassed { .. }
            | Event::LiveTestFailed { .. }
            | Event::ServicenowWritten { .. }
            | Event::ServicenowWriteStarted { .. }
            | Event::ServicenowProof { .. }
    );
    let hopex_only = matches!(
        event,
        Event::ModuleSettingsUpdated | Event::ModuleTestConfirmed { .. }
    );
    match credential {
        Credential::HubKey => !hopex_only,
        Credential::HopexKey => !hub_only,
    }
}
