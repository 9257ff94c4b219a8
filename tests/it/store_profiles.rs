//! The profiles file on disk: format, permissions, atomicity, errors.

use std::path::Path;

use chrono::NaiveDate;
use nowkey::domain::profile::{rotation_due, Profile, ProfilesFile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::store::{
    load_profiles, remove_profile, render_profiles, save_profile, write_atomic, ConfigDir,
    StoreError,
};

fn config_dir(tmp: &tempfile::TempDir) -> ConfigDir {
    // A subfolder, so the tests see nowkey create it.
    ConfigDir::resolve(Some(tmp.path().join("nowkey"))).expect("explicit dir")
}

fn sample_profile() -> Profile {
    let created = NaiveDate::from_ymd_opt(2025, 1, 15).expect("valid date");
    Profile {
        sms: Some(SmsProfile {
            vendor: "sinch-engage".to_owned(),
            hub_api_url: "https://api.messagemedia.com".to_owned(),
            api_key: "AbCdEf123456".to_owned(),
            token_fingerprint: Fingerprint::parse("0123456789ab").expect("valid fingerprint"),
            key_created: created,
            next_rotation_due: rotation_due(created),
            test_number: Some("+64211234567".to_owned()),
            servicenow_url: Some("https://acme.service-now.com".to_owned()),
            servicenow_user: None,
            servicenow_credential: None,
            servicenow_registration: None,
            servicenow_registration_fields: None,
            rotations: Vec::new(),
        }),
        hopex: None,
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn resolve_paths() {
    let dir = ConfigDir::resolve(Some("/x/y".into())).unwrap();
    assert_eq!(dir.root(), Path::new("/x/y"));
    assert_eq!(dir.profiles_path(), Path::new("/x/y/profiles.toml"));
    assert_eq!(dir.log_path(), Path::new("/x/y/nowkey.log"));
    // An empty explicit value means "not given": fall back to the platform folder.
    let default = ConfigDir::resolve(Some("".into())).unwrap();
    assert!(default.root().ends_with("nowkey"), "{default:?}");
}

#[test]
fn missing_file_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = load_profiles(&config_dir(&tmp)).unwrap();
    assert_eq!(loaded, ProfilesFile::default());
    assert!(loaded.profiles.is_empty());
}

#[test]
fn round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_profile(&dir, "prod", sample_profile()).unwrap();
    let loaded = load_profiles(&dir).unwrap();
    assert_eq!(loaded.profiles.len(), 1);
    assert_eq!(loaded.profiles["prod"], sample_profile());
}

#[test]
fn replaces_and_keeps_unrelated_profiles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_profile(&dir, "prod", sample_profile()).unwrap();
    save_profile(&dir, "test", Profile::default()).unwrap();

    let mut changed = sample_profile();
    if let Some(sms) = changed.sms.as_mut() {
        sms.api_key = "NewKey999".to_owned();
    }
    save_profile(&dir, "prod", changed.clone()).unwrap();

    let loaded = load_profiles(&dir).unwrap();
    assert_eq!(loaded.profiles.len(), 2);
    assert_eq!(loaded.profiles["prod"], changed);
    assert_eq!(loaded.profiles["test"], Profile::default());
}

#[test]
fn hand_written_profiles_survive_a_save() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    dir.ensure_exists().unwrap();
    std::fs::write(
        dir.profiles_path(),
        "version = 1\n\n[profiles.legacy.sms]\nvendor = \"spark-etxt\"\n\
         hub_api_url = \"https://api.example.test\"\napi_key = \"K1\"\n\
         token_fingerprint = \"aaaaaaaaaaaa\"\nkey_created = \"2024-03-01\"\n\
         next_rotation_due = \"2024-05-30\"\n",
    )
    .unwrap();
    save_profile(&dir, "prod", sample_profile()).unwrap();
    let loaded = load_profiles(&dir).unwrap();
    assert_eq!(loaded.profiles.len(), 2);
    assert_eq!(
        loaded.profiles["legacy"].sms.as_ref().unwrap().vendor,
        "spark-etxt"
    );
}

#[test]
fn remove() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    assert!(!remove_profile(&dir, "prod").unwrap(), "nothing saved yet");
    save_profile(&dir, "prod", sample_profile()).unwrap();
    save_profile(&dir, "test", Profile::default()).unwrap();
    assert!(remove_profile(&dir, "prod").unwrap());
    assert!(!remove_profile(&dir, "prod").unwrap(), "already gone");
    let loaded = load_profiles(&dir).unwrap();
    assert_eq!(loaded.profiles.keys().collect::<Vec<_>>(), ["test"]);
}

