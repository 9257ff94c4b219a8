//! A HOPEX API key's rotation on the shared machine: its own steps, its own
//! words, what it records in the profile, and the profile rules for what the
//! issue added to a HOPEX profile.

use chrono::{NaiveDate, TimeZone, Utc};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::profile::{apply_completed_hopex_rotation, HopexProfile, Profile};
use nowkey::domain::profile_rules::check_profile;
use nowkey::domain::rotation::{Credential, Event, KeyRef, Phase, Refusal, Revocation, Rotation};
use nowkey::domain::servicenow::ServiceNowAuthMode;
use nowkey::domain::token::Fingerprint;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn old() -> KeyRef {
    KeyRef::new("servicenow-sync", Fingerprint::of_secret("old-hopex-key"))
}

fn new() -> KeyRef {
    KeyRef {
        api_key: "servicenow-sync-20261205".to_owned(),
        fingerprint: Fingerprint::of_secret("new-hopex-key"),
        expires: Some(day(31)),
    }
}

fn profile() -> HopexProfile {
    HopexProfile {
        deployment: Deployment::OnPrem,
        version: "V6.2".to_owned(),
        server_url: "https://hopex.acme.com".to_owned(),
        schema: "ITPM".to_owned(),
        data_flow: DataFlow::Both,
        key_name: old().api_key,
        hopex_login: "svc.servicenow".to_owned(),
        environment_id: "ENV-1".to_owned(),
        repository_id: "REPO-1".to_owned(),
        profile_id: "PROFILE-1".to_owned(),
        session_mode: Some(SessionMode::Multi),
        connection_mode: Some(ConnectionMode::ReadWrite),
        key_fingerprint: Some(old().fingerprint),
        key_created: day(1),
        servicenow_url: "https://acme.service-now.com".to_owned(),
        servicenow_user: "sn.integration".to_owned(),
        key_expires: Some(day(20)),
        servicenow_auth: ServiceNowAuthMode::Basic,
        servicenow_oauth_client_id: None,
        rotations: Vec::new(),
    }
}

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 10, minute, 0).unwrap()
}

/// A HOPEX rotation walked to `last`, by its own steps.
fn rotation_until(last: Phase) -> Rotation {
    let mut rotation = Rotation::start_of(Credential::HopexKey, "prod", old(), true, at(0));
    let steps = [
        (Phase::NewKeyCaptured, Event::NewKeyCaptured { key: new() }),
        (
            Phase::NewKeyVerified,
            Event::NewKeyVerified {
                fingerprint: new().fingerprint,
            },
        ),
        (Phase::ServicenowUpdated, Event::ModuleSettingsUpdated),
        (
            Phase::LiveTestPassed,
            Event::ModuleTestConfirmed {
                fingerprint: new().fingerprint,
                passed: true,
            },
        ),
        (
            Phase::OldKeyDeleted,
            Event::OldKeyDeleted {
                revocation: Revocation::Confirmed,
            },
        ),
        (Phase::Completed, Event::Completed),
    ];
    for (minute, (phase, event)) in steps.into_iter().enumerate() {
        if rotation.phase >= last {
            break;
        }
        rotation.apply(event, at(minute as u32 + 1)).unwrap();
        assert_eq!(rotation.phase, phase);
    }
    rotation
}

