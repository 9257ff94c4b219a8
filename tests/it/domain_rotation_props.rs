//! Properties of the rotation state machine under random event sequences, for
//! a Hub key and a HOPEX key alike: the old key is never deleted without a
//! passing live test (the SMS, or the HOPEX module's Test) of the current new
//! key, a refusal never changes anything, phases only move forward (except a
//! redo), finished rotations stay finished, and one key's steps never apply
//! to the other's rotation.

use chrono::{DateTime, Duration, TimeZone, Utc};
use nowkey::domain::rotation::{Credential, Event, KeyRef, Phase, Refusal, Revocation, Rotation};
use nowkey::domain::token::Fingerprint;
use proptest::prelude::*;

fn fp(token: &str) -> Fingerprint {
    Fingerprint::of_secret(token)
}

fn old() -> KeyRef {
    KeyRef {
        api_key: "OLDKEY".to_owned(),
        fingerprint: fp("old"),
        expires: None,
    }
}

/// Keys an operator might paste as "new": two genuine ones, and three that clash
/// with the old key by id, by fingerprint, or both.
fn key_pool() -> Vec<KeyRef> {
    vec![
        KeyRef {
            api_key: "NEW-A".to_owned(),
            fingerprint: fp("a"),
            expires: None,
        },
        KeyRef {
            api_key: "NEW-B".to_owned(),
            fingerprint: fp("b"),
            expires: None,
        },
        old(),
        KeyRef {
            api_key: "OLDKEY".to_owned(),
            fingerprint: fp("a"),
            expires: None,
        },
        KeyRef {
            api_key: "NEW-C".to_owned(),
            fingerprint: fp("old"),
            expires: None,
        },
    ]
}

/// A fingerprint carried by an event: often the current new key's (so deep phases
/// are reached), otherwise one from a small pool including the old and new keys'.
#[derive(Debug, Clone)]
enum FpChoice {
    CurrentNew,
    Pool(usize),
}

fn fp_pool() -> Vec<Fingerprint> {
    vec![fp("old"), fp("a"), fp("b"), fp("other")]
}

/// An event to generate, resolved against the rotation when applied.
#[derive(Debug, Clone)]
enum Gen {
    Capture(usize),
    Verify(FpChoice),
    Servicenow(bool, bool),
    Passed(FpChoice),
    Failed(FpChoice),
    Redo,
    Deleted(Revocation),
    StillAccepted,
    Completed,
    Abandon,
    ModuleSettings,
    ModuleTest(FpChoice, bool),
}

fn fp_choice() -> impl Strategy<Value = FpChoice> {
    prop_oneof![
        2 => Just(FpChoice::CurrentNew),
        3 => (0..fp_pool().len()).prop_map(FpChoice::Pool),
    ]
}

fn gen_event() -> impl Strategy<Value = Gen> {
    prop_oneof![
        3 => (0..key_pool().len()).prop_map(Gen::Capture),
        3 => fp_choice().prop_map(Gen::Verify),
        3 => (any::<bool>(), any::<bool>()).prop_map(|(a, b)| Gen::Servicenow(a, b)),
        3 => fp_choice().prop_map(Gen::Passed),
        2 => fp_choice().prop_map(Gen::Failed),
        1 => Just(Gen::Redo),
        3 => prop_oneof![
            Just(Revocation::Confirmed),
            Just(Revocation::StillAccepted),
            Just(Revocation::NotVerified)
        ]
        .prop_map(Gen::Deleted),
        1 => Just(Gen::StillAccepted),
        2 => Just(Gen::Completed),
        1 => Just(Gen::Abandon),
        3 => Just(Gen::ModuleSettings),
        3 => (fp_choice(), any::<bool>()).prop_map(|(c, passed)| Gen::ModuleTest(c, passed)),
    ]
}

fn credential() -> impl Strategy<Value = Credential> {
    prop_oneof![Just(Credential::HubKey), Just(Credential::HopexKey)]
}

/// Events only a Hub key's rotation takes, and only a HOPEX key's.
fn belongs_to(event: &Event) -> Option<Credential> {
    match event {
        Event::ServicenowUpdated { .. }
        | Event::LiveTestPassed { .. }
        | Event::LiveTestFailed { .. }
        | Event::ServicenowWritten { .. }
        | Event::ServicenowWriteStarted { .. }
        | Event::ServicenowProof { .. } => Some(Credential::HubKey),
        Event::ModuleSettingsUpdated | Event::ModuleTestConfirmed { .. } => {
            Some(Credential::HopexKey)
        }
        _ => None,
    }
}

fn resolve_fp(choice: &FpChoice, rotation: &Rotation) -> Fingerprint {
    match choice {
        FpChoice::CurrentNew => rotation
            .new
            .as_ref()
            .map_or_else(|| fp("none yet"), |k| k.fingerprint.clone()),
        FpChoice::Pool(i) => fp_pool()[*i].clone(),
    }
}

