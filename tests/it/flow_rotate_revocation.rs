//! The old key's three honest outcomes after the operator says it is deleted:
//! confirmed (the Hub rejects it), still accepted (then finished anyway), and
//! not verified (no old secret). Each asserts the words on screen and what the
//! journal and the profile record.

use std::time::Duration;

use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::profile::SmsProfile;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Phase, Revocation, Rotation};
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::{RotateScreen, DELETION_TIMEOUT};

use crate::flow_support::rotate_screens::*;
use crate::flow_support::{check_task, Driver};

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn screen(d: &Driver) -> String {
    flat(&d.render(80, 40, true))
}

fn hub_answer(d: &mut Driver, accepted: bool) {
    let task = d.task_of(check_task);
    let result = if accepted {
        Ok(())
    } else {
        Err(ClientError::Auth { status: 401 })
    };
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(result)));
}

/// Saves the profile (step 7) and returns the SMS part it would write, then
/// records `completed`.
fn save_profile(d: &mut Driver) -> (SmsProfile, Rotation) {
    if flow(d).screen() == nowkey::flows::rotate::RotateScreen::ProveServiceNow {
        skip_proof(d);
    }
    d.keys(&[Key::Enter]);
    let (task, profile) = d
        .last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                task,
                job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            } => Some((*task, profile.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no profile save in {:?}", d.last));
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/tmp/p".into()))),
    );
    let completed = journal_ok(d);
    assert_eq!(completed.phase, Phase::Completed);
    (profile.sms.expect("sms"), completed)
}

/// Never "deleted" or "gone" unless the Hub rejected the old key.
fn assert_no_false_deletion(text: &str) {
    for word in [
        "has been deleted",
        "is gone",
        "old one is gone",
        "Old key deleted",
    ] {
        assert!(!text.contains(word), "says {word:?}:\n{text}");
    }
}

#[test]
fn confirmed_when_the_hub_rejects_the_old_key() {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    hub_answer(&mut d, false);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::OldKeyDeleted);
    assert_eq!(written.old_key_revocation, Some(Revocation::Confirmed));
    assert!(written
        .history
        .last()
        .is_some_and(|e| e.note.contains("revocation confirmed")));
    let text = screen(&d);
    assert!(text.contains("Live now: the NEW key"), "{text}");
    assert!(
        text.contains("✓ The Hub rejects the old key OLDKEY00000000000001: revocation confirmed."),
        "{text}"
    );
    let (sms, _) = save_profile(&mut d);
    assert_eq!(
        sms.rotations.last().and_then(|r| r.old_key_revocation),
        Some(Revocation::Confirmed)
    );
    assert!(screen(&d).contains("revocation confirmed"));
}

#[test]
fn still_accepted_at_the_deadline_offers_three_choices_and_finishing_anyway_is_recorded() {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    // The Hub keeps accepting the old key until the deadline passes.
    hub_answer(&mut d, true);
    d.advance(DELETION_TIMEOUT + Duration::from_secs(1));
    hub_answer(&mut d, true);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::LiveTestPassed, "not deleted yet");
    assert_eq!(written.old_key_revocation, Some(Revocation::StillAccepted));
    assert!(written
        .history
        .last()
        .is_some_and(|e| e.note.contains("still accepted")));
    let text = screen(&d);
    assert!(
        text.contains("Live now: BOTH keys: the Hub still accepts the old key."),
        "{text}"
    );
    assert!(text.contains("(still accepted)"), "{text}");
    assert!(
        text.contains("Enter checks again, F5 waits another minute, F6 finishes anyway."),
        "{text}"
    );
    assert!(
        text.contains("Enter recheck · F5 wait · F6 finish anyway"),
        "the footer offers all three: {text}"
    );
    assert_no_false_deletion(&text);
    insta::assert_snapshot!(
        "rotate_old_key_still_accepted_choices",
        d.render(80, 24, true)
    );

    // Check again: one try now; the Hub still accepts, nothing new is journaled.
    d.keys(&[Key::Enter]);
    assert!(screen(&d).contains("try 1, until"), "{}", screen(&d));
    hub_answer(&mut d, true);
    assert!(
        !d.last.iter().any(|c| matches!(
            c,
            Command::Start {
                job: Job::Store(StoreJob::SaveJournal(_)),
                ..
            }
        )),
        "still accepted is journaled once"
    );
    assert_eq!(flow(&d).screen(), RotateScreen::DeleteOldKey);

    // Finish anyway.
    d.keys(&[Key::F(6)]);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::OldKeyDeleted);
    assert_eq!(written.old_key_revocation, Some(Revocation::StillAccepted));
    assert!(written
        .history
        .last()
        .is_some_and(|e| e.note.contains("finished anyway")));
    let text = screen(&d);
    assert!(
        text.contains("Live now: BOTH keys: the Hub still accepts the old key."),
        "{text}"
    );
    assert!(text.contains("! Still accepted"), "{text}");
    assert_no_false_deletion(&text);

    let (sms, completed) = save_profile(&mut d);
    assert_eq!(
        completed.old_key_revocation,
        Some(Revocation::StillAccepted)
    );
    assert_eq!(
        sms.rotations.last().and_then(|r| r.old_key_revocation),
        Some(Revocation::StillAccepted)
    );
    let text = screen(&d);
    assert!(
        text.contains("The Hub still accepted the old key"),
        "{text}"
    );
    assert_no_false_deletion(&text);
}

