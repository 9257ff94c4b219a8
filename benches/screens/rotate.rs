//! The rotation, screen by screen: the states of tests/it/flow_rotate.rs
//! (shared in tests/it/flow_support/rotate_screens.rs), plus resuming, the lock held
//! elsewhere, the old key's deletion and completion.

use std::time::Duration;

use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Event, KeyRef, Rotation};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{HubOutcome, StoreOutcome, TaskOutcome};
use nowkey::store::StoreError;

use crate::flow_support::rotate_screens::{
    check_task, creds, journal_ok, lock_ok, open, rotation_screens, send_and_end,
    servicenow_updated, NEW_KEY, NEW_SECRET, OLD_KEY, OLD_SECRET,
};
use crate::flow_support::Driver;

/// Every rotation screen worth drawing, as (name, driver).
pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = rotation_screens();
    all.push(("rotate_reenter_secret", resumed()));
    all.push(("rotate_busy", busy()));
    let mut deleting = delete_confirmed();
    deleting.keys(&[Key::Enter]);
    let task = deleting.task_of(check_task);
    deleting.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    deleting.advance(Duration::from_secs(2));
    all.push(("rotate_6_old_key_still_accepted", deleting));
    all.push(("rotate_7_complete", old_key_deleted()));
    let mut done = old_key_deleted();
    done.keys(&[Key::Enter]);
    let task = done.task_of(crate::flow_support::save_task);
    done.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/tmp/p".into()))),
    );
    journal_ok(&mut done);
    all.push(("rotate_done", done));
    all
}

/// Step 5 passed and its journal written: the old key's deletion is next.
fn delete_confirmed() -> Driver {
    let mut d = servicenow_updated();
    send_and_end(&mut d, MessageStatus::Delivered);
    d.keys(&[Key::Enter]);
    journal_ok(&mut d);
    d
}

/// The Hub rejects the old key: step 7, update the profile.
fn old_key_deleted() -> Driver {
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
    let now = chrono::Utc::now();
    let key_ref = |key: &str, secret: &str| KeyRef {
        api_key: key.into(),
        fingerprint: creds(key, secret).token().fingerprint(),
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
