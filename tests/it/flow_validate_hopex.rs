//! The validation of a HOPEX profile: the key-expiry and context checks are rows
//! like the others, `R` is offered when the key expires soon or has expired, and
//! an OAuth2 sign-in asks for the client secret and passes it to its check.

use crate::flow_support;

use chrono::NaiveDate;
use flow_support::validate::{
    finish, hopex_oauth_profile, hopex_profile, hopex_profile_expiring, open, result,
    run_hopex_with, runs, task_for, validate, CLIENT_SECRET, HOPEX_KEY, PASSWORD,
};
use flow_support::Driver;
use nowkey::domain::check::plan::CheckJob;
use nowkey::domain::check::secrets::SecretKind;
use nowkey::domain::check::{CheckId, Finding};
use nowkey::flows::app::Screen;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::validate::{RotateOffer, ValidateAction};
use secrecy::ExposeSecret;

/// `hopex-prod`'s checks, in plan order.
const HOPEX_CHECKS: [CheckId; 8] = [
    CheckId::ServiceNowCredentials,
    CheckId::ServiceNowCertificate,
    CheckId::HopexKey,
    CheckId::HopexContext,
    CheckId::HopexFingerprint,
    CheckId::HopexKeyExpiry,
    CheckId::HopexCertificate,
    CheckId::RotationUnfinished,
];

fn screen(d: &Driver) -> String {
    d.render(100, 30, false)
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// `hopex-prod` expiring on 2026-12-01, run, with the expiry check's `finding`.
fn expiry_finished(finding: Finding) -> Driver {
    let mut d = open(&[("hopex-prod", hopex_profile_expiring(date("2026-12-01")))]);
    run_hopex_with(&mut d, Some(PASSWORD), Some(HOPEX_KEY));
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::HopexKeyExpiry),
        result(CheckId::HopexKeyExpiry, finding, 0),
    );
    d
}

#[test]
fn the_new_checks_are_rows_and_run_with_the_others() {
    let mut d = open(&[("hopex-prod", hopex_profile())]);
    let ids: Vec<CheckId> = validate(&d).checks.iter().map(|r| r.planned.id).collect();
    assert_eq!(ids, HOPEX_CHECKS);
    // The context check needs the HOPEX key; the expiry check no secret.
    assert!(validate(&d)
        .checks_using(SecretKind::HopexApiKey)
        .contains(&CheckId::HopexContext));
    let text = screen(&d);
    assert!(text.contains("HOPEX key expiry"), "{text}");
    run_hopex_with(&mut d, Some(PASSWORD), Some(HOPEX_KEY));
    let started: Vec<CheckId> = runs(&d).iter().map(|(_, c, _)| c.id).collect();
    assert_eq!(started, HOPEX_CHECKS);
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::HopexContext),
        result(
            CheckId::HopexContext,
            Finding::fail(
                "This key opens repository REPO-2; the profile says REPO-1.",
                "Give the key made for the profile's repository and HOPEX profile.",
            ),
            180,
        ),
    );
    let text = screen(&d);
    assert!(
        text.contains("HOPEX key opens the profile's repository"),
        "{text}"
    );
    assert!(text.contains("This key opens repository REPO-2"), "{text}");
}

#[test]
fn an_expiry_warning_offers_r_and_r_leaves_for_the_rotation() {
    let mut d = expiry_finished(Finding::warn(
        "The HOPEX key expires in 10 days (2026-12-01).",
        "Generate a new key in HOPEX (Administration → Users → API Keys) before 2026-12-01 and rotate to it: nowkey rotate --profile hopex-prod",
    ));
    let flow = validate(&d);
    assert_eq!(flow.rotate_offer(), Some(RotateOffer::HopexKeyExpiring));
    assert_eq!(
        flow.step_bindings().action_for(Key::Char('R')),
        Some(ValidateAction::Rotate)
    );
    let text = screen(&d);
    assert!(
        text.contains("! The HOPEX key expires soon or has expired: press R to rotate it now."),
        "{text}"
    );
    assert!(text.contains("R rotate HOPEX key"), "{text}");
    d.keys(&[Key::Char('R')]);
    d.rotations_loaded(Ok(Vec::new()));
    assert!(
        matches!(d.app.screen, Screen::RotateHopex(_)),
        "R leaves the validation for the HOPEX key's rotation: {:?}",
        d.app.screen
    );
}