#[test]
fn malformed_file_names_path_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    dir.ensure_exists().unwrap();
    std::fs::write(dir.profiles_path(), "version = 1\n\n[profiles.prod\n").unwrap();
    let err = load_profiles(&dir).unwrap_err();
    assert!(
        matches!(err, StoreError::Malformed { line: Some(3), .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&dir.profiles_path().display().to_string()),
        "{text}"
    );
    assert!(text.contains("line 3"), "{text}");

    // Saving over a broken file must refuse rather than drop what is in it.
    assert!(save_profile(&dir, "other", Profile::default()).is_err());
    assert_eq!(
        std::fs::read_to_string(dir.profiles_path()).unwrap(),
        "version = 1\n\n[profiles.prod\n"
    );
}

#[test]
fn wrong_shape_is_malformed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    dir.ensure_exists().unwrap();
    std::fs::write(dir.profiles_path(), "version = \"one\"\n").unwrap();
    let err = load_profiles(&dir).unwrap_err();
    assert!(matches!(err, StoreError::Malformed { .. }), "{err:?}");
}

#[test]
fn newer_format_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    dir.ensure_exists().unwrap();
    std::fs::write(dir.profiles_path(), "version = 99\n").unwrap();
    let err = load_profiles(&dir).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerFormat { found: 99, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("upgrade nowkey"), "{err}");
}

#[test]
fn bad_profile_name_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    for name in ["", "a b", " prod", "x/y"] {
        let err = save_profile(&dir, name, Profile::default()).unwrap_err();
        assert!(
            matches!(err, StoreError::BadProfileName { .. }),
            "{name:?}: {err:?}"
        );
    }
    assert!(!dir.profiles_path().exists());
}

#[cfg(unix)]
#[test]
fn modes_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_profile(&dir, "prod", sample_profile()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir.root()), 0o700);
    assert_eq!(mode(&dir.profiles_path()), 0o600);
}

#[cfg(unix)]
#[test]
fn atomic_write_replaces_mode_and_content() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("file.toml");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    write_atomic(&path, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn atomic_write_leaves_no_temp_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    for i in 0..5 {
        save_profile(&dir, &format!("p{i}"), sample_profile()).unwrap();
    }
    remove_profile(&dir, "p0").unwrap();
    assert_eq!(entries(dir.root()), ["profiles.lock", "profiles.toml"]);

    let path = tmp.path().join("plain.txt");
    write_atomic(&path, b"x").unwrap();
    write_atomic(&path, b"y").unwrap();
    assert_eq!(entries(tmp.path()), ["nowkey", "plain.txt"]);
}

#[test]
fn concurrent_saves_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    std::thread::scope(|s| {
        for i in 0..8 {
            let dir = dir.clone();
            s.spawn(move || save_profile(&dir, &format!("p{i}"), Profile::default()).unwrap());
        }
    });
    assert_eq!(load_profiles(&dir).unwrap().profiles.len(), 8);
}

#[test]
fn saved_toml_has_documented_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_profile(&dir, "prod", sample_profile()).unwrap();
    let text = std::fs::read_to_string(dir.profiles_path()).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    assert_eq!(doc["version"].as_integer(), Some(1));
    let sms = doc["profiles"]["prod"]["sms"].as_table().unwrap();
    for field in [
        "vendor",
        "hub_api_url",
        "api_key",
        "token_fingerprint",
        "key_created",
        "next_rotation_due",
        "test_number",
        "servicenow_url",
    ] {
        assert!(sms.contains_key(field), "missing {field} in\n{text}");
    }
    assert_eq!(sms.len(), 8, "unexpected extra fields in\n{text}");
}

/// Admins read and version this file: any change to its exact text is a format
/// change and must be deliberate (update the README too).
#[test]
fn exact_toml_for_a_fixed_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = config_dir(&tmp);
    save_profile(&dir, "prod", sample_profile()).unwrap();
    save_profile(&dir, "empty", Profile::default()).unwrap();
    let text = std::fs::read_to_string(dir.profiles_path()).unwrap();
    let expected = "\
# nowkey profiles. No secrets are stored in this file.
# Written by nowkey: comments and settings it does not know are kept when it saves.

version = 1

[profiles.empty]

[profiles.prod.sms]
vendor = \"sinch-engage\"
hub_api_url = \"https://api.messagemedia.com\"
api_key = \"AbCdEf123456\"
token_fingerprint = \"0123456789ab\"
key_created = \"2025-01-15\"
next_rotation_due = \"2025-04-15\"
test_number = \"+64211234567\"
servicenow_url = \"https://acme.service-now.com\"
";
    assert_eq!(text, expected);
    let file = load_profiles(&dir).unwrap();
    assert_eq!(render_profiles(&file).unwrap(), expected);
}
