//! The validation driven through `App::update`: home → validate → secrets → results; every
//! check runs at once as its own task; details on Enter; the rotation action; Esc
//! stops and late results are ignored; an empty secret skips its checks. Other
//! paths are in `flow_validate_edges.rs`.

use crate::flow_support;

use flow_support::validate::{
    finish, finished_prod, open_prod, result, run_with, runs, task_for, validate, PASSWORD,
};
use flow_support::{Driver, KEY, SECRET};
use nowkey::domain::check::secrets::SecretKind;
use nowkey::domain::check::{CheckId, Finding, Outcome};
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::rotate::RotateScreen;
use nowkey::flows::task::TaskId;
use nowkey::flows::validate::{CheckState, RotateOffer, ValidateStep};
use secrecy::ExposeSecret;

/// `prod`'s checks, in plan order.
const PROD_CHECKS: [CheckId; 7] = [
    CheckId::HubCredentials,
    CheckId::HubFingerprint,
    CheckId::HubKeyAge,
    CheckId::HubCertificate,
    CheckId::ServiceNowCredentials,
    CheckId::ServiceNowCertificate,
    CheckId::RotationUnfinished,
];

fn screen(d: &Driver) -> String {
    d.render(80, 24, true)
}

fn cancelled(d: &Driver) -> Vec<TaskId> {
    d.last
        .iter()
        .filter_map(|c| match c {
            Command::Cancel(task) => Some(*task),
            _ => None,
        })
        .collect()
}

#[test]
fn one_profile_opens_straight_on_the_secrets_it_needs() {
    let d = open_prod();
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Secrets);
    assert_eq!(
        flow.secrets.kinds,
        [SecretKind::HubApiSecret, SecretKind::ServiceNowPassword]
    );
    let text = screen(&d);
    assert!(
        text.contains("Secrets for the checks of \"prod\""),
        "{text}"
    );
    assert!(text.contains("Hub API secret:"), "{text}");
    assert!(text.contains("ServiceNow password:"), "{text}");
    assert!(
        text.contains("Empty: Hub accepts the API key, Token matches the saved"),
        "{text}"
    );
    assert!(!text.contains("HOPEX API key"), "{text}");
}

#[test]
fn every_check_is_running_at_once_before_any_result() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let runs = runs(&d);
    let ids: Vec<CheckId> = runs.iter().map(|(_, check, _)| check.id).collect();
    assert_eq!(
        ids, PROD_CHECKS,
        "one command per planned check, all at once"
    );
    let mut tasks: Vec<TaskId> = runs.iter().map(|(task, _, _)| *task).collect();
    tasks.dedup();
    assert_eq!(tasks.len(), 7, "each check is its own task");
    for (_, _, secrets) in &runs {
        assert_eq!(
            secrets.hub_api_secret.as_ref().map(|s| s.expose()),
            Some(SECRET)
        );
        assert_eq!(
            secrets
                .servicenow_password
                .as_ref()
                .map(|s| s.expose_secret()),
            Some(PASSWORD)
        );
        assert!(secrets.hopex_api_key.is_none());
    }
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Results);
    assert_eq!(flow.running(), 7);
    assert!(flow
        .checks
        .iter()
        .all(|row| matches!(row.state, CheckState::Running { .. })));
    d.advance(std::time::Duration::from_millis(1200));
    let text = screen(&d);
    assert!(text.contains("7 running"), "{text}");
    assert_eq!(text.matches("1.2s").count(), 7, "{text}");
    assert_eq!(text.matches("checking…").count(), 7, "{text}");
}

