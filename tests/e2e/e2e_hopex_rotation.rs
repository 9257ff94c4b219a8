//! A whole HOPEX API key rotation in a pseudo-terminal, against a real
//! `nowkey sandbox` process: the version's instructions, a new key that opens
//! the wrong repository refused with both values named, the right one checked,
//! the module's settings and Test confirmed, the old key revoked and HOPEX
//! seen to reject it, and the profile saved. The process is killed (SIGKILL)
//! at two steps and `nowkey rotate` resumes at the same step each time. No key
//! reaches a file or the terminal.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::pty::{ClipboardRoute, Pty, PtyOptions};
use support::rotation::kill_hard;
use support::sandbox_proc::SandboxProcess;
use support::{contains_bytes, files_under, runtime};

const STEP: Duration = Duration::from_secs(20);

/// A key the sandbox's HOPEX makes, tied to `repository`.
fn make_key(rt: &tokio::runtime::Runtime, base: &str, repository: &str) -> String {
    rt.block_on(async {
        let created: serde_json::Value = reqwest::Client::new()
            .post(format!("{base}/_sandbox/hopex/keys"))
            .json(&serde_json::json!({
                "environment_id": "ENV-1",
                "repository_id": repository,
                "profile_id": "PROFILE-1",
                "login": "svc.servicenow",
            }))
            .send()
            .await
            .expect("the sandbox answers")
            .json()
            .await
            .expect("JSON");
        created["api_key"].as_str().expect("api_key").to_owned()
    })
}

fn revoke_key(rt: &tokio::runtime::Runtime, base: &str, key: &str) {
    rt.block_on(async {
        let status = reqwest::Client::new()
            .delete(format!("{base}/_sandbox/hopex/keys/{key}"))
            .send()
            .await
            .expect("the sandbox answers")
            .status();
        assert_eq!(status.as_u16(), 204);
    });
}

/// A saved on-premises V6.2 HOPEX profile whose key is `old_key`.
fn save_hopex_profile(config: &Path, base: &str, old_key: &str) {
    use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
    use nowkey::domain::profile::{HopexProfile, Profile};
    use nowkey::domain::token::Fingerprint;
    use nowkey::store::{save_profile, ConfigDir};

    let dir = ConfigDir::resolve(Some(config.to_path_buf())).expect("config dir");
    dir.ensure_exists().expect("config dir created");
    let hopex = HopexProfile {
        deployment: Deployment::OnPrem,
        version: "V6.2".into(),
        server_url: base.into(),
        schema: "ITPM".into(),
        data_flow: DataFlow::Both,
        key_name: "servicenow-sync".into(),
        hopex_login: "svc.servicenow".into(),
        environment_id: "ENV-1".into(),
        repository_id: "REPO-1".into(),
        profile_id: "PROFILE-1".into(),
        session_mode: Some(SessionMode::Multi),
        connection_mode: Some(ConnectionMode::ReadWrite),
        key_fingerprint: Some(Fingerprint::of_secret(old_key)),
        key_created: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        servicenow_url: base.into(),
        servicenow_user: "sn.integration".into(),
        key_expires: None,
        servicenow_auth: Default::default(),
        servicenow_oauth_client_id: None,
        rotations: Vec::new(),
    };
    let profile = Profile {
        sms: None,
        hopex: Some(hopex),
    };
    save_profile(&dir, "prod", profile).expect("profile saved");
}

fn spawn(config: &Path) -> Pty {
    Pty::spawn(
        PtyOptions::new(&["rotate", "--profile", "prod", "--key", "hopex"], config)
            .clipboard(ClipboardRoute::None),
    )
}

fn journal_phase(config: &Path) -> String {
    let text = std::fs::read_to_string(config.join("rotations/hopex/prod.toml")).expect("journal");
    let doc: toml::Value = toml::from_str(&text).expect("journal parses");
    assert_eq!(doc["credential"].as_str(), Some("hopex_key"), "{text}");
    doc["phase"].as_str().expect("phase").to_owned()
}

/// The screen with its wrapped lines joined, for sentences that wrap.
fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn wait_flat(pty: &Pty, text: &str) -> String {
    let want = flat(text);
    pty.wait_until(STEP, text, |screen| flat(screen).contains(&want))
        .unwrap_or_else(|screen| panic!("never saw {text:?}:\n{screen}"))
}