#[test]
fn a_hopex_rotation_runs_on_its_own_steps_and_refuses_the_hubs() {
    let mut rotation = rotation_until(Phase::NewKeyVerified);
    let before = rotation.clone();
    let hub_step = Event::ServicenowUpdated {
        spoke_token: true,
        environment_registration: true,
    };
    let refused = rotation.apply(hub_step, at(30)).unwrap_err();
    assert!(matches!(refused, Refusal::NotNow { .. }), "{refused:?}");
    assert_eq!(rotation, before);
    assert!(
        refused.to_string().contains("New key verified"),
        "{refused}"
    );

    // A failed module Test is recorded and leaves both keys live.
    let mut rotation = rotation_until(Phase::ServicenowUpdated);
    rotation
        .apply(
            Event::ModuleTestConfirmed {
                fingerprint: new().fingerprint,
                passed: false,
            },
            at(30),
        )
        .unwrap();
    assert_eq!(rotation.phase, Phase::ServicenowUpdated);
    assert!(!rotation.can_delete_old());
    assert!(rotation.live_tests.last().is_some_and(|t| !t.passed));
    // A pass claimed for another key unlocks nothing.
    let wrong = rotation.apply(
        Event::ModuleTestConfirmed {
            fingerprint: Fingerprint::of_secret("someone else's"),
            passed: true,
        },
        at(31),
    );
    assert_eq!(wrong, Err(Refusal::FingerprintMismatch));

    // The new key needs its own name as well as its own key.
    let mut started = Rotation::start_of(Credential::HopexKey, "prod", old(), false, at(0));
    let same_name = KeyRef::new(old().api_key, Fingerprint::of_secret("another key"));
    let refused = started
        .apply(Event::NewKeyCaptured { key: same_name }, at(1))
        .unwrap_err();
    assert_eq!(
        refused,
        Refusal::SameKey {
            credential: Credential::HopexKey
        }
    );
    assert!(refused.to_string().contains("own name"), "{refused}");
}

#[test]
fn every_phase_speaks_of_hopex_and_never_of_the_hub() {
    let phases = [
        Phase::Started,
        Phase::NewKeyCaptured,
        Phase::NewKeyVerified,
        Phase::ServicenowUpdated,
        Phase::LiveTestPassed,
        Phase::OldKeyDeleted,
        Phase::Completed,
    ];
    for phase in phases {
        let mut rotation = rotation_until(phase);
        for revocation in [
            None,
            Some(Revocation::Confirmed),
            Some(Revocation::StillAccepted),
            Some(Revocation::NotVerified),
        ] {
            if phase >= Phase::OldKeyDeleted || revocation == Some(Revocation::StillAccepted) {
                rotation.old_key_revocation = revocation;
            }
            let said = format!(
                "{} {} {}",
                rotation.title(),
                rotation.explanation(),
                rotation.live_now()
            );
            assert!(!rotation.explanation().is_empty(), "{phase:?}");
            assert!(!said.contains("Hub"), "{phase:?}: {said}");
            assert!(!said.contains("spoke"), "{phase:?}: {said}");
        }
    }
    let updated = rotation_until(Phase::ServicenowUpdated);
    assert_eq!(updated.title(), "HOPEX module updated");
    assert!(updated.live_now().starts_with("BOTH keys"));
    let mut done = rotation_until(Phase::Completed);
    done.old_key_revocation = Some(Revocation::Confirmed);
    assert!(done.live_now().contains("HOPEX rejects the old key"));
    assert!(done.explanation().contains("HOPEX rejects the old one"));
}

#[test]
fn abandoning_says_to_revoke_the_new_key_and_put_the_old_one_back_first() {
    let mut captured = rotation_until(Phase::NewKeyCaptured);
    captured.apply(Event::Abandon, at(40)).unwrap();
    let words = captured.abandon_instructions();
    assert!(
        words.starts_with("In HOPEX, revoke the new key named servicenow-sync-20261205"),
        "{words}"
    );
    assert!(
        words.contains("Keep the old key named servicenow-sync"),
        "{words}"
    );

    // Once the module held the new key, the old one goes back in first.
    let mut updated = rotation_until(Phase::ServicenowUpdated);
    updated.apply(Event::RedoServicenowUpdate, at(40)).unwrap();
    updated.apply(Event::Abandon, at(41)).unwrap();
    let words = updated.abandon_instructions();
    assert!(
        words.starts_with("First put the old key back into HOPEX's ServiceNow module settings"),
        "{words}"
    );

    let passed = rotation_until(Phase::LiveTestPassed);
    assert!(passed
        .abandon_instructions()
        .contains("cannot be abandoned"));
    let mut late = passed.clone();
    assert!(late.apply(Event::Abandon, at(50)).is_err());
}

