//! Driving each flow, through its real keys, to one field: focused, empty, with
//! every other field of its step holding a valid value, so the only message that
//! can appear is the one about the value under test.

use chrono::{NaiveDate, Utc};
use nowkey::domain::hopex::HopexContext;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::profile::{rotation_due, Profile, ProfilesFile, SmsProfile};
use nowkey::domain::rotation::{Event, KeyRef, Rotation};
use nowkey::domain::servicenow::ServiceNowUser;
use nowkey::domain::token::{Fingerprint, HubCredentials};
use nowkey::flows::app::StartAt;
use nowkey::flows::form::Form;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::RotateScreen;
use nowkey::flows::setup_hopex::{key_field, HopexStep};
use nowkey::flows::setup_sms::Step;

use super::fields::{rotate, Field};
use crate::flow_support::{env, hopex_task, servicenow_task, Driver, KEY, SECRET};

/// The old key of the profile the rotation rows rotate.
pub const OLD_KEY: &str = "OLDKEY00000000000001";
/// Its secret.
pub const OLD_SECRET: &str = "oldCanarySecret0123456789abcd";
/// The new key.
pub const NEW_KEY: &str = "NEWKEY00000000000002";
/// Its secret.
pub const NEW_SECRET: &str = "newCanarySecret0123456789abcd";
/// The operator's own HOPEX login in the HOPEX setup rows.
pub const OWN_LOGIN: &str = "alice";
/// A valid HOPEX API key.
pub const HOPEX_KEY: &str = "hopexCanaryKey0123456789abcdefghijklmnopq";

/// A driver on `field`'s step with the field focused and empty.
pub fn open(field: Field) -> Driver {
    use Field::*;
    match field {
        HubUrl => {
            let mut d = Driver::setup_sms(env());
            d.keys(&[Key::Tab, Key::Ctrl('u')]);
            d
        }
        ApiKey => sms_capture(),
        ApiSecret => {
            let mut d = sms_capture();
            d.msg(Msg::Paste(KEY.into())).keys(&[Key::Tab]);
            d
        }
        SmsInstance => sms_servicenow(0),
        SmsUser => sms_servicenow(1),
        SmsPassword => sms_servicenow(2),
        Phone | PhoneLocal => sms_live_test(),
        SmsProfileName => {
            let mut d = sms_live_test();
            d.keys(&[Key::Ctrl('x'), Key::Enter]);
            assert_eq!(d.flow().step, Step::Save);
            d.keys(&[Key::Ctrl('u')]);
            d
        }
        Version => {
            let mut d = Driver::setup_hopex(env());
            d.keys(&[Key::Tab]);
            d
        }
        Server => hopex_connection(0),
        OwnLogin => hopex_connection(3),
        KeyName => hopex_key_fields(key_field::NAME),
        HopexLogin => hopex_key_fields(key_field::LOGIN),
        EnvironmentId => hopex_key_fields(key_field::ENVIRONMENT),
        RepositoryId => hopex_key_fields(key_field::REPOSITORY),
        ProfileId => hopex_key_fields(key_field::PROFILE),
        HopexApiKey => hopex_capture(),
        HopexInstance => hopex_servicenow(0),
        HopexUser => hopex_servicenow(1),
        HopexPassword => hopex_servicenow(2),
        HopexProfileName => hopex_save(),
        OldSecret => rotation(Vec::new()),
        NewKey => {
            let mut d = rotation_started();
            d.keys(&[Key::Tab]);
            d.msg(Msg::Paste(NEW_SECRET.into()));
            d.keys(&[Key::BackTab]);
            d
        }
        NewSecret => {
            let mut d = rotation_started();
            d.msg(Msg::Paste(NEW_KEY.into()));
            d.keys(&[Key::Tab]);
            d
        }
        ReenteredSecret => {
            let d = rotation(vec![resumed(false)]);
            assert_eq!(rotate(&d).screen(), RotateScreen::ReenterSecret);
            d
        }
        RotationPhone => rotation_live_test(),
        OldSecretAgain => {
            let d = rotation(vec![resumed(true)]);
            assert_eq!(rotate(&d).screen(), RotateScreen::DeleteOldKey);
            d
        }
    }
}

