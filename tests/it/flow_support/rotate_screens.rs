//! The rotation fixtures: a profile, the rotation opened on it, journal and lock
//! answers, each step reached; and every rotation screen worth seeing, shared by
//! the flow and snapshot tests (tests/it/flow_rotate.rs) and the drawing bench.

use std::time::Duration;

use chrono::NaiveDate;
use nowkey::domain::hub::SentMessage;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::profile::{rotation_due, Profile, ProfilesFile, SmsProfile};
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Event, KeyRef, Phase, Rotation};
use nowkey::domain::token::HubCredentials;
use nowkey::flows::app::{Screen, StartAt};
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::Rotate;
use nowkey::flows::task::TaskId;
use nowkey::store::StoreError;

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
                servicenow_credential: None,
                servicenow_registration: None,
                servicenow_registration_fields: None,
                rotations: Vec::new(),
            }),
            hopex: None,
        },
    );
    file
}

pub fn open(in_progress: Vec<Rotation>) -> Driver {
    let mut d = Driver::open(
        env(),
        StartAt::Rotate {
            profile: None,
            credential: None,
        },
    );
    d.profiles_loaded(Ok(profiles()));
    d.rotations_loaded(Ok(in_progress));
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
            Command::Start {
                task,
                job: Job::Store(StoreJob::SaveJournal(rotation)),
            } => Some((*task, (**rotation).clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no journal write in {:?}", d.last))
}

/// Completes the pending journal write successfully; returns what was written.
pub fn journal_ok(d: &mut Driver) -> Rotation {
    let (task, rotation) = journal_task(d);
    d.complete(task, TaskOutcome::Store(StoreOutcome::JournalSaved(Ok(()))));
    rotation
}

pub fn lock_ok(d: &mut Driver) {
    let task = d.task_of(super::lock_task);
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Ok(()))),
    );
}

pub fn check_task(c: &Command) -> Option<TaskId> {
    super::check_task(c)
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
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
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
    let send = d.task_of(super::send_task);
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Ok(SentMessage {
            message_id: "m-1".into(),
            status: MessageStatus::Queued,
        }))),
    );
    let poll = d.task_of(super::poll_task);
    d.complete(poll, TaskOutcome::Hub(HubOutcome::Status(Ok(status))));
}

pub fn rotation_screens() -> Vec<(&'static str, Driver)> {
    let mut all = vec![("rotate_choose_profile", open(Vec::new()))];
    let mut no_profiles = Driver::home();
    no_profiles
        .profiles_loaded(Ok(ProfilesFile::default()))
        .rotations_loaded(Ok(Vec::new()))
        .keys(&[Key::Char('3')]);
    all.push(("rotate_no_profiles", no_profiles));
    all.push(("rotate_1_create_new_key", started(true)));
    let mut verifying = captured();
    let task = verifying.task_of(check_task);
    verifying.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Auth {
            status: 401,
        }))),
    );
    verifying.advance(Duration::from_millis(400));
    all.push(("rotate_2_verify_retrying", verifying));
    let mut sn = verified();
    sn.keys(&[Key::Char('1')]);
    all.push(("rotate_3_update_servicenow", sn));
    all.push((
        "rotate_3_write_sign_in",
        super::servicenow::signed_in_form(),
    ));
    all.push((
        "rotate_3_write_pick_credential",
        super::servicenow::picking_credential(),
    ));
    all.push(("rotate_3_write_preview", super::servicenow::to_preview()));
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
    all.push(("rotate_6_proof", proof_shown()));
    let mut watching = proof_shown();
    watching.keys(&[Key::Enter]);
    watching.advance(Duration::from_secs(65));
    all.push(("rotate_6_proof_watching", watching));
    let mut abandoned = servicenow_updated();
    abandoned.keys(&[Key::F(8), Key::Char('y')]);
    journal_ok(&mut abandoned);
    all.push(("rotate_abandoned", abandoned));
    all
}

