//! Rewriting profiles.toml keeps what nowkey does not know: unknown top-level
//! keys, unknown keys of a profile, unknown tables and comments (a newer nowkey
//! may write them under `version = 1`), byte for byte apart from the change.

use chrono::NaiveDate;
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::profile::{rotation_due, HopexProfile, Profile, RotationRecord, SmsProfile};
use nowkey::domain::rotation::Revocation;
use nowkey::domain::token::Fingerprint;
use nowkey::store::{load_profiles, remove_profile, save_profile, ConfigDir};

/// A file a newer nowkey (or an admin) wrote: comments everywhere, a top-level
/// key, a table and per-profile keys this nowkey does not know.
const KEEP: &str = "\
# Managed by the platform team; see TICKET-42.
version = 1
telemetry = \"off\"   # a newer nowkey's setting

[defaults]
timeout = 30

# The production Hub.
[profiles.prod]
owner = \"team-sms\"

[profiles.prod.sms]
vendor = \"messagemedia\"   # the brand
hub_api_url = \"https://api.messagemedia.com\"
api_key = \"KEYPROD1\"
token_fingerprint = \"0123456789ab\"
key_created = \"2026-01-10\"
next_rotation_due = \"2026-04-10\"
future_field = [1, 2, 3]
";

/// The profile removed in the test, placed last so the expected text is the
/// original with this block cut off.
const OTHER: &str = "
[profiles.other.sms]
vendor = \"sinch-engage\"
hub_api_url = \"https://api.messagemedia.com\"
api_key = \"KEYOTHER\"
token_fingerprint = \"aaaaaaaaaaaa\"
key_created = \"2026-02-01\"
next_rotation_due = \"2026-05-02\"
";

fn dir_with(text: &str) -> (tempfile::TempDir, ConfigDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("nowkey"))).unwrap();
    dir.ensure_exists().unwrap();
    std::fs::write(dir.profiles_path(), text).unwrap();
    (tmp, dir)
}

fn read(dir: &ConfigDir) -> String {
    std::fs::read_to_string(dir.profiles_path()).unwrap()
}

#[test]
fn removing_a_profile_keeps_unknown_keys_tables_and_comments_byte_for_byte() {
    let (_tmp, dir) = dir_with(&format!("{KEEP}{OTHER}"));
    assert!(remove_profile(&dir, "other").unwrap());
    assert_eq!(read(&dir), KEEP);
}

#[test]
fn saving_a_profile_changes_only_its_changed_lines() {
    let (_tmp, dir) = dir_with(&format!("{KEEP}{OTHER}"));
    let mut prod = load_profiles(&dir).unwrap().profiles["prod"].clone();
    let created = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    if let Some(sms) = prod.sms.as_mut() {
        sms.api_key = "KEYPROD2".to_owned();
        sms.key_created = created;
        sms.next_rotation_due = rotation_due(created);
    }
    save_profile(&dir, "prod", prod).unwrap();
    let expected = format!("{KEEP}{OTHER}")
        .replace("api_key = \"KEYPROD1\"", "api_key = \"KEYPROD2\"")
        .replace(
            "key_created = \"2026-01-10\"",
            "key_created = \"2026-03-01\"",
        )
        .replace(
            "next_rotation_due = \"2026-04-10\"",
            "next_rotation_due = \"2026-05-30\"",
        );
    assert_eq!(read(&dir), expected);
}

#[test]
fn saving_the_same_profile_again_changes_nothing() {
    let text = format!("{KEEP}{OTHER}");
    let (_tmp, dir) = dir_with(&text);
    let prod = load_profiles(&dir).unwrap().profiles["prod"].clone();
    save_profile(&dir, "prod", prod).unwrap();
    assert_eq!(read(&dir), text);
}

#[test]
fn a_new_profile_is_added_and_everything_else_is_kept() {
    let (_tmp, dir) = dir_with(KEEP);
    save_profile(&dir, "empty", Profile::default()).unwrap();
    let text = read(&dir);
    // In name order among the profiles; nothing else moves.
    let expected = KEEP.replace(
        "# The production Hub.\n",
        "[profiles.empty]\n\n# The production Hub.\n",
    );
    assert_eq!(text, expected);
    let doc: toml::Table = text.parse().unwrap();
    assert_eq!(doc["telemetry"].as_str(), Some("off"));
    assert_eq!(doc["defaults"]["timeout"].as_integer(), Some(30));
    assert_eq!(doc["profiles"]["prod"]["owner"].as_str(), Some("team-sms"));
    assert!(doc["profiles"]["prod"]["sms"].get("future_field").is_some());
}

