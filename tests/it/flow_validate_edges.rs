//! The validation's other paths through `App::update`: the profile list, no profiles,
//! the Profiles screen's `v`, a refused secret, task ids across visits, the report
//! export, and no secret on screen or in `Debug`.

use crate::flow_support;

use flow_support::validate::{
    finish, finished_prod, hopex_profile, open, open_prod, result, run_with, runs, sms_profile,
    validate, PASSWORD,
};
use flow_support::{Driver, SECRET};
use nowkey::domain::check::secrets::SecretKind;
use nowkey::domain::check::Finding;
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::validate::ValidateStep;

fn screen(d: &Driver) -> String {
    d.render(80, 24, true)
}

#[test]
fn several_profiles_are_listed_and_one_is_chosen() {
    let mut d = open(&[("hopex-prod", hopex_profile()), ("prod", sms_profile())]);
    assert_eq!(validate(&d).step, ValidateStep::ChooseProfile);
    let text = screen(&d);
    assert!(text.contains("Which profile to validate"), "{text}");
    assert!(text.contains("hopex-prod"), "{text}");
    d.keys(&[Key::Enter]);
    let flow = validate(&d);
    assert_eq!(flow.profile().unwrap().name, "hopex-prod");
    assert_eq!(
        flow.secrets.kinds,
        [SecretKind::ServiceNowPassword, SecretKind::HopexApiKey]
    );
    // Esc goes back to the list, then home.
    d.keys(&[Key::Esc]);
    assert_eq!(validate(&d).step, ValidateStep::ChooseProfile);
    d.keys(&[Key::Down, Key::Enter]);
    assert_eq!(validate(&d).profile().unwrap().name, "prod");
    d.keys(&[Key::Esc, Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn no_profiles_says_so_plainly() {
    let mut d = open(&[]);
    assert_eq!(validate(&d).step, ValidateStep::NoProfiles);
    let text = screen(&d);
    assert!(text.contains("No saved profile yet"), "{text}");
    d.keys(&[Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));

    let mut broken = Driver::home();
    broken.profiles_loaded(Err(nowkey::store::StoreError::Malformed {
        path: "profiles.toml".into(),
        line: Some(3),
        message: "expected `=`".into(),
    }));
    broken.keys(&[Key::Char('4')]);
    let text = screen(&broken);
    assert!(
        text.contains("✗ The saved profiles could not be read: profiles.toml is not a valid"),
        "{text}"
    );
}

#[test]
fn a_hub_secret_that_cannot_be_right_is_refused_beside_its_field() {
    let mut d = open_prod();
    d.type_text("has a space");
    d.keys(&[Key::Enter]);
    assert!(runs(&d).is_empty(), "nothing runs");
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Secrets);
    assert!(flow.secrets.form.fields[0].error.is_some());
    let text = screen(&d);
    assert!(text.contains("    ✗ "), "{text}");
}

#[test]
fn a_new_visit_never_reuses_a_task_id_of_an_earlier_one() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let first = runs(&d);
    d.keys(&[Key::Esc, Key::Esc, Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
    d.keys(&[Key::Char('4')]);
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let second = runs(&d);
    let highest = first.iter().map(|(task, _, _)| *task).max().unwrap();
    assert!(second.iter().all(|(task, _, _)| *task > highest));
    // The earlier visit's late results land nowhere.
    for (task, check, _) in &first {
        finish(&mut d, *task, result(check.id, Finding::pass("late"), 1));
    }
    assert_eq!(validate(&d).running(), 7);
}

#[test]
fn the_report_is_exported_through_the_runtime_and_its_path_shown() {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    d.keys(&[Key::Char('e')]);
    assert!(
        !d.last
            .iter()
            .any(|c| crate::flow_support::report_task(c).is_some()),
        "not while checks run"
    );

    let mut d = finished_prod();
    assert!(screen(&d).contains("e export"));
    d.keys(&[Key::Char('e')]);
    let (task, name, results) = d
        .last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                task,
                job: Job::Store(StoreJob::SaveReport { name, results, .. }),
            } => Some((*task, name.clone(), results.clone())),
            _ => None,
        })
        .expect("an export command");
    assert_eq!(name, "prod");
    assert_eq!(results.len(), 7);
    let debug = format!("{:?}", d.last);
    assert!(
        !debug.contains(SECRET) && !debug.contains(PASSWORD),
        "{debug}"
    );
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ReportSaved(Ok(
            "/cfg/reports/prod-20261121T093000Z.md".into(),
        ))),
    );
    let text = screen(&d);
    assert!(
        text.contains(
            "✓ Report written, with no secret in it:\n   /cfg/reports/prod-20261121T093000Z.md"
        ),
        "{text}"
    );
}

