//! Servers that echo a secret where nowkey's cleaning of their text changes it
//! before the redaction looks for it: cut at the length limit for one line of
//! server text (the secret straddling the cut), or with the sentence's closing
//! full stop trimmed when the secret itself ends with one. Whatever is left of
//! the secret must not be shown: its first 16 characters are a canary too.
//!
//! The Hub gets ten 400 details, the secret after 100 to 190 characters of text,
//! so one straddles the cut whatever its exact length; HOPEX ten GraphQL errors
//! likewise; ServiceNow a 403 whose message ends with the password (which ends
//! with a full stop) and whose detail has the password at character 141.

use serde_json::json;

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, Scan};
use crate::support::cli::Run;
use crate::support::GOOD_NUMBER;

/// `n` characters of a server's chatter.
fn pad(n: usize) -> String {
    "The server could not process the request. "
        .chars()
        .cycle()
        .take(n)
        .collect()
}

/// Texts with `secret` after 100, 110, … 190 characters.
fn straddling(secret: &str) -> Vec<String> {
    (0..10)
        .map(|i| format!("{}{secret}", pad(100 + 10 * i)))
        .collect()
}

fn scan_run(scan: &mut Scan<'_>, what: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "{what} panicked: {run:#?}"
    );
    scan.text("stdout", what, &run.stdout);
    scan.text("stderr", what, &run.stderr);
}

#[test]
fn a_secret_cut_or_trimmed_by_cleaning_is_still_redacted() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    // A realistic password ending with a full stop.
    let password = format!("{}.", canary_password());
    lab.servicenow_user(user, &password);
    let hopex_key = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&key, &secret), user, &hopex_key);
    let canaries = canaries_for(
        &[(&key, &secret)],
        Some((user, &password)),
        Some(&hopex_key),
    );
    let mut scan = Scan::new("echoes cut or trimmed by cleaning", &canaries);

    let hub_body = json!({"message": "bad", "details": straddling(&secret)}).to_string();
    for path in ["/v1/replies", "/v1/messages"] {
        lab.fault(json!({"path_prefix": path, "status": 400, "body": hub_body,
                         "content_type": "application/json"}));
    }
    let sn_body = json!({"error": {
        "message": format!("Wrong password {password}"),
        "detail": format!("{}{password}", pad(140)),
    }, "status": "failure"})
    .to_string();
    lab.fault(
        json!({"path_prefix": "/api/now/", "status": 403, "body": sn_body,
                     "content_type": "application/json"}),
    );
    let errors: Vec<_> = straddling(&hopex_key)
        .into_iter()
        .map(|message| json!({"message": message}))
        .collect();
    lab.fault(json!({"path_prefix": "/HOPEXGraphQL/", "status": 400,
                     "body": json!({"errors": errors}).to_string(),
                     "content_type": "application/json"}));

    let report = lab.home().join("report.md");
    for args in [
        vec![
            "check",
            "--no-keyring",
            "--json",
            "--report",
            report.to_str().expect("a UTF-8 path"),
        ],
        vec!["check", "--no-keyring"],
    ] {
        let run = lab
            .cli(&args)
            .env("NOWKEY_HUB_API_SECRET", &secret)
            .env("NOWKEY_SERVICENOW_PASSWORD", &password)
            .env("NOWKEY_HOPEX_API_KEY", &hopex_key)
            .run();
        run.expect_code(1);
        for failed in ["refused the request as invalid", "ServiceNow", "HOPEX"] {
            assert!(run.stdout.contains(failed), "{failed}: {run:#?}");
        }
        scan_run(&mut scan, &format!("nowkey {}", args.join(" ")), &run);
    }
    let run = lab
        .cli(&[
            "send-test",
            "--hub-url",
            &lab.base,
            "--key",
            &key,
            "--to",
            GOOD_NUMBER,
            "--json",
        ])
        .env("NOWKEY_HUB_API_SECRET", &secret)
        .run();
    run.expect_code(1);
    scan_run(&mut scan, "nowkey send-test --json", &run);
    let text = std::fs::read_to_string(&report).expect("report written");
    scan.text("reports", &report.display().to_string(), &text);
    lab.scan_at_rest(&mut scan, false);
    scan.finish();
}
