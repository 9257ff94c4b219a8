//! Every the validation screen state worth seeing, shared by the snapshot tests
//! (tests/it/screens_validate.rs) and the drawing benchmark (benches/screens).

use std::time::Duration;

use nowkey::domain::check::{CheckId, Finding};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};

use super::validate::{
    finish, finished_prod, hopex_profile, open, open_prod, result, run_with, runs, sms_profile,
    task_for, PASSWORD,
};
use super::{Driver, SECRET};

/// Every validation screen worth seeing, as (name, driver).
pub fn screens() -> Vec<(&'static str, Driver)> {
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
                Finding::unknown(
                    "Unknown: the Hub API secret was not given, so this was not checked.",
                    "Set NOWKEY_HUB_API_SECRET, pipe it with --secrets-stdin, answer the prompt, or keep it in the OS keyring with --save-to-keyring.",
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
    let task = exported.task_of(super::report_task);
    exported.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ReportSaved(Ok(
            "/home/admin/.config/nowkey/reports/prod-20261121T093000Z.md".into(),
        ))),
    );
    all.push(("validate_exported", exported));
    all
}