#[test]
fn the_profiles_screen_validates_the_selected_profile_with_v() {
    let mut d = Driver::home();
    d.profiles_loaded(Ok(flow_support::validate::file(&[
        ("hopex-prod", hopex_profile()),
        ("prod", sms_profile()),
    ])));
    d.keys(&[Key::Char('5')]);
    let text = screen(&d);
    assert!(text.contains("v validate"), "{text}");
    d.keys(&[Key::Down, Key::Char('v')]);
    let flow = validate(&d);
    assert_eq!(flow.step, ValidateStep::Secrets, "straight to its secrets");
    assert_eq!(flow.profile().unwrap().name, "prod");
    d.keys(&[Key::Esc]);
    assert!(
        matches!(d.app.screen, Screen::Profiles),
        "Esc goes back where it came from"
    );
}

#[test]
fn the_secrets_typed_never_show_on_screen_or_in_debug() {
    let mut d = open_prod();
    d.msg(Msg::Paste(SECRET.into()));
    d.keys(&[Key::Tab]);
    d.type_text(PASSWORD);
    for text in [d.render(80, 24, true), d.render(200, 60, false)] {
        assert!(!text.contains(SECRET) && !text.contains(PASSWORD), "{text}");
        assert!(text.contains(&"•".repeat(PASSWORD.len())), "{text}");
    }
    d.keys(&[Key::Enter]);
    let debug = format!("{:?} {:?}", d.app, d.last);
    assert!(
        !debug.contains(SECRET) && !debug.contains(PASSWORD),
        "{debug}"
    );
}

#[test]
fn validate_chosen_before_the_profiles_have_loaded_opens_once_they_arrive() {
    // A fast typist: `4` lands before the profiles file has been read.
    let mut d = Driver::home();
    d.keys(&[Key::Char('4')]);
    d.profiles_loaded(Ok(flow_support::validate::file(&[("prod", sms_profile())])));
    let flow = validate(&d);
    assert_eq!(
        flow.step,
        ValidateStep::Secrets,
        "not 'No saved profile yet'"
    );
    assert_eq!(flow.profile().unwrap().name, "prod");
}

#[test]
fn a_profile_with_no_settings_asks_for_no_secret_and_takes_keys_without_a_panic() {
    // A hand-edited `[profiles.bare]` has neither SMS nor HOPEX settings.
    let bare = nowkey::domain::profile::Profile {
        sms: None,
        hopex: None,
    };
    let mut d = open(&[("bare", bare)]);
    assert_eq!(validate(&d).step, ValidateStep::Secrets);
    assert!(validate(&d).secrets.form.fields.is_empty());
    let text = screen(&d);
    assert!(text.contains("bare"), "{text}");
    d.paste("pasted").keys(&[Key::Tab, Key::BackTab, Key::Left]);
    d.type_text("x?");
    assert!(d.app.help_open, "? opens the help: no field takes it");
    d.keys(&[Key::Esc, Key::Enter]);
    assert_eq!(validate(&d).step, ValidateStep::Results);
}
