//! The rotation driven through `update`: every step is shown as done only after its
//! journal write returns; refusals, retries with backoff, abandon, resume, lock.

use crate::flow_support;

use std::time::Duration;

use flow_support::{env, Driver};
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Event, KeyRef, Phase, Revocation, Rotation};
use nowkey::flows::app::StartAt;
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::RotateScreen;
use nowkey::store::StoreError;

use flow_support::rotate_screens::*;

#[test]
fn a_step_is_shown_as_done_only_after_the_journal_write_returns() {
    let mut d = open(Vec::new());
    d.keys(&[Key::Enter]);
    lock_ok(&mut d);
    let (task, rotation) = journal_task(&d);
    assert_eq!(rotation.phase, Phase::Started);
    assert_eq!(
        flow(&d).screen(),
        RotateScreen::ChooseProfile,
        "not before the write"
    );
    d.keys(&[Key::Enter, Key::Char('x')]);
    assert!(
        d.last.is_empty(),
        "keys wait while a step is being recorded"
    );
    d.complete(task, TaskOutcome::Store(StoreOutcome::JournalSaved(Ok(()))));
    assert_eq!(flow(&d).screen(), RotateScreen::CreateNewKey);
}

#[test]
fn a_failed_journal_write_changes_nothing_and_says_so() {
    let mut d = started(false);
    d.msg(Msg::Paste(NEW_KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(NEW_SECRET.into()));
    d.keys(&[Key::Enter]);
    let (task, _) = journal_task(&d);
    let disk_full = StoreError::Write {
        path: "/cfg/rotations/prod.toml".into(),
        source: std::io::Error::other("disk full"),
    };
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::JournalSaved(Err(disk_full))),
    );
    assert_eq!(flow(&d).rotation.as_ref().unwrap().phase, Phase::Started);
    assert!(flow(&d).refusal.as_deref().unwrap().contains("disk full"));
}

#[test]
fn a_wrong_old_secret_is_refused_before_anything_starts() {
    let mut d = open(Vec::new());
    d.msg(Msg::Paste("notTheOldSecret000000".into()));
    d.keys(&[Key::Enter]);
    assert!(d.last.is_empty());
    let error = flow(&d).old_secret_form.fields[0].error.clone().unwrap();
    assert!(error.contains("does not belong to key"), "{error}");
}

#[test]
fn the_old_key_cannot_be_captured_as_the_new_one() {
    let mut d = started(false);
    d.msg(Msg::Paste(OLD_KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(OLD_SECRET.into()));
    d.keys(&[Key::Enter]);
    assert!(d
        .last
        .iter()
        .all(|c| crate::flow_support::journal_task(c).is_none()));
    assert!(flow(&d).refusal.is_some());
    assert_eq!(flow(&d).rotation.as_ref().unwrap().phase, Phase::Started);
}

#[test]
fn verification_retries_with_backoff_while_the_hub_refuses_the_new_key() {
    let mut d = captured();
    let mut delays = Vec::new();
    for _ in 0..7 {
        let (task, delay) = d
            .last
            .iter()
            .find_map(|c| match c {
                Command::Start {
                    task,
                    job: Job::Hub(call),
                } => Some((*task, call.after)),
                _ => None,
            })
            .expect("another attempt");
        delays.push(delay.as_secs());
        d.complete(
            task,
            TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Auth {
                status: 401,
            }))),
        );
    }
    assert_eq!(delays, [0, 1, 2, 4, 8, 15, 30]);
    assert_eq!(flow(&d).screen(), RotateScreen::VerifyNewKey);
    assert!(matches!(
        flow(&d).verify.activity,
        nowkey::flows::activity::Activity::Failed { .. }
    ));
    d.keys(&[Key::Char('r')]);
    d.task_of(check_task);
}

#[test]
fn servicenow_is_updated_only_when_both_places_are_confirmed() {
    let mut d = verified();
    d.keys(&[Key::Char('1'), Key::Enter]);
    assert!(d.last.is_empty());
    assert!(flow(&d).refusal.is_some());
    d.keys(&[Key::Char('2'), Key::Enter]);
    assert_eq!(journal_ok(&mut d).phase, Phase::ServicenowUpdated);
    assert_eq!(flow(&d).screen(), RotateScreen::LiveTest);
}

