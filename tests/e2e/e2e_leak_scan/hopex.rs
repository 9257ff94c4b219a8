//! The HOPEX key's rotation (the old and the new key, with the new one copied
//! by OSC 52 for the module settings), and `nowkey check` of a HOPEX profile
//! signing in to ServiceNow with OAuth2: its client secret, and the access and
//! refresh tokens the sandbox issues (each begins with a canary marker, the
//! rest being random), never leave memory.

use std::time::Duration;

use serde_json::json;

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{osc52_of, random_hex, Scan};
use crate::support::pty::ClipboardRoute;

const STEP: Duration = Duration::from_secs(20);

fn see(pty: &crate::support::pty::Pty, text: &str) -> String {
    crate::leak_support::drive::see_wrapped(pty, text)
}

#[test]
fn the_hopex_key_rotation_leaves_no_key() {
    let lab = Lab::new();
    let (hub_key, hub_secret) = lab.hub_key();
    let old = lab.hopex_key("svc.hopex");
    let new = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&hub_key, &hub_secret), "sn.integration", &old);
    let mut canaries = canaries_for(&[(&hub_key, &hub_secret)], None, Some(&old));
    canaries.hopex_key("new HOPEX", &new);
    let mut scan = Scan::new("rotation of the HOPEX key", &canaries);

    let mut pty = lab.pty(
        &["rotate", "--profile", "prod", "--key", "hopex"],
        ClipboardRoute::Osc52,
    );
    pty.expect("Rotate this profile's HOPEX key", STEP);
    pty.send_paste(&old);
    pty.enter();
    pty.expect("Make the new key in HOPEX", STEP);
    pty.send(b"\t");
    pty.send_paste(&new);
    pty.enter();
    pty.expect("Update HOPEX's ServiceNow module", STEP);
    pty.send(b"c");
    see(&pty, "sent to your terminal's clipboard");
    pty.send(b"1");
    pty.enter();
    pty.expect("Test the module with the new key", STEP);
    pty.send(b"y");
    pty.expect("Revoke the old key", STEP);
    let (status, _) = lab.admin(
        reqwest::Method::DELETE,
        &format!("/_sandbox/hopex/keys/{old}"),
        None,
    );
    assert_eq!(status, 204);
    pty.enter();
    see(
        &pty,
        "HOPEX rejects the old key ServiceNow: revocation confirmed.",
    );
    pty.enter();
    let done = pty.expect("Rotation complete", STEP);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(STEP), Ok(0));
    scan.screen("final screens", "the Rotation complete screen", &done);
    scan.screen("final screens", "the last screen", &pty.screen());
    let copies = scan.terminal("the terminal", &pty.raw_output(), &[osc52_of(&new)]);
    assert_eq!(copies, 1, "c copied the new key once with OSC 52");
    let run = lab.cli(&["profiles", "show", "prod", "--json"]).run();
    run.expect_code(0);
    scan.text("stdout", "nowkey profiles show prod --json", &run.stdout);
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}

#[test]
fn check_with_oauth2_leaves_no_client_secret_or_token() {
    let lab = Lab::new();
    let (hub_key, hub_secret) = lab.hub_key();
    let hopex_key = lab.hopex_key("svc.hopex");
    let password = crate::leak_support::canary_password();
    lab.servicenow_user("sn.oauth", &password);
    let marker = format!("CANARYTOKEN{}", random_hex(20));
    let (status, client) = lab.admin(
        reqwest::Method::POST,
        "/_sandbox/servicenow/oauth_clients",
        Some(json!({"name": "HOPEX", "token_marker": marker})),
    );
    assert_eq!(status, 201, "{client}");
    let client_id = client["client_id"].as_str().expect("client_id").to_owned();
    let client_secret = client["client_secret"]
        .as_str()
        .expect("client_secret")
        .to_owned();
    lab.save_full_profile("prod", (&hub_key, &hub_secret), "sn.oauth", &hopex_key);
    // The profile's HOPEX part signs in with the registry's client.
    let profiles = lab.config().join("profiles.toml");
    let text = std::fs::read_to_string(&profiles).unwrap();
    let text = text.replacen(
        "servicenow_user = \"sn.oauth\"\n",
        &format!("servicenow_user = \"sn.oauth\"\nservicenow_auth = \"oauth2\"\nservicenow_oauth_client_id = \"{client_id}\"\n"),
        2,
    );
    std::fs::write(&profiles, text).unwrap();

    let mut canaries = canaries_for(
        &[(&hub_key, &hub_secret)],
        Some(("sn.oauth", &password)),
        Some(&hopex_key),
    );
    canaries.secret("OAuth client secret", &client_secret);
    canaries.secret("OAuth token marker", &marker);
    let mut scan = Scan::new("check with OAuth2", &canaries);
    let report = lab.home().join("report.md");
    let report_arg = report.display().to_string();
    for args in [
        vec!["check", "--profile", "prod", "--json"],
        vec!["check", "--profile", "prod", "--format", "prometheus"],
        vec!["check", "--profile", "prod", "--report", &report_arg],
    ] {
        let run = lab
            .cli(&args)
            .env("NOWKEY_HUB_API_SECRET", &hub_secret)
            .env("NOWKEY_SERVICENOW_PASSWORD", &password)
            .env("NOWKEY_SERVICENOW_CLIENT_SECRET", &client_secret)
            .env("NOWKEY_HOPEX_API_KEY", &hopex_key)
            .run();
        let place = format!("nowkey {}", args.join(" "));
        scan.text("stdout", &place, &run.stdout);
        scan.text("stderr", &place, &run.stderr);
        if args.contains(&"--json") {
            let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
            let outcome = doc["profiles"][0]["checks"]
                .as_array()
                .and_then(|checks| {
                    checks.iter().find(|c| {
                        c["id"] == "servicenow.credentials"
                            && c["detail"].as_str().is_some_and(|d| d.contains("sn.oauth"))
                    })
                })
                .map(|c| c["outcome"].clone());
            assert_eq!(
                outcome,
                Some(json!("pass")),
                "the OAuth2 sign-in ran, so the tokens were in play:\n{}",
                run.stdout
            );
        }
    }
    let (_, listed) = lab.admin(
        reqwest::Method::GET,
        "/_sandbox/servicenow/oauth_clients",
        None,
    );
    let ours = &listed["clients"][0];
    assert_eq!(ours["client_id"].as_str(), Some(client_id.as_str()));
    assert!(
        ours["tokens_issued"].as_u64().unwrap_or(0) >= 3
            && ours["bearer_requests"].as_u64().unwrap_or(0) >= 3,
        "each run took a token and used it: {listed}"
    );
    let text = std::fs::read_to_string(&report).expect("the report was written");
    scan.text("report", &report_arg, &text);
    // `check` writes no log of its own; every file under HOME is scanned.
    lab.scan_at_rest(&mut scan, false);
    scan.finish();
}
