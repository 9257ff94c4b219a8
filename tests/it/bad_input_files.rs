//! The bad-input suite for files: a hand-edited, damaged or planted
//! `profiles.toml` or rotation journal. Every row must be refused on load with a
//! message naming the file, the line and (for a profile) the profile and field,
//! holding no control character and never the bad value itself (it may be a
//! secret pasted into the wrong field). `profiles list` must then exit 2 and
//! print nothing from the file raw.

use nowkey::store::{load_profiles, load_rotation, ConfigDir, StoreError};

use crate::support::cli::nowkey;

/// A valid SMS profile body, for rows that break one field of it.
const SMS: &str = "\
vendor = \"messagemedia\"
hub_api_url = \"https://api.messagemedia.com\"
api_key = \"KEY1\"
token_fingerprint = \"0123456789ab\"
key_created = \"2026-01-10\"
next_rotation_due = \"2026-04-10\"
";

/// A canary standing for a secret pasted into the wrong field.
const CANARY: &str = "CANARYsecret9Zq";

struct Row {
    what: &'static str,
    text: String,
    line: usize,
    /// Must appear in the message (the field, the profile).
    names: &'static [&'static str],
    /// Must not appear in the message (the bad value).
    hides: &'static [&'static str],
}

/// The SMS profile `prod` with `field` set to `value` (a TOML value as written).
fn sms_with(field: &str, value: &str) -> String {
    let body: String = SMS
        .lines()
        .map(|line| {
            if line.starts_with(&format!("{field} =")) {
                format!("{field} = {value}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let body = if body.contains(&format!("{field} =")) {
        body
    } else {
        format!("{body}{field} = {value}\n")
    };
    format!("version = 1\n\n[profiles.prod.sms]\n{body}")
}

fn named(name_toml: &str) -> String {
    format!("version = 1\n\n[profiles.{name_toml}.sms]\n{SMS}")
}

/// A run-time value as a row's `hides` list (rows are built once per test).
fn leaked(text: &str) -> &'static [&'static str] {
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    Box::leak(vec![text].into_boxed_slice())
}

fn rows() -> Vec<Row> {
    let long = "a".repeat(300);
    let rows = vec![
        Row { what: "name with ESC (an OSC title sequence)", text: named("\"prod\\u001b]0;owned\\u0007\""), line: 3, names: &["\\u{1b}", "Use letters"], hides: &["\u{1b}", "\u{7}"] },
        Row { what: "name with CR LF", text: named("\"prod\\r\\nfake\""), line: 3, names: &["\\u{d}\\u{a}"], hides: &["\r", "\n"] },
        Row { what: "name with quotes", text: named("'pr\"od'"), line: 3, names: &["'\"' is not allowed"], hides: &[] },
        Row { what: "name reaching out of its folder", text: named("\"../etc\""), line: 3, names: &["'/' is not allowed"], hides: &[] },
        Row { what: "empty name", text: named("\"\""), line: 3, names: &["Give the profile a name"], hides: &[] },
        Row { what: "300-character name", text: named(&long), line: 3, names: &["at most 64 characters", "…"], hides: leaked(&long) },
        Row { what: "name with spaces around it", text: named("\" prod\""), line: 3, names: &["spaces around"], hides: &[] },
        Row { what: "api_key with ESC", text: sms_with("api_key", "\"KEY\\u001b[2J\""), line: 6, names: &["profile 'prod'", "sms.api_key", "\\u{1b}"], hides: &["\u{1b}"] },
        Row { what: "api_key with a colon", text: sms_with("api_key", "\"KEY:1\""), line: 6, names: &["sms.api_key", "':'"], hides: &["KEY:1"] },
        Row { what: "api_key of 300 characters", text: sms_with("api_key", &format!("\"{long}\"")), line: 6, names: &["sms.api_key", "too long"], hides: leaked(&long) },
        Row { what: "api_key with a line break", text: sms_with("api_key", "\"KEY\\n1\""), line: 6, names: &["sms.api_key", "control character"], hides: &["KEY\n1"] },
        Row { what: "unknown vendor", text: sms_with("vendor", &format!("\"{CANARY}\"")), line: 4, names: &["sms.vendor", "not a brand nowkey knows"], hides: &[CANARY] },
        Row { what: "vendor with ESC", text: sms_with("vendor", "\"message\\u001bmedia\""), line: 4, names: &["sms.vendor"], hides: &["\u{1b}"] },
        Row { what: "test_number with ESC", text: sms_with("test_number", "\"+61491570156\\u001b[31m\""), line: 10, names: &["sms.test_number", "control character"], hides: &["\u{1b}"] },
        Row { what: "test_number in local form", text: sms_with("test_number", "\"0412345678\""), line: 10, names: &["sms.test_number", "international form"], hides: &["0412345678"] },
        Row { what: "hub_api_url with a line break", text: sms_with("hub_api_url", "\"https://api.messagemedia.com\\n.evil\""), line: 5, names: &["sms.hub_api_url"], hides: &[".evil"] },
        Row { what: "hub_api_url over plain http", text: sms_with("hub_api_url", "\"http://hub.example.com\""), line: 5, names: &["sms.hub_api_url", "https://"], hides: &["hub.example.com"] },
        Row { what: "servicenow_url with a password", text: sms_with("servicenow_url", &format!("\"https://u:{CANARY}@acme.service-now.com\"")), line: 10, names: &["sms.servicenow_url"], hides: &[CANARY] },
        Row { what: "servicenow_user with spaces", text: sms_with("servicenow_user", "\"sn user\""), line: 10, names: &["sms.servicenow_user"], hides: &["sn user"] },
        Row { what: "a secret pasted as the key date", text: sms_with("key_created", &format!("\"{CANARY}\"")), line: 8, names: &["profiles.prod.sms.key_created"], hides: &[CANARY] },
        Row { what: "a secret pasted as the fingerprint", text: sms_with("token_fingerprint", &format!("\"{CANARY}\"")), line: 7, names: &["token_fingerprint", "12 lowercase hex"], hides: &[CANARY] },
        Row { what: "a secret pasted as the version", text: format!("version = \"{CANARY}\"\n"), line: 1, names: &["version", "expected"], hides: &[CANARY] },
        Row { what: "a secret as a HOPEX deployment", text: format!("version = 1\n\n[profiles.h.hopex]\ndeployment = \"{CANARY}\"\n"), line: 4, names: &["deployment"], hides: &[CANARY] },
        Row { what: "a rotation entry's key with ESC", text: format!("{}\n[[profiles.prod.sms.rotations]]\ncompleted = \"2026-01-10\"\nold_key = \"OLD\\u001b\"\nnew_key = \"KEY1\"\nnew_fingerprint = \"0123456789ab\"\n", sms_with("api_key", "\"KEY1\"")), line: 13, names: &["sms.rotations[1].old_key"], hides: &["\u{1b}"] },
        Row { what: "a raw ESC in a table header", text: "version = 1\n\n[profiles.pr\u{1b}od.sms]\n".to_owned(), line: 3, names: &["not a valid profiles file"], hides: &["\u{1b}"] },
        Row { what: "an unterminated string holding a secret", text: format!("version = 1\n\n[profiles.prod.sms]\napi_key = \"{CANARY}\n"), line: 4, names: &["not a valid profiles file"], hides: &[CANARY] },
        Row { what: "a secret as a bare value", text: format!("version = 1\n\n[profiles.prod.sms]\napi_key = {CANARY}\n"), line: 4, names: &["not a valid profiles file"], hides: &[CANARY] },
        Row { what: "invalid UTF-8 on line 3", text: String::new(), line: 3, names: &["not UTF-8"], hides: &["permissions"] },
    ];
    rows
}

fn file_bytes(row: &Row) -> Vec<u8> {
    if row.what.starts_with("invalid UTF-8") {
        let mut bytes = b"version = 1\n\n[profiles.p\xff]\n".to_vec();
        bytes.extend_from_slice(b"x = 1\n");
        bytes
    } else {
        row.text.clone().into_bytes()
    }
}

fn dir_with(bytes: &[u8]) -> (tempfile::TempDir, ConfigDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("config"))).unwrap();
    dir.ensure_exists().unwrap();
    std::fs::write(dir.profiles_path(), bytes).unwrap();
    (tmp, dir)
}

