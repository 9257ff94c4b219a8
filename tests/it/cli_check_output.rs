//! `nowkey check` output: the JSON schema (snapshotted), the Prometheus metrics,
//! secrets on stdin, and the support report, which must hold no secret (canary).

use crate::check_support;
use crate::support;

use check_support::{CheckEnv, SN_PASSWORD};
use serde_json::{json, Value};
use support::cli::nowkey;
use support::files_under;

/// The JSON document with what changes from run to run (times, keys, ports)
/// replaced, so its shape can be snapshotted.
fn stable_json(stdout: &str, env: &CheckEnv) -> String {
    let mut doc: Value = serde_json::from_str(stdout).expect("JSON");
    fn scrub(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match key.as_str() {
                        "generated_at" | "started_at" | "finished_at" => *v = json!("<time>"),
                        "elapsed_ms" => *v = json!(0),
                        "key_created" | "rotation_due" => *v = json!("<date>"),
                        _ => scrub(v),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(scrub),
            _ => {}
        }
    }
    scrub(&mut doc);
    let text = serde_json::to_string_pretty(&doc).expect("serialise");
    let hopex_fp = nowkey::domain::token::Fingerprint::of_secret(&env.hopex_key).to_string();
    let hub_fp =
        support::expected_fingerprint(&support::expected_token(&env.hub_key, &env.hub_secret));
    text.replace(&env.base, "http://127.0.0.1:<port>")
        .replace(&env.hub_key, "<hub key>")
        .replace(&hub_fp, "<hub fingerprint>")
        .replace(&hopex_fp, "<hopex fingerprint>")
        .replace(env!("CARGO_PKG_VERSION"), "<version>")
        .replace(&env.base.replace("http://", ""), "127.0.0.1:<port>")
        .lines()
        .map(|line| {
            // HOPEX user ids are random per sandbox.
            match line.find("(user ") {
                Some(at) => format!("{}(user <id>, repository REPO-1).\",", &line[..at]),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_json_document_has_a_stable_schema() {
    let env = CheckEnv::new(85);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    insta::assert_snapshot!("check_json_schema", stable_json(&run.stdout, &env));
}

#[test]
fn format_json_is_the_same_as_json_and_human_text_stays_off_stdout() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--format", "json"]);
    run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document on stdout");
    assert_eq!(doc["schema"], "nowkey.check/2");
    assert_eq!(doc["ok"], true);
}

#[test]
fn prometheus_metrics_carry_key_age_and_each_outcome() {
    let env = CheckEnv::new(95);
    let run = env.check(&["--format", "prometheus"]);
    run.expect_code(1);
    let text = &run.stdout;
    assert!(text.contains("# TYPE nowkey_key_age_days gauge"), "{text}");
    assert!(
        text.contains("nowkey_key_age_days{profile=\"prod\"} 95"),
        "{text}"
    );
    assert!(
        text.contains("nowkey_key_rotation_due_days{profile=\"prod\"} -5"),
        "{text}"
    );
    assert!(text.contains(
        "nowkey_check_outcome{profile=\"prod\",check=\"hub.key_age\",endpoint=\"\",outcome=\"fail\"} 1"
    ));
    assert!(text.contains(
        "nowkey_check_outcome{profile=\"prod\",check=\"hub.key_age\",endpoint=\"\",outcome=\"pass\"} 0"
    ));
    // Every sample line is `name{labels} value`, as the exposition format wants.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').expect("a value");
        assert!(
            series.starts_with("nowkey_") && series.ends_with('}'),
            "{line}"
        );
        value
            .parse::<f64>()
            .unwrap_or_else(|_| panic!("numeric value in {line}"));
    }
}

#[test]
fn secrets_can_come_on_stdin_as_json() {
    let env = CheckEnv::new(10);
    let input = json!({"prod": {
        "hub_api_secret": env.hub_secret,
        "servicenow_password": SN_PASSWORD,
        "hopex_api_key": env.hopex_key,
    }});
    let run = nowkey(
        &["check", "--no-keyring", "--secrets-stdin", "--json"],
        env.home.path(),
    )
    .stdin(input.to_string())
    .run();
    run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        doc["profiles"][0]["secret_sources"]["hub_api_secret"],
        "stdin"
    );
    assert_eq!(
        doc["summary"]["skip"], 4,
        "only the three certificates and the HOPEX key's expiry (no date): {}",
        run.stdout
    );
}

#[test]
fn bad_stdin_json_is_a_usage_error_that_never_quotes_the_input() {
    let env = CheckEnv::new(10);
    let canary = "CANARY-stdin-7f3a9c";
    for input in [
        format!("{{\"prod\": {{\"hub_api_secret\": \"{canary}\", \"typo\": \"{canary}\"}}}}"),
        format!("{{\"prod\": {{\"hub_api_secret\": {canary}}}}}"),
        format!("not json {canary}"),
        format!("{{\"prod\": {{\"hub_api_secret\": [\"{canary}\"]}}}}"),
    ] {
        let run = nowkey(
            &["check", "--no-keyring", "--secrets-stdin"],
            env.home.path(),
        )
        .stdin(input)
        .run();
        run.expect_code(2).expect_one_line_error();
        assert!(!run.stderr.contains(canary), "{}", run.stderr);
        assert!(run.stderr.contains("--secrets-stdin"), "{}", run.stderr);
    }
}

#[test]
fn the_report_has_settings_results_and_fingerprints_but_no_secret() {
    let env = CheckEnv::new(85);
    let password = "CANARY-sn-password-41d2";
    env.rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{}/_sandbox/servicenow/users", env.base))
            .json(
                &json!({"user_name": "sn.integration2", "password": password,
                          "roles": ["itil", "snc_platform_rest_api_access"]}),
            )
            .send()
            .await
            .expect("admin answers");
        assert!(response.status().is_success());
    });
    let mut profile = env.profile(85);
    if let Some(sms) = profile.sms.as_mut() {
        sms.servicenow_user = Some("sn.integration2".into());
    }
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_user = "sn.integration2".into();
    }
    env.save("prod", profile);
    // A misbehaving server that echoes the secret back in its error body.
    env.fault(json!({"path_prefix": "/v1/replies", "status": 400,
                     "body": format!("{{\"message\":\"bad request\",\"details\":[\"{}\"]}}", env.hub_secret)}));
    let report = env.home.path().join("support-report.md");
    let report_arg = report.to_str().expect("utf-8 path");
    let run = env.check_with(
        &["--report", report_arg, "--json"],
        &env.hub_secret,
        password,
        &env.hopex_key,
    );
    run.expect_code(1);
    let text = std::fs::read_to_string(&report).expect("report written");
    for expected in [
        "# nowkey support report",
        "| OS |",
        "hub.credentials",
        "servicenow.credentials",
        &env.hub_key,
        &support::expected_fingerprint(&support::expected_token(&env.hub_key, &env.hub_secret)),
        "| Key age | 85 days |",
        "The key is 85 days old",
    ] {
        assert!(
            text.contains(expected),
            "report holds {expected:?}:\n{text}"
        );
    }
    let token = support::expected_token(&env.hub_key, &env.hub_secret);
    for secret in [
        env.hub_secret.as_str(),
        password,
        env.hopex_key.as_str(),
        token.as_str(),
    ] {
        assert!(!text.contains(secret), "the report leaks a secret:\n{text}");
        assert!(!run.stdout.contains(secret), "stdout leaks a secret");
        assert!(!run.stderr.contains(secret), "stderr leaks a secret");
        for file in files_under(env.home.path()) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !support::contains_bytes(&bytes, secret.as_bytes()),
                "{} leaks",
                file.display()
            );
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the report is private");
    }
}
