//! The certificate checks of `nowkey check` against the sandbox serving HTTPS:
//! valid, expiring within 30 days, expired, and signed by a CA nobody trusts.

use crate::check_support;

use check_support::{detail_of, outcome_of, CheckEnv};

const CERTIFICATES: [&str; 3] = [
    "hub.certificate",
    "servicenow.certificate",
    "hopex.certificate",
];

#[test]
fn a_certificate_valid_for_a_year_passes_and_says_how_long() {
    let env = CheckEnv::with_tls(10, Some(365));
    assert!(env.base.starts_with("https://"));
    let run = env.check(&["--json"]);
    run.expect_code(0);
    for id in CERTIFICATES {
        assert_eq!(outcome_of(&run, id), "pass", "{id}: {}", run.stdout);
    }
    let detail = detail_of(&run, "hub.certificate");
    assert!(
        detail.contains("valid for 364 more days") || detail.contains("valid for 365 more days"),
        "{detail}"
    );
    assert_eq!(
        outcome_of(&run, "hub.credentials"),
        "pass",
        "the API works over TLS too"
    );
}

#[test]
fn a_certificate_expiring_within_30_days_warns() {
    let env = CheckEnv::with_tls(10, Some(10));
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(
        outcome_of(&run, "hub.certificate"),
        "warn",
        "{}",
        run.stdout
    );
    assert!(detail_of(&run, "hub.certificate").contains("expires in"));
}

#[test]
fn an_expired_certificate_fails() {
    let env = CheckEnv::with_tls(10, Some(-3));
    let run = env.check(&["--json"]);
    assert_eq!(
        outcome_of(&run, "hub.certificate"),
        "fail",
        "{}",
        run.stdout
    );
    assert!(
        detail_of(&run, "hub.certificate").contains("expired"),
        "{}",
        run.stdout
    );
    // Nothing signs in over an expired certificate: the services are unreachable.
    assert_eq!(outcome_of(&run, "hub.credentials"), "fail");
    run.expect_code(1);
}

#[test]
fn an_untrusted_certificate_fails_and_points_at_ca_file() {
    let env = CheckEnv::with_tls(10, Some(365));
    env.distrust_ca();
    let run = env.check(&["--json"]);
    assert_eq!(
        outcome_of(&run, "hub.certificate"),
        "fail",
        "{}",
        run.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let check = doc["profiles"][0]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "hub.certificate")
        .expect("present")
        .clone();
    assert!(
        check["detail"]
            .as_str()
            .unwrap_or("")
            .contains("not trusted"),
        "{check}"
    );
    assert!(
        check["remediation"]
            .as_str()
            .unwrap_or("")
            .contains("--ca-file"),
        "{check}"
    );
    run.expect_code(1);
}