fn problems(row: &Row, error: &StoreError, dir: &ConfigDir) -> Vec<String> {
    let text = error.to_string();
    let mut wrong = Vec::new();
    if !error.is_input_error() {
        wrong.push(format!("not an input error: {error:?}"));
    }
    if !text.contains(&dir.profiles_path().display().to_string()) {
        wrong.push("does not name the file".to_owned());
    }
    if !text.contains(&format!("line {}", row.line)) {
        wrong.push(format!("does not say line {}", row.line));
    }
    for name in row.names {
        if !text.contains(name) {
            wrong.push(format!("does not say {name:?}"));
        }
    }
    for hidden in row.hides {
        if text.contains(hidden) {
            wrong.push(format!("shows {hidden:?}"));
        }
    }
    if text.chars().any(char::is_control) {
        wrong.push("holds a control character".to_owned());
    }
    wrong
}

#[test]
fn every_bad_profiles_file_is_refused_naming_line_profile_and_field_never_the_value() {
    let mut failures = Vec::new();
    for row in rows() {
        let (_tmp, dir) = dir_with(&file_bytes(&row));
        match load_profiles(&dir) {
            Ok(_) => failures.push(format!("{}: accepted", row.what)),
            Err(error) => {
                let wrong = problems(&row, &error, &dir);
                if !wrong.is_empty() {
                    failures.push(format!("{}: {}\n    {error}", row.what, wrong.join("; ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn profiles_list_exits_2_and_prints_nothing_raw_from_a_bad_file() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(
        config.join("profiles.toml"),
        named("\"prod\\u001b]0;owned\\u0007\""),
    )
    .unwrap();
    for args in [
        &["profiles", "list"][..],
        &["profiles", "list", "--json"],
        &["profiles", "remove", "prod"],
    ] {
        let run = nowkey(args, home.path()).run();
        run.expect_code(2).expect_one_line_error();
        assert!(!run.stderr.contains('\u{1b}'), "{run:#?}");
        assert!(!run.stdout.contains('\u{1b}'), "{run:#?}");
        assert!(run.stderr.contains("line 3"), "{run:#?}");
    }
}

#[test]
fn a_profile_name_given_on_the_command_line_is_echoed_escaped() {
    let home = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;owned\u{7}";
    for args in [
        &["profiles", "show", name][..],
        &["profiles", "remove", name],
        &["send-test", "--profile", name, "--to", "+61491570156"],
    ] {
        let run = nowkey(args, home.path()).run();
        // Refused where it enters, by the wizard's own name rule: one line that
        // names the bad character escaped and never repeats the argument raw.
        run.expect_code(2);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{run:#?}");
        assert!(!run.stderr.contains('\u{1b}'), "{run:#?}");
        assert!(!run.stderr.contains('\u{7}'), "{run:#?}");
        assert!(run.stderr.contains("'\\u{1b}' is not allowed"), "{run:#?}");
    }
}

#[test]
fn a_secret_in_a_journal_field_is_not_quoted_in_its_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("config"))).unwrap();
    dir.ensure_exists().unwrap();
    let rotations = dir.root().join("rotations");
    std::fs::create_dir(&rotations).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&rotations, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    std::fs::write(
        rotations.join("prod.toml"),
        format!("format = 1\nprofile = \"prod\"\nphase = \"{CANARY}\"\n"),
    )
    .unwrap();
    let error =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    let text = error.to_string();
    assert!(!text.contains(CANARY), "{text}");
    assert!(text.contains("line 3"), "{text}");
}

#[test]
fn a_journal_that_is_not_utf8_says_so_not_permissions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("config"))).unwrap();
    dir.ensure_exists().unwrap();
    let rotations = dir.root().join("rotations");
    std::fs::create_dir(&rotations).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&rotations, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    std::fs::write(rotations.join("prod.toml"), b"format = 1\n\xfe\n").unwrap();
    let error =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, StoreError::NotUtf8 { line: 2, .. }),
        "{error:?}"
    );
    assert!(!text.contains("permissions"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_ca_file_that_is_a_device_is_refused_before_reading() {
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["--ca-file", "/dev/zero", "profiles", "list"], home.path()).run();
    run.expect_code(2).expect_one_line_error();
    assert!(
        run.stderr.contains("/dev/zero, is a device, not a file"),
        "{run:#?}"
    );
}

#[test]
fn a_huge_ca_file_is_refused_after_its_limit() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("huge.pem");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: no disk is used, but reading it whole would take 64 MiB.
    file.set_len(64 * 1024 * 1024).unwrap();
    let run = nowkey(
        &["--ca-file", path.to_str().unwrap(), "profiles", "list"],
        home.path(),
    )
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(
        run.stderr
            .contains("is larger than 4194304 bytes, so it cannot be a CA bundle"),
        "{run:#?}"
    );
}