#[test]
fn results_arrive_in_any_order_and_the_summary_counts_them() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::RotationUnfinished),
        result(
            CheckId::RotationUnfinished,
            Finding::pass("No rotation is in progress."),
            2,
        ),
    );
    let flow = validate(&d);
    assert_eq!(flow.running(), 6);
    assert!(matches!(flow.checks[6].state, CheckState::Finished(_)));
    assert!(matches!(flow.checks[0].state, CheckState::Running { .. }));
    let text = screen(&d);
    assert!(
        text.contains("✓ 1 pass · ! 0 warn · ✗ 0 fail · - 0 skip · ? 0 unknown · 6 running"),
        "{text}"
    );

    let d = finished_prod();
    let tally = validate(&d).tally();
    assert_eq!(
        (tally.pass, tally.warn, tally.fail, tally.skip),
        (4, 1, 1, 1)
    );
    let text = screen(&d);
    assert!(
        text.contains("✓ 4 pass · ! 1 warn · ✗ 1 fail · - 1 skip"),
        "{text}"
    );
    assert!(!text.contains("running"), "{text}");
    assert!(text.contains("✗ Hub accepts the API key"), "{text}");
    assert!(text.contains("! Hub key age"), "{text}");
}

#[test]
fn enter_on_a_failed_check_shows_its_remediation() {
    let mut d = finished_prod();
    assert_eq!(validate(&d).cursor, 0);
    d.keys(&[Key::Enter]);
    assert!(validate(&d).detail_open);
    let text = screen(&d);
    assert!(text.contains("── Hub accepts the API key"), "{text}");
    assert!(
        text.contains("✗ The Hub refused the API key and secret (HTTP 401)."),
        "{text}"
    );
    assert!(
        text.contains("What to do: Give the current key's secret;"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Checked at {}", flow_support::SANDBOX_URL)),
        "{text}"
    );
    // The panel follows the selection, and Esc closes it without leaving.
    d.keys(&[Key::Down, Key::Down]);
    let text = screen(&d);
    assert!(
        text.contains("What to do: Rotate it: nowkey rotate --profile prod"),
        "{text}"
    );
    d.keys(&[Key::Esc]);
    assert!(!validate(&d).detail_open);
    assert_eq!(validate(&d).step, ValidateStep::Results);
}

#[test]
fn a_secret_left_empty_skips_its_checks_and_says_how_to_run_them() {
    let mut d = open_prod();
    run_with(&mut d, None, Some(PASSWORD));
    let runs = runs(&d);
    assert_eq!(runs.len(), 7, "every check still runs");
    assert!(runs.iter().all(|(_, _, s)| s.hub_api_secret.is_none()));
    assert!(runs.iter().all(|(_, _, s)| s.servicenow_password.is_some()));
    // The real check, without its secret, is a skip (no network involved).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (task, check, secrets) = runs
        .iter()
        .find(|(_, check, _)| check.id == CheckId::HubCredentials)
        .cloned()
        .unwrap();
    let skipped = rt.block_on(nowkey::checks::run_check(
        &check,
        &secrets,
        nowkey::clients::http::Timeouts::default(),
    ));
    assert_eq!(skipped.outcome, Outcome::Unknown);
    finish(&mut d, task, skipped);
    let text = screen(&d);
    assert!(text.contains("? Hub accepts the API key"), "{text}");
    assert!(text.contains("? 1 unknown"), "{text}");
    d.keys(&[Key::Enter]);
    let text = screen(&d);
    assert!(
        text.contains("What to do: Press Esc to go back, type the Hub API secret"),
        "the TUI says how to give it here, not with environment variables:\n{text}"
    );
    // Back to the secrets: the password is still there (masked), the Hub secret
    // field says its checks are skipped.
    d.keys(&[Key::Esc, Key::Esc, Key::Esc]);
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Secrets, "{:?}", flow);
    assert!(flow.secrets.is_blank(0));
    assert!(!flow.secrets.is_blank(1));
}

