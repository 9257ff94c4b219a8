//! Rotation journals on disk: round trip, durable atomic writes, errors, the
//! in-progress list, the per-profile lock, and no secrets.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{TimeZone, Utc};
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::rotation::{Event, KeyRef, Phase, Revocation, Rotation};
use nowkey::domain::token::{Fingerprint, HubCredentials};
use nowkey::store::{
    in_progress_rotations, journal_path, load_rotation, lock_rotation, save_rotation, ConfigDir,
    StoreError,
};

fn config_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    // A subfolder, so the tests see nowkey create it.
    ConfigDir::resolve(Some(tmp.path().join("nowkey"))).expect("explicit dir")
}

fn old() -> KeyRef {
    KeyRef {
        api_key: "OLDKEY1".to_owned(),
        fingerprint: Fingerprint::parse("0123456789ab").unwrap(),
    }
}

fn new() -> KeyRef {
    KeyRef {
        api_key: "NEWKEY2".to_owned(),
        fingerprint: Fingerprint::parse("ba9876543210").unwrap(),
    }
}

/// A rotation of `profile` taken to `phase` along the happy path.
fn rotation(profile: &str, phase: Phase) -> Rotation {
    let now = Utc.with_ymd_and_hms(2025, 5, 2, 14, 30, 0).unwrap();
    let mut rotation = Rotation::start(profile, old(), true, now);
    let steps = if phase == Phase::Abandoned {
        vec![Event::Abandon]
    } else {
        vec![
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
                revocation: Revocation::NotVerified,
            },
            Event::Completed,
        ]
        .into_iter()
        .take(phase.number() - 1)
        .collect()
    };
    for event in steps {
        rotation.apply(event, now).unwrap();
    }
    assert_eq!(rotation.phase, phase);
    rotation
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn journal_path_is_per_profile() {
    let dir = ConfigDir::resolve(Some("/x/y".into())).unwrap();
    assert_eq!(
        journal_path(&dir, "acme-test"),
        Path::new("/x/y/rotations/acme-test.toml")
    );
}

#[test]
fn round_trip_in_every_phase() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    assert_eq!(load_rotation(&dir, "prod").unwrap(), None, "nothing yet");
    for phase in Phase::ALL {
        let saved = rotation("prod", phase);
        save_rotation(&dir, &saved).unwrap();
        assert_eq!(
            load_rotation(&dir, "prod").unwrap(),
            Some(saved),
            "{phase:?}"
        );
    }
    let text = std::fs::read_to_string(journal_path(&dir, "prod")).unwrap();
    let header: Vec<&str> = text.lines().take(2).collect();
    assert!(header.iter().all(|line| line.starts_with("# ")), "{text}");
    assert!(header[0].contains("No secrets are stored"), "{text}");
    assert!(text.contains("phase = \"abandoned\""), "{text}");
}

#[test]
fn writes_are_atomic_and_private() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_rotation(&dir, &rotation("prod", Phase::Started)).unwrap();
    save_rotation(&dir, &rotation("prod", Phase::ServicenowUpdated)).unwrap();
    let folder = dir.root().join("rotations");
    assert_eq!(entries(&folder), ["prod.toml"], "no temporary file left");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&journal_path(&dir, "prod")), 0o600);
}

#[test]
fn a_bad_profile_name_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    for name in ["../evil", "", "a b"] {
        let err = save_rotation(&dir, &rotation(name, Phase::Started)).unwrap_err();
        assert!(matches!(err, StoreError::BadProfileName { .. }), "{err:?}");
        assert!(matches!(
            lock_rotation(&dir, name),
            Err(StoreError::BadProfileName { .. })
        ));
    }
    assert!(!tmp.path().join("evil.toml").exists());
    assert!(!dir.root().join("rotations").exists());
}

