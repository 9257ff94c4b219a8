//! `nowkey check`'s HOPEX checks beyond "the key signs in": `hopex.key_expiry`
//! (the key's expiration date, its metric) and `hopex.context` (the key opens the
//! profile's repository and HOPEX profile, from the same answer as `hopex.key`).

use chrono::{Days, NaiveDate, Utc};
use serde_json::json;

use crate::check_support::{check_of, detail_of, outcome_of, CheckEnv, SN_PASSWORD};

/// `days` from today (negative: ago).
fn in_days(days: i64) -> NaiveDate {
    let today = Utc::now().date_naive();
    if days >= 0 {
        today.checked_add_days(Days::new(days as u64))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .expect("a date")
}

#[test]
fn a_key_expiring_within_30_days_warns_and_says_to_rotate() {
    let env = CheckEnv::new(10);
    env.edit_hopex(10, |h| h.key_expires = Some(in_days(10)));
    let run = env.check(&["--json"]);
    run.expect_code(0);
    let check = check_of(&run, "hopex.key_expiry");
    assert_eq!(check["outcome"], "warn", "{check}");
    assert!(
        check["detail"]
            .as_str()
            .is_some_and(|d| d.contains("expires in 10 days")),
        "{check}"
    );
    assert!(
        check["remediation"]
            .as_str()
            .is_some_and(|r| r.contains("nowkey rotate --profile prod")),
        "{check}"
    );
}

#[test]
fn an_expired_key_fails_the_run() {
    let env = CheckEnv::new(10);
    env.edit_hopex(10, |h| h.key_expires = Some(in_days(-1)));
    let run = env.check(&["--json"]);
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "hopex.key_expiry"), "fail");
    assert!(detail_of(&run, "hopex.key_expiry").contains("1 days ago"));
}

#[test]
fn a_key_far_from_expiry_passes_and_one_without_a_date_is_skipped() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(outcome_of(&run, "hopex.key_expiry"), "skip");
    assert!(detail_of(&run, "hopex.key_expiry").contains("no expiration date"));
    env.edit_hopex(10, |h| h.key_expires = Some(in_days(200)));
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(outcome_of(&run, "hopex.key_expiry"), "pass");
}

#[test]
fn prometheus_reports_the_days_to_expiry_and_nothing_without_a_date() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--format", "prometheus"]);
    assert!(
        run.stdout.contains("# TYPE nowkey_key_expiry_days gauge\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("nowkey_key_expiry_days{"),
        "{}",
        run.stdout
    );
    env.edit_hopex(10, |h| h.key_expires = Some(in_days(-3)));
    let run = env.check(&["--format", "prometheus"]);
    assert!(
        run.stdout
            .contains("\nnowkey_key_expiry_days{profile=\"prod\"} -3\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "nowkey_check_outcome{profile=\"prod\",check=\"hopex.key_expiry\",endpoint=\"\",outcome=\"fail\"} 1"
    ));
}

#[test]
fn the_context_check_passes_when_the_key_opens_the_profiles_repository() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(outcome_of(&run, "hopex.context"), "pass");
    assert!(detail_of(&run, "hopex.context").contains("REPO-1"));
}

#[test]
fn a_key_made_on_another_repository_fails_naming_both() {
    let env = CheckEnv::new(10);
    let other = env.hopex_key_for("REPO-2", "PROFILE-1");
    env.edit_hopex(10, |h| {
        h.key_fingerprint = Some(nowkey::domain::token::Fingerprint::of_secret(&other))
    });
    let run = env.check_with(&["--json"], &env.hub_secret, SN_PASSWORD, &other);
    run.expect_code(1);
    // The key signs in: only the context shows it is the wrong one.
    assert_eq!(outcome_of(&run, "hopex.key"), "pass");
    assert_eq!(outcome_of(&run, "hopex.context"), "fail");
    assert_eq!(
        detail_of(&run, "hopex.context"),
        "This key opens repository REPO-2; the profile says REPO-1."
    );
}

#[test]
fn a_key_made_for_another_hopex_profile_fails_naming_both() {
    let env = CheckEnv::new(10);
    let other = env.hopex_key_for("REPO-1", "PROFILE-7");
    let run = env.check_with(&["--json"], &env.hub_secret, SN_PASSWORD, &other);
    assert_eq!(outcome_of(&run, "hopex.context"), "fail");
    assert_eq!(
        detail_of(&run, "hopex.context"),
        "This key opens HOPEX profile PROFILE-7; the profile says PROFILE-1."
    );
}

#[test]
fn hopex_is_asked_once_for_both_checks() {
    let env = CheckEnv::new(10);
    // Only the first HOPEX request fails: a second one would pass.
    env.fault(json!({"path_prefix": "/HOPEXGraphQL", "status": 503, "times": 1}));
    let run = env.check(&["--json"]);
    assert_eq!(outcome_of(&run, "hopex.key"), "fail", "{}", run.stdout);
    assert_eq!(outcome_of(&run, "hopex.context"), "skip", "{}", run.stdout);
    assert!(detail_of(&run, "hopex.context").contains("Not compared"));
}

#[test]
fn without_the_hopex_key_the_context_is_unknown() {
    let env = CheckEnv::new(10);
    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_HUB_API_SECRET", &env.hub_secret)
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .run();
    run.expect_code(4);
    assert_eq!(outcome_of(&run, "hopex.context"), "unknown");
    assert_eq!(outcome_of(&run, "hopex.key_expiry"), "skip");
}

#[test]
fn the_human_output_and_the_report_show_the_new_checks() {
    let env = CheckEnv::new(10);
    env.edit_hopex(10, |h| h.key_expires = Some(in_days(10)));
    let report = env.home.path().join("report.md");
    let report_arg = report.to_str().expect("UTF-8 path");
    let run = env.check(&["--report", report_arg]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("! HOPEX key expiry: The HOPEX key expires in 10 days"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("✓ HOPEX key opens the profile's repository"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&report).expect("report written");
    assert!(text.contains("`hopex.key_expiry`"), "{text}");
    assert!(text.contains("`hopex.context`"), "{text}");
    assert!(
        text.contains(&format!("| HOPEX key expires | {} |", in_days(10))),
        "{text}"
    );
}

#[test]
fn a_saas_profile_skips_both() {
    let env = CheckEnv::new(10);
    env.edit_hopex(10, |h| {
        h.deployment = nowkey::domain::hopex::Deployment::Saas;
        h.version.clear();
        h.key_name.clear();
        h.hopex_login.clear();
        h.environment_id.clear();
        h.repository_id.clear();
        h.profile_id.clear();
        h.session_mode = None;
        h.connection_mode = None;
        h.key_fingerprint = None;
    });
    let run = env.check(&["--json"]);
    assert_eq!(outcome_of(&run, "hopex.key_expiry"), "skip");
    assert!(detail_of(&run, "hopex.key_expiry").contains("SaaS"));
    assert_eq!(outcome_of(&run, "hopex.context"), "skip");
    let metrics = env.check(&["--format", "prometheus"]);
    assert!(!metrics.stdout.contains("nowkey_key_expiry_days{"));
}
