//! Flow C fixtures: a profile, the rotation opened on it, journal and lock
//! answers, each step reached; and every rotation screen worth seeing, shared by
//! the flow and snapshot tests (tests/it/flow_rotate.rs) and the drawing bench.

use std::time::Duration;

use chrono::NaiveDate;
use nowkey::clients::error::ClientError;
use nowkey::clients::hub::SentMessage;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::profile::{rotation_due, Profile, ProfilesFile, SmsProfile};
use nowkey::domain::rotation::{Phase, Rotation};
use nowkey::domain::token::HubCredentials;
use nowkey::flows::app::{App, Screen, StartAt};
use nowkey::flows::command::{Command, TaskId};
use nowkey::flows::key::Key;
use nowkey::flows::msg::{Msg, TaskOutcome};
use nowkey::flows::rotate::Rotate;

use super::{env, Driver};

pub const OLD_KEY: &str = "OLDKEY00000000000001";
pub const OLD_SECRET: &str = "oldCanarySecret0123456789abcd";
pub const NEW_KEY: &str = "NEWKEY00000000000002";
pub const NEW_SECRET: &str = "newCanarySecret0123456789abcd";

pub fn creds(key: &str, secret: &str) -> HubCredentials {
    HubCredentials {
        key: clean_api_key(key).unwrap(),
        secret: clean_api_secret(secret).unwrap(),
    }
}

pub fn profiles() -> ProfilesFile {
    let created = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    let mut file = ProfilesFile::default();
    file.profiles.insert(
        "prod".into(),
        Profile {
            sms: Some(SmsProfile {
                vendor: "messagemedia".into(),
                hub_api_url: "http://127.0.0.1:8787".into(),
                api_key: OLD_KEY.into(),
                token_fingerprint: creds(OLD_KEY, OLD_SECRET).token().fingerprint(),
                key_created: created,
                next_rotation_due: rotation_due(created),
                test_number: Some("+61491570156".into()),
                servicenow_url: None,
                servicenow_user: None,
                rotations: Vec::new(),
            }),
            hopex: None,
        },
    );
    file
}

pub fn open(in_progress: Vec<Rotation>) -> Driver {
    let (app, _) = App::new(env(), StartAt::Rotate { profile: None });
    let mut d = Driver {
        app,
        now: std::time::Instant::now(),
        last: Vec::new(),
    };
    d.msg(Msg::Task(0, TaskOutcome::ProfilesLoaded(Ok(profiles()))));
    d.msg(Msg::Task(0, TaskOutcome::RotationsLoaded(Ok(in_progress))));
    d
}

pub fn flow(d: &Driver) -> &Rotate {
    match &d.app.screen {
        Screen::Rotate(flow) => flow,
        other => panic!("expected the rotation, got {other:?}"),
    }
}

pub fn journal_task(d: &Driver) -> (TaskId, Rotation) {
    d.last
        .iter()
        .find_map(|c| match c {
            Command::SaveJournal { task, rotation } => Some((*task, (**rotation).clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no journal write in {:?}", d.last))
}

/// Completes the pending journal write successfully; returns what was written.
pub fn journal_ok(d: &mut Driver) -> Rotation {
    let (task, rotation) = journal_task(d);
    d.complete(task, TaskOutcome::JournalSaved(Ok(())));
    rotation
}

pub fn lock_ok(d: &mut Driver) {
    let task = d.task_of(|c| match c {
        Command::LockRotation { task, .. } => Some(*task),
        _ => None,
    });
    d.complete(task, TaskOutcome::RotationLocked(Ok(())));
}

pub fn check_task(c: &Command) -> Option<TaskId> {
    match c {
        Command::CheckHubCredentialsAfter { task, .. } => Some(*task),
        _ => None,
    }
}

pub fn started(old_secret: bool) -> Driver {
    let mut d = open(Vec::new());
    if old_secret {
        d.msg(Msg::Paste(OLD_SECRET.into()));
    }
    d.keys(&[Key::Enter]);
    lock_ok(&mut d);
    let written = journal_ok(&mut d);
    assert_eq!(written.phase, Phase::Started);
    d
}

pub fn captured() -> Driver {
    let mut d = started(true);
    d.msg(Msg::Paste(NEW_KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(NEW_SECRET.into()));
    d.keys(&[Key::Enter]);
    assert_eq!(journal_ok(&mut d).phase, Phase::NewKeyCaptured);
    d
}

pub fn verified() -> Driver {
    let mut d = captured();
    let task = d.task_of(check_task);
    d.complete(task, TaskOutcome::HubCredentialsChecked(Ok(())));
    assert_eq!(journal_ok(&mut d).phase, Phase::NewKeyVerified);
    d
}

pub fn servicenow_updated() -> Driver {
    let mut d = verified();
    d.keys(&[Key::Char('1'), Key::Char('2'), Key::Enter]);
    assert_eq!(journal_ok(&mut d).phase, Phase::ServicenowUpdated);
    d
}

pub fn send_and_end(d: &mut Driver, status: MessageStatus) {
    d.keys(&[Key::Enter]);
    let send = d.task_of(|c| match c {
        Command::SendTestMessage { task, .. } => Some(*task),
        _ => None,
    });
    d.complete(
        send,
        TaskOutcome::TestMessageSent(Ok(SentMessage {
            message_id: "m-1".into(),
            status: MessageStatus::Queued,
        })),
    );
    let poll = d.task_of(|c| match c {
        Command::PollMessageStatus { task, .. } => Some(*task),
        _ => None,
    });
    d.complete(poll, TaskOutcome::MessageStatus(Ok(status)));
}

pub fn rotation_screens() -> Vec<(&'static str, Driver)> {
    let mut all = vec![("rotate_choose_profile", open(Vec::new()))];
    let mut no_profiles = Driver::home();
    no_profiles.keys(&[Key::Char('3')]);
    all.push(("rotate_no_profiles", no_profiles));
    all.push(("rotate_1_create_new_key", started(true)));
    let mut verifying = captured();
    let task = verifying.task_of(check_task);
    verifying.complete(
        task,
        TaskOutcome::HubCredentialsChecked(Err(ClientError::Auth { status: 401 })),
    );
    verifying.advance(Duration::from_millis(400));
    all.push(("rotate_2_verify_retrying", verifying));
    let mut sn = verified();
    sn.keys(&[Key::Char('1')]);
    all.push(("rotate_3_update_servicenow", sn));
    all.push(("rotate_4_live_test", servicenow_updated()));
    let mut failed = servicenow_updated();
    send_and_end(&mut failed, MessageStatus::Failed);
    journal_ok(&mut failed);
    all.push(("rotate_4_live_test_failed", failed));
    let mut delete = servicenow_updated();
    send_and_end(&mut delete, MessageStatus::Delivered);
    delete.keys(&[Key::Enter]);
    journal_ok(&mut delete);
    all.push(("rotate_5_delete_old_key", delete));
    let mut abandon = servicenow_updated();
    abandon.keys(&[Key::F(8)]);
    all.push(("rotate_abandon_dialog", abandon));
    let mut abandoned = servicenow_updated();
    abandoned.keys(&[Key::F(8), Key::Char('y')]);
    journal_ok(&mut abandoned);
    all.push(("rotate_abandoned", abandoned));
    all
}