/// The rotation's other screens: resuming, the lock held elsewhere or not taken,
/// unreadable profiles, the old key's deletion, completion.
pub fn more_rotation_screens() -> Vec<(&'static str, Driver)> {
    let mut all = vec![
        ("rotate_reenter_secret", resumed()),
        ("rotate_busy", busy()),
        ("rotate_lock_failed", lock_failed()),
        ("rotate_profiles_unreadable", profiles_unreadable()),
    ];
    let mut deleting = delete_confirmed();
    deleting.keys(&[Key::Enter]);
    let task = deleting.task_of(check_task);
    deleting.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    deleting.advance(Duration::from_secs(2));
    all.push(("rotate_6_old_key_still_accepted", deleting));
    let mut unresolved = delete_confirmed();
    unresolved.keys(&[Key::Enter]);
    unresolved.advance(nowkey::flows::rotate::DELETION_TIMEOUT);
    let task = unresolved.task_of(check_task);
    unresolved.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    journal_ok(&mut unresolved);
    all.push((
        "rotate_6_old_key_still_accepted_at_the_deadline",
        unresolved,
    ));
    all.push(("rotate_7_complete", old_key_deleted()));
    let mut done = old_key_deleted();
    done.keys(&[Key::Enter]);
    let task = done.task_of(super::save_task);
    done.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/tmp/p".into()))),
    );
    journal_ok(&mut done);
    all.push(("rotate_done", done));
    all
}

/// Step 5 passed and its journal written: the old key's deletion is next.
pub fn delete_confirmed() -> Driver {
    let mut d = servicenow_updated();
    send_and_end(&mut d, MessageStatus::Delivered);
    d.keys(&[Key::Enter]);
    journal_ok(&mut d);
    d
}

/// The Hub rejects the old key: step 7, update the profile (the test sent from
/// ServiceNow skipped).
pub fn old_key_deleted() -> Driver {
    let mut d = proof_shown();
    skip_proof(&mut d);
    d
}

/// Skips the test sent from ServiceNow and records it.
pub fn skip_proof(d: &mut Driver) {
    d.keys(&[Key::Char('x')]);
    let written = journal_ok(d);
    assert_eq!(
        written.servicenow_proof,
        Some(nowkey::domain::servicenow_write::ProofOutcome::Skipped)
    );
    d.keys(&[Key::Enter]);
}

/// The Hub rejects the old key: the test sent from ServiceNow is offered.
pub fn proof_shown() -> Driver {
    let mut d = delete_confirmed();
    d.keys(&[Key::Enter]);
    let task = d.task_of(check_task);
    d.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Auth {
            status: 401,
        }))),
    );
    journal_ok(&mut d);
    d
}

/// A rotation resumed after the new key was verified: its secret is asked again.
fn resumed() -> Driver {
    let now = super::start_time().utc;
    let key_ref = |key: &str, secret: &str| KeyRef {
        api_key: key.into(),
        fingerprint: creds(key, secret).token().fingerprint(),
        expires: None,
    };
    let new = key_ref(NEW_KEY, NEW_SECRET);
    let mut rotation = Rotation::start("prod", key_ref(OLD_KEY, OLD_SECRET), true, now);
    rotation
        .apply(Event::NewKeyCaptured { key: new.clone() }, now)
        .expect("captured");
    rotation
        .apply(
            Event::NewKeyVerified {
                fingerprint: new.fingerprint,
            },
            now,
        )
        .expect("verified");
    let mut d = open(vec![rotation]);
    lock_ok(&mut d);
    d
}

/// Another nowkey holds the profile's rotation lock.
fn busy() -> Driver {
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
    d
}

/// Rotate chosen from home while `profiles.toml` is malformed.
pub fn profiles_unreadable() -> Driver {
    let mut d = Driver::home();
    d.profiles_loaded(Err(StoreError::Malformed {
        path: "/home/admin/.config/nowkey/profiles.toml".into(),
        line: Some(2),
        message: "unclosed table, expected `]`".into(),
    }))
    .rotations_loaded(Ok(Vec::new()))
    .keys(&[Key::Char('3')]);
    d
}

/// The rotation lock refused for a reason other than another nowkey.
pub fn lock_failed() -> Driver {
    let mut d = open(Vec::new());
    d.keys(&[Key::Enter]);
    let task = d.task_of(super::lock_task);
    let refused = StoreError::Lock {
        path: "/home/admin/.config/nowkey/rotations/prod.lock".into(),
        source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
    };
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Err(refused))),
    );
    d
}
