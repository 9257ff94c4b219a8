//! `nowkey check` against an in-process sandbox: every check passes, and fails
//! when the sandbox's faults (or a wrong secret, or a date) make it fail; the
//! exit codes nowkey documents.

use crate::check_support;
use crate::support;

use check_support::{detail_of, outcome_of, CheckEnv, SN_PASSWORD};
use serde_json::json;

#[test]
fn a_healthy_profile_passes_every_check_and_exits_0() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    for id in [
        "hub.credentials",
        "hub.fingerprint",
        "hub.key_age",
        "servicenow.credentials",
        "hopex.key",
        "hopex.fingerprint",
        "rotation.unfinished",
    ] {
        assert_eq!(outcome_of(&run, id), "pass", "{id}: {}", run.stdout);
    }
    // The sandbox is plain http on loopback: there is no certificate to read.
    assert_eq!(outcome_of(&run, "hub.certificate"), "skip");
}

#[test]
fn hub_credentials_fail_on_a_wrong_secret_and_the_fingerprint_shows_drift() {
    let env = CheckEnv::new(10);
    let run = env.check_with(
        &["--json"],
        "not-the-secret-0000",
        SN_PASSWORD,
        &env.hopex_key,
    );
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "hub.credentials"), "fail");
    assert!(
        detail_of(&run, "hub.credentials").contains("rejected"),
        "{}",
        run.stdout
    );
    assert_eq!(outcome_of(&run, "hub.fingerprint"), "fail");
    assert!(detail_of(&run, "hub.fingerprint").contains("drifted"));
    assert_eq!(outcome_of(&run, "servicenow.credentials"), "pass");
}

#[test]
fn hub_credentials_fail_when_the_hub_answers_503() {
    let env = CheckEnv::new(10);
    env.fault(json!({"path_prefix": "/v1/replies", "status": 503}));
    let run = env.check(&["--json"]);
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "hub.credentials"), "fail");
    assert_eq!(outcome_of(&run, "hub.fingerprint"), "pass");
    assert_eq!(outcome_of(&run, "hopex.key"), "pass");
}

#[test]
fn key_age_warns_from_day_80_and_fails_after_day_90() {
    for (age, expected, exit) in [
        (79, "pass", 0),
        (80, "warn", 0),
        (90, "warn", 0),
        (91, "fail", 1),
    ] {
        let env = CheckEnv::new(age);
        let run = env.check(&["--json"]);
        run.expect_code(exit);
        assert_eq!(outcome_of(&run, "hub.key_age"), expected, "day {age}");
    }
}

#[test]
fn an_overdue_key_says_how_to_rotate() {
    let env = CheckEnv::new(120);
    let run = env.check(&[]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("✗ Hub key age: The key is 120 days old"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("→ Rotate it: nowkey rotate --profile prod"));
}

#[test]
fn servicenow_fails_on_a_wrong_password_and_on_mfa() {
    let env = CheckEnv::new(10);
    let run = env.check_with(
        &["--json"],
        &env.hub_secret,
        "wrong-password",
        &env.hopex_key,
    );
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "servicenow.credentials"), "fail");
    assert!(detail_of(&run, "servicenow.credentials").contains("user name or password"));

    let mut profile = env.profile(10);
    if let Some(sms) = profile.sms.as_mut() {
        sms.servicenow_user = Some("mfa.user".into());
    }
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_user = "mfa.user".into();
    }
    env.save("prod", profile);
    let run = env.check_with(
        &["--json"],
        &env.hub_secret,
        "mfa-sandbox-pw",
        &env.hopex_key,
    );
    run.expect_code(1);
    assert!(
        detail_of(&run, "servicenow.credentials")
            .to_lowercase()
            .contains("multi-factor"),
        "{}",
        run.stdout
    );
}

#[test]
fn servicenow_warns_when_the_user_lacks_the_rest_role() {
    let env = CheckEnv::new(10);
    env.rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{}/_sandbox/servicenow/users", env.base))
            .json(&json!({"user_name": "itil.only", "password": "itil-pw-123", "roles": ["itil"]}))
            .send()
            .await
            .expect("admin answers");
        assert!(response.status().is_success());
    });
    let mut profile = env.profile(10);
    if let Some(sms) = profile.sms.as_mut() {
        sms.servicenow_user = Some("itil.only".into());
    }
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_user = "itil.only".into();
    }
    env.save("prod", profile);
    let run = env.check_with(&["--json"], &env.hub_secret, "itil-pw-123", &env.hopex_key);
    run.expect_code(0);
    assert_eq!(outcome_of(&run, "servicenow.credentials"), "warn");
    assert!(detail_of(&run, "servicenow.credentials").contains("snc_platform_rest_api_access"));
}

