//! Rotation journals on disk: round trip, durable atomic writes, errors, the
//! in-progress list, the per-profile lock, and no secrets.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{TimeZone, Utc};
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::rotation::{Event, KeyRef, Phase, Revocation, Rotation};
use nowkey::domain::token::{Fingerprint, HubCredentials};
use nowkey::store::{
    journal_path, load_rotation, lock_rotation, save_rotation, scan_journals, ConfigDir, StoreError,
};

fn config_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    // A subfolder, so the tests see nowkey create it.
    ConfigDir::resolve(Some(tmp.path().join("nowkey"))).expect("explicit dir")
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
        journal_path(
            &dir,
            "acme-test",
            nowkey::domain::rotation::Credential::HubKey
        ),
        Path::new("/x/y/rotations/acme-test.toml")
    );
}

#[test]
fn round_trip_in_every_phase() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    assert_eq!(
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap(),
        None,
        "nothing yet"
    );
    for phase in Phase::ALL {
        let saved = rotation("prod", phase);
        save_rotation(&dir, &saved).unwrap();
        assert_eq!(
            load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap(),
            Some(saved),
            "{phase:?}"
        );
    }
    let text = std::fs::read_to_string(journal_path(
        &dir,
        "prod",
        nowkey::domain::rotation::Credential::HubKey,
    ))
    .unwrap();
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
    assert_eq!(
        mode(&journal_path(
            &dir,
            "prod",
            nowkey::domain::rotation::Credential::HubKey
        )),
        0o600
    );
}