#[test]
fn an_expired_key_offers_r_too() {
    let d = expiry_finished(Finding::fail(
        "The HOPEX key expired on 2026-12-01 (4 days ago): the integration can no longer sign in to HOPEX with it.",
        "Generate a new key in HOPEX (Administration → Users → API Keys) and rotate to it: nowkey rotate --profile hopex-prod",
    ));
    assert_eq!(
        validate(&d).rotate_offer(),
        Some(RotateOffer::HopexKeyExpiring)
    );
}

#[test]
fn a_key_far_from_expiry_or_without_a_date_offers_no_rotation() {
    for finding in [
        Finding::pass("The HOPEX key expires on 2027-06-01, in 178 days."),
        Finding::skip(
            "The profile records no expiration date for the HOPEX key: nothing to check.",
            None::<String>,
        ),
    ] {
        let mut d = expiry_finished(finding);
        assert_eq!(validate(&d).rotate_offer(), None);
        assert_eq!(
            validate(&d).step_bindings().action_for(Key::Char('R')),
            None
        );
        d.keys(&[Key::Char('R')]);
        assert!(matches!(d.app.screen, Screen::Validate(_)));
    }
}

#[test]
fn an_oauth_profile_asks_for_the_client_secret_and_passes_it_to_the_servicenow_check() {
    let mut d = open(&[("hopex-prod", hopex_oauth_profile())]);
    assert_eq!(
        validate(&d).secrets.kinds,
        [
            SecretKind::ServiceNowPassword,
            SecretKind::ServiceNowClientSecret,
            SecretKind::HopexApiKey
        ]
    );
    d.type_text(PASSWORD);
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(CLIENT_SECRET.to_owned().into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(HOPEX_KEY.to_owned().into()));
    d.keys(&[Key::Enter]);
    let runs = runs(&d);
    let (_, check, secrets) = runs
        .iter()
        .find(|(_, c, _)| c.id == CheckId::ServiceNowCredentials)
        .expect("the ServiceNow check runs");
    assert!(matches!(
        &check.job,
        CheckJob::ServiceNow { oauth_client_id: Some(id), .. } if id == "0123456789abcdef0123456789abcdef"
    ));
    assert_eq!(
        secrets
            .servicenow_client_secret
            .as_ref()
            .map(|s| s.expose_secret()),
        Some(CLIENT_SECRET)
    );
    assert!(!format!("{secrets:?}").contains(CLIENT_SECRET));
    assert!(!screen(&d).contains(CLIENT_SECRET));
}

#[test]
fn an_empty_client_secret_is_named_in_the_unknown_checks_remedy() {
    let mut d = open(&[("hopex-prod", hopex_oauth_profile())]);
    d.type_text(PASSWORD);
    d.keys(&[Key::Tab, Key::Tab]);
    d.msg(Msg::Paste(HOPEX_KEY.to_owned().into()));
    d.keys(&[Key::Enter]);
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::ServiceNowCredentials),
        result(
            CheckId::ServiceNowCredentials,
            Finding::unknown(
                "Unknown: the ServiceNow OAuth client secret was not given, so this was not checked.",
                "Set NOWKEY_SERVICENOW_CLIENT_SECRET, pipe it with --secrets-stdin, answer the prompt, or keep it in the OS keyring with --save-to-keyring.",
            ),
            0,
        ),
    );
    let flow = validate(&d);
    let row = flow
        .checks
        .iter()
        .find(|r| r.planned.id == CheckId::ServiceNowCredentials)
        .expect("row");
    let remedy = flow.remediation(row).expect("a remedy");
    assert_eq!(
        remedy,
        "Press Esc to go back, type the ServiceNow OAuth client secret, then Enter to run the checks again."
    );
}