#[test]
fn a_failed_live_test_is_recorded_keeps_both_keys_and_offers_redo() {
    let mut d = servicenow_updated();
    send_and_end(&mut d, MessageStatus::Failed);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::ServicenowUpdated);
    assert!(written.live_tests.iter().all(|t| !t.passed));
    assert!(!written.can_delete_old());
    // Letters go to the still-editable number, not to a binding.
    d.keys(&[Key::Char('u')]);
    assert!(d.last.is_empty(), "{:?}", d.last);
    d.keys(&[Key::F(5)]);
    assert_eq!(journal_ok(&mut d).phase, Phase::NewKeyVerified);
    assert_eq!(flow(&d).screen(), RotateScreen::UpdateServiceNow);
}

#[test]
fn a_passing_test_is_recorded_with_the_new_keys_fingerprint_then_deletion_is_confirmed() {
    let mut d = servicenow_updated();
    send_and_end(&mut d, MessageStatus::Delivered);
    d.keys(&[Key::Enter]);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::LiveTestPassed);
    let pass = written.live_tests.iter().find(|t| t.passed).unwrap();
    assert_eq!(
        pass.fingerprint,
        creds(NEW_KEY, NEW_SECRET).token().fingerprint()
    );
    // Delete: nowkey tries the old key until the Hub rejects it.
    d.keys(&[Key::Enter]);
    let task = d.task_of(check_task);
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    let task = d.task_of(check_task);
    d.advance(Duration::from_secs(2));
    d.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Auth {
            status: 401,
        }))),
    );
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::OldKeyDeleted);
    assert_eq!(written.old_key_revocation, Some(Revocation::Confirmed));
    skip_proof(&mut d);
    // Complete: the profile first, then the journal.
    d.keys(&[Key::Enter]);
    let (task, profile) = match d.last.as_slice() {
        [Command::Start {
            task,
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
        }] => (*task, profile.clone()),
        other => panic!("{other:?}"),
    };
    let sms = profile.sms.unwrap();
    assert_eq!(sms.api_key, NEW_KEY);
    assert_eq!(sms.rotations.len(), 1);
    let text = toml::to_string(&sms).unwrap();
    assert!(!text.contains(NEW_SECRET) && !text.contains(OLD_SECRET));
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/tmp/p".into()))),
    );
    assert_eq!(journal_ok(&mut d).phase, Phase::Completed);
    assert_eq!(flow(&d).screen(), RotateScreen::Done);
    assert!(d
        .last
        .iter()
        .any(|c| matches!(c, Command::UnlockRotation { .. })));
}

#[test]
fn abandoning_tells_to_delete_the_new_key_and_keeps_the_old_one() {
    let mut d = servicenow_updated();
    d.keys(&[Key::F(8)]);
    assert!(flow(&d).question.is_some());
    d.keys(&[Key::Char('y')]);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::Abandoned);
    assert_eq!(flow(&d).screen(), RotateScreen::Abandoned);
    let text = d.render(80, 24, true);
    assert!(text.contains(NEW_KEY), "{text}");
    assert!(
        !text.contains(&format!("delete the old key {OLD_KEY}")),
        "{text}"
    );
}

#[test]
fn resuming_asks_for_the_new_secret_again_and_checks_its_fingerprint() {
    let now = chrono::Utc::now();
    let old = KeyRef {
        api_key: OLD_KEY.into(),
        fingerprint: creds(OLD_KEY, OLD_SECRET).token().fingerprint(),
        expires: None,
    };
    let new = KeyRef {
        api_key: NEW_KEY.into(),
        fingerprint: creds(NEW_KEY, NEW_SECRET).token().fingerprint(),
        expires: None,
    };
    let mut rotation = Rotation::start("prod", old, true, now);
    rotation
        .apply(Event::NewKeyCaptured { key: new.clone() }, now)
        .unwrap();
    rotation
        .apply(
            Event::NewKeyVerified {
                fingerprint: new.fingerprint.clone(),
            },
            now,
        )
        .unwrap();
    let mut d = open(vec![rotation]);
    lock_ok(&mut d);
    assert_eq!(flow(&d).screen(), RotateScreen::ReenterSecret);
    assert_eq!(flow(&d).new_key_form.text(0), NEW_KEY);
    d.msg(Msg::Paste("notTheNewSecret0000000".into()));
    d.keys(&[Key::Enter]);
    assert_eq!(flow(&d).screen(), RotateScreen::ReenterSecret);
    assert!(flow(&d).new_key_form.fields[1]
        .error
        .as_deref()
        .unwrap()
        .contains("does not match"));
    d.keys(&[Key::Ctrl('u')]);
    d.msg(Msg::Paste(NEW_SECRET.into()));
    d.keys(&[Key::Enter]);
    assert_eq!(flow(&d).screen(), RotateScreen::UpdateServiceNow);
}

