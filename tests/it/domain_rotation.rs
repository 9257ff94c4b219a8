//! The rotation state machine: every transition, every refusal, and that nothing
//! it stores can be a secret.

use crate::domain_rotation_support;

use domain_rotation_support::*;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::rotation::{
    Credential, Event, KeyRef, LiveKeys, Phase, Refusal, Revocation, Rotation,
    ROTATION_FORMAT_VERSION,
};
use nowkey::domain::token::HubCredentials;

/// One valid-looking instance of every event, in a fixed order.
fn every_event() -> Vec<Event> {
    vec![
        capture(new()),
        verify(new().fingerprint),
        servicenow(true, true),
        passed(new().fingerprint),
        failed(new().fingerprint),
        Event::RedoServicenowUpdate,
        deleted(),
        Event::Completed,
        Event::Abandon,
    ]
}

#[derive(Debug)]
enum Want {
    To(Phase),
    NotNow,
    NoPass,
    Finished,
}

#[test]
fn transition_table() {
    use Phase::*;
    use Want::{Finished as F, NoPass as P, NotNow as N, To};
    // Columns: capture, verify, servicenow, passed, failed, redo, deleted, completed, abandon.
    let table: [(Phase, [Want; 9]); 8] = [
        (
            Started,
            [To(NewKeyCaptured), N, N, N, N, N, P, N, To(Abandoned)],
        ),
        (
            NewKeyCaptured,
            [
                To(NewKeyCaptured),
                To(NewKeyVerified),
                N,
                N,
                N,
                N,
                P,
                N,
                To(Abandoned),
            ],
        ),
        (
            NewKeyVerified,
            [N, N, To(ServicenowUpdated), N, N, N, P, N, To(Abandoned)],
        ),
        (
            ServicenowUpdated,
            [
                N,
                N,
                N,
                To(LiveTestPassed),
                To(ServicenowUpdated),
                To(NewKeyVerified),
                P,
                N,
                To(Abandoned),
            ],
        ),
        (LiveTestPassed, [N, N, N, N, N, N, To(OldKeyDeleted), N, N]),
        (OldKeyDeleted, [N, N, N, N, N, N, N, To(Completed), N]),
        (Completed, [F, F, F, F, F, F, F, F, F]),
        (Abandoned, [F, F, F, F, F, F, F, F, F]),
    ];
    assert_eq!(table.each_ref().map(|(phase, _)| *phase), Phase::ALL);
    for (phase, row) in table {
        for (event, want) in every_event().into_iter().zip(row) {
            let mut rotation = reach(phase);
            let before = rotation.clone();
            let name = event.name();
            let got = rotation.apply(event, at(59));
            match want {
                Want::To(next) => {
                    assert_eq!(got, Ok(()), "{phase:?} + {name}");
                    assert_eq!(rotation.phase, next, "{phase:?} + {name}");
                    assert_eq!(rotation.updated_at, at(59));
                    let last = rotation.history.last().unwrap();
                    assert_eq!((last.at, last.phase), (at(59), next));
                    assert_eq!(rotation.history.len(), before.history.len() + 1);
                }
                refused => {
                    let expected = match refused {
                        Want::NotNow => Refusal::NotNow {
                            phase,
                            event: name,
                            credential: Credential::HubKey,
                        },
                        Want::NoPass => Refusal::NoPassingLiveTest,
                        _ => Refusal::Finished,
                    };
                    assert_eq!(got, Err(expected), "{phase:?} + {name}");
                    assert_eq!(rotation, before, "a refusal changed {phase:?}");
                }
            }
        }
    }
}

fn refused_unchanged(rotation: &mut Rotation, event: Event, want: Refusal) {
    let before = rotation.clone();
    assert_eq!(rotation.apply(event, at(50)), Err(want));
    assert_eq!(*rotation, before);
}

