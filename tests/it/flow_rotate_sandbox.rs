//! The rotation in the sandbox: the keys that stand in for the Hub's buttons (F3
//! creates the new key, F2 pastes it, F4 deletes the old one) and the notes they
//! leave, each on its own step.

use crate::flow_support;

use flow_support::rotate_screens::*;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::rotation::Phase;
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, SandboxCall};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{HubOutcome, SandboxOutcome, TaskOutcome};
use nowkey::flows::rotate::RotateScreen;

#[test]
fn f4_deletes_the_old_key_in_the_sandbox_even_while_nowkey_polls_the_hub() {
    let mut d = delete_confirmed();
    assert_eq!(flow(&d).screen(), RotateScreen::DeleteOldKey);
    d.keys(&[Key::Enter]);
    assert!(flow(&d).request_running(), "Enter starts polling the Hub");
    d.keys(&[Key::F(4)]);
    let deleted = d.last.iter().any(|c| {
        matches!(c, Command::Start { job: Job::Sandbox(SandboxCall::DeleteHubKey { api_key }), .. }
            if api_key == OLD_KEY)
    });
    assert!(
        deleted,
        "F4 asked the sandbox to delete the old key: {:?}",
        d.last
    );
    let shown = d.render(80, 24, false);
    assert!(
        shown.contains("F4"),
        "the footer or hint names F4:\n{shown}"
    );
}

#[test]
fn the_sandbox_key_note_of_step_1_is_gone_by_the_old_keys_deletion() {
    let mut d = started(true);
    d.keys(&[Key::F(3)]);
    let task = d.task_of(flow_support::sandbox_key_task);
    d.complete(
        task,
        TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(Ok((
            NEW_KEY.to_owned(),
            NEW_SECRET.to_owned().into(),
        )))),
    );
    assert!(d.render(80, 24, false).contains("Press F2 to paste it"));
    d.keys(&[Key::F(2), Key::Enter]);
    assert_eq!(journal_ok(&mut d).phase, Phase::NewKeyCaptured);
    let task = d.task_of(check_task);
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    journal_ok(&mut d);
    d.keys(&[Key::Char('1'), Key::Char('2'), Key::Enter]);
    journal_ok(&mut d);
    send_and_end(&mut d, MessageStatus::Delivered);
    d.keys(&[Key::Enter]);
    journal_ok(&mut d);
    assert_eq!(flow(&d).screen(), RotateScreen::DeleteOldKey);
    let shown = d.render(80, 24, false);
    assert!(!shown.contains("F2"), "F2 does nothing here:\n{shown}");
    assert!(
        shown.contains("Sandbox: F4 deletes the old key"),
        "the step's own sandbox hint shows:\n{shown}"
    );
}
