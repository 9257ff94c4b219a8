//! nowkey writing the new key into ServiceNow and proving ServiceNow sends with
//! it, end to end in a pseudo-terminal against a real `nowkey sandbox` process
//! playing the Hub and a ServiceNow instance with the SMS connector: the
//! rotation writes the simulated instance's credential and registration record,
//! the simulated connector then sends with whatever it holds, and nowkey finds
//! (or does not find) that message in the Hub's report.

use crate::support;

use std::time::Duration;

use support::cli::nowkey;
use support::pty::{ClipboardRoute, Pty, PtyOptions};
use support::rotation::{
    read_journal, read_sms_profile, save_sms_profile, title, wait_phase, Hub, Operator,
};
use support::servicenow::{proof_text, spoke_send, write_with_nowkey};
use support::GOOD_NUMBER;

const EXIT: Duration = Duration::from_secs(10);
const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "admin-sandbox-pw";

fn rotate(config: &std::path::Path, proof_window: &str) -> Pty {
    Pty::spawn(
        PtyOptions::new(&["rotate"], config)
            .clipboard(ClipboardRoute::None)
            .env("NOWKEY_PROOF_WINDOW", proof_window),
    )
}

#[test]
fn nowkey_writes_servicenow_and_after_the_deletion_the_connector_proves_the_new_key() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let hub = Hub::start(&[], &tmp.path().join("sandbox"));
    let old = hub.create_key();
    let new = hub.create_key();
    save_sms_profile(&config, "prod", &hub.base_url, &old);
    let mut pty = rotate(&config, "60");
    {
        let mut op = Operator::new(&mut pty, &[&old, &new]).guard(&config, "prod");
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.see_screen(title::SERVICENOW, Some(3));
        let preview = write_with_nowkey(op.pty, &hub.base_url, ADMIN, ADMIN_PASSWORD);
        assert!(preview.contains("api_key_credentials"), "{preview}");
        assert!(
            !preview.contains(ADMIN_PASSWORD) && !preview.contains(&new.secret),
            "{preview}"
        );
        // Both records saved and journaled, then step 4 recorded: the live test.
        op.see_screen(title::LIVE, Some(4));
        let journal = wait_phase(&config, "prod", "servicenow_updated");
        assert_eq!(
            journal.text.matches("[[servicenow_writes]]").count(),
            2,
            "{}",
            journal.text
        );
        assert!(!journal.text.contains(&new.secret) && !journal.text.contains(&new.token));
        // The simulated connector now sends with the new key.
        assert_eq!(
            spoke_send(&hub.base_url, GOOD_NUMBER, "before the deletion"),
            202
        );
        op.pass_live_test();
        hub.delete_key(&old.key);
        op.enter();
        let screen = op.see_screen(title::PROOF, Some(6));
        let text = proof_text(&screen);
        // ServiceNow sends the text, as the operator would from the connector.
        assert_eq!(
            spoke_send(&hub.base_url, GOOD_NUMBER, &text),
            202,
            "the new key sends"
        );
        op.enter();
        op.see("Test sent from ServiceNow: proven");
        op.see("Recorded in the journal");
        op.enter();
        op.see_screen(title::PROFILE, Some(6));
        op.enter();
        let done = op.see_screen(title::DONE, None);
        assert!(
            done.contains("Test sent from ServiceNow: proven."),
            "{done}"
        );
        op.keys(b"\x03");
    }
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    let journal = read_journal(&config, "prod").expect("the journal");
    assert!(
        journal.text.contains("servicenow_proof = \"proven\""),
        "{}",
        journal.text
    );
    let (sms, text) = read_sms_profile(&config, "prod");
    assert_eq!(sms["api_key"].as_str(), Some(new.key.as_str()));
    assert!(sms["servicenow_credential"]
        .as_str()
        .unwrap()
        .starts_with("api_key_credentials/"));
    assert!(sms["servicenow_registration"]
        .as_str()
        .unwrap()
        .starts_with("x_nkdemo_sms_environment_registration/"));
    assert_eq!(
        sms["rotations"][0]["servicenow_proof"].as_str(),
        Some("proven"),
        "{text}"
    );
}

#[test]
fn a_stale_credential_in_servicenow_makes_the_proof_fail_and_the_screen_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let hub = Hub::start(&[], &tmp.path().join("sandbox"));
    let old = hub.create_key();
    let new = hub.create_key();
    save_sms_profile(&config, "prod", &hub.base_url, &old);
    // ServiceNow holds the old key, written there with nowkey's own command.
    let discover = nowkey(
        &[
            "servicenow",
            "discover",
            "--profile",
            "prod",
            "--servicenow-url",
            &hub.base_url,
            "--admin-user",
            ADMIN,
            "--json",
        ],
        tmp.path(),
    )
    .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
    .run();
    discover.expect_code(0);
    let found: serde_json::Value = serde_json::from_str(&discover.stdout).expect("JSON");
    let credential = found["credentials"][0]["target"]
        .as_str()
        .unwrap()
        .to_owned();
    let table = &found["registration_tables"][0];
    let registration = table["records"][0]["target"].as_str().unwrap().to_owned();
    let fields = format!(
        "{},{}",
        table["suggested_fields"][0].as_str().unwrap(),
        table["suggested_fields"][1].as_str().unwrap()
    );
    let apply = nowkey(
        &[
            "servicenow",
            "apply",
            "--yes",
            "--profile",
            "prod",
            "--servicenow-url",
            &hub.base_url,
            "--credential",
            &credential,
            "--registration",
            &registration,
            "--registration-fields",
            &fields,
            "--admin-user",
            ADMIN,
            "--json",
        ],
        tmp.path(),
    )
    .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
    .env("NOWKEY_HUB_API_SECRET", &old.secret)
    .run();
    apply.expect_code(0);
    assert_eq!(
        spoke_send(&hub.base_url, GOOD_NUMBER, "with the old key"),
        202
    );

    // The rotation confirms ServiceNow by hand but nobody updated it.
    let mut pty = rotate(&config, "10");
    {
        let mut op = Operator::new(&mut pty, &[&old, &new]).guard(&config, "prod");
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.confirm_servicenow();
        op.pass_live_test();
        hub.delete_key(&old.key);
        op.enter();
        let screen = op.see_screen(title::PROOF, Some(6));
        let text = proof_text(&screen);
        assert_ne!(
            spoke_send(&hub.base_url, GOOD_NUMBER, &text),
            202,
            "the deleted key cannot send"
        );
        op.enter();
        let failed = op.see_wrapped("ServiceNow may still hold the old credential");
        assert!(
            failed.contains("Test sent from ServiceNow: failed"),
            "{failed}"
        );
        op.see("Recorded in the journal");
        op.enter();
        op.see_screen(title::PROFILE, Some(6));
        op.enter();
        let done = op.see_screen(title::DONE, None);
        assert!(
            done.contains("Test sent from ServiceNow: failed."),
            "{done}"
        );
        op.keys(b"\x03");
    }
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    let (sms, text) = read_sms_profile(&config, "prod");
    assert_eq!(
        sms["rotations"][0]["servicenow_proof"].as_str(),
        Some("failed"),
        "{text}"
    );
}