#[test]
fn same_key_is_refused_by_id_and_by_fingerprint() {
    for phase in [Phase::Started, Phase::NewKeyCaptured] {
        let mut rotation = reach(phase);
        let same_id = KeyRef {
            api_key: old().api_key,
            fingerprint: other_fp(),
            expires: None,
        };
        let same_fp = KeyRef {
            api_key: "ANOTHER".to_owned(),
            fingerprint: old().fingerprint,
            expires: None,
        };
        refused_unchanged(
            &mut rotation,
            capture(same_id),
            Refusal::SameKey {
                credential: Credential::HubKey,
            },
        );
        refused_unchanged(
            &mut rotation,
            capture(same_fp),
            Refusal::SameKey {
                credential: Credential::HubKey,
            },
        );
        refused_unchanged(
            &mut rotation,
            capture(old()),
            Refusal::SameKey {
                credential: Credential::HubKey,
            },
        );
    }
    assert_eq!(
        Refusal::SameKey {
            credential: Credential::HubKey
        }
        .to_string(),
        "That is the key being replaced: create a new key in the Hub and paste that one."
    );
}

#[test]
fn fingerprint_mismatches_are_refused() {
    let mut rotation = reach(Phase::NewKeyCaptured);
    for wrong in [old().fingerprint, other_fp()] {
        refused_unchanged(&mut rotation, verify(wrong), Refusal::FingerprintMismatch);
    }
    let mut rotation = reach(Phase::ServicenowUpdated);
    for wrong in [old().fingerprint, other_fp()] {
        refused_unchanged(&mut rotation, passed(wrong), Refusal::FingerprintMismatch);
    }
}

#[test]
fn servicenow_needs_both_confirmations() {
    let mut rotation = reach(Phase::NewKeyVerified);
    for (spoke, registration) in [(false, true), (true, false), (false, false)] {
        refused_unchanged(
            &mut rotation,
            servicenow(spoke, registration),
            Refusal::ServicenowNotConfirmed,
        );
    }
}

#[test]
fn a_new_key_can_be_replaced_before_verification() {
    let mut rotation = reach(Phase::NewKeyCaptured);
    let replacement = key("NEWKEY3", "third-token");
    rotation
        .apply(capture(replacement.clone()), at(30))
        .unwrap();
    assert_eq!(rotation.new, Some(replacement.clone()));
    refused_unchanged(
        &mut rotation,
        verify(new().fingerprint),
        Refusal::FingerprintMismatch,
    );
    rotation
        .apply(verify(replacement.fingerprint), at(31))
        .unwrap();
    assert_eq!(rotation.phase, Phase::NewKeyVerified);
}

#[test]
fn failed_live_test_keeps_both_keys_live_and_offers_redo() {
    let mut rotation = reach(Phase::ServicenowUpdated);
    rotation.apply(failed(new().fingerprint), at(40)).unwrap();
    assert_eq!(rotation.phase, Phase::ServicenowUpdated);
    assert_eq!(rotation.live_keys(), LiveKeys::Both);
    assert!(!rotation.can_delete_old());
    let record = rotation.live_tests.last().unwrap();
    assert_eq!((record.at, record.passed), (at(40), false));
    assert_eq!(record.detail, "rejected by carrier");
    refused_unchanged(&mut rotation, deleted(), Refusal::NoPassingLiveTest);

    rotation.apply(Event::RedoServicenowUpdate, at(41)).unwrap();
    assert_eq!(rotation.phase, Phase::NewKeyVerified);
    rotation.apply(servicenow(true, true), at(42)).unwrap();
    rotation.apply(passed(new().fingerprint), at(43)).unwrap();
    assert!(rotation.can_delete_old());
    rotation.apply(deleted(), at(44)).unwrap();
    assert_eq!(rotation.live_tests.len(), 2);
    assert_eq!(rotation.old_key_revocation, Some(Revocation::Confirmed));
    assert_eq!(rotation.live_keys(), LiveKeys::NewOnly);
}

