//! Files a local attacker can plant in the config folder: links where nowkey
//! writes or locks, hard links, FIFOs, huge or endless files, and a config
//! folder other users can write in. nowkey must refuse each with a message that
//! names the file and what to do, and leave the target untouched.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use nowkey::domain::profile::Profile;
use nowkey::store::{
    load_profiles, load_rotation, lock_rotation, remove_profile, save_profile, scan_journals,
    ConfigDir, StoreError,
};

/// A config folder of its own, created (0700) by nowkey.
fn config_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    let dir = ConfigDir::resolve(Some(tmp.path().join("nowkey"))).expect("explicit dir");
    dir.ensure_exists().expect("created");
    dir
}

/// A file outside the config folder that a planted link points at, with the
/// mode and content it must keep.
fn victim(tmp: &tempfile::TempDir) -> std::path::PathBuf {
    let path = tmp.path().join("victim.txt");
    std::fs::write(&path, "do not touch\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    path
}

fn assert_untouched(path: &Path) {
    assert_eq!(std::fs::read_to_string(path).unwrap(), "do not touch\n");
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "the target's mode changed");
}

fn assert_link_refused(error: &StoreError, link: &Path) {
    assert!(
        matches!(error, StoreError::Symlink { path } if path == link),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.contains(&link.display().to_string()), "{text}");
    assert!(
        text.contains("is a symbolic link; nowkey does not follow links in its config folder"),
        "{text}"
    );
    assert!(is_input(error), "{error:?}");
}

fn is_input(error: &StoreError) -> bool {
    error.is_input_error()
}

#[test]
fn a_linked_log_is_refused_and_its_target_keeps_its_content_and_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let target = victim(&tmp);
    std::os::unix::fs::symlink(&target, dir.log_path()).unwrap();
    let error = nowkey::logging::open_log(&dir).unwrap_err();
    assert_link_refused(&error, &dir.log_path());
    assert_untouched(&target);
}

#[test]
fn a_hard_linked_log_is_refused_and_not_chmodded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let target = victim(&tmp);
    std::fs::hard_link(&target, dir.log_path()).unwrap();
    let error = nowkey::logging::open_log(&dir).unwrap_err();
    assert!(
        matches!(error, StoreError::NotPrivateFile { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("hard links"), "{error}");
    assert_untouched(&target);
}

#[test]
fn a_log_of_our_own_left_wide_is_narrowed_to_0600() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    std::fs::write(dir.log_path(), "old line\n").unwrap();
    std::fs::set_permissions(dir.log_path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(nowkey::logging::open_log(&dir).unwrap());
    let mode = std::fs::metadata(dir.log_path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_linked_profiles_lock_is_refused_and_nothing_is_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let target = victim(&tmp);
    let lock = dir.root().join("profiles.lock");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let error = save_profile(&dir, "prod", Profile::default()).unwrap_err();
    assert_link_refused(&error, &lock);
    assert_untouched(&target);
    assert!(!dir.profiles_path().exists());
}

#[test]
fn a_linked_rotation_lock_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let target = victim(&tmp);
    std::fs::create_dir(dir.root().join("rotations")).unwrap();
    std::fs::set_permissions(
        dir.root().join("rotations"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let lock = dir.root().join("rotations/prod.lock");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let error =
        lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert_link_refused(&error, &lock);
    assert_untouched(&target);
}

#[test]
fn a_linked_profiles_file_is_neither_read_nor_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let target = victim(&tmp);
    std::os::unix::fs::symlink(&target, dir.profiles_path()).unwrap();
    let error = load_profiles(&dir).unwrap_err();
    assert_link_refused(&error, &dir.profiles_path());
    let error = save_profile(&dir, "prod", Profile::default()).unwrap_err();
    assert_link_refused(&error, &dir.profiles_path());
    let error = remove_profile(&dir, "prod").unwrap_err();
    assert_link_refused(&error, &dir.profiles_path());
    assert!(std::fs::symlink_metadata(dir.profiles_path())
        .unwrap()
        .file_type()
        .is_symlink());
    assert_untouched(&target);
}

#[test]
fn a_linked_rotations_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.root().join("rotations")).unwrap();
    let error =
        lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(matches!(error, StoreError::Symlink { .. }), "{error:?}");
    assert!(load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).is_err());
    assert!(scan_journals(&dir).is_err());
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_config_folder_others_can_write_in_is_refused_with_the_fix() {
    for mode in [0o777, 0o770, 0o702] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("nowkey");
        std::fs::create_dir(&root).unwrap();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(mode)).unwrap();
        let error = ConfigDir::resolve(Some(root.clone())).unwrap_err();
        assert!(matches!(error, StoreError::UnsafeDir { .. }), "{error:?}");
        let text = error.to_string();
        assert!(
            text.contains(&format!("chmod 700 {}", root.display())),
            "{text}"
        );
        assert!(text.contains(&format!("mode {mode:o}")), "{text}");
        assert!(error.is_input_error());
    }
}

#[test]
fn a_private_or_read_only_shared_config_folder_is_accepted() {
    for mode in [0o700, 0o755, 0o750] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("nowkey");
        std::fs::create_dir(&root).unwrap();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(mode)).unwrap();
        let dir = ConfigDir::resolve(Some(root)).unwrap();
        save_profile(&dir, "prod", Profile::default()).unwrap();
    }
}

#[test]
fn a_rotations_folder_others_can_write_in_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let rotations = dir.root().join("rotations");
    std::fs::create_dir(&rotations).unwrap();
    std::fs::set_permissions(&rotations, std::fs::Permissions::from_mode(0o777)).unwrap();
    let error =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("chmod 700 {}", rotations.display())),
        "{error}"
    );
    assert!(lock_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).is_err());
}

#[test]
fn a_config_file_where_the_folder_should_be_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("nowkey");
    std::fs::write(&root, "").unwrap();
    let error = ConfigDir::resolve(Some(root)).unwrap_err();
    assert!(error.to_string().contains("it is not a folder"), "{error}");
}

#[test]
fn a_huge_sparse_profiles_file_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let file = std::fs::File::create(dir.profiles_path()).unwrap();
    file.set_len(nowkey::store::PROFILES_MAX_BYTES + 1).unwrap();
    let error = load_profiles(&dir).unwrap_err();
    assert!(matches!(error, StoreError::TooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains("is larger than"), "{error}");
}

#[test]
fn a_huge_sparse_journal_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let rotations = dir.root().join("rotations");
    std::fs::create_dir(&rotations).unwrap();
    std::fs::set_permissions(&rotations, std::fs::Permissions::from_mode(0o700)).unwrap();
    let file = std::fs::File::create(rotations.join("prod.toml")).unwrap();
    file.set_len(nowkey::store::JOURNAL_MAX_BYTES + 1).unwrap();
    let error =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    assert!(matches!(error, StoreError::TooLarge { .. }), "{error:?}");
}

#[test]
fn a_fifo_as_profiles_file_is_refused_without_waiting_for_a_writer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.profiles_path())
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let error = load_profiles(&dir).unwrap_err();
    assert!(
        matches!(error, StoreError::NotPrivateFile { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("not a regular file"), "{error}");
}

#[test]
fn a_fifo_as_the_log_is_refused_without_waiting_for_a_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.log_path())
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let error = nowkey::logging::open_log(&dir).unwrap_err();
    assert!(
        matches!(error, StoreError::NotPrivateFile { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains(&dir.log_path().display().to_string()),
        "{error}"
    );
}