fn sms_capture() -> Driver {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.flow().step, Step::Capture);
    d
}

fn sms_servicenow(target: usize) -> Driver {
    let mut d = sms_capture();
    d.msg(Msg::Paste(KEY.into())).keys(&[Key::Tab]);
    d.msg(Msg::Paste(SECRET.into())).keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::ServiceNow);
    fill_servicenow(&mut d, |d| &d.flow().shared.servicenow.form);
    focus(&mut d, target, |d| &d.flow().shared.servicenow.form);
    d.keys(&[Key::Ctrl('u')]);
    d
}

/// Instance (pre-filled), user and password, all valid.
fn fill_servicenow(d: &mut Driver, form: fn(&Driver) -> &Form) {
    assert_eq!(form(d).focus, 0);
    d.keys(&[Key::Tab]);
    d.type_text("sn.integration");
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste("sn canary pw 0123".into()));
}

/// Tabs until field `target` of the form has the focus.
fn focus(d: &mut Driver, target: usize, form: fn(&Driver) -> &Form) {
    for _ in 0..form(d).fields.len() {
        if form(d).focus == target {
            return;
        }
        d.keys(&[Key::Tab]);
    }
    assert_eq!(form(d).focus, target, "could not focus field {target}");
}

fn sms_live_test() -> Driver {
    let mut d = Driver::setup_sms(env());
    d.walk_to_inbound_step();
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::LiveTest);
    d
}

fn hopex_past_deployment() -> Driver {
    let mut d = Driver::setup_hopex(env());
    d.keys(&[Key::Tab]);
    d.type_text("v6 sp1 cu4");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
    d
}

fn hopex_connection(target: usize) -> Driver {
    let mut d = hopex_past_deployment();
    focus(&mut d, 3, |d| &d.hopex().connection);
    d.type_text(OWN_LOGIN);
    focus(&mut d, target, |d| &d.hopex().connection);
    d.keys(&[Key::Ctrl('u')]);
    d
}

fn hopex_key_fields(target: usize) -> Driver {
    let mut d = hopex_connection(3);
    d.type_text(OWN_LOGIN);
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    for (index, value) in [
        (key_field::LOGIN, "svc.servicenow"),
        (key_field::ENVIRONMENT, "ENV-1"),
        (key_field::REPOSITORY, "REPO-1"),
        (key_field::PROFILE, "PROFILE-1"),
    ] {
        focus(&mut d, index, |d| &d.hopex().key_fields);
        d.type_text(value);
    }
    focus(&mut d, target, |d| &d.hopex().key_fields);
    d.keys(&[Key::Ctrl('u')]);
    d
}

fn hopex_capture() -> Driver {
    let mut d = hopex_key_fields(key_field::NAME);
    d.type_text("ServiceNow");
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::CaptureKey);
    d
}

fn hopex_servicenow(target: usize) -> Driver {
    let mut d = hopex_capture();
    d.msg(Msg::Paste(HOPEX_KEY.into())).keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    fill_servicenow(&mut d, |d| &d.hopex().shared.servicenow.form);
    focus(&mut d, target, |d| &d.hopex().shared.servicenow.form);
    d.keys(&[Key::Ctrl('u')]);
    d
}

fn hopex_save() -> Driver {
    let mut d = hopex_servicenow(0);
    d.type_text("acme");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
    let (hopex, servicenow) = (d.task_of(hopex_task), d.task_of(servicenow_task));
    d.complete(
        hopex,
        TaskOutcome::Hopex(Ok(HopexContext {
            user_id: Some("svc.servicenow".into()),
            repository_id: Some("REPO-1".into()),
            profile_id: Some("PROFILE-1".into()),
            language: Some("EN".into()),
            via_fallback: false,
        })),
    );
    d.complete(
        servicenow,
        TaskOutcome::ServiceNow(Ok(ServiceNowUser {
            sys_id: "0".repeat(32),
            user_name: "sn.integration".into(),
            active: true,
            roles: vec!["itil".into()],
        })),
    );
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Save);
    d.keys(&[Key::Ctrl('u')]);
    d
}