#[test]
fn deletion_needs_the_latest_pass_to_be_for_the_current_new_key() {
    // Hand-made states the table cannot reach (a damaged or edited journal).
    let mut rotation = reach(Phase::LiveTestPassed);
    rotation.live_tests[0].fingerprint = other_fp();
    assert!(!rotation.can_delete_old());
    refused_unchanged(&mut rotation, deleted(), Refusal::NoPassingLiveTest);

    let mut rotation = reach(Phase::LiveTestPassed);
    let mut stale = rotation.live_tests[0].clone();
    stale.fingerprint = other_fp();
    rotation.live_tests.push(stale);
    assert!(!rotation.can_delete_old(), "the most recent pass decides");

    let mut rotation = reach(Phase::LiveTestPassed);
    rotation.new = None;
    assert!(!rotation.can_delete_old());

    // A pass recorded before a new key was captured never counts afterwards.
    let mut rotation = reach(Phase::LiveTestPassed);
    rotation.phase = Phase::NewKeyCaptured;
    rotation.apply(capture(new()), at(45)).unwrap();
    assert!(rotation.live_tests.is_empty());
    rotation.phase = Phase::LiveTestPassed;
    assert!(!rotation.can_delete_old());
}

#[test]
fn live_keys_per_phase() {
    let expected = [
        (Phase::Started, LiveKeys::OldOnly),
        (Phase::NewKeyCaptured, LiveKeys::OldOnly),
        (Phase::NewKeyVerified, LiveKeys::OldOnly),
        (Phase::ServicenowUpdated, LiveKeys::Both),
        (Phase::LiveTestPassed, LiveKeys::Both),
        (Phase::OldKeyDeleted, LiveKeys::NewOnly),
        (Phase::Completed, LiveKeys::NewOnly),
        (Phase::Abandoned, LiveKeys::OldOnly),
    ];
    for (phase, live) in expected {
        assert_eq!(reach(phase).live_keys(), live, "{phase:?}");
    }
}

#[test]
fn start_records_the_old_key() {
    let rotation = Rotation::start("prod", old(), false, at(0));
    assert_eq!(rotation.format, ROTATION_FORMAT_VERSION);
    assert_eq!(rotation.profile, "prod");
    assert_eq!(
        (rotation.phase, rotation.new.as_ref()),
        (Phase::Started, None)
    );
    assert!(!rotation.old_secret_known);
    assert_eq!((rotation.started_at, rotation.updated_at), (at(0), at(0)));
    assert_eq!(rotation.history.len(), 1);
    assert!(rotation.history[0].note.contains("OLDKEY1"));
}

#[test]
fn toml_round_trip_in_every_phase() {
    for phase in Phase::ALL {
        let mut rotation = reach(phase);
        if phase == Phase::ServicenowUpdated {
            rotation.apply(failed(other_fp()), at(57)).unwrap();
        }
        let text = toml::to_string(&rotation).expect("serialize");
        let back: Rotation = toml::from_str(&text).expect("parse");
        assert_eq!(back, rotation, "{phase:?}:\n{text}");
    }
    let text = toml::to_string(&reach(Phase::LiveTestPassed)).unwrap();
    assert!(text.contains("phase = \"live_test_passed\""), "{text}");
}

#[test]
fn a_rotation_cannot_hold_the_secret() {
    const CANARY: &str = "CANARY-9d2e-s3cr3t";
    let credentials = HubCredentials {
        key: clean_api_key("NEWKEY2").unwrap(),
        secret: clean_api_secret(CANARY).unwrap(),
    };
    let token = credentials.token();
    let canary_key = KeyRef {
        api_key: credentials.key.as_str().to_owned(),
        fingerprint: token.fingerprint(),
        expires: None,
    };
    let mut rotation = Rotation::start("prod", old(), true, at(0));
    for (i, event) in [
        capture(canary_key.clone()),
        verify(canary_key.fingerprint.clone()),
        servicenow(true, true),
        failed(canary_key.fingerprint.clone()),
        Event::RedoServicenowUpdate,
        servicenow(true, true),
        passed(canary_key.fingerprint.clone()),
        deleted(),
        Event::Completed,
    ]
    .into_iter()
    .enumerate()
    {
        rotation.apply(event, at(i as u32 + 1)).unwrap();
    }
    let shown = format!(
        "{}\n{rotation:?}\n{}",
        toml::to_string(&rotation).unwrap(),
        rotation.abandon_instructions()
    );
    for secret in [CANARY, token.expose()] {
        assert!(!shown.contains(secret), "secret leaked: {shown}");
    }
    assert!(shown.contains(canary_key.fingerprint.as_str()));
}