#[test]
fn a_ca_file_that_is_a_folder_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().to_str().unwrap().to_owned();
    let run = nowkey(&["--ca-file", &path, "profiles", "list"], home.path()).run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("is a folder, not a file"), "{run:#?}");
}

#[test]
fn a_journal_key_id_with_a_control_sequence_is_refused_with_its_line() {
    use nowkey::domain::rotation::{KeyRef, Rotation};
    use nowkey::domain::token::Fingerprint;
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("config"))).unwrap();
    let old = KeyRef {
        api_key: "OLDKEY1".to_owned(),
        fingerprint: Fingerprint::parse("0123456789ab").unwrap(),
        expires: None,
    };
    let rotation = Rotation::start("prod", old, false, chrono::Utc::now());
    nowkey::store::save_rotation(&dir, &rotation).unwrap();
    let path =
        nowkey::store::journal_path(&dir, "prod", nowkey::domain::rotation::Credential::HubKey);
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("api_key = \"OLDKEY1\""))
        .expect("the key line")
        + 1;
    std::fs::write(
        &path,
        text.replace(
            "api_key = \"OLDKEY1\"",
            "api_key = \"OLD\\u001b]0;x\\u0007\"",
        ),
    )
    .unwrap();
    let error =
        load_rotation(&dir, "prod", nowkey::domain::rotation::Credential::HubKey).unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&format!("line {line}")), "{message}");
    assert!(message.contains("old.api_key"), "{message}");
    assert!(!message.chars().any(char::is_control), "{message}");
}