#[test]
fn a_rotation_entry_replaces_the_older_spelling_and_keeps_unknown_entry_keys() {
    let text = "\
version = 1

[profiles.prod.sms]
vendor = \"messagemedia\"
hub_api_url = \"https://api.messagemedia.com\"
api_key = \"KEYNEW\"
token_fingerprint = \"0123456789ab\"
key_created = \"2026-01-10\"
next_rotation_due = \"2026-04-10\"

[[profiles.prod.sms.rotations]]
completed = \"2026-01-10\"
old_key = \"KEYOLD\"
new_key = \"KEYNEW\"
new_fingerprint = \"0123456789ab\"
old_key_rejected = true
ticket = \"CHG-1\"
";
    let (_tmp, dir) = dir_with(text);
    let mut prod = load_profiles(&dir).unwrap().profiles["prod"].clone();
    let sms: &mut SmsProfile = prod.sms.as_mut().unwrap();
    assert_eq!(
        sms.rotations[0].old_key_revocation,
        Some(Revocation::Confirmed)
    );
    sms.rotations.push(RotationRecord {
        completed: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        old_key: "KEYNEW".to_owned(),
        new_key: "KEYNEWER".to_owned(),
        new_fingerprint: Fingerprint::parse("bbbbbbbbbbbb").unwrap(),
        old_key_revocation: Some(Revocation::NotVerified),
        servicenow_proof: None,
        started: None,
    });
    save_profile(&dir, "prod", prod.clone()).unwrap();
    let written = read(&dir);
    assert!(!written.contains("old_key_rejected"), "{written}");
    assert!(written.contains("ticket = \"CHG-1\""), "{written}");
    assert_eq!(load_profiles(&dir).unwrap().profiles["prod"], prod);
}

#[test]
fn an_older_header_is_corrected_when_saved() {
    let old = "\
# nowkey profiles. No secrets are stored in this file.
# Written by nowkey: hand-made comments are not kept when nowkey saves it.

version = 1
";
    let (_tmp, dir) = dir_with(old);
    save_profile(&dir, "empty", Profile::default()).unwrap();
    let text = read(&dir);
    assert!(!text.contains("are not kept"), "{text}");
    assert!(
        text.starts_with("# nowkey profiles. No secrets are stored in this file.\n# Written by nowkey: comments and settings it does not know are kept when it saves.\n"),
        "{text}"
    );
}

/// Every key nowkey writes for a profile with every field filled is one it
/// knows, so a save never leaves an old value of it beside the new one.
#[test]
fn every_field_nowkey_writes_is_in_its_known_keys() {
    let (_tmp, dir) = dir_with(&format!("{KEEP}{OTHER}"));
    let mut prod = load_profiles(&dir).unwrap().profiles["prod"].clone();
    if let Some(sms) = prod.sms.as_mut() {
        sms.test_number = Some("+61491570156".to_owned());
        sms.servicenow_url = Some("https://acme.service-now.com".to_owned());
        sms.servicenow_user = Some("sn.integration".to_owned());
        sms.rotations.push(RotationRecord {
            completed: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            old_key: "A".to_owned(),
            new_key: "B".to_owned(),
            new_fingerprint: Fingerprint::parse("bbbbbbbbbbbb").unwrap(),
            old_key_revocation: Some(Revocation::Confirmed),
            servicenow_proof: None,
            started: None,
        });
    }
    prod.hopex = Some(HopexProfile {
        deployment: Deployment::OnPrem,
        version: "V5 CP6 HF27".to_owned(),
        server_url: "https://hopex.acme.com".to_owned(),
        schema: "ITPM".to_owned(),
        data_flow: DataFlow::Both,
        key_name: "ServiceNow".to_owned(),
        hopex_login: "svc.servicenow".to_owned(),
        environment_id: "ENV-1".to_owned(),
        repository_id: "REPO-1".to_owned(),
        profile_id: "PROFILE-1".to_owned(),
        session_mode: Some(SessionMode::Multi),
        connection_mode: Some(ConnectionMode::ReadWrite),
        key_fingerprint: Fingerprint::parse("cccccccccccc"),
        key_created: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        servicenow_url: "https://acme.service-now.com".to_owned(),
        servicenow_user: "sn.integration".to_owned(),
        key_expires: None,
        servicenow_auth: Default::default(),
        servicenow_oauth_client_id: None,
        rotations: Vec::new(),
    });
    let rendered = toml::to_string(&prod).unwrap();
    let known = nowkey::store::known_profile_keys();
    let table: toml::Table = rendered.parse().unwrap();
    let mut keys = Vec::new();
    collect_keys(&toml::Value::Table(table), &mut keys);
    for key in keys {
        assert!(known.contains(&key.as_str()), "{key} is not known");
    }
}

fn collect_keys(value: &toml::Value, keys: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                keys.push(key.clone());
                collect_keys(value, keys);
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

#[test]
fn a_profile_nowkey_could_not_read_back_is_not_saved() {
    let text = format!("{KEEP}{OTHER}");
    let (_tmp, dir) = dir_with(&text);
    let mut prod = load_profiles(&dir).unwrap().profiles["prod"].clone();
    if let Some(sms) = prod.sms.as_mut() {
        sms.api_key = "KEY\u{1b}[2J".to_owned();
    }
    let error = save_profile(&dir, "prod", prod).unwrap_err();
    assert!(
        matches!(error, nowkey::store::StoreError::BadProfileField { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("sms.api_key"), "{message}");
    assert!(!message.chars().any(char::is_control), "{message}");
    assert_eq!(read(&dir), text, "the file is unchanged");
}

#[test]
fn a_refused_profile_name_is_shown_escaped() {
    let (_tmp, dir) = dir_with(KEEP);
    let error = save_profile(&dir, "x\u{1b}]0;t\u{7}", Profile::default()).unwrap_err();
    let message = error.to_string();
    assert!(!message.chars().any(char::is_control), "{message}");
    assert!(message.contains("x\\u{1b}]0;t\\u{7}"), "{message}");
    assert_eq!(read(&dir), KEEP);
}