#[test]
fn servicenow_fails_when_the_instance_errors() {
    let env = CheckEnv::new(10);
    env.fault(json!({"path_prefix": "/api/now", "status": 500}));
    let run = env.check(&["--json"]);
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "servicenow.credentials"), "fail");
    assert_eq!(outcome_of(&run, "hub.credentials"), "pass");
}

#[test]
fn hopex_fails_on_a_wrong_key_and_on_a_401() {
    let env = CheckEnv::new(10);
    let run = env.check_with(
        &["--json"],
        &env.hub_secret,
        SN_PASSWORD,
        "AnotherKeyThatIsNotRegistered0000000000",
    );
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "hopex.key"), "fail");
    assert_eq!(outcome_of(&run, "hopex.fingerprint"), "fail");

    env.fault(json!({"path_prefix": "/HOPEXGraphQL", "status": 401}));
    let run = env.check(&["--json"]);
    run.expect_code(1);
    assert_eq!(outcome_of(&run, "hopex.key"), "fail");
    assert_eq!(outcome_of(&run, "hopex.fingerprint"), "pass");
}

#[test]
fn an_unfinished_rotation_is_a_warning_that_says_how_to_resume() {
    use nowkey::domain::rotation::{KeyRef, Rotation};
    let env = CheckEnv::new(10);
    let profile = env.profile(10);
    let sms = profile.sms.expect("sms");
    let rotation = Rotation::start(
        "prod",
        KeyRef {
            api_key: sms.api_key.clone(),
            fingerprint: sms.token_fingerprint.clone(),
            expires: None,
        },
        true,
        chrono::Utc::now(),
    );
    nowkey::store::save_rotation(&env.config(), &rotation).expect("journal saved");
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(outcome_of(&run, "rotation.unfinished"), "warn");
    let human = env.check(&[]);
    assert!(
        human
            .stdout
            .contains("nowkey rotate --profile prod --key hub --resume"),
        "{}",
        human.stdout
    );
}

#[test]
fn an_unreachable_service_exits_3_and_a_real_failure_beats_it() {
    let env = CheckEnv::new(10);
    let mut profile = env.profile(10);
    let dead = "http://127.0.0.1:9"; // discard port: nothing listens there
    if let Some(sms) = profile.sms.as_mut() {
        sms.hub_api_url = dead.into();
    }
    env.save("prod", profile.clone());
    let run = env.check(&["--json"]);
    run.expect_code(3);
    assert_eq!(outcome_of(&run, "hub.credentials"), "fail");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(doc["verdict"], "unreachable");
    assert_eq!(doc["exit_code"], 3);

    // An overdue key as well: a real failure wins, exit 1.
    env.save("prod", CheckEnv::with_hub(env.profile(200), dead));
    env.check(&["--json"]).expect_code(1);
}

#[test]
fn missing_secrets_leave_their_checks_unknown_and_the_run_incomplete_exit_4() {
    let env = CheckEnv::new(10);
    let run = support::cli::nowkey(&["check", "--no-keyring", "--json"], env.home.path()).run();
    // No credential was tried: a cron job must not stay green.
    run.expect_code(4);
    for id in [
        "hub.credentials",
        "hub.fingerprint",
        "servicenow.credentials",
        "hopex.key",
        "hopex.context",
    ] {
        assert_eq!(outcome_of(&run, id), "unknown", "{id}");
    }
    assert_eq!(outcome_of(&run, "hub.key_age"), "pass");
    assert!(run.stdout.contains("NOWKEY_HUB_API_SECRET"));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(doc["verdict"], "incomplete");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["exit_code"], 4);
    assert_eq!(doc["summary"]["unknown"], 6);

    let human = support::cli::nowkey(&["check", "--no-keyring"], env.home.path()).run();
    human.expect_code(4);
    assert!(
        human.stdout.contains("Incomplete: 6 checks could not run"),
        "{}",
        human.stdout
    );
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let env = CheckEnv::new(10);
    env.check(&["--profile", "nope"])
        .expect_code(2)
        .expect_one_line_error();
    env.save("second", env.profile(5));
    let run = env.check(&[]);
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("--all"), "{}", run.stderr);
    let empty = tempfile::tempdir().expect("temp");
    support::cli::nowkey(&["check"], empty.path())
        .run()
        .expect_code(2)
        .expect_one_line_error();
    env.check(&["--profile", "prod", "--all"]).expect_code(2);
}

