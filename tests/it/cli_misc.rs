//! The rest of the command line: version, usage errors, `nowkey sandbox` as a
//! process, `nowkey profiles`, and the wizard refusing to run without a terminal.

use crate::support;

use std::time::Duration;

use nowkey::domain::profile::{rotation_due, Profile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::store::{save_profile, ConfigDir};
use serde_json::Value;
use support::cli::nowkey;
use support::runtime;
use support::sandbox_proc::SandboxProcess;

#[test]
fn version_exits_0_and_prints_it() {
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["--version"], home.path()).run();
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("nowkey {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_subcommands_and_flags_exit_2() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["frobnicate"][..],
        &["--frobnicate"][..],
        &["encode", "--frobnicate"][..],
        &["send-test"][..], // --to is required
        &["profiles"][..],
        &["setup", "email"][..],
        &["--timeout", "0", "profiles", "list"][..],
    ] {
        let run = nowkey(args, home.path()).run();
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(
            run.stderr.contains("error:") || run.stderr.contains("Usage:"),
            "{run:#?}"
        );
        assert!(!run.stderr.contains("panicked"));
    }
}

#[test]
fn setup_hopex_is_not_there_yet() {
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["setup", "hopex"], home.path()).run();
    run.expect_code(2).expect_one_line_error();
}

#[test]
fn the_sandbox_refuses_a_non_loopback_bind() {
    let home = tempfile::tempdir().unwrap();
    for bind in ["0.0.0.0:0", "[::]:0"] {
        let run = nowkey(&["sandbox", "--bind", bind], home.path()).run();
        run.expect_code(2).expect_one_line_error();
        assert!(run.stderr.contains("loopback"), "{run:#?}");
        assert!(run.stdout.is_empty(), "no credentials printed: {run:#?}");
    }
}

/// `GET {base}/v1/replies` with Basic auth; the status code.
fn replies_status(rt: &tokio::runtime::Runtime, base: &str, key: &str, secret: &str) -> u16 {
    rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{base}/v1/replies"))
            .basic_auth(key, Some(secret))
            .send()
            .await
            .expect("the sandbox answers")
            .status()
            .as_u16()
    })
}

#[test]
fn the_sandbox_serves_its_demo_key_and_stops_on_sigint() {
    let home = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxProcess::start("127.0.0.1:0", home.path());
    assert!(
        sandbox.base_url.starts_with("http://127.0.0.1:") && !sandbox.base_url.ends_with(":0"),
        "a real port: {}",
        sandbox.banner
    );
    let rt = runtime();
    assert_eq!(
        replies_status(
            &rt,
            &sandbox.base_url,
            &sandbox.demo_key,
            &sandbox.demo_secret
        ),
        200
    );
    assert_eq!(
        replies_status(&rt, &sandbox.base_url, &sandbox.demo_key, "wrong"),
        401
    );
    sandbox.signal("INT");
    let status = sandbox
        .wait_exit(Duration::from_secs(10))
        .expect("stops on SIGINT");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn the_sandbox_stops_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxProcess::start("127.0.0.1:0", home.path());
    sandbox.signal("TERM");
    let status = sandbox
        .wait_exit(Duration::from_secs(10))
        .expect("stops on SIGTERM");
    // A clean shutdown, not death by signal (which has no exit code).
    assert_eq!(status.code(), Some(0), "{status:?}");
    // Nothing listens any more.
    let addr = sandbox.base_url.trim_start_matches("http://");
    assert!(std::net::TcpStream::connect(addr).is_err(), "port released");
}

