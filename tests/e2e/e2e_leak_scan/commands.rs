//! The scripted commands: `check` (JSON with `--report`, Prometheus, human text;
//! secrets from the environment and from `--secrets-stdin`; servers that echo the
//! secrets back, then healthy ones), `send-test --json` (delivered, and refused by
//! a Hub that echoes the secret), and `encode` (whose stdout holds the token by
//! design: only stderr and files are scanned there, except `--copy`).

use serde_json::{json, Value};

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, token_of, Scan};
use crate::support::cli::Run;
use crate::support::GOOD_NUMBER;

/// Scans a run's stdout (as `stdout_kind`) and stderr.
fn scan_run(scan: &mut Scan<'_>, what: &str, stdout_kind: &'static str, run: &Run) {
    scan.text(stdout_kind, what, &run.stdout);
    scan.text("stderr", what, &run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "{what} panicked: {run:#?}"
    );
}

/// The single JSON document on stdout.
fn json_doc(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {run:#?}"))
}

#[test]
fn check_in_every_format_leaves_no_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    lab.servicenow_user(user, &password);
    let hopex_key = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&key, &secret), user, &hopex_key);
    let canaries = canaries_for(
        &[(&key, &secret)],
        Some((user, &password)),
        Some(&hopex_key),
    );
    let mut scan = Scan::new("nowkey check", &canaries);
    let from_env = |args: &[&str]| {
        let mut all = vec!["check"];
        if !args.contains(&"--save-to-keyring") {
            all.push("--no-keyring");
        }
        all.extend_from_slice(args);
        lab.cli(&all)
            .env("NOWKEY_HUB_API_SECRET", &secret)
            .env("NOWKEY_SERVICENOW_PASSWORD", &password)
            .env("NOWKEY_HOPEX_API_KEY", &hopex_key)
            .run()
    };
    let stdin_doc = json!({"prod": {
        "hub_api_secret": secret,
        "servicenow_password": password,
        "hopex_api_key": hopex_key,
    }})
    .to_string();
    let from_stdin = |args: &[&str], input: &str| {
        let mut all = vec!["check", "--no-keyring", "--secrets-stdin"];
        all.extend_from_slice(args);
        lab.cli(&all).stdin(input.to_owned()).run()
    };
    let report_env = lab.home().join("report-env.md");
    let report_stdin = lab.home().join("report-stdin.md");

    // Servers that quote the secret they were given in their error body.
    lab.echo_fault("/v1/replies", &secret);
    lab.echo_fault("/api/now/", &password);
    lab.echo_fault("/HOPEXGraphQL/", &hopex_key);
    let run = from_env(&["--json", "--report", &report_env.display().to_string()]);
    run.expect_code(1);
    let doc = json_doc(&run);
    assert_eq!(doc["ok"], false, "{doc}");
    scan_run(
        &mut scan,
        "check --json --report (echoing servers)",
        "json output",
        &run,
    );
    let run = from_env(&["--format", "prometheus"]);
    assert!(run.stdout.contains("nowkey_check_outcome"), "{run:#?}");
    scan_run(
        &mut scan,
        "check --format prometheus (echoing servers)",
        "prometheus output",
        &run,
    );
    let run = from_env(&[]);
    assert!(
        run.stdout.contains("hub.credentials") || run.stdout.contains("Hub accepts"),
        "{run:#?}"
    );
    scan_run(&mut scan, "check (human, echoing servers)", "stdout", &run);
    let run = from_stdin(
        &["--json", "--report", &report_stdin.display().to_string()],
        &stdin_doc,
    );
    run.expect_code(1);
    assert_eq!(
        json_doc(&run)["profiles"][0]["secret_sources"]["hub_api_secret"],
        "stdin",
        "{run:#?}"
    );
    scan_run(
        &mut scan,
        "check --secrets-stdin --json (echoing servers)",
        "json output",
        &run,
    );

    // Healthy servers: everything passes, secrets from both sources.
    lab.clear_faults();
    let run = from_env(&["--json"]);
    run.expect_code(0);
    scan_run(&mut scan, "check --json (healthy)", "json output", &run);
    let run = from_stdin(&["--format", "prometheus"], &stdin_doc);
    run.expect_code(0);
    scan_run(
        &mut scan,
        "check --secrets-stdin --format prometheus",
        "prometheus output",
        &run,
    );

    // Keeping the secrets in an OS keyring that is not there (no D-Bus): the
    // failure to save says so without them.
    let run = from_env(&["--json", "--save-to-keyring"]);
    scan_run(
        &mut scan,
        "check --save-to-keyring (no keyring)",
        "json output",
        &run,
    );
    let run = lab.cli(&["check", "--json"]).run();
    scan_run(
        &mut scan,
        "check --json (keyring lookup, none given)",
        "json output",
        &run,
    );

    // Stdin the command refuses (a misspelt field): the error quotes nothing.
    let typo = stdin_doc.replace("hopex_api_key", "hopex_apikey");
    let run = from_stdin(&["--json"], &typo);
    run.expect_code(2);
    scan_run(
        &mut scan,
        "check --secrets-stdin (refused input)",
        "stdout",
        &run,
    );

    for report in [&report_env, &report_stdin] {
        let text = std::fs::read_to_string(report).expect("report written");
        assert!(text.contains("hub.credentials"), "{text}");
        scan.text("reports", &report.display().to_string(), &text);
    }
    lab.scan_at_rest(&mut scan, false);
    scan.finish();
}

