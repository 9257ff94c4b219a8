//! What the app owns for every flow: the task ids, the time `update` is given,
//! the reads of the profiles and journals, and a paste that may be a secret.

use crate::flow_support;

use std::collections::HashSet;

use chrono::{FixedOffset, TimeZone, Utc};
use flow_support::sms_screens::profiles_file;
use flow_support::{env, profiles_load_task, save_task, Driver, SECRET};
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{SandboxOutcome, StoreOutcome, TaskOutcome};

#[test]
fn a_late_read_of_the_profiles_never_replaces_a_newer_one() {
    let mut d = Driver::home();
    let first = d.task_of(profiles_load_task);
    d.keys(&[Key::Char('5')]);
    let second = d.task_of(profiles_load_task);
    assert_ne!(first, second, "every read is its own task");
    d.complete(
        second,
        TaskOutcome::Store(StoreOutcome::ProfilesLoaded(Ok(profiles_file(&["new"])))),
    );
    d.complete(
        first,
        TaskOutcome::Store(StoreOutcome::ProfilesLoaded(Ok(profiles_file(&["old"])))),
    );
    let names = d.app.profile_names().and_then(Result::ok);
    assert_eq!(names, Some(vec!["new".to_owned()]));
}

#[test]
fn task_ids_are_never_reused_across_flows_and_runs() {
    let mut seen = HashSet::new();
    let mut note = |commands: &[Command]| {
        for task in commands.iter().filter_map(Command::started_task) {
            assert!(seen.insert(task), "task {task} was handed out twice");
        }
    };
    let mut d = flow_support::validate::open_prod();
    note(&d.last);
    for _ in 0..3 {
        flow_support::validate::run_with(&mut d, Some(SECRET), None);
        note(&d.last);
        d.keys(&[Key::Esc, Key::Esc]);
        note(&d.last);
    }
    d.keys(&[Key::Esc, Key::Esc, Key::Char('1')]);
    note(&d.last);
    d.walk_to_inbound_step();
    note(&d.last);
    assert!(seen.len() > 20, "{}", seen.len());
}

#[test]
fn a_key_is_created_on_the_local_day_of_the_time_update_is_given() {
    let mut d = Driver::setup_sms(env());
    // 12:00 UTC is already the next day in New Zealand (UTC+13 in summer).
    d.now.utc = Utc
        .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .unwrap();
    d.now.utc_offset = FixedOffset::east_opt(13 * 3600).unwrap();
    d.walk_to_inbound_step();
    d.keys(&[Key::Enter, Key::Ctrl('x'), Key::Enter, Key::Enter]);
    let task = d.task_of(save_task);
    let profile = match d.last.as_slice() {
        [Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        }] => profile.sms.clone().unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(profile.key_created.to_string(), "2026-11-22");
    assert_eq!(profile.next_rotation_due.to_string(), "2027-02-20");
    d.complete(task, flow_support::profile_saved("/tmp/p.toml"));
}

#[test]
fn a_rotation_records_the_time_update_is_given() {
    let d = flow_support::rotate_screens::started(false);
    let rotation = flow_support::rotate_screens::flow(&d)
        .rotation
        .clone()
        .unwrap();
    assert_eq!(rotation.started_at, flow_support::start_time().utc);
    assert_eq!(rotation.updated_at, flow_support::start_time().utc);
}

#[test]
fn a_paste_never_shows_in_debug() {
    let msg = Msg::Paste(SECRET.into());
    let debug = format!("{msg:?}");
    assert!(!debug.contains(SECRET), "{debug}");
}

#[test]
fn a_sandbox_that_cannot_make_a_key_is_said_in_the_sandbox_s_words() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Char('k')]);
    let task = d.task_of(flow_support::sandbox_key_task);
    let refused = ClientError::Network {
        detail: "connection refused".into(),
    };
    let expected = refused.user_message(Service::Sandbox);
    assert!(expected.contains("the sandbox"), "{expected}");
    d.complete(
        task,
        TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(Err(refused))),
    );
    assert_eq!(d.flow().browser_note.as_deref(), Some(expected.as_str()));
    assert!(matches!(d.app.screen, Screen::SetupSms(_)));
    let text = d.render(80, 24, false);
    assert!(text.contains("Could not connect to the sandbox"), "{text}");
}