#[test]
fn all_checks_every_profile_in_order() {
    let env = CheckEnv::new(10);
    for name in ["alpha", "beta", "gamma"] {
        env.save(name, env.profile(100));
    }
    let run = support::cli::nowkey(
        &["check", "--all", "--jobs", "2", "--no-keyring", "--json"],
        env.home.path(),
    )
    .run();
    run.expect_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let names: Vec<&str> = doc["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .map(|p| p["profile"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["alpha", "beta", "gamma", "prod"]);
    // --all reads no environment: prod's credentials are unknown.
    assert_eq!(doc["profiles"][3]["verdict"], "incomplete");
    assert_eq!(doc["profiles"][0]["verdict"], "failed");
}

#[test]
fn the_human_summary_counts_each_outcome_in_words() {
    let env = CheckEnv::new(85);
    let run = env.check(&[]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("1 profile: 7 passed, 1 warning, 0 failed, 4 skipped, 0 unknown."),
        "{}",
        run.stdout
    );
}

#[test]
fn the_old_key_of_a_rotation_finished_without_confirmation_is_a_warning_until_one_confirms() {
    use nowkey::domain::profile::RotationRecord;
    use nowkey::domain::rotation::Revocation;
    let env = CheckEnv::new(10);
    let with_last = |revocation: Option<Revocation>| {
        let mut profile = env.profile(10);
        let sms = profile.sms.as_mut().expect("sms");
        sms.rotations.push(RotationRecord {
            completed: sms.key_created,
            old_key: "OLDKEY0000000000000X".to_owned(),
            new_key: sms.api_key.clone(),
            new_fingerprint: sms.token_fingerprint.clone(),
            old_key_revocation: revocation,
            servicenow_proof: None,
            started: None,
        });
        profile
    };
    // Never rotated: nothing to judge, so the check is not run at all.
    let run = env.check(&["--json"]);
    assert!(
        !run.stdout.contains("hub.old_key_revoked"),
        "{}",
        run.stdout
    );

    for (revocation, words) in [
        (Revocation::StillAccepted, "still accepted"),
        (Revocation::NotVerified, "not verified"),
    ] {
        env.save("prod", with_last(Some(revocation)));
        let run = env.check(&["--json"]);
        run.expect_code(0);
        assert_eq!(
            outcome_of(&run, "hub.old_key_revoked"),
            "warn",
            "{}",
            run.stdout
        );
        let detail = detail_of(&run, "hub.old_key_revoked");
        assert!(detail.contains(words), "{detail}");
        assert!(detail.contains("OLDKEY0000000000000X"), "{detail}");
        let human = env.check(&[]);
        assert!(
            human
                .stdout
                .contains("Delete key OLDKEY0000000000000X in the Hub")
                && human.stdout.contains("nowkey rotate --profile prod"),
            "{}",
            human.stdout
        );
    }
    // A later rotation that confirmed its revocation clears the warning.
    let mut profile = with_last(Some(Revocation::StillAccepted));
    let sms = profile.sms.as_mut().expect("sms");
    let mut confirmed = sms.rotations[0].clone();
    confirmed.old_key_revocation = Some(Revocation::Confirmed);
    sms.rotations.push(confirmed);
    env.save("prod", profile);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(
        outcome_of(&run, "hub.old_key_revoked"),
        "pass",
        "{}",
        run.stdout
    );
    assert!(detail_of(&run, "hub.old_key_revoked").contains("revocation confirmed"));
}

#[test]
fn a_profile_written_before_the_three_outcomes_reads_its_old_flag() {
    let env = CheckEnv::new(10);
    let mut profile = env.profile(10);
    let sms = profile.sms.as_mut().expect("sms");
    sms.rotations.push(nowkey::domain::profile::RotationRecord {
        completed: sms.key_created,
        old_key: "OLDKEY0000000000000X".to_owned(),
        new_key: sms.api_key.clone(),
        new_fingerprint: sms.token_fingerprint.clone(),
        old_key_revocation: None,
        servicenow_proof: None,
        started: None,
    });
    env.save("prod", profile);
    // Rewrite the record as an older nowkey wrote it: old_key_rejected = false.
    let path = env.config().profiles_path();
    let text = std::fs::read_to_string(&path).expect("profiles");
    assert!(!text.contains("old_key_revocation"), "{text}");
    let old = text.replace(
        "new_fingerprint",
        "old_key_rejected = false\nnew_fingerprint",
    );
    std::fs::write(&path, old).expect("written");
    let run = env.check(&["--json"]);
    assert_eq!(
        outcome_of(&run, "hub.old_key_revoked"),
        "warn",
        "{}",
        run.stdout
    );
    assert!(detail_of(&run, "hub.old_key_revoked").contains("still accepted"));
}