#[test]
fn a_hopex_key_rotation_survives_two_crashes_and_confirms_the_revocation() {
    let tmp = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
    let base = sandbox.base_url.clone();
    let rt = runtime();
    let old_key = make_key(&rt, &base, "REPO-1");
    let wrong_key = make_key(&rt, &base, "REPO-2");
    let new_key = make_key(&rt, &base, "REPO-1");
    let config = tmp.path().join("config");
    save_hopex_profile(&config, &base, &old_key);
    let mut raw = Vec::new();

    // Start, giving the old key so its revocation can be confirmed later.
    let mut pty = spawn(&config);
    pty.expect("Rotate this profile's HOPEX key", STEP);
    pty.send_paste(&old_key);
    pty.enter();

    // Step 2: the V6.2 instructions, a suggested name, the wrong repository's key.
    let screen = pty.expect("Make the new key in HOPEX", STEP);
    assert!(screen.contains("Administration desktop"), "{screen}");
    assert!(screen.contains("servicenow-sync-"), "{screen}");
    pty.send(b"\t");
    pty.type_str("30/06/2027");
    pty.send(b"\t");
    pty.send_paste(&wrong_key);
    pty.enter();
    wait_flat(&pty, "Type the expiration date as YYYY-MM-DD");
    // The focus is on the refused field.
    pty.send(b"\x15");
    pty.type_str("2027-06-30");
    pty.enter();
    wait_flat(
        &pty,
        "This key opens repository REPO-2; the profile says REPO-1.",
    );
    assert_eq!(journal_phase(&config), "new_key_captured");

    // Another key, on the right repository (the name and date typed stay).
    pty.send(b"e");
    pty.expect("Make the new key in HOPEX", STEP);
    pty.send(b"\t\t");
    pty.send_paste(&new_key);
    pty.enter();
    pty.expect("Update HOPEX's ServiceNow module", STEP);
    assert_eq!(journal_phase(&config), "new_key_verified");

    // Crash 1: the new key was only in memory; the resume asks for it.
    kill_hard(&mut pty);
    raw.extend(pty.raw_output());
    let mut pty = spawn(&config);
    pty.expect("Enter the new key again", STEP);
    pty.send_paste(&wrong_key);
    pty.enter();
    wait_flat(&pty, "That is not the new key named servicenow-sync-");
    pty.send(b"\x15");
    pty.send_paste(&new_key);
    pty.enter();
    pty.expect("Update HOPEX's ServiceNow module", STEP);
    pty.enter();
    wait_flat(&pty, "Tick (1) once the module settings hold the new key");
    pty.send(b"1");
    pty.enter();
    let screen = pty.expect("Test the module with the new key", STEP);
    assert!(flat(&screen).contains("Live now: BOTH keys"), "{screen}");
    assert_eq!(journal_phase(&config), "servicenow_updated");

    // Crash 2: the module's Test needs no key; the resume opens it at once.
    kill_hard(&mut pty);
    raw.extend(pty.raw_output());
    let mut pty = spawn(&config);
    pty.expect("Test the module with the new key", STEP);
    pty.send(b"y");
    pty.expect("Revoke the old key", STEP);
    assert_eq!(journal_phase(&config), "live_test_passed");

    // The old key was only in memory too: paste it, revoke it, HOPEX rejects it.
    revoke_key(&rt, &base, &old_key);
    pty.send_paste(&old_key);
    pty.enter();
    let screen = wait_flat(
        &pty,
        "HOPEX rejects the old key servicenow-sync: revocation confirmed.",
    );
    assert!(screen.contains("Update the profile"), "{screen}");
    pty.enter();
    pty.expect("Rotation complete", STEP);
    assert_eq!(journal_phase(&config), "completed");
    raw.extend(pty.raw_output());

    let profiles = std::fs::read_to_string(config.join("profiles.toml")).unwrap();
    let doc: toml::Value = toml::from_str(&profiles).unwrap();
    let hopex = &doc["profiles"]["prod"]["hopex"];
    let fingerprint = nowkey::domain::token::Fingerprint::of_secret(&new_key).to_string();
    assert_eq!(
        hopex["key_fingerprint"].as_str(),
        Some(fingerprint.as_str())
    );
    assert!(hopex["key_name"]
        .as_str()
        .unwrap()
        .starts_with("servicenow-sync-"));
    assert_eq!(
        hopex["key_expires"].as_str(),
        Some("2027-06-30"),
        "{profiles}"
    );
    let record = &hopex["rotations"][0];
    assert_eq!(record["old_key"].as_str(), Some("servicenow-sync"));
    assert_eq!(record["old_key_revocation"].as_str(), Some("confirmed"));

    // No key anywhere: every file nowkey wrote, and all the terminal received.
    for key in [&old_key, &new_key, &wrong_key] {
        for file in files_under(&config) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !contains_bytes(&bytes, key.as_bytes()),
                "a key is in {}",
                file.display()
            );
        }
        assert!(
            !contains_bytes(&raw, key.as_bytes()),
            "a key reached the terminal"
        );
    }
}