#[test]
fn a_bad_profile_name_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    for name in ["../evil", "", "a b"] {
        let err = save_rotation(&dir, &rotation(name, Phase::Started)).unwrap_err();
        assert!(matches!(err, StoreError::BadProfileName { .. }), "{err:?}");
        assert!(matches!(
            lock_rotation(&dir, name, nowkey::domain::rotation::Credential::HubKey),
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
    let path = journal_path(&dir, "prod", nowkey::domain::rotation::Credential::HubKey);
    std::fs::write(&path, "format = 1\nphase = \"sideways\"\n").unwrap();
    let err =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(
        matches!(err, StoreError::JournalMalformed { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    let scan = scan_journals(&dir).unwrap();
    let err = scan
        .unreadable_of("prod", nowkey::domain::rotation::Credential::HubKey)
        .expect("listed as unreadable");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );

    // A journal copied under another profile's name is refused, not trusted.
    let other = rotation("other", Phase::Started);
    std::fs::write(&path, toml::to_string(&other).unwrap()).unwrap();
    let err =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(err.to_string().contains("'other'"), "{err}");

    let mut newer = rotation("prod", Phase::Started);
    newer.format = 2;
    std::fs::write(&path, toml::to_string(&newer).unwrap()).unwrap();
    let err =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
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
        scan_journals(&dir).unwrap().in_progress.is_empty(),
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
    let _lock = lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap();
    std::fs::write(dir.root().join("rotations/.prod.toml.x1y2.tmp"), "junk").unwrap();
    let listed: Vec<(String, Phase)> = scan_journals(&dir)
        .unwrap()
        .in_progress
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
    let first = lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap();
    // A second handle in the same process conflicts (flock is per open file).
    let err =
        lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    match &err {
        StoreError::RotationBusy { profile } => assert_eq!(profile, "prod"),
        other => panic!("expected RotationBusy, got {other:?}"),
    }
    let message = err.to_string().to_lowercase();
    assert!(
        message.contains("another nowkey is rotating") && message.contains("right now"),
        "{message}"
    );
    let other_profile = lock_rotation(&dir, "test", nowkey::domain::rotation::Credential::HubKey)
        .expect("profiles lock separately");
    assert_eq!(mode(&dir.root().join("rotations/prod.lock")), 0o600);

    // Another thread sees it busy too.
    let dir2 = dir.clone();
    let busy = std::thread::spawn(move || {
        lock_rotation(&dir2, "prod", nowkey::domain::rotation::Credential::HubKey).is_err()
    })
    .join()
    .unwrap();
    assert!(busy);

    drop(first);
    let again = lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey)
        .expect("released on drop");
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
        expires: None,
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
        let text = std::fs::read_to_string(journal_path(
            &dir,
            "prod",
            nowkey::domain::rotation::Credential::HubKey,
        ))
        .unwrap();
        assert!(
            !text.contains(CANARY) && !text.contains(token.expose()),
            "{text}"
        );
        assert!(text.contains(canary_key.fingerprint.as_str()), "{text}");
    }
}

/// The three journals nowkey cannot read, each as its bytes on disk.
fn unreadable_journals() -> Vec<(&'static str, Vec<u8>)> {
    let good = toml::to_string(&rotation("prod", Phase::ServicenowUpdated)).unwrap();
    let damaged = good.replace(
        "phase = \"servicenow_updated\"",
        "phase = servicenow_updated\"",
    );
    let newer = good.replace("format = 1", "format = 2");
    assert_ne!(damaged, good);
    assert_ne!(newer, good);
    vec![
        ("damaged", damaged.into_bytes()),
        ("newer", newer.into_bytes()),
    ]
}

#[test]
fn a_journal_nowkey_cannot_read_is_never_written_over() {
    for (what, bytes) in unreadable_journals() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = config_dir(&tmp);
        save_rotation(&dir, &rotation("prod", Phase::Started)).unwrap();
        let path = journal_path(&dir, "prod", nowkey::domain::rotation::Credential::HubKey);
        std::fs::write(&path, &bytes).unwrap();
        // A fresh rotation's first step, as Start would write it.
        let fresh = Rotation::start("prod", old(), false, Utc::now());
        let err = save_rotation(&dir, &fresh).expect_err(what);
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{what}: {err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{what}: byte for byte"
        );
        let scan = scan_journals(&dir).unwrap();
        assert!(scan.in_progress.is_empty(), "{what}");
        assert!(
            scan.unreadable_of("prod", nowkey::domain::rotation::Credential::HubKey)
                .is_some(),
            "{what}"
        );
    }
}

#[test]
fn a_symlinked_journal_is_neither_read_nor_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_rotation(&dir, &rotation("prod", Phase::Started)).unwrap();
    let path = journal_path(&dir, "prod", nowkey::domain::rotation::Credential::HubKey);
    let target = tmp.path().join("elsewhere.toml");
    let text = toml::to_string(&rotation("prod", Phase::ServicenowUpdated)).unwrap();
    std::fs::write(&target, &text).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let err =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(matches!(err, StoreError::JournalSymlink { .. }), "{err:?}");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    let err = save_rotation(&dir, &rotation("prod", Phase::NewKeyCaptured)).unwrap_err();
    assert!(matches!(err, StoreError::JournalSymlink { .. }), "{err:?}");
    assert!(std::fs::symlink_metadata(&path)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
}

#[test]
fn a_new_rotation_never_replaces_another_one_in_progress() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let under_way = rotation("prod", Phase::ServicenowUpdated);
    save_rotation(&dir, &under_way).unwrap();
    let before = std::fs::read(journal_path(
        &dir,
        "prod",
        nowkey::domain::rotation::Credential::HubKey,
    ))
    .unwrap();
    let fresh = Rotation::start("prod", old(), false, Utc::now());
    let err = save_rotation(&dir, &fresh).unwrap_err();
    assert!(
        matches!(err, StoreError::JournalInProgress { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("nowkey rotate --profile prod"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(journal_path(
            &dir,
            "prod",
            nowkey::domain::rotation::Credential::HubKey
        ))
        .unwrap(),
        before
    );
    // The same rotation's next step, and a new one over a finished one, are fine.
    let mut next = under_way.clone();
    next.apply(Event::RedoServicenowUpdate, Utc::now()).unwrap();
    save_rotation(&dir, &next).unwrap();
    save_rotation(&dir, &rotation("prod", Phase::Completed)).unwrap();
    save_rotation(&dir, &fresh).unwrap();
}