#[test]
fn a_due_key_offers_to_rotate_now_and_switches_to_the_rotation_of_this_profile() {
    let mut d = finished_prod();
    assert_eq!(validate(&d).rotate_offer(), Some(RotateOffer::RotateNow));
    let text = screen(&d);
    assert!(
        text.contains("! This key is due for rotation: press R to rotate it now."),
        "{text}"
    );
    assert!(text.contains("R rotate now"), "{text}");
    d.keys(&[Key::Char('R')]);
    let Screen::Rotate(flow) = &d.app.screen else {
        panic!("expected the rotation, got {:?}", d.app.screen);
    };
    assert_eq!(flow.screen(), RotateScreen::StartNamed);
    let names: Vec<&str> = flow.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["prod"]);
    assert_eq!(flow.profiles[0].sms.api_key, KEY);
}

#[test]
fn a_healthy_key_offers_no_rotation() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::HubKeyAge),
        result(
            CheckId::HubKeyAge,
            Finding::pass("The key is 10 days old; rotation is due in 80 days."),
            0,
        ),
    );
    assert_eq!(validate(&d).rotate_offer(), None);
    d.keys(&[Key::Char('R')]);
    assert!(matches!(d.app.screen, Screen::Validate(_)));
    assert!(!screen(&d).contains("R rotate now"));
}

#[test]
fn an_unfinished_rotation_offers_to_resume_it() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let runs = runs(&d);
    finish(
        &mut d,
        task_for(&runs, CheckId::RotationUnfinished),
        result(
            CheckId::RotationUnfinished,
            Finding::warn(
                "A rotation started 2026-11-20 09:00 UTC is at step 2 (new key captured).",
                "Finish it: nowkey rotate --profile prod --resume",
            ),
            3,
        ),
    );
    assert_eq!(validate(&d).rotate_offer(), Some(RotateOffer::Resume));
    assert!(screen(&d).contains("R resume rotation"));
}

#[test]
fn esc_stops_the_running_checks_and_their_late_results_are_ignored() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let first = runs(&d);
    finish(
        &mut d,
        task_for(&first, CheckId::HubKeyAge),
        result(
            CheckId::HubKeyAge,
            Finding::pass("The key is 10 days old."),
            0,
        ),
    );
    d.keys(&[Key::Esc]);
    let mut stopped = cancelled(&d);
    stopped.sort_unstable();
    let mut expected: Vec<TaskId> = first
        .iter()
        .filter(|(_, check, _)| check.id != CheckId::HubKeyAge)
        .map(|(task, _, _)| *task)
        .collect();
    expected.sort_unstable();
    assert_eq!(stopped, expected, "every running check is cancelled");
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Results, "the first Esc only stops");
    assert_eq!(flow.running(), 0);
    assert_eq!(flow.stopped(), 6);
    assert!(screen(&d).contains("6 stopped"));

    // A late answer to a stopped check changes nothing.
    let late = task_for(&first, CheckId::HubCredentials);
    finish(
        &mut d,
        late,
        result(CheckId::HubCredentials, Finding::pass("late"), 9000),
    );
    assert!(matches!(
        validate(&d).checks[0].state,
        CheckState::Stopped { .. }
    ));

    // r runs everything again with new tasks; the old task stays ignored.
    d.keys(&[Key::Char('r')]);
    let second = runs(&d);
    assert_eq!(second.len(), 7);
    assert!(second
        .iter()
        .all(|(task, _, _)| first.iter().all(|(old, _, _)| old != task)));
    finish(
        &mut d,
        late,
        result(CheckId::HubCredentials, Finding::pass("late"), 9000),
    );
    assert!(matches!(
        validate(&d).checks[0].state,
        CheckState::Running { .. }
    ));
    finish(
        &mut d,
        task_for(&second, CheckId::HubCredentials),
        result(CheckId::HubCredentials, Finding::pass("fresh"), 10),
    );
    assert_eq!(
        validate(&d).checks[0].result().map(|r| r.detail.as_str()),
        Some("fresh")
    );

    // Esc stops, Esc goes back to the secrets, Esc goes home.
    d.keys(&[Key::Esc]);
    assert_eq!(cancelled(&d).len(), 6);
    d.keys(&[Key::Esc, Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
}