fn save(home: &std::path::Path, name: &str, key: &str, fingerprint: &str) {
    let dir = ConfigDir::resolve(Some(home.join("config"))).unwrap();
    dir.ensure_exists().unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
    save_profile(
        &dir,
        name,
        Profile {
            sms: Some(SmsProfile {
                vendor: "messagemedia".into(),
                hub_api_url: "https://api.messagemedia.com".into(),
                api_key: key.into(),
                token_fingerprint: Fingerprint::parse(fingerprint).unwrap(),
                key_created: created,
                next_rotation_due: rotation_due(created),
                test_number: Some("+61491570156".into()),
                servicenow_url: None,
                servicenow_user: None,
                servicenow_credential: None,
                servicenow_registration: None,
                servicenow_registration_fields: None,
                rotations: Vec::new(),
            }),
            hopex: None,
        },
    )
    .unwrap();
}

#[test]
fn profiles_list_show_remove() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();

    // Empty.
    let run = nowkey(&["profiles", "list"], home).run();
    run.expect_code(0);
    assert!(
        run.stdout.is_empty() && run.stderr.contains("No saved profiles"),
        "{run:#?}"
    );
    let run = nowkey(&["profiles", "list", "--json"], home).run();
    run.expect_code(0);
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        serde_json::json!({})
    );

    save(home, "prod", "PRODKEY1", "0123456789ab");
    save(home, "test", "TESTKEY2", "ba9876543210");

    let run = nowkey(&["profiles", "list"], home).run();
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{run:#?}");
    assert!(
        lines[0].starts_with("prod\t") && lines[0].contains("PRODKEY1"),
        "{run:#?}"
    );
    assert!(lines[0].contains("0123456789ab") && lines[0].contains("2025-05-01"));
    assert!(lines[1].starts_with("test\t"), "{run:#?}");

    let run = nowkey(&["profiles", "list", "--json"], home).run();
    run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["prod"]["sms"]["api_key"], "PRODKEY1", "{doc}");
    assert_eq!(doc["test"]["sms"]["token_fingerprint"], "ba9876543210");

    let run = nowkey(&["profiles", "show", "prod", "--json"], home).run();
    run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["sms"]["api_key"], "PRODKEY1", "{doc}");
    assert_eq!(doc["sms"]["next_rotation_due"], "2025-05-01", "{doc}");

    let run = nowkey(&["profiles", "show", "prod"], home).run();
    run.expect_code(0);
    assert!(run.stdout.contains("PRODKEY1"), "{run:#?}");
    assert!(
        !run.stdout.contains("TESTKEY2"),
        "only the one profile: {run:#?}"
    );

    for args in [
        &["profiles", "show", "nope"][..],
        &["profiles", "show", "nope", "--json"][..],
        &["profiles", "remove", "nope"][..],
    ] {
        let run = nowkey(args, home).run();
        run.expect_code(2).expect_one_line_error();
        assert!(
            run.stderr.contains("nope") && run.stdout.is_empty(),
            "{run:#?}"
        );
    }

    let run = nowkey(&["profiles", "remove", "prod"], home).run();
    run.expect_code(0);
    nowkey(&["profiles", "show", "prod"], home)
        .run()
        .expect_code(2);
    let run = nowkey(&["profiles", "list", "--json"], home).run();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        doc.get("prod").is_none() && doc.get("test").is_some(),
        "{doc}"
    );
}

#[test]
fn the_wizard_needs_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    for args in [&[][..], &["demo"][..], &["setup", "sms"][..]] {
        let run = nowkey(args, home.path()).run();
        run.expect_code(2).expect_one_line_error();
        assert!(
            run.stderr.contains("needs a terminal"),
            "{args:?}: {run:#?}"
        );
        assert!(
            !run.stdout.contains("\x1b[?1049h"),
            "never switched the screen: {run:#?}"
        );
    }
}

#[test]
fn the_help_says_what_the_url_flags_do_now() {
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["--help"], home.path()).run();
    run.expect_code(0);
    let help = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!help.contains("later releases"), "{help}");
    assert!(
        help.contains("--servicenow-url <URL> The ServiceNow instance the wizards fill in"),
        "{help}"
    );
    assert!(
        help.contains("--hopex-url <URL> The HOPEX server the HOPEX setup fills in"),
        "{help}"
    );
}