#[test]
fn the_old_key_is_only_gone_from_the_live_keys_when_the_hub_rejected_it() {
    for (revocation, live) in [
        (Revocation::Confirmed, LiveKeys::NewOnly),
        (Revocation::StillAccepted, LiveKeys::OldStillAccepted),
        (Revocation::NotVerified, LiveKeys::NewOldUnverified),
    ] {
        let mut rotation = reach(Phase::LiveTestPassed);
        rotation
            .apply(Event::OldKeyDeleted { revocation }, at(50))
            .expect("deleted");
        assert_eq!(rotation.live_keys(), live, "{revocation:?}");
        rotation.apply(Event::Completed, at(51)).expect("completed");
        assert_eq!(rotation.live_keys(), live, "{revocation:?} completed");
        assert_eq!(rotation.old_key_revocation, Some(revocation));
    }
}

#[test]
fn still_accepted_keeps_the_phase_and_can_be_followed_by_a_confirmation() {
    let mut rotation = reach(Phase::LiveTestPassed);
    rotation
        .apply(Event::OldKeyStillAccepted, at(50))
        .expect("still accepted");
    assert_eq!(rotation.phase, Phase::LiveTestPassed);
    assert_eq!(rotation.live_keys(), LiveKeys::OldStillAccepted);
    assert_eq!(rotation.title(), "Old key still accepted");
    rotation
        .apply(
            Event::OldKeyDeleted {
                revocation: Revocation::Confirmed,
            },
            at(51),
        )
        .expect("confirmed later");
    assert_eq!(rotation.live_keys(), LiveKeys::NewOnly);
    assert_eq!(rotation.title(), "Old key revoked");
    // Never before a passing live test.
    let mut early = reach(Phase::ServicenowUpdated);
    assert!(early.apply(Event::OldKeyStillAccepted, at(52)).is_err());
}

#[test]
fn the_journal_records_the_revocation_by_name_and_reads_the_old_flag() {
    let mut rotation = reach(Phase::LiveTestPassed);
    rotation
        .apply(
            Event::OldKeyDeleted {
                revocation: Revocation::StillAccepted,
            },
            at(50),
        )
        .expect("deleted");
    let text = toml::to_string(&rotation).expect("serialises");
    assert!(
        text.contains("old_key_revocation = \"still_accepted\""),
        "{text}"
    );
    for (legacy, read) in [
        ("true", Revocation::Confirmed),
        ("false", Revocation::StillAccepted),
    ] {
        let old = text.replace(
            "old_key_revocation = \"still_accepted\"",
            &format!("old_key_rejected = {legacy}"),
        );
        let parsed: Rotation = toml::from_str(&old).expect("an older journal parses");
        assert_eq!(parsed.old_key_revocation, Some(read), "{legacy}");
    }
}

#[test]
fn an_abandoned_rotation_speaks_of_a_new_key_only_when_one_was_captured() {
    let mut before_capture = Rotation::start("prod", old(), false, at(0));
    before_capture
        .apply(Event::Abandon, at(1))
        .expect("abandon");
    let said = format!(
        "{} {}",
        before_capture.explanation(),
        before_capture.abandon_instructions()
    );
    assert!(!said.contains("new key made for it"), "{said}");
    assert!(said.contains("No new key was captured"), "{said}");

    let mut captured = reach(Phase::NewKeyCaptured);
    captured.apply(Event::Abandon, at(50)).expect("abandon");
    let said = captured.abandon_instructions();
    assert!(said.contains("delete the new key"), "{said}");
}