#[test]
fn send_test_leaves_no_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let mut scan = Scan::new("nowkey send-test", &canaries);
    let send = |args: &[&str]| {
        let mut all = vec![
            "send-test",
            "--hub-url",
            &lab.base,
            "--key",
            &key,
            "--to",
            GOOD_NUMBER,
        ];
        all.extend_from_slice(args);
        lab.cli(&all).env("NOWKEY_HUB_API_SECRET", &secret).run()
    };

    let run = send(&["--json", "--wait", "10"]);
    run.expect_code(0);
    assert_eq!(json_doc(&run)["status"], "delivered", "{run:#?}");
    scan_run(
        &mut scan,
        "send-test --json (delivered)",
        "json output",
        &run,
    );
    let run = send(&["--wait", "10"]);
    run.expect_code(0);
    scan_run(&mut scan, "send-test (human, delivered)", "stdout", &run);

    // A Hub that refuses the message and quotes the secret in its answer.
    lab.echo_fault("/v1/messages", &secret);
    let run = send(&["--json", "--wait", "10"]);
    assert_ne!(run.code, Some(0), "{run:#?}");
    assert_eq!(json_doc(&run)["ok"], false, "{run:#?}");
    scan_run(
        &mut scan,
        "send-test --json (echoing Hub)",
        "json output",
        &run,
    );
    let run = send(&["--wait", "10"]);
    assert_ne!(run.code, Some(0), "{run:#?}");
    scan_run(&mut scan, "send-test (human, echoing Hub)", "stdout", &run);

    lab.scan_at_rest(&mut scan, false);
    scan.finish();
}

#[test]
fn encode_leaves_no_secret_beside_the_token_it_prints() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let token = token_of(&key, &secret);
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let mut scan = Scan::new("nowkey encode", &canaries);

    // The token on stdout is the command's job: checked exact, not scanned.
    let run = lab
        .cli(&["encode", "--key", &key])
        .stdin(format!("{secret}\n"))
        .run();
    run.expect_code(0);
    assert_eq!(run.stdout, format!("{token}\n"));
    scan.text("stderr", "encode --key (secret on stdin)", &run.stderr);
    let run = lab
        .cli(&["encode", "--header"])
        .env("NOWKEY_HUB_API_KEY", &key)
        .env("NOWKEY_HUB_API_SECRET", &secret)
        .run();
    run.expect_code(0);
    assert_eq!(run.stdout, format!("Authorization: Basic {token}\n"));
    scan.text("stderr", "encode --header (secret in env)", &run.stderr);

    // --copy with the clipboard off: nothing copied, nothing printed instead.
    let run = lab
        .cli(&["encode", "--key", &key, "--copy"])
        .stdin(secret.clone())
        .run();
    run.expect_code(1);
    scan_run(
        &mut scan,
        "encode --copy (NOWKEY_CLIPBOARD=none)",
        "stdout",
        &run,
    );

    // A secret that cannot be right (a space inside): refused without quoting it.
    let run = lab
        .cli(&["encode", "--key", &key])
        .stdin(format!("{secret} {secret}\n"))
        .run();
    assert_ne!(run.code, Some(0), "{run:#?}");
    scan_run(&mut scan, "encode (refused secret)", "stdout", &run);

    lab.scan_at_rest(&mut scan, false);
    scan.finish();
}
