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
    assert!(d
        .render(80, 24, false)
        .contains("Once the other nowkey is closed"));
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

/// The journal of "prod" as a newer nowkey wrote it.
fn newer_journal() -> nowkey::store::JournalScan {
    nowkey::store::JournalScan {
        in_progress: Vec::new(),
        unreadable: vec![nowkey::store::UnreadableJournal {
            profile: "prod".into(),
            credential: nowkey::domain::rotation::Credential::HubKey,
            error: std::sync::Arc::new(StoreError::JournalNewerFormat {
                path: "/home/admin/.config/nowkey/rotations/prod.toml".into(),
                found: 2,
                supported: 1,
            }),
        }],
    }
}

/// Nothing that could touch the journal: no lock, no journal write.
fn assert_no_journal_command(d: &Driver) {
    use nowkey::flows::job::{Job, StoreJob};
    for command in &d.last {
        assert!(
            !matches!(
                command,
                Command::Start {
                    job: Job::Store(StoreJob::SaveJournal(_) | StoreJob::LockRotation { .. }),
                    ..
                }
            ),
            "{command:?}"
        );
    }
}

fn assert_says_unreadable(d: &Driver) {
    assert_eq!(flow(d).screen(), RotateScreen::JournalUnreadable);
    let shown = d
        .render(100, 30, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        shown.contains("/home/admin/.config/nowkey/rotations/prod.toml"),
        "{shown}"
    );
    assert!(
        shown.contains("finish the rotation with the newer nowkey"),
        "{shown}"
    );
    assert!(shown.contains("left the file exactly as it is"), "{shown}");
    assert!(!shown.contains("Live now"), "{shown}");
}

#[test]
fn a_journal_that_cannot_be_read_is_named_on_the_home_screen_and_never_started_over() {
    let mut d = Driver::home();
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()))
        .journals_scanned(Ok(newer_journal()));
    let home = d.render(100, 30, false);
    assert!(
        home.contains("The rotation of \"prod\" cannot be resumed or started"),
        "{home}"
    );
    assert!(home.contains("rotations/prod.toml"), "{home}");

    // From home: the list marks it, and Enter stops at the message.
    d.keys(&[Key::Char('3')]);
    assert_eq!(flow(&d).screen(), RotateScreen::ChooseProfile);
    assert!(d.render(80, 24, false).contains("✗ journal unreadable"));
    d.keys(&[Key::Enter]);
    assert_no_journal_command(&d);
    assert_says_unreadable(&d);
    d.keys(&[Key::Enter]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn rotate_with_the_profile_named_goes_straight_to_it_or_to_why_it_cannot() {
    use nowkey::flows::app::StartAt;
    let named = || {
        Driver::open(
            flow_support::env(),
            StartAt::Rotate {
                profile: Some("prod".into()),
                credential: None,
            },
        )
    };
    let mut d = named();
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()))
        .rotations_loaded(Ok(Vec::new()));
    assert_eq!(flow(&d).screen(), RotateScreen::StartNamed);
    let shown = d.render(80, 24, false);
    assert!(!shown.contains("Which profile"), "no picker:\n{shown}");
    assert!(shown.contains("Profile prod: key OLDKEY"), "{shown}");
    assert!(!shown.contains("↑↓"), "{shown}");

    let mut d = named();
    d.profiles_loaded(Ok(flow_support::rotate_screens::profiles()))
        .journals_scanned(Ok(newer_journal()));
    assert_no_journal_command(&d);
    assert_says_unreadable(&d);
    d.keys(&[Key::Enter]);
    assert_no_journal_command(&d);
}

#[test]
fn validations_rotate_now_stops_at_an_unreadable_journal() {
    use flow_support::validate::{
        file, finish, mixed_outcomes, run_with, runs, sms_profile, task_for, PASSWORD,
    };
    let mut d = Driver::home();
    d.profiles_loaded(Ok(file(&[("prod", sms_profile())])));
    d.journals_scanned(Ok(newer_journal()));
    d.keys(&[Key::Char('4')]);
    run_with(&mut d, Some(flow_support::SECRET), Some(PASSWORD));
    let runs = runs(&d);
    for result in mixed_outcomes() {
        let task = task_for(&runs, result.id);
        finish(&mut d, task, result);
    }
    d.keys(&[Key::Char('R')]);
    assert_no_journal_command(&d);
    assert_says_unreadable(&d);
}

#[test]
fn a_wizard_locked_out_of_a_rotation_can_only_wait_retry_or_leave() {
    use nowkey::domain::rotation::{KeyRef, Rotation};
    use nowkey::flows::flow::Flow;
    let old = KeyRef {
        api_key: flow_support::rotate_screens::OLD_KEY.into(),
        fingerprint: flow_support::rotate_screens::creds(
            flow_support::rotate_screens::OLD_KEY,
            flow_support::rotate_screens::OLD_SECRET,
        )
        .token()
        .fingerprint(),
        expires: None,
    };
    // A rotation in progress, run by another window.
    let under_way = Rotation::start("prod", old, false, chrono::Utc::now());
    let mut d = open(vec![under_way]);
    let busy = || {
        TaskOutcome::Store(StoreOutcome::RotationLocked(Err(
            StoreError::RotationBusy {
                profile: "prod".into(),
            },
        )))
    };
    let task = d.task_of(flow_support::lock_task);
    d.complete(task, busy());
    assert_eq!(flow(&d).screen(), RotateScreen::Busy);
    let keys: Vec<String> = flow(&d).key_help().into_iter().map(|k| k.keys).collect();
    assert_eq!(keys, ["Enter", "Esc"], "no abandon, nothing else");
    let shown = d.render(80, 24, false);
    assert_eq!(shown.matches("try again").count(), 1, "{shown}");
    assert!(!shown.contains("F8"), "{shown}");
    // F8 does nothing here.
    d.keys(&[Key::F(8)]);
    assert!(d.last.is_empty(), "{:?}", d.last);
    // Retry: still held elsewhere, then free.
    d.keys(&[Key::Enter]);
    let task = d.task_of(flow_support::lock_task);
    d.complete(task, busy());
    assert_eq!(flow(&d).screen(), RotateScreen::Busy);
    d.keys(&[Key::Char('r')]);
    let task = d.task_of(flow_support::lock_task);
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Ok(()))),
    );
    assert_eq!(flow(&d).screen(), RotateScreen::CreateNewKey);
    // Esc from Busy goes home without touching anything.
    let mut d = open(Vec::new());
    d.keys(&[Key::Enter]);
    let task = d.task_of(flow_support::lock_task);
    d.complete(task, busy());
    d.keys(&[Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
    assert!(
        !d.last
            .iter()
            .any(|c| matches!(c, Command::UnlockRotation { .. })),
        "a lock never held is not released: {:?}",
        d.last
    );
}