#[test]
fn a_completed_rotation_records_the_new_key_its_expiry_and_the_history_once() {
    let rotation = rotation_until(Phase::Completed);
    let mut hopex = profile();
    apply_completed_hopex_rotation(&mut hopex, &rotation, day(5)).unwrap();
    assert_eq!(hopex.key_name, new().api_key);
    assert_eq!(hopex.key_fingerprint, Some(new().fingerprint));
    assert_eq!(hopex.key_created, day(5));
    assert_eq!(hopex.key_expires, Some(day(31)));
    assert_eq!(hopex.rotations.len(), 1);
    let record = &hopex.rotations[0];
    assert_eq!(record.old_key, old().api_key);
    assert_eq!(record.new_key, new().api_key);
    assert_eq!(record.old_key_revocation, Some(Revocation::Confirmed));
    // Applying it again (a resume after a crash) records nothing twice.
    let once = hopex.clone();
    apply_completed_hopex_rotation(&mut hopex, &rotation, day(6)).unwrap();
    assert_eq!(hopex, once);
    // The saved profile passes the profile rules, history included.
    check_profile(&Profile {
        sms: None,
        hopex: Some(hopex),
    })
    .unwrap();

    // Not completed, another key's profile, or a Hub rotation: refused.
    let mut fresh = profile();
    let unfinished = rotation_until(Phase::OldKeyDeleted);
    assert!(matches!(
        apply_completed_hopex_rotation(&mut fresh, &unfinished, day(5)),
        Err(Refusal::NotNow { .. })
    ));
    fresh.key_fingerprint = Some(Fingerprint::of_secret("a third key"));
    assert_eq!(
        apply_completed_hopex_rotation(&mut fresh, &rotation, day(5)),
        Err(Refusal::FingerprintMismatch)
    );
    let mut hub = rotation.clone();
    hub.credential = Credential::HubKey;
    assert!(apply_completed_hopex_rotation(&mut profile(), &hub, day(5)).is_err());
}

#[test]
fn the_profile_rules_check_what_a_hopex_profile_gained() {
    let problem = |edit: fn(&mut HopexProfile)| {
        let mut hopex = profile();
        edit(&mut hopex);
        check_profile(&Profile {
            sms: None,
            hopex: Some(hopex),
        })
        .err()
        .map(|p| p.to_string())
    };
    assert_eq!(problem(|_| {}), None);
    let oauth_without_client = problem(|h| h.servicenow_auth = ServiceNowAuthMode::OAuth2).unwrap();
    assert!(
        oauth_without_client.contains("servicenow_oauth_client_id"),
        "{oauth_without_client}"
    );
    assert_eq!(
        problem(|h| {
            h.servicenow_auth = ServiceNowAuthMode::OAuth2;
            h.servicenow_oauth_client_id = Some("0123abcd0123abcd0123abcd0123abcd".into());
        }),
        None
    );
    let bad_id = problem(|h| {
        h.servicenow_auth = ServiceNowAuthMode::OAuth2;
        h.servicenow_oauth_client_id = Some("id with spaces".into());
    })
    .unwrap();
    assert!(bad_id.contains("servicenow_oauth_client_id"), "{bad_id}");
    assert!(!bad_id.contains("id with spaces"), "never echoed: {bad_id}");
    let basic_with_client = problem(|h| h.servicenow_oauth_client_id = Some("abc".into())).unwrap();
    assert!(
        basic_with_client.contains("only used with"),
        "{basic_with_client}"
    );
    let saas_with_expiry = problem(|h| {
        *h = HopexProfile {
            deployment: Deployment::Saas,
            version: String::new(),
            key_name: String::new(),
            hopex_login: String::new(),
            environment_id: String::new(),
            repository_id: String::new(),
            profile_id: String::new(),
            session_mode: None,
            connection_mode: None,
            key_fingerprint: None,
            ..h.clone()
        };
    })
    .unwrap();
    assert!(
        saas_with_expiry.contains("key_expires"),
        "{saas_with_expiry}"
    );
}