#[test]
fn another_nowkey_holding_the_lock_is_reported() {
    let mut d = open(Vec::new());
    d.keys(&[Key::Enter]);
    let task = d.task_of(crate::flow_support::lock_task);
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Err(
            StoreError::RotationBusy {
                profile: "prod".into(),
            },
        ))),
    );
    assert_eq!(flow(&d).screen(), RotateScreen::Busy);
    assert!(d
        .last
        .iter()
        .all(|c| crate::flow_support::journal_task(c).is_none()));
}

#[test]
fn every_rotation_screen_at_80x24() {
    for (name, driver) in rotation_screens() {
        insta::assert_snapshot!(name, driver.render(80, 24, true));
    }
}

#[test]
fn no_rotation_screen_shows_a_secret_or_colour_under_no_color() {
    for (name, driver) in rotation_screens() {
        let text = driver.render(200, 60, true);
        for secret in [OLD_SECRET, NEW_SECRET] {
            assert!(!text.contains(secret), "{name} shows a secret");
        }
        let (_, buffer) = flow_support::render(&driver.app, driver.now, 80, 24, false);
        assert!(
            buffer
                .content()
                .iter()
                .all(|c| c.fg == ratatui::style::Color::Reset
                    && c.bg == ratatui::style::Color::Reset),
            "{name} is coloured under NO_COLOR"
        );
    }
}

#[test]
fn the_home_screen_shows_a_rotation_in_progress() {
    let now = chrono::Utc::now();
    let old = KeyRef {
        api_key: OLD_KEY.into(),
        fingerprint: creds(OLD_KEY, OLD_SECRET).token().fingerprint(),
        expires: None,
    };
    let rotation = Rotation::start("prod", old, false, now);
    let mut d = Driver::open(env(), StartAt::Home);
    d.rotations_loaded(Ok(vec![rotation]));
    let text = d.render(80, 24, true);
    assert!(
        text.contains("A rotation of \"prod\" is in progress"),
        "{text}"
    );
}

#[test]
fn a_refused_send_is_journalled_once_as_a_failed_test() {
    let mut d = servicenow_updated();
    d.keys(&[Key::Enter]);
    let send = d.task_of(crate::flow_support::send_task);
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Err(ClientError::Auth { status: 401 }))),
    );
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::ServicenowUpdated);
    assert_eq!(written.live_tests.len(), 1);
    assert!(!written.live_tests[0].passed);
    // A late duplicate of the same result records nothing more.
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Err(ClientError::Auth { status: 401 }))),
    );
    assert!(d
        .last
        .iter()
        .all(|c| crate::flow_support::journal_task(c).is_none()));
}

#[test]
fn a_stale_save_answer_leaves_the_completed_rotation_to_the_current_save() {
    let mut d = old_key_deleted();
    d.keys(&[Key::Enter]);
    let save = d.task_of(crate::flow_support::save_task);
    let stale = nowkey::flows::task::TaskIds::new().next_id();
    assert_ne!(stale, save);
    let saved = || TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/x/profiles.toml".into())));
    d.complete(stale, saved());
    d.complete(save, saved());
    assert_eq!(journal_ok(&mut d).phase, Phase::Completed);
}

#[test]
fn the_live_test_shows_the_reply_toggle_the_delivery_limit_and_whether_a_reply_came() {
    let flat = |d: &Driver| {
        d.render(80, 30, false)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut d = servicenow_updated();
    assert!(
        flat(&d).contains("Wait for a reply (inbound test): off (Ctrl-R turns it on)."),
        "{}",
        flat(&d)
    );
    d.keys(&[Key::Ctrl('r')]);
    assert!(
        flat(&d).contains("Wait for a reply (inbound test): on"),
        "{}",
        flat(&d)
    );
    d.keys(&[Key::Ctrl('r')]);
    // Sent: the wait for delivery says its limit up front.
    d.keys(&[Key::Enter]);
    let send = d.task_of(flow_support::send_task);
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Ok(nowkey::domain::hub::SentMessage {
            message_id: "m-1".into(),
            status: MessageStatus::Queued,
        }))),
    );
    d.advance(Duration::from_secs(30));
    assert!(
        flat(&d).contains("Waiting for delivery (now queued), up to 2:00: 1:30 left."),
        "{}",
        flat(&d)
    );
    let poll = d.task_of(flow_support::poll_task);
    d.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Delivered))),
    );
    assert!(
        flat(&d).contains("No reply awaited (waiting for a reply was off)"),
        "{}",
        flat(&d)
    );
}