#[test]
fn the_poll_shows_one_deadline_and_the_time_left_not_a_timer_per_try() {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    let first = screen(&d);
    assert!(first.contains("try 1, until"), "{first}");
    assert!(first.contains("(60 s left)"), "{first}");
    let until = |text: &str| {
        let at = text.find("until ").expect("a deadline");
        text[at..at + 20].to_owned()
    };
    hub_answer(&mut d, true);
    d.advance(Duration::from_secs(20));
    let later = screen(&d);
    assert!(later.contains("try 2, until"), "{later}");
    assert!(later.contains("(40 s left)"), "{later}");
    assert_eq!(until(&first), until(&later), "the deadline stays put");
}

#[test]
fn wait_longer_sets_a_new_deadline_and_a_later_refusal_confirms() {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    d.advance(DELETION_TIMEOUT);
    hub_answer(&mut d, true);
    journal_ok(&mut d);
    d.keys(&[Key::F(5)]);
    let text = screen(&d);
    assert!(text.contains("(60 s left)"), "{text}");
    hub_answer(&mut d, false);
    let written = journal_ok(&mut d);
    assert_eq!(written.old_key_revocation, Some(Revocation::Confirmed));
    assert_eq!(written.phase, Phase::OldKeyDeleted);
}

#[test]
fn not_verified_without_the_old_secret() {
    let mut d = started(false);
    d.msg(Msg::Paste(NEW_KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(NEW_SECRET.into()));
    d.keys(&[Key::Enter]);
    journal_ok(&mut d);
    let task = d.task_of(check_task);
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    journal_ok(&mut d);
    d.keys(&[Key::Char('1'), Key::Char('2'), Key::Enter]);
    journal_ok(&mut d);
    send_and_end(&mut d, MessageStatus::Delivered);
    d.keys(&[Key::Enter]);
    journal_ok(&mut d);
    let text = screen(&d);
    assert!(
        text.contains("without it the revocation is recorded as not verified"),
        "{text}"
    );
    // Enter with the old secret field left empty: nothing to ask the Hub with.
    d.keys(&[Key::Enter]);
    assert!(
        !d.last.iter().any(|c| check_task(c).is_some()),
        "no Hub call without the old secret"
    );
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::OldKeyDeleted);
    assert_eq!(written.old_key_revocation, Some(Revocation::NotVerified));
    let text = screen(&d);
    assert!(
        text.contains("Live now: the NEW key NEWKEY00000000000002"),
        "{text}"
    );
    assert!(
        text.contains("the old key's revocation is not verified"),
        "{text}"
    );
    assert!(text.contains("! Not verified"), "{text}");
    assert_no_false_deletion(&text);
    let (sms, _) = save_profile(&mut d);
    assert_eq!(
        sms.rotations.last().and_then(|r| r.old_key_revocation),
        Some(Revocation::NotVerified)
    );
    let text = screen(&d);
    assert!(text.contains("not verified"), "{text}");
    assert_no_false_deletion(&text);
}

#[test]
fn a_hub_that_cannot_be_reached_is_said_and_finishing_records_not_verified() {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    d.advance(DELETION_TIMEOUT);
    let task = d.task_of(check_task);
    d.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Timeout {
            after: Duration::from_secs(15),
        }))),
    );
    let text = screen(&d);
    assert!(
        text.contains("nowkey could not ask the Hub about the old key"),
        "{text}"
    );
    assert!(text.contains("F6 finishes anyway"), "{text}");
    d.keys(&[Key::F(6)]);
    let written = journal_ok(&mut d);
    assert_eq!(written.old_key_revocation, Some(Revocation::NotVerified));
}

#[test]
fn the_delete_step_offers_no_abandon_the_old_key_may_already_be_gone() {
    let mut d = delete_confirmed();
    assert!(!flow(&d).can_abandon());
    d.keys(&[Key::F(8)]);
    assert!(
        flow(&d).question.is_none(),
        "F8 opened {:?}",
        flow(&d).question
    );
    assert_eq!(flow(&d).screen(), RotateScreen::DeleteOldKey);
    // While the Hub is asked, and once it still accepts the key, neither.
    d.keys(&[Key::Enter]);
    let asking = d.task_of(check_task);
    d.keys(&[Key::F(8)]);
    assert!(flow(&d).question.is_none());
    d.advance(DELETION_TIMEOUT + Duration::from_secs(1));
    d.complete(asking, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    journal_ok(&mut d);
    d.keys(&[Key::F(8)]);
    assert!(flow(&d).question.is_none());
    let text = screen(&d);
    assert!(text.contains("the Hub still accepts the old key"), "{text}");
    assert!(!text.contains("abandon"), "{text}");
}
