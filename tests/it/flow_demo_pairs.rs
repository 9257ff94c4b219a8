//! The demo's key pairs: the home screen lists the Hub key pairs the demo's
//! sandbox made (this run or an earlier one), and the validation's F2 pastes the
//! secret of the profile's key (as the rotation's F2 does where it asks for the
//! current secret), so a profile set up or rotated yesterday can be validated
//! and rotated today. None of it exists outside the demo.

use crate::flow_support;

use chrono::{TimeZone, Utc};
use flow_support::validate::{file, sms_profile, validate};
use flow_support::{env, Driver, KEY, SECRET};
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, SandboxCall};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{SandboxOutcome, TaskOutcome};
use nowkey::flows::sandbox_pair::{DemoKeyPair, SandboxPair};

fn pairs_task(d: &Driver) -> Option<nowkey::flows::task::TaskId> {
    d.last.iter().find_map(|command| match command {
        Command::Start {
            task,
            job: Job::Sandbox(SandboxCall::ListHubPairs),
        } => Some(*task),
        _ => None,
    })
}

fn made(key: &str, secret: &str, minute: u32) -> DemoKeyPair {
    DemoKeyPair {
        pair: SandboxPair {
            key: key.to_owned(),
            secret: secret.to_owned().into(),
        },
        created: Utc
            .with_ymd_and_hms(2026, 12, 4, 9, minute, 0)
            .single()
            .expect("a valid time"),
    }
}

/// The demo at home, with the sandbox's pairs answered.
fn demo_home(pairs: Vec<DemoKeyPair>) -> Driver {
    let mut d = Driver::home();
    let task = pairs_task(&d).expect("the demo asks its sandbox for the pairs it made");
    d.complete(task, TaskOutcome::Sandbox(SandboxOutcome::HubPairs(pairs)));
    d
}

#[test]
fn the_demo_home_lists_the_pairs_its_sandbox_made_newest_first() {
    let pairs = vec![
        made("NEWESTKEY00000000003", "newestSecret00000000000000003", 30),
        made("MIDDLEKEY00000000002", "middleSecret00000000000000002", 20),
        made("OLDKEY00000000000001", "oldSecret000000000000000000001", 10),
        made("OLDESTKEY00000000000", "oldestSecret00000000000000000", 5),
    ];
    let d = demo_home(pairs);
    let screen = d.render(80, 24, false);
    assert!(
        screen.contains("Sandbox Hub keys this demo made"),
        "{screen}"
    );
    let newest = screen.find("NEWESTKEY00000000003").expect(&screen);
    let middle = screen.find("MIDDLEKEY00000000002").expect(&screen);
    assert!(newest < middle, "newest first:\n{screen}");
    assert!(screen.contains("newestSecret00000000000000003"), "{screen}");
    assert!(screen.contains("2026-12-04 09:30"), "{screen}");
    assert!(!screen.contains("OLDESTKEY"), "three shown:\n{screen}");
    assert!(screen.contains("and 1 older"), "{screen}");
}

#[test]
fn outside_the_demo_nothing_is_asked_and_no_panel_shows() {
    let mut prod = env();
    prod.sandbox_url = None;
    let d = Driver::open(prod, nowkey::flows::app::StartAt::Home);
    assert_eq!(pairs_task(&d), None);
    assert!(!d.render(80, 24, false).contains("Sandbox Hub keys"));
}

#[test]
fn f2_pastes_the_sandbox_secret_of_the_profiles_key_into_the_validation() {
    let mut d = demo_home(vec![made(KEY, SECRET, 1)]);
    d.profiles_loaded(Ok(file(&[("prod", sms_profile())])));
    d.rotations_loaded(Ok(Vec::new()));
    d.keys(&[Key::Char('4')]);
    let screen = d.render(80, 24, false);
    assert!(screen.contains("F2 pastes the secret"), "{screen}");
    assert!(!screen.contains(SECRET), "the secret is masked:\n{screen}");
    d.keys(&[Key::F(2)]);
    let (index, _) = validate(&d).sandbox_secret_field().expect("a match");
    assert_eq!(validate(&d).secrets.form.text(index), SECRET);
}

#[test]
fn f2_is_not_offered_for_a_key_the_sandbox_did_not_make() {
    let mut d = demo_home(vec![made("OTHERKEY000000000000", SECRET, 1)]);
    d.profiles_loaded(Ok(file(&[("prod", sms_profile())])));
    d.rotations_loaded(Ok(Vec::new()));
    d.keys(&[Key::Char('4'), Key::F(2)]);
    assert!(validate(&d).sandbox_secret_field().is_none());
    assert!(!d.render(80, 24, false).contains("F2 pastes"));
    assert_eq!(validate(&d).secrets.form.text(0), "");
}

#[test]
fn f2_pastes_the_old_keys_sandbox_secret_where_the_rotation_asks_for_it() {
    let mut d = demo_home(vec![made(KEY, SECRET, 1)]);
    d.profiles_loaded(Ok(file(&[("prod", sms_profile())])));
    d.rotations_loaded(Ok(Vec::new()));
    d.keys(&[Key::Char('3')]);
    let screen = d.render(80, 24, false);
    assert!(screen.contains("F2 pastes the secret of"), "{screen}");
    d.keys(&[Key::F(2)]);
    let rotate = match &d.app.screen {
        nowkey::flows::app::Screen::Rotate(flow) => flow,
        other => panic!("expected the rotation, got {other:?}"),
    };
    assert_eq!(rotate.old_secret_form.text(0), SECRET);
    assert!(!d.render(80, 24, false).contains(SECRET), "masked");
}

/// A pair the sandbox's admin endpoint answers with is cleaned where it enters
/// the flows: an escape sequence in the key never reaches the screen.
#[test]
fn a_sandbox_pair_is_cleaned_where_it_enters() {
    let pair = SandboxPair::from((
        "KEY\u{1b}]0;owned\u{7}".to_owned(),
        "secret\u{1b}[2J".to_owned().into(),
    ));
    assert!(!pair.key.contains('\u{1b}'), "{:?}", pair.key);
    use secrecy::ExposeSecret;
    assert!(!pair.secret.expose_secret().contains('\u{1b}'));
}
