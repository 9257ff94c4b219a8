//! Opening the rotation and what may interrupt it: it waits for the profiles to
//! be read, says so when they cannot be, tells a lock held by another nowkey
//! apart from one that could not be taken, and an abandon waits for a journal
//! write under way.

use crate::flow_support;

use flow_support::rotate_screens::{flow, lock_failed, open, profiles_unreadable};
use flow_support::Driver;
use nowkey::domain::rotation::Phase;
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::RotateScreen;
use nowkey::store::StoreError;

#[test]
fn unreadable_profiles_are_said_to_be_unreadable_not_missing() {
    let mut d = profiles_unreadable();
    assert_eq!(flow(&d).screen(), RotateScreen::ProfilesUnreadable);
    let shown = d.render(80, 24, false);
    assert!(
        shown.contains("The saved profiles could not be read"),
        "{shown}"
    );
    assert!(shown.contains("unclosed table"), "{shown}");
    assert!(!shown.contains("No saved SMS profile"), "{shown}");
    d.keys(&[Key::Enter]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn rotate_chosen_before_the_profiles_and_journals_are_read_opens_once_both_are() {
    let mut d = Driver::home();
    d.keys(&[Key::Char('3')]);
    assert!(
        matches!(d.app.screen, Screen::Home),
        "no verdict before the read"
    );
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()))
        .rotations_loaded(Ok(Vec::new()));
    assert_eq!(flow(&d).screen(), RotateScreen::ChooseProfile);

    // With the profiles read but not yet the journals, it waits for them too.
    let mut d = Driver::home();
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()));
    d.keys(&[Key::Char('3')]);
    assert!(
        matches!(d.app.screen, Screen::Home),
        "a rotation in progress may still be in a journal not yet read"
    );
    d.rotations_loaded(Ok(Vec::new()));
    assert_eq!(flow(&d).screen(), RotateScreen::ChooseProfile);
}

#[test]
fn a_lock_that_cannot_be_taken_is_not_called_another_nowkey() {
    let d = lock_failed();
    assert_eq!(flow(&d).screen(), RotateScreen::LockFailed);
    let shown = d.render(80, 24, false);
    assert!(shown.contains("could not be locked"), "{shown}");
    assert!(shown.contains("prod.lock"), "{shown}");
    assert!(!shown.contains("open elsewhere"), "{shown}");
    assert!(!shown.contains("Close the other nowkey"), "{shown}");
}

#[test]
fn a_lock_held_by_another_nowkey_says_so() {
    let mut d = open(Vec::new());
    d.keys(&[Key::Enter]);
    let task = d.task_of(flow_support::lock_task);
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Err(
            StoreError::RotationBusy {
                profile: "prod".into(),
            },
        ))),
    );
    assert_eq!(flow(&d).screen(), RotateScreen::Busy);
    assert!(d.render(80, 24, false).contains("Close the other nowkey"));
}

#[test]
fn abandoning_waits_for_a_journal_write_under_way() {
    let mut d = flow_support::rotate_screens::captured();
    let check = d.task_of(flow_support::rotate_screens::check_task);
    d.keys(&[Key::F(8)]);
    assert!(d.app.question().is_some(), "F8 asks while the check runs");
    // The check passes while the question shows: its step is being recorded.
    d.complete(
        check,
        TaskOutcome::Hub(nowkey::flows::outcome::HubOutcome::Credentials(Ok(()))),
    );
    let (write, rotation) = flow_support::rotate_screens::journal_task(&d);
    assert_eq!(rotation.phase, Phase::NewKeyVerified);
    d.keys(&[Key::Char('y')]);
    assert!(
        d.last.iter().all(|c| !matches!(c, Command::Start { .. })),
        "no second journal write races the first: {:?}",
        d.last
    );
    d.complete(
        write,
        TaskOutcome::Store(StoreOutcome::JournalSaved(Ok(()))),
    );
    d.keys(&[Key::Char('y')]);
    let (_, abandoned) = flow_support::rotate_screens::journal_task(&d);
    assert_eq!(abandoned.phase, Phase::Abandoned);
    assert_eq!(
        abandoned.history.len(),
        rotation.history.len() + 1,
        "built on the recorded step"
    );
}