fn fingerprint(key: &str, secret: &str) -> Fingerprint {
    let credentials = HubCredentials {
        key: clean_api_key(key).expect("a valid key"),
        secret: clean_api_secret(secret).expect("a valid secret"),
    };
    credentials.token().fingerprint()
}

fn profiles() -> ProfilesFile {
    let created = NaiveDate::from_ymd_opt(2026, 8, 1).expect("a date");
    let mut file = ProfilesFile::default();
    let sms = SmsProfile {
        vendor: "messagemedia".into(),
        hub_api_url: "http://127.0.0.1:8787".into(),
        api_key: OLD_KEY.into(),
        token_fingerprint: fingerprint(OLD_KEY, OLD_SECRET),
        key_created: created,
        next_rotation_due: rotation_due(created),
        test_number: Some("+61491570156".into()),
        servicenow_url: None,
        servicenow_user: None,
        servicenow_credential: None,
        servicenow_registration: None,
        servicenow_registration_fields: None,
        rotations: Vec::new(),
    };
    let profile = Profile {
        sms: Some(sms),
        hopex: None,
    };
    file.profiles.insert("prod".into(), profile);
    file
}

/// The rotation opened on the saved profile; a rotation in progress is resumed (and
/// its lock granted).
fn rotation(in_progress: Vec<Rotation>) -> Driver {
    let resuming = !in_progress.is_empty();
    let mut d = Driver::open(
        env(),
        StartAt::Rotate {
            profile: None,
            credential: None,
        },
    );
    d.profiles_loaded(Ok(profiles()));
    d.rotations_loaded(Ok(in_progress));
    if resuming {
        grant_lock(&mut d);
    }
    d
}

fn grant_lock(d: &mut Driver) {
    let task = d.task_of(crate::flow_support::lock_task);
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Ok(()))),
    );
}

fn journal_ok(d: &mut Driver) {
    let task = d.task_of(crate::flow_support::journal_task);
    d.complete(task, TaskOutcome::Store(StoreOutcome::JournalSaved(Ok(()))));
}

fn rotation_started() -> Driver {
    let mut d = rotation(Vec::new());
    d.keys(&[Key::Enter]);
    grant_lock(&mut d);
    journal_ok(&mut d);
    assert_eq!(rotate(&d).screen(), RotateScreen::CreateNewKey);
    d
}

fn rotation_live_test() -> Driver {
    let mut d = rotation_started();
    d.msg(Msg::Paste(NEW_KEY.into())).keys(&[Key::Tab]);
    d.msg(Msg::Paste(NEW_SECRET.into())).keys(&[Key::Enter]);
    journal_ok(&mut d);
    let check = d.task_of(crate::flow_support::check_task);
    d.complete(check, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    journal_ok(&mut d);
    d.keys(&[Key::Char('1'), Key::Char('2'), Key::Enter]);
    journal_ok(&mut d);
    assert_eq!(rotate(&d).screen(), RotateScreen::LiveTest);
    d.keys(&[Key::Ctrl('u')]);
    d
}

/// A journal read after a crash: the new key verified (its secret lost), or
/// (`tested`) its live test passed, with the old secret never given.
fn resumed(tested: bool) -> Rotation {
    let now = Utc::now();
    let old = KeyRef {
        api_key: OLD_KEY.into(),
        fingerprint: fingerprint(OLD_KEY, OLD_SECRET),
        expires: None,
    };
    let new = KeyRef {
        api_key: NEW_KEY.into(),
        fingerprint: fingerprint(NEW_KEY, NEW_SECRET),
        expires: None,
    };
    let mut r = Rotation::start("prod", old, false, now);
    let mut events = vec![
        Event::NewKeyCaptured { key: new.clone() },
        Event::NewKeyVerified {
            fingerprint: new.fingerprint.clone(),
        },
    ];
    if tested {
        events.push(Event::ServicenowUpdated {
            spoke_token: true,
            environment_registration: true,
        });
        events.push(Event::LiveTestPassed {
            fingerprint: new.fingerprint.clone(),
            message_id: "m-1".into(),
        });
    }
    for event in events {
        r.apply(event, now).expect("a valid journal");
    }
    r
}
