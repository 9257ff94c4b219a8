//! The rules a profile read back from disk must meet: the wizard's, field by
//! field, with the field's path in every problem and never its value.

use chrono::NaiveDate;
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::profile::{HopexProfile, Profile, RotationRecord, SmsProfile};
use nowkey::domain::profile_rules::{check_profile, shown, MAX_FIELD_CHARS};
use nowkey::domain::token::Fingerprint;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
}

fn sms() -> SmsProfile {
    SmsProfile {
        vendor: "messagemedia".to_owned(),
        hub_api_url: "https://api.messagemedia.com".to_owned(),
        api_key: "KEY1".to_owned(),
        token_fingerprint: Fingerprint::parse("0123456789ab").unwrap(),
        key_created: day(),
        next_rotation_due: day(),
        test_number: Some("+61491570156".to_owned()),
        servicenow_url: Some("https://acme.service-now.com".to_owned()),
        servicenow_user: Some("sn.integration".to_owned()),
        servicenow_credential: None,
        servicenow_registration: None,
        servicenow_registration_fields: None,
        rotations: vec![RotationRecord {
            completed: day(),
            old_key: "KEY0".to_owned(),
            new_key: "KEY1".to_owned(),
            new_fingerprint: Fingerprint::parse("0123456789ab").unwrap(),
            old_key_revocation: None,
            servicenow_proof: None,
            started: None,
        }],
    }
}

fn hopex() -> HopexProfile {
    HopexProfile {
        deployment: Deployment::OnPrem,
        version: "V5 CP6 HF27".to_owned(),
        server_url: "https://hopex.acme.com".to_owned(),
        schema: "ITPM".to_owned(),
        data_flow: DataFlow::Both,
        key_name: "ServiceNow".to_owned(),
        hopex_login: "svc.servicenow".to_owned(),
        environment_id: "ENV-1".to_owned(),
        repository_id: "REPO-1".to_owned(),
        profile_id: "PROFILE-1".to_owned(),
        session_mode: Some(SessionMode::Multi),
        connection_mode: Some(ConnectionMode::ReadWrite),
        key_fingerprint: None,
        key_created: day(),
        servicenow_url: "https://acme.service-now.com".to_owned(),
        servicenow_user: "sn.integration".to_owned(),
        key_expires: None,
        servicenow_auth: Default::default(),
        servicenow_oauth_client_id: None,
        rotations: Vec::new(),
    }
}

/// The field path of the first problem of a profile holding `sms` and `hopex`.
fn problem(sms: SmsProfile, hopex: HopexProfile) -> (String, String) {
    let profile = Profile {
        sms: Some(sms),
        hopex: Some(hopex),
    };
    let problem = check_profile(&profile).expect_err("refused");
    (problem.field(), problem.reason)
}

#[test]
fn a_profile_the_wizard_saves_passes() {
    let profile = Profile {
        sms: Some(sms()),
        hopex: Some(hopex()),
    };
    assert_eq!(check_profile(&profile), Ok(()));
    assert_eq!(check_profile(&Profile::default()), Ok(()));
}

#[test]
fn each_sms_field_is_checked_and_named() {
    type Break = fn(&mut SmsProfile);
    let cases: [(Break, &str); 9] = [
        (|s| s.vendor = "nope".into(), "sms.vendor"),
        (|s| s.hub_api_url = "ftp://x".into(), "sms.hub_api_url"),
        (|s| s.api_key = "a b".into(), "sms.api_key"),
        (|s| s.api_key = " KEY1".into(), "sms.api_key"),
        (|s| s.test_number = Some("0412".into()), "sms.test_number"),
        (
            |s| s.servicenow_url = Some("acme".into()),
            "sms.servicenow_url",
        ),
        (
            |s| s.servicenow_user = Some("a:b".into()),
            "sms.servicenow_user",
        ),
        (
            |s| s.rotations[0].old_key = "\u{1b}".into(),
            "sms.rotations[1].old_key",
        ),
        (
            |s| s.rotations[0].new_key = "x".repeat(MAX_FIELD_CHARS + 1),
            "sms.rotations[1].new_key",
        ),
    ];
    for (break_it, field) in cases {
        let mut broken = sms();
        break_it(&mut broken);
        assert_eq!(problem(broken, hopex()).0, field);
    }
}