fn resolve(generated: &Gen, rotation: &Rotation) -> Event {
    match generated {
        Gen::Capture(i) => Event::NewKeyCaptured {
            key: key_pool()[*i].clone(),
        },
        Gen::Verify(c) => Event::NewKeyVerified {
            fingerprint: resolve_fp(c, rotation),
        },
        Gen::Servicenow(a, b) => Event::ServicenowUpdated {
            spoke_token: *a,
            environment_registration: *b,
        },
        Gen::Passed(c) => Event::LiveTestPassed {
            fingerprint: resolve_fp(c, rotation),
            message_id: "m".to_owned(),
        },
        Gen::Failed(c) => Event::LiveTestFailed {
            fingerprint: resolve_fp(c, rotation),
            reason: "failed".to_owned(),
        },
        Gen::Redo => Event::RedoServicenowUpdate,
        Gen::Deleted(revocation) => Event::OldKeyDeleted {
            revocation: *revocation,
        },
        Gen::StillAccepted => Event::OldKeyStillAccepted,
        Gen::Completed => Event::Completed,
        Gen::Abandon => Event::Abandon,
        Gen::ModuleSettings => Event::ModuleSettingsUpdated,
        Gen::ModuleTest(c, passed) => Event::ModuleTestConfirmed {
            fingerprint: resolve_fp(c, rotation),
            passed: *passed,
        },
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 8, 0, 0).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn rotation_invariants(
        credential in credential(),
        events in proptest::collection::vec(gen_event(), 0..40),
    ) {
        let mut rotation = Rotation::start_of(credential, "prod", old(), true, t0());
        // Fingerprints of live tests applied since the last applied capture.
        let mut passes_since_capture: Vec<Fingerprint> = Vec::new();
        for (i, generated) in events.iter().enumerate() {
            let event = resolve(generated, &rotation);
            let before = rotation.clone();
            let now = t0() + Duration::minutes(i as i64 + 1);
            let result = rotation.apply(event.clone(), now);

            if before.phase.is_terminal() {
                prop_assert_eq!(&result, &Err(Refusal::Finished));
            } else if belongs_to(&event).is_some_and(|owner| owner != credential) {
                prop_assert!(
                    matches!(result, Err(Refusal::NotNow { .. })),
                    "{:?} applied to a rotation of {:?}", event, credential
                );
            }
            match &result {
                Err(_) => prop_assert_eq!(&rotation, &before, "a refusal changed the state"),
                Ok(()) => {
                    match &event {
                        Event::NewKeyCaptured { .. } => passes_since_capture.clear(),
                        Event::LiveTestPassed { fingerprint, .. }
                        | Event::ModuleTestConfirmed { fingerprint, passed: true } => {
                            passes_since_capture.push(fingerprint.clone());
                        }
                        _ => {}
                    }
                    if matches!(event, Event::RedoServicenowUpdate) {
                        prop_assert_eq!(before.phase, Phase::ServicenowUpdated);
                        prop_assert_eq!(rotation.phase, Phase::NewKeyVerified);
                    } else {
                        prop_assert!(rotation.phase >= before.phase,
                            "{:?} went back to {:?}", before.phase, rotation.phase);
                    }
                    prop_assert_eq!(rotation.updated_at, now);
                }
            }

            if matches!(rotation.phase, Phase::OldKeyDeleted | Phase::Completed) {
                let new = rotation.new.as_ref().expect("a new key before deletion");
                prop_assert!(passes_since_capture.contains(&new.fingerprint),
                    "old key deleted without a passing test of {}", new.fingerprint);
            }
            if let Some(new) = &rotation.new {
                prop_assert_ne!(&new.api_key, &old().api_key);
                prop_assert_ne!(&new.fingerprint, &old().fingerprint);
            }
            // In every reachable state deletion is allowed exactly at LiveTestPassed.
            prop_assert_eq!(rotation.can_delete_old(), rotation.phase == Phase::LiveTestPassed);
        }
    }

    #[test]
    fn finished_rotations_absorb_every_event(
        credential in credential(),
        abandon in any::<bool>(),
        events in proptest::collection::vec(gen_event(), 1..20),
    ) {
        let mut rotation = Rotation::start_of(credential, "prod", old(), false, t0());
        let new = key_pool()[0].clone();
        let (update, test) = match credential {
            Credential::HubKey => (
                Event::ServicenowUpdated { spoke_token: true, environment_registration: true },
                Event::LiveTestPassed { fingerprint: new.fingerprint.clone(), message_id: "m".into() },
            ),
            Credential::HopexKey => (
                Event::ModuleSettingsUpdated,
                Event::ModuleTestConfirmed { fingerprint: new.fingerprint.clone(), passed: true },
            ),
        };
        let path = if abandon {
            vec![Event::Abandon]
        } else {
            vec![
                Event::NewKeyCaptured { key: new.clone() },
                Event::NewKeyVerified { fingerprint: new.fingerprint.clone() },
                update,
                test,
                Event::OldKeyDeleted { revocation: Revocation::NotVerified },
                Event::Completed,
            ]
        };
        for event in path {
            rotation.apply(event, t0()).expect("path to a terminal phase");
        }
        let finished = rotation.clone();
        for generated in &events {
            let event = resolve(generated, &rotation);
            prop_assert_eq!(rotation.apply(event, t0()), Err(Refusal::Finished));
            prop_assert_eq!(&rotation, &finished);
        }
    }
}
