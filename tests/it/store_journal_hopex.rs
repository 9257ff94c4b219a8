//! A profile's HOPEX key journal beside its Hub key journal: its own folder,
//! its own lock, listed apart by the scan, and a journal in the wrong folder
//! refused rather than taken for the other key's.

use chrono::{TimeZone, Utc};
use nowkey::domain::rotation::{Credential, Event, KeyRef, Phase, Rotation};
use nowkey::domain::token::Fingerprint;
use nowkey::store::{
    journal_path, load_rotation, lock_rotation, save_rotation, scan_journals, ConfigDir, StoreError,
};

fn config_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    ConfigDir::resolve(Some(tmp.path().join("nowkey"))).expect("explicit dir")
}

fn started(credential: Credential) -> Rotation {
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    let old = KeyRef::new("servicenow-sync", Fingerprint::of_secret("old"));
    Rotation::start_of(credential, "prod", old, false, now)
}

#[test]
fn the_two_keys_of_one_profile_have_two_journals_and_two_locks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let hub = started(Credential::HubKey);
    let mut hopex = started(Credential::HopexKey);
    hopex
        .apply(
            Event::NewKeyCaptured {
                key: KeyRef::new("servicenow-sync-2", Fingerprint::of_secret("new")),
            },
            Utc.with_ymd_and_hms(2026, 12, 5, 9, 1, 0).unwrap(),
        )
        .unwrap();
    save_rotation(&dir, &hub).unwrap();
    save_rotation(&dir, &hopex).unwrap();

    let hopex_path = journal_path(&dir, "prod", Credential::HopexKey);
    assert!(
        hopex_path.ends_with("rotations/hopex/prod.toml"),
        "{hopex_path:?}"
    );
    assert!(journal_path(&dir, "prod", Credential::HubKey).ends_with("rotations/prod.toml"));
    let text = std::fs::read_to_string(&hopex_path).unwrap();
    assert!(text.contains("credential = \"hopex_key\""), "{text}");
    let hub_text = std::fs::read_to_string(journal_path(&dir, "prod", Credential::HubKey)).unwrap();
    assert!(
        !hub_text.contains("credential"),
        "a Hub journal is written as before:\n{hub_text}"
    );

    let loaded = load_rotation(&dir, "prod", Credential::HopexKey)
        .unwrap()
        .unwrap();
    assert_eq!(loaded, hopex);
    assert_eq!(loaded.phase, Phase::NewKeyCaptured);
    assert_eq!(
        load_rotation(&dir, "prod", Credential::HubKey)
            .unwrap()
            .unwrap(),
        hub
    );

    let scan = scan_journals(&dir).unwrap();
    let listed: Vec<Credential> = scan.in_progress.iter().map(|r| r.credential).collect();
    assert_eq!(listed, [Credential::HubKey, Credential::HopexKey]);

    // One key's lock does not hold the other's; a second holder of the same is refused.
    let _hub_lock = lock_rotation(&dir, "prod", Credential::HubKey).unwrap();
    let hopex_lock = lock_rotation(&dir, "prod", Credential::HopexKey).unwrap();
    assert!(matches!(
        lock_rotation(&dir, "prod", Credential::HopexKey),
        Err(StoreError::RotationBusy { .. })
    ));
    drop(hopex_lock);
    lock_rotation(&dir, "prod", Credential::HopexKey).unwrap();
}

/// HOPEX key names are not Hub key ids: a name with a space (allowed by
/// HOPEX's rules) is written and read back, so the rotation can resume.
#[test]
fn a_hopex_key_name_with_a_space_is_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    let old = KeyRef::new("ServiceNow Sync", Fingerprint::of_secret("old"));
    let mut rotation = Rotation::start_of(Credential::HopexKey, "prod", old, false, now);
    rotation
        .apply(
            Event::NewKeyCaptured {
                key: KeyRef::new("ServiceNow Sync 2", Fingerprint::of_secret("new")),
            },
            now,
        )
        .unwrap();
    save_rotation(&dir, &rotation).unwrap();
    let loaded = load_rotation(&dir, "prod", Credential::HopexKey).unwrap();
    assert_eq!(loaded, Some(rotation));
}

#[test]
fn a_journal_in_the_other_keys_folder_is_refused_and_listed_unreadable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_rotation(&dir, &started(Credential::HubKey)).unwrap();
    let hub_file = journal_path(&dir, "prod", Credential::HubKey);
    let hopex_file = journal_path(&dir, "prod", Credential::HopexKey);
    std::fs::create_dir_all(hopex_file.parent().unwrap()).unwrap();
    std::fs::set_permissions(
        hopex_file.parent().unwrap(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    std::fs::copy(&hub_file, &hopex_file).unwrap();

    let error = load_rotation(&dir, "prod", Credential::HopexKey).unwrap_err();
    assert!(
        error.to_string().contains("not of the HOPEX API key"),
        "{error}"
    );
    let scan = scan_journals(&dir).unwrap();
    assert!(scan.unreadable_of("prod", Credential::HopexKey).is_some());
    assert!(scan.unreadable_of("prod", Credential::HubKey).is_none());
    // Saving over it is refused too: it may be the only record of a rotation.
    assert!(save_rotation(&dir, &started(Credential::HopexKey)).is_err());
}