#[test]
fn each_hopex_field_is_checked_and_named() {
    type Break = fn(&mut HopexProfile);
    let cases: [(Break, &str); 10] = [
        (|h| h.version = "HOPEX".into(), "hopex.version"),
        (
            |h| h.server_url = "http://hopex.acme.com".into(),
            "hopex.server_url",
        ),
        (|h| h.schema = "IT PM".into(), "hopex.schema"),
        (|h| h.key_name = "Service\u{7}Now".into(), "hopex.key_name"),
        (
            |h| h.hopex_login = "svc servicenow".into(),
            "hopex.hopex_login",
        ),
        (|h| h.environment_id = String::new(), "hopex.environment_id"),
        (
            |h| h.repository_id = "R\u{200b}1".into(),
            "hopex.repository_id",
        ),
        (|h| h.profile_id = "P".repeat(65), "hopex.profile_id"),
        (
            |h| h.connection_mode = Some(ConnectionMode::ReadOnly),
            "hopex.connection_mode",
        ),
        (
            |h| h.servicenow_user = String::new(),
            "hopex.servicenow_user",
        ),
    ];
    for (break_it, field) in cases {
        let mut broken = hopex();
        break_it(&mut broken);
        assert_eq!(problem(sms(), broken).0, field);
    }
}

/// A SaaS profile has no key: no version and none of the key's fields. One
/// written with any of them is refused at that field; one without passes.
#[test]
fn a_saas_profile_holds_no_key_settings() {
    let saas = || HopexProfile {
        deployment: Deployment::Saas,
        version: String::new(),
        key_name: String::new(),
        hopex_login: String::new(),
        environment_id: String::new(),
        repository_id: String::new(),
        profile_id: String::new(),
        session_mode: None,
        connection_mode: None,
        key_fingerprint: None,
        ..hopex()
    };
    check_profile(&Profile {
        sms: None,
        hopex: Some(saas()),
    })
    .expect("a SaaS profile without key settings");
    type Break = fn(&mut HopexProfile);
    let cases: [(Break, &str); 3] = [
        (|h| h.version = "SaaS".into(), "hopex.version"),
        (|h| h.hopex_login = "svc".into(), "hopex.hopex_login"),
        (
            |h| h.session_mode = Some(SessionMode::Multi),
            "hopex.session_mode",
        ),
    ];
    for (break_it, field) in cases {
        let mut broken = saas();
        break_it(&mut broken);
        assert_eq!(problem(sms(), broken).0, field);
    }
    // On premises, the modes are required.
    let mut no_mode = hopex();
    no_mode.session_mode = None;
    assert_eq!(problem(sms(), no_mode).0, "hopex.session_mode");
}

#[test]
fn a_reason_never_holds_the_value() {
    let canary = "CANARY\u{1b}]0;x\u{7}value";
    let mut broken = sms();
    broken.vendor = canary.to_owned();
    let (_, reason) = problem(broken, hopex());
    assert!(!reason.contains("CANARY"), "{reason}");
    assert!(!reason.chars().any(char::is_control), "{reason}");
    assert!(reason.contains("\\u{1b}"), "{reason}");
}

#[test]
fn shown_escapes_controls_and_cuts_long_text() {
    assert_eq!(shown("prod"), "prod");
    assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    assert_eq!(shown("a\r\nb\u{200b}"), "a\\u{d}\\u{a}b\\u{200b}");
    let long = "x".repeat(300);
    assert_eq!(shown(&long), format!("{}…", "x".repeat(64)));
}
