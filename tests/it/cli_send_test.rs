//! `nowkey send-test` against an in-process sandbox (50 ms delivery steps): exit
//! codes for every ending, the `--json` document, and profiles.

use crate::support;

use std::time::Duration;

use nowkey::domain::profile::{rotation_due, Profile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::sandbox::{Sandbox, SandboxConfig, MAGIC_FAILED, MAGIC_REJECTED, MAGIC_STUCK_ENROUTE};
use nowkey::store::{save_profile, ConfigDir};
use serde_json::Value;
use support::cli::{nowkey, Run};
use support::flow::Creds;
use support::{admin_add_fault, runtime, GOOD_NUMBER};

/// A sandbox on its own runtime, with one key, and a home for the binary.
struct Env {
    rt: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    base: String,
    creds: Creds,
    home: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let rt = runtime();
        let sandbox = rt
            .block_on(Sandbox::start(SandboxConfig {
                delivery_step: Duration::from_millis(50),
                ..SandboxConfig::default()
            }))
            .expect("sandbox starts");
        let (key, secret) = sandbox.create_hub_key();
        Env {
            base: sandbox.base_url(),
            sandbox: Some(sandbox),
            rt,
            creds: Creds::new(&key, &secret),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// `nowkey send-test --hub-url <sandbox> --key <key> <args>`, the secret in
    /// NOWKEY_HUB_API_SECRET.
    fn send(&self, args: &[&str]) -> Run {
        let mut all = vec![
            "send-test",
            "--hub-url",
            &self.base,
            "--key",
            &self.creds.key,
        ];
        all.extend_from_slice(args);
        nowkey(&all, self.home.path())
            .env("NOWKEY_HUB_API_SECRET", &self.creds.secret)
            .run()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.rt.block_on(sandbox.shutdown());
        }
    }
}

/// stdout holds exactly one JSON document; returns it. Checks no secret is in any
/// output.
fn json(run: &Run, creds: &Creds) -> Value {
    let mut docs = serde_json::Deserializer::from_str(&run.stdout).into_iter::<Value>();
    let doc = docs
        .next()
        .unwrap_or_else(|| panic!("a JSON document on stdout: {run:#?}"))
        .unwrap_or_else(|e| panic!("valid JSON ({e}): {run:#?}"));
    assert!(docs.next().is_none(), "exactly one document: {run:#?}");
    assert_no_secret(run, creds);
    doc
}

fn assert_no_secret(run: &Run, creds: &Creds) {
    for (what, canary) in [("secret", &creds.secret), ("token", &creds.token)] {
        assert!(!run.stdout.contains(canary.as_str()), "{what} on stdout");
        assert!(!run.stderr.contains(canary.as_str()), "{what} on stderr");
    }
}

#[test]
fn delivered_exits_0_with_one_json_document() {
    let env = Env::new();
    let run = env.send(&["--to", GOOD_NUMBER, "--json", "--wait", "10"]);
    run.expect_code(0);
    let doc = json(&run, &env.creds);
    assert_eq!(doc["ok"], true, "{doc}");
    assert_eq!(doc["status"], "delivered", "{doc}");
    assert!(doc["message_id"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(doc["token_fingerprint"], env.creds.fingerprint.as_str());
    assert_eq!(doc["api_key"], env.creds.key.as_str());
    assert_eq!(doc["to"], GOOD_NUMBER);
    assert!(doc["error"].is_null());
    let seen: Vec<&str> = doc["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(seen.first(), Some(&"queued"), "{doc}");
    assert_eq!(seen.last(), Some(&"delivered"), "{doc}");
    // Progress goes to stderr, never into the JSON stream.
    assert!(run.stderr.contains("delivered"), "{run:#?}");
}

#[test]
fn human_output_without_json() {
    let env = Env::new();
    let run = env.send(&["--to", GOOD_NUMBER, "--wait", "10"]);
    run.expect_code(0);
    assert!(run.stdout.is_empty(), "human text goes to stderr: {run:#?}");
    assert!(run.stderr.contains("accepted by the Hub"), "{run:#?}");
    assert_no_secret(&run, &env.creds);
}

#[test]
fn failed_and_rejected_exit_1() {
    let env = Env::new();
    for (number, status) in [(MAGIC_FAILED, "failed"), (MAGIC_REJECTED, "rejected")] {
        let run = env.send(&["--to", number, "--json", "--wait", "10"]);
        run.expect_code(1);
        let doc = json(&run, &env.creds);
        assert_eq!(doc["ok"], false, "{doc}");
        assert_eq!(doc["status"], status, "{doc}");
        assert_eq!(doc["error"]["class"], "delivery", "{doc}");
    }
}

#[test]
fn stuck_enroute_runs_out_of_wait_as_unconfirmed() {
    let env = Env::new();
    let run = env.send(&["--to", MAGIC_STUCK_ENROUTE, "--wait", "1", "--json"]);
    run.expect_code(1);
    assert!(run.stderr.contains("unconfirmed"), "{run:#?}");
    let doc = json(&run, &env.creds);
    assert_eq!(doc["status"], "enroute", "{doc}");
    assert_eq!(doc["error"]["class"], "unconfirmed", "{doc}");
    assert!(run.elapsed < Duration::from_secs(8), "{:?}", run.elapsed);
}

#[test]
fn wait_0_returns_after_the_send_only() {
    let env = Env::new();
    let run = env.send(&["--to", MAGIC_STUCK_ENROUTE, "--wait", "0", "--json"]);
    run.expect_code(0);
    let doc = json(&run, &env.creds);
    assert_eq!(doc["ok"], true, "{doc}");
    assert_eq!(doc["status"], "queued", "{doc}");
    assert_eq!(doc["statuses"].as_array().map(Vec::len), Some(1), "{doc}");
}

#[test]
fn wrong_secret_exits_1_with_the_auth_sentence() {
    let env = Env::new();
    let run = nowkey(
        &[
            "send-test",
            "--hub-url",
            &env.base,
            "--key",
            &env.creds.key,
            "--to",
            GOOD_NUMBER,
            "--json",
        ],
        env.home.path(),
    )
    .stdin("not-the-right-secret\n")
    .run();
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("The Hub rejected the API key and secret (HTTP 401)"),
        "{run:#?}"
    );
    assert!(!run.stderr.contains("not-the-right-secret"));
    let doc = json(&run, &env.creds);
    assert_eq!(doc["error"]["class"], "auth", "{doc}");
}

#[test]
fn connection_refused_exits_3() {
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }; // closed again: nothing listens there now
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(
        &[
            "send-test",
            "--hub-url",
            &format!("http://{dead}"),
            "--key",
            "K",
            "--to",
            GOOD_NUMBER,
            "--json",
        ],
        home.path(),
    )
    .env("NOWKEY_HUB_API_SECRET", "s3cr3t")
    .run();
    run.expect_code(3);
    let doc: Value = serde_json::from_str(&run.stdout).expect("the JSON report still");
    assert_eq!(doc["ok"], false);
    assert!(doc["error"]["class"].is_string(), "{doc}");
}

#[test]
fn a_hung_hub_times_out_with_exit_3() {
    let env = Env::new();
    admin_add_fault(
        &env.rt,
        &env.base,
        serde_json::json!({"path_prefix": "/v1/messages", "hang": true}),
    );
    let run = env.send(&["--to", GOOD_NUMBER, "--timeout", "1"]);
    run.expect_code(3);
    assert!(run.stderr.contains("did not answer within 1s"), "{run:#?}");
    assert!(run.elapsed < Duration::from_secs(8), "{:?}", run.elapsed);
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_connecting() {
    let home = tempfile::tempdir().unwrap();
    // 192.0.2.1 is TEST-NET-1: if nowkey tried to connect it would time out (3).
    for url in ["http://192.0.2.1", "http://hub.example.com:8080"] {
        let run = nowkey(
            &[
                "send-test",
                "--hub-url",
                url,
                "--key",
                "K",
                "--to",
                GOOD_NUMBER,
                "--timeout",
                "1",
            ],
            home.path(),
        )
        .env("NOWKEY_HUB_API_SECRET", "s3cr3t")
        .run();
        run.expect_code(2);
        assert!(run.stderr.contains("http"), "{run:#?}");
    }
}

#[test]
fn a_bad_destination_is_a_usage_error() {
    let env = Env::new();
    for to in ["0412345678", "+61abc", "", "+0123456789"] {
        let run = env.send(&["--to", to]);
        run.expect_code(2).expect_one_line_error();
        assert!(run.stderr.contains("--to"), "{run:#?}");
    }
}

#[test]
fn an_unknown_profile_is_a_usage_error() {
    let env = Env::new();
    let run = nowkey(
        &["send-test", "--profile", "nope", "--to", GOOD_NUMBER],
        env.home.path(),
    )
    .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("nope"), "{run:#?}");
}

fn save(env: &Env, name: &str, fingerprint: &str) {
    let dir = ConfigDir::resolve(Some(env.home.path().join("config"))).unwrap();
    dir.ensure_exists().unwrap();
    let today = chrono::Local::now().date_naive();
    let profile = Profile {
        sms: Some(SmsProfile {
            vendor: "messagemedia".into(),
            hub_api_url: env.base.clone(),
            api_key: env.creds.key.clone(),
            token_fingerprint: Fingerprint::parse(fingerprint).unwrap(),
            key_created: today,
            next_rotation_due: rotation_due(today),
            test_number: None,
            servicenow_url: None,
            servicenow_user: None,
            servicenow_credential: None,
            servicenow_registration: None,
            servicenow_registration_fields: None,
            rotations: Vec::new(),
        }),
        hopex: None,
    };
    save_profile(&dir, name, profile).unwrap();
}

#[test]
fn a_saved_profile_supplies_the_key_and_hub_url() {
    let env = Env::new();
    save(&env, "prod", &env.creds.fingerprint);
    let run = nowkey(
        &[
            "send-test",
            "--profile",
            "prod",
            "--to",
            GOOD_NUMBER,
            "--json",
        ],
        env.home.path(),
    )
    .stdin(format!("{}\n", env.creds.secret))
    .run();
    run.expect_code(0);
    let doc = json(&run, &env.creds);
    assert_eq!(doc["hub_url"], env.base.as_str(), "{doc}");
    assert_eq!(doc["api_key"], env.creds.key.as_str(), "{doc}");
    assert_eq!(doc["status"], "delivered", "{doc}");
    assert!(
        !run.stderr.contains("differs"),
        "fingerprints match: {run:#?}"
    );
}

#[test]
fn a_profile_whose_fingerprint_differs_is_flagged() {
    let env = Env::new();
    save(&env, "stale", "000000000000");
    let run = nowkey(
        &["send-test", "--profile", "stale", "--to", GOOD_NUMBER],
        env.home.path(),
    )
    .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
    .run();
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("differs from the profile's 000000000000"),
        "{run:#?}"
    );
}

/// A port nothing listens on.
fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

#[test]
fn a_profile_beats_a_key_and_hub_url_left_in_the_environment() {
    // DESIGN: "without a profile it uses --hub-url (or the default Hub) and the key
    // and secret from the environment": with one, the profile's key and Hub URL
    // are used, even when NOWKEY_HUB_API_KEY / NOWKEY_HUB_URL are set for
    // something else (the credentials must not go to another Hub).
    let env = Env::new();
    save(&env, "prod", &env.creds.fingerprint);
    let other = dead_url();
    let run = nowkey(
        &[
            "send-test",
            "--profile",
            "prod",
            "--to",
            GOOD_NUMBER,
            "--json",
        ],
        env.home.path(),
    )
    .env("NOWKEY_HUB_API_KEY", "SOMEOTHERKEY")
    .env("NOWKEY_HUB_URL", &other)
    .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
    .run();
    run.expect_code(0);
    let doc = json(&run, &env.creds);
    assert_eq!(doc["hub_url"], env.base.as_str(), "{doc}");
    assert_eq!(doc["api_key"], env.creds.key.as_str(), "{doc}");
}

#[test]
fn explicit_flags_still_beat_the_profile() {
    let env = Env::new();
    save(&env, "prod", &env.creds.fingerprint);
    let other = dead_url();
    // --hub-url after or before the subcommand, with NOWKEY_HUB_URL set as well.
    for args in [
        &["send-test", "--profile", "prod", "--hub-url", &other][..],
        &["--hub-url", &other, "send-test", "--profile", "prod"][..],
    ] {
        let mut args = args.to_vec();
        args.extend_from_slice(&["--to", GOOD_NUMBER, "--json"]);
        let run = nowkey(&args, env.home.path())
            .env("NOWKEY_HUB_URL", &env.base)
            .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
            .run();
        run.expect_code(3);
        let doc: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(doc["hub_url"], other.as_str(), "{args:?}: {doc}");
    }

    let run = nowkey(
        &[
            "send-test",
            "--profile",
            "prod",
            "--key",
            "SOMEOTHERKEY",
            "--to",
            GOOD_NUMBER,
            "--json",
        ],
        env.home.path(),
    )
    .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
    .run();
    run.expect_code(1);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["api_key"], "SOMEOTHERKEY", "{doc}");
}

#[test]
fn without_a_profile_the_environment_supplies_key_and_hub_url() {
    let env = Env::new();
    let run = nowkey(
        &["send-test", "--to", GOOD_NUMBER, "--json"],
        env.home.path(),
    )
    .env("NOWKEY_HUB_URL", &env.base)
    .env("NOWKEY_HUB_API_KEY", &env.creds.key)
    .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
    .run();
    run.expect_code(0);
    let doc = json(&run, &env.creds);
    assert_eq!(doc["hub_url"], env.base.as_str(), "{doc}");
    assert_eq!(doc["api_key"], env.creds.key.as_str(), "{doc}");
}