#[test]
fn malformed_journal_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_rotation(&dir, &rotation("prod", Phase::Started)).unwrap();
    let path = journal_path(&dir, "prod");
    std::fs::write(&path, "format = 1\nphase = \"sideways\"\n").unwrap();
    let err = load_rotation(&dir, "prod").unwrap_err();
    assert!(
        matches!(err, StoreError::JournalMalformed { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    let err = in_progress_rotations(&dir).unwrap_err();
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );

    // A journal copied under another profile's name is refused, not trusted.
    let other = rotation("other", Phase::Started);
    std::fs::write(&path, toml::to_string(&other).unwrap()).unwrap();
    let err = load_rotation(&dir, "prod").unwrap_err();
    assert!(err.to_string().contains("'other'"), "{err}");

    let mut newer = rotation("prod", Phase::Started);
    newer.format = 2;
    std::fs::write(&path, toml::to_string(&newer).unwrap()).unwrap();
    let err = load_rotation(&dir, "prod").unwrap_err();
    assert!(
        matches!(err, StoreError::JournalNewerFormat { found: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn in_progress_lists_only_unfinished_rotations_by_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    assert!(
        in_progress_rotations(&dir).unwrap().is_empty(),
        "no folder yet"
    );
    for (profile, phase) in [
        ("prod", Phase::LiveTestPassed),
        ("done", Phase::Completed),
        ("gaveup", Phase::Abandoned),
        ("beta", Phase::NewKeyCaptured),
    ] {
        save_rotation(&dir, &rotation(profile, phase)).unwrap();
    }
    // Lock files and leftovers of an interrupted write are not journals.
    let _lock = lock_rotation(&dir, "prod").unwrap();
    std::fs::write(dir.root().join("rotations/.prod.toml.x1y2.tmp"), "junk").unwrap();
    let listed: Vec<(String, Phase)> = in_progress_rotations(&dir)
        .unwrap()
        .into_iter()
        .map(|r| (r.profile, r.phase))
        .collect();
    assert_eq!(
        listed,
        [
            ("beta".to_owned(), Phase::NewKeyCaptured),
            ("prod".to_owned(), Phase::LiveTestPassed)
        ]
    );
}

#[test]
fn the_lock_is_exclusive_per_profile_and_released_on_drop() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let first = lock_rotation(&dir, "prod").unwrap();
    // A second handle in the same process conflicts (flock is per open file).
    let err = lock_rotation(&dir, "prod").unwrap_err();
    match &err {
        StoreError::RotationBusy { profile } => assert_eq!(profile, "prod"),
        other => panic!("expected RotationBusy, got {other:?}"),
    }
    let message = err.to_string().to_lowercase();
    assert!(
        message.contains("another nowkey is rotating") && message.contains("right now"),
        "{message}"
    );
    let other_profile = lock_rotation(&dir, "test").expect("profiles lock separately");
    assert_eq!(mode(&dir.root().join("rotations/prod.lock")), 0o600);

    // Another thread sees it busy too.
    let dir2 = dir.clone();
    let busy = std::thread::spawn(move || lock_rotation(&dir2, "prod").is_err())
        .join()
        .unwrap();
    assert!(busy);

    drop(first);
    let again = lock_rotation(&dir, "prod").expect("released on drop");
    drop((again, other_profile));
}

#[test]
fn a_journal_never_holds_the_secret() {
    const CANARY: &str = "CANARY-51ab-s3cr3t";
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let credentials = HubCredentials {
        key: clean_api_key("NEWKEY2").unwrap(),
        secret: clean_api_secret(CANARY).unwrap(),
    };
    let token = credentials.token();
    let canary_key = KeyRef {
        api_key: credentials.key.as_str().to_owned(),
        fingerprint: token.fingerprint(),
    };
    let now = Utc.with_ymd_and_hms(2025, 5, 2, 14, 30, 0).unwrap();
    let mut rotation = Rotation::start("prod", old(), true, now);
    for event in [
        Event::NewKeyCaptured {
            key: canary_key.clone(),
        },
        Event::NewKeyVerified {
            fingerprint: canary_key.fingerprint.clone(),
        },
        Event::ServicenowUpdated {
            spoke_token: true,
            environment_registration: true,
        },
        Event::LiveTestPassed {
            fingerprint: canary_key.fingerprint.clone(),
            message_id: "m-9".to_owned(),
        },
    ] {
        rotation.apply(event, now).unwrap();
        save_rotation(&dir, &rotation).unwrap();
        let text = std::fs::read_to_string(journal_path(&dir, "prod")).unwrap();
        assert!(
            !text.contains(CANARY) && !text.contains(token.expose()),
            "{text}"
        );
        assert!(text.contains(canary_key.fingerprint.as_str()), "{text}");
    }
}
