//! Opening the rotation: it waits for the profiles to be read, says so when they
//! cannot be, and tells a lock held by another nowkey apart from one that could
//! not be taken for another reason.

use crate::flow_support;

use flow_support::rotate_screens::{flow, lock_failed, open, profiles_unreadable};
use flow_support::Driver;
use nowkey::flows::app::Screen;
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
fn rotate_chosen_before_the_profiles_are_read_opens_once_they_are() {
    let mut d = Driver::home();
    d.keys(&[Key::Char('3')]);
    assert!(
        matches!(d.app.screen, Screen::Home),
        "no verdict before the read"
    );
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()))
        .rotations_loaded(Ok(Vec::new()));
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
