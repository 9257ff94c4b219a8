//! Snapshot tests of flow D's screens at 80x24 and 200x60 (ratatui TestBackend +
//! insta): the profile list, the secrets, the checks running, the results with
//! every outcome, a check's details, the exported report; one without colour.
//! Plus: NO_COLOR leaves no colour and keeps the symbols; no secret on screen.

mod flow_support;

use std::time::Duration;

use flow_support::validate::{
    finish, finished_prod, hopex_profile, open, open_prod, result, run_with, runs, sms_profile,
    task_for, PASSWORD,
};
use flow_support::{Driver, SECRET};
use nowkey::domain::check::{CheckId, Finding};
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::msg::{Msg, TaskOutcome};
use ratatui::style::Color;

/// Every validation screen worth seeing, as (name, driver).
fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = Vec::new();
    all.push(("validate_no_profiles", open(&[])));
    all.push((
        "validate_choose_profile",
        open(&[("hopex-prod", hopex_profile()), ("prod", sms_profile())]),
    ));

    let mut secrets = open_prod();
    secrets.msg(Msg::Paste(SECRET.into()));
    secrets.keys(&[Key::Tab]);
    all.push(("validate_secrets", secrets));

    let mut hopex = open(&[("hopex-prod", hopex_profile())]);
    hopex.type_text(PASSWORD);
    all.push(("validate_secrets_hopex", hopex));

    let mut running = open_prod();
    run_with(&mut running, Some(SECRET), Some(PASSWORD));
    let tasks = runs(&running);
    running.advance(Duration::from_millis(300));
    finish(
        &mut running,
        task_for(&tasks, CheckId::RotationUnfinished),
        result(
            CheckId::RotationUnfinished,
            Finding::pass("No rotation is in progress."),
            2,
        ),
    );
    running.advance(Duration::from_millis(900));
    all.push(("validate_running", running));

    all.push(("validate_results", finished_prod()));

    let mut remediation = finished_prod();
    remediation.keys(&[Key::Enter]);
    all.push(("validate_remediation", remediation));

    let mut skipped = open_prod();
    run_with(&mut skipped, None, Some(PASSWORD));
    let tasks = runs(&skipped);
    for id in [CheckId::HubCredentials, CheckId::HubFingerprint] {
        finish(
            &mut skipped,
            task_for(&tasks, id),
            result(
                id,
                Finding::skip(
                    "Not checked: the Hub API secret was not given.",
                    Some("Set NOWKEY_HUB_API_SECRET, pipe it with --secrets-stdin, answer the prompt, or keep it in the OS keyring with --save-to-keyring."),
                ),
                0,
            ),
        );
    }
    skipped.keys(&[Key::Enter]);
    all.push(("validate_skipped_details", skipped));

    let mut stopped = open_prod();
    run_with(&mut stopped, Some(SECRET), Some(PASSWORD));
    stopped.advance(Duration::from_secs(4));
    stopped.keys(&[Key::Esc]);
    all.push(("validate_stopped", stopped));

    let mut exported = finished_prod();
    exported.keys(&[Key::Char('e')]);
    let task = exported
        .last
        .iter()
        .find_map(|c| match c {
            Command::ExportReport { task, .. } => Some(*task),
            _ => None,
        })
        .expect("an export");
    exported.complete(
        task,
        TaskOutcome::ReportExported(Ok(
            "/home/admin/.config/nowkey/reports/prod-20261121T093000Z.md".into(),
        )),
    );
    all.push(("validate_exported", exported));
    all
}

#[test]
fn every_validation_screen_at_80x24() {
    for (name, driver) in screens() {
        insta::assert_snapshot!(name, driver.render(80, 24, true));
    }
}

#[test]
fn the_main_validation_screens_at_200x60() {
    let wanted = [
        "validate_secrets",
        "validate_running",
        "validate_results",
        "validate_remediation",
    ];
    for (name, driver) in screens() {
        if wanted.contains(&name) {
            insta::assert_snapshot!(format!("{name}_200x60"), driver.render(200, 60, true));
        }
    }
}

#[test]
fn results_without_colour_read_by_their_symbols() {
    let mut d = finished_prod();
    d.keys(&[Key::Down, Key::Down]);
    insta::assert_snapshot!("validate_results_no_color", d.render(80, 24, false));
    let text = d.render(80, 24, false);
    for symbol in ["✓ Token", "! Hub key age", "✗ Hub accepts", "- Hub TLS"] {
        assert!(text.contains(symbol), "{symbol} missing:\n{text}");
    }
}

#[test]
fn no_color_leaves_every_cell_uncoloured() {
    for (name, driver) in screens() {
        let (_, buffer) = flow_support::render(&driver.app, driver.now, 80, 24, false);
        for cell in buffer.content() {
            assert_eq!(
                cell.fg,
                Color::Reset,
                "{name}: coloured text under NO_COLOR"
            );
            assert_eq!(
                cell.bg,
                Color::Reset,
                "{name}: coloured background under NO_COLOR"
            );
        }
    }
}

#[test]
fn every_screen_keeps_its_footer_and_shows_no_secret() {
    for (name, driver) in screens() {
        for (width, height) in [(80u16, 24u16), (200, 60)] {
            let text = driver.render(width, height, true);
            let footer = text.lines().nth(height as usize - 1).unwrap_or_default();
            assert!(
                footer.contains("Esc"),
                "{name}: no help footer at {width}x{height}:\n{text}"
            );
            assert!(
                !text.contains(SECRET) && !text.contains(PASSWORD),
                "{name} shows a secret:\n{text}"
            );
        }
    }
}
