//! The HOPEX setup end to end in a pseudo-terminal: the real binary, a real `nowkey
//! sandbox` process serving HOPEX GraphQL and the ServiceNow Table API, the HOPEX
//! key created through the sandbox's admin endpoint (as the console would) and
//! pasted with bracketed paste, both live checks passing, and a profile saved
//! without the key or the password.

use crate::support;

use std::time::Duration;

use support::pty::{ClipboardRoute, Pty, PtyOptions};
use support::sandbox_proc::SandboxProcess;
use support::{contains_bytes, files_under, runtime};

const STEP: Duration = Duration::from_secs(15);
const SN_PASSWORD: &str = "integration-sandbox-pw";

fn create_hopex_key(rt: &tokio::runtime::Runtime, base: &str) -> String {
    rt.block_on(async {
        let created: serde_json::Value = reqwest::Client::new()
            .post(format!("{base}/_sandbox/hopex/keys"))
            .json(&serde_json::json!({
                "environment_id": "ENV-1",
                "repository_id": "REPO-1",
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

#[test]
fn hopex_setup_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
    let base = sandbox.base_url.clone();
    let config = tmp.path().join("config");
    let mut pty = Pty::spawn(
        PtyOptions::new(
            &[
                "setup",
                "hopex",
                "--hopex-url",
                &base,
                "--servicenow-url",
                &base,
            ],
            &config,
        )
        .clipboard(ClipboardRoute::Osc52),
    );

    // 1. On-premises, and a version the gate refuses before one it accepts.
    pty.expect("Step 1 of 9", STEP);
    pty.send(b"\t");
    pty.type_str("V5 CP6 HF12");
    pty.enter();
    pty.expect("V5 CP6 HF12 is too old", STEP);
    pty.send(b"\x15");
    pty.type_str("v5 cp6 hf27");
    pty.enter();

    // 2. The server is pre-filled from --hopex-url; the operator's own login.
    let screen = pty.expect("Step 2 of 9", STEP);
    assert!(screen.contains(&base), "{screen}");
    pty.send(b"\t\t\t");
    pty.type_str("alice");
    pty.enter();

    // 3. The key's fields; the same login as the operator's is refused inline.
    pty.expect("Step 3 of 9", STEP);
    pty.send(b"\t");
    pty.type_str("Alice");
    pty.enter();
    pty.expect("must differ from the login you use", STEP);
    pty.send(b"\x15");
    pty.type_str("svc.servicenow");
    pty.send(b"\t");
    pty.type_str("ENV-1");
    pty.send(b"\t");
    pty.type_str("REPO-1");
    pty.send(b"\t");
    pty.type_str("PROFILE-1");
    pty.enter();

    // 4. The console checklist, values filled in; the "console" creates the key.
    let screen = pty.expect("Step 4 of 9", STEP);
    for value in [
        "svc.servicenow",
        "ENV-1",
        "REPO-1",
        "PROFILE-1",
        "Open session",
        "Custom",
    ] {
        assert!(screen.contains(value), "checklist lacks {value}:\n{screen}");
    }
    let rt = runtime();
    let key = create_hopex_key(&rt, &base);
    pty.enter();

    // 5. Paste the key (with a trailing newline); only bullets show.
    pty.expect("Step 5 of 9", STEP);
    pty.send_paste(&format!("{key}\n"));
    let screen = pty
        .wait_until(STEP, "the masked key", |s| s.contains("••••••••••"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!screen.contains(&key), "the key is visible:\n{screen}");
    pty.enter();

    // 6. ServiceNow: the instance is pre-filled from --servicenow-url.
    pty.expect("Step 6 of 9", STEP);
    pty.send(b"\t");
    pty.type_str("sn.integration");
    pty.send(b"\t");
    pty.send_paste(SN_PASSWORD);
    pty.enter();

    // 7. Both checks, live.
    pty.expect("Step 7 of 9", STEP);
    pty.expect("HOPEX accepted the key (user svc.servicenow,", STEP);
    let screen = pty.expect("ServiceNow accepted sn.integration", STEP);
    assert!(
        !screen.contains(SN_PASSWORD) && !screen.contains(&key),
        "{screen}"
    );
    pty.enter();

    // 8. The module settings; u copies the URL through OSC 52.
    let screen = pty.expect("Step 8 of 9", STEP);
    for value in [base.as_str(), "Basic", "sn.integration"] {
        assert!(screen.contains(value), "summary lacks {value}:\n{screen}");
    }
    pty.type_str("u");
    pty.expect("The ServiceNow URL was sent", STEP);
    pty.enter();

    // 9. Save.
    pty.expect("Step 9 of 9", STEP);
    pty.send(b"\x15");
    pty.type_str("hopex-prod");
    pty.enter();
    let screen = pty.expect("Saved to", STEP);
    assert!(
        !screen.contains(SN_PASSWORD) && !screen.contains(&key),
        "{screen}"
    );
    pty.enter();
    pty.expect("Set up the HOPEX integration", STEP);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(Duration::from_secs(10)), Ok(0));

    // The profile: every setting, the key's fingerprint, no key, no password.
    let profiles = std::fs::read_to_string(config.join("profiles.toml")).unwrap();
    for expected in [
        "[profiles.hopex-prod.hopex]",
        "deployment = \"on-prem\"",
        "version = \"V5 CP6 HF27\"",
        "repository_id = \"REPO-1\"",
        "hopex_login = \"svc.servicenow\"",
        "servicenow_user = \"sn.integration\"",
        "key_fingerprint = ",
    ] {
        assert!(
            profiles.contains(expected),
            "profiles.toml lacks {expected}:\n{profiles}"
        );
    }
    for file in files_under(&config) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains_bytes(&bytes, key.as_bytes()),
            "key in {}",
            file.display()
        );
        assert!(
            !contains_bytes(&bytes, SN_PASSWORD.as_bytes()),
            "password in {}",
            file.display()
        );
    }
    let raw = pty.raw_output();
    assert!(
        !contains_bytes(&raw, key.as_bytes()),
        "the key reached the terminal"
    );
    assert!(
        !contains_bytes(&raw, SN_PASSWORD.as_bytes()),
        "the password reached the terminal"
    );
}
