//! Recording a completed rotation in the SMS profile.

use chrono::{NaiveDate, TimeZone, Utc};
use nowkey::domain::profile::{
    apply_completed_rotation, rotation_due, Profile, ProfilesFile, RotationRecord, SmsProfile,
};
use nowkey::domain::rotation::{Event, KeyRef, Phase, Refusal, Revocation, Rotation};
use nowkey::domain::token::Fingerprint;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 4, d).unwrap()
}

fn old() -> KeyRef {
    KeyRef {
        api_key: "OLDKEY1".to_owned(),
        fingerprint: Fingerprint::parse("0123456789ab").unwrap(),
        expires: None,
    }
}

fn new() -> KeyRef {
    KeyRef {
        api_key: "NEWKEY2".to_owned(),
        fingerprint: Fingerprint::parse("ba9876543210").unwrap(),
        expires: None,
    }
}

fn profile() -> SmsProfile {
    SmsProfile {
        vendor: "sinch-engage".to_owned(),
        hub_api_url: "https://api.messagemedia.com".to_owned(),
        api_key: old().api_key,
        token_fingerprint: old().fingerprint,
        key_created: day(1),
        next_rotation_due: rotation_due(day(1)),
        test_number: None,
        servicenow_url: None,
        servicenow_user: None,
        servicenow_credential: None,
        servicenow_registration: None,
        servicenow_registration_fields: None,
        rotations: Vec::new(),
    }
}

fn rotation_until(last: Phase) -> Rotation {
    let now = Utc.with_ymd_and_hms(2025, 4, 20, 9, 0, 0).unwrap();
    let mut rotation = Rotation::start("prod", old(), true, now);
    let steps = [
        Event::NewKeyCaptured { key: new() },
        Event::NewKeyVerified {
            fingerprint: new().fingerprint,
        },
        Event::ServicenowUpdated {
            spoke_token: true,
            environment_registration: true,
        },
        Event::LiveTestPassed {
            fingerprint: new().fingerprint,
            message_id: "m-1".to_owned(),
        },
        Event::OldKeyDeleted {
            revocation: Revocation::Confirmed,
        },
        Event::Completed,
    ];
    for event in steps.into_iter().take(last.number() - 1) {
        rotation.apply(event, now).unwrap();
    }
    rotation
}

#[test]
fn a_completed_rotation_updates_the_profile() {
    let mut sms = profile();
    let rotation = rotation_until(Phase::Completed);
    apply_completed_rotation(&mut sms, &rotation, day(20)).unwrap();
    assert_eq!(sms.api_key, "NEWKEY2");
    assert_eq!(sms.token_fingerprint, new().fingerprint);
    assert_eq!(sms.key_created, day(20));
    assert_eq!(sms.next_rotation_due, rotation_due(day(20)));
    assert_eq!(
        sms.rotations,
        [RotationRecord {
            completed: day(20),
            old_key: "OLDKEY1".to_owned(),
            new_key: "NEWKEY2".to_owned(),
            new_fingerprint: new().fingerprint,
            old_key_revocation: Some(Revocation::Confirmed),
            servicenow_proof: None,
            started: Some(rotation.started_at.date_naive()),
        }]
    );

    // Again (a resume after a crash between the two saves): nothing changes.
    let once = sms.clone();
    apply_completed_rotation(&mut sms, &rotation, day(21)).unwrap();
    assert_eq!(sms, once);
}

#[test]
fn only_completed_rotations_of_the_current_key_apply() {
    for phase in Phase::STEPS.into_iter().filter(|p| *p != Phase::Completed) {
        let mut sms = profile();
        let rotation = rotation_until(phase);
        let got = apply_completed_rotation(&mut sms, &rotation, day(20));
        assert!(
            matches!(got, Err(Refusal::NotNow { .. })),
            "{phase:?}: {got:?}"
        );
        assert_eq!(sms, profile());
    }

    let rotation = rotation_until(Phase::Completed);
    let mut other_key = profile();
    other_key.api_key = "SOMEOTHER".to_owned();
    let before = other_key.clone();
    assert_eq!(
        apply_completed_rotation(&mut other_key, &rotation, day(20)),
        Err(Refusal::FingerprintMismatch)
    );
    assert_eq!(other_key, before);

    let mut other_fp = profile();
    other_fp.token_fingerprint = Fingerprint::parse("ffffffffffff").unwrap();
    let before = other_fp.clone();
    assert_eq!(
        apply_completed_rotation(&mut other_fp, &rotation, day(20)),
        Err(Refusal::FingerprintMismatch)
    );
    assert_eq!(other_fp, before);
}

#[test]
fn history_round_trips_and_is_omitted_when_empty() {
    let mut file = ProfilesFile::default();
    let mut sms = profile();
    file.profiles.insert(
        "plain".to_owned(),
        Profile {
            sms: Some(sms.clone()),
            hopex: None,
        },
    );
    let text = toml::to_string(&file).unwrap();
    assert!(!text.contains("rotations"), "{text}");

    apply_completed_rotation(&mut sms, &rotation_until(Phase::Completed), day(20)).unwrap();
    file.profiles.insert(
        "rotated".to_owned(),
        Profile {
            sms: Some(sms),
            hopex: None,
        },
    );
    let text = toml::to_string(&file).unwrap();
    assert!(
        text.contains("[[profiles.rotated.sms.rotations]]"),
        "{text}"
    );
    assert!(text.contains("completed = \"2025-04-20\""), "{text}");
    let back: ProfilesFile = toml::from_str(&text).unwrap();
    assert_eq!(back, file);
}
