//! `nowkey rotate --profile NAME` before it takes the terminal: a journal it
//! cannot read is left byte for byte and the command exits 2 naming the file;
//! an unknown profile exits 2 as well.

use crate::flow_support::rotate_screens::profiles;
use crate::support;

use chrono::Utc;
use nowkey::domain::rotation::{Event, Rotation};
use nowkey::store::{journal_path, save_profile, save_rotation, ConfigDir};
use support::cli::nowkey;

/// A config folder with profile "prod" and its rotation at servicenow_updated.
fn config_with_rotation(tmp: &tempfile::TempDir) -> (ConfigDir, std::path::PathBuf) {
    let root = tmp.path().join("cfg");
    let dir = ConfigDir::resolve(Some(root.clone())).unwrap();
    dir.ensure_exists().unwrap();
    let file = profiles();
    let prod = file.profiles["prod"].clone();
    let sms = prod.sms.clone().unwrap();
    save_profile(&dir, "prod", prod).unwrap();
    let now = Utc::now();
    let old = nowkey::domain::rotation::KeyRef {
        api_key: sms.api_key.clone(),
        fingerprint: sms.token_fingerprint.clone(),
        expires: None,
    };
    let new = nowkey::domain::rotation::KeyRef {
        api_key: "NEWKEY00000000000002".into(),
        fingerprint: nowkey::domain::token::Fingerprint::parse("0123456789ab").unwrap(),
        expires: None,
    };
    let mut rotation = Rotation::start("prod", old, false, now);
    for event in [
        Event::NewKeyCaptured { key: new.clone() },
        Event::NewKeyVerified {
            fingerprint: new.fingerprint.clone(),
        },
        Event::ServicenowUpdated {
            spoke_token: true,
            environment_registration: true,
        },
    ] {
        rotation.apply(event, now).unwrap();
    }
    save_rotation(&dir, &rotation).unwrap();
    (dir, root)
}

#[test]
fn a_damaged_or_newer_journal_is_left_byte_for_byte_and_rotate_exits_2() {
    for (what, edit) in [
        (
            "damaged",
            (
                "phase = \"servicenow_updated\"",
                "phase = servicenow_updated\"",
            ),
        ),
        ("newer", ("format = 1", "format = 2")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, root) = config_with_rotation(&tmp);
        let path = journal_path(&dir, "prod", nowkey::domain::rotation::Credential::HubKey);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(edit.0), "{text}");
        let broken = text.replace(edit.0, edit.1);
        std::fs::write(&path, &broken).unwrap();
        let run = nowkey(
            &[
                "rotate",
                "--profile",
                "prod",
                "--config-dir",
                root.to_str().unwrap(),
            ],
            tmp.path(),
        )
        .run();
        run.expect_code(2);
        assert!(
            run.stderr.contains(&path.display().to_string()),
            "{what}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("leaves it as it is"),
            "{what}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            broken,
            "{what}: the journal is untouched"
        );
    }
}

#[test]
fn rotate_names_a_profile_that_does_not_exist_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, root) = config_with_rotation(&tmp);
    let run = nowkey(
        &[
            "rotate",
            "--profile",
            "staging",
            "--config-dir",
            root.to_str().unwrap(),
        ],
        tmp.path(),
    )
    .run();
    run.expect_code(2);
    assert!(
        run.stderr.contains("No saved profile is named 'staging'"),
        "{}",
        run.stderr
    );
}
