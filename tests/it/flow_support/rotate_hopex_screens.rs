//! A HOPEX key rotation driven to each of its steps: the fixtures the HOPEX
//! rotation's flow tests share, and its screens for the help and footer tests.

use super::{hopex_task, journal_saved, journal_task, lock_task, Driver};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, HopexContext, SessionMode};
use nowkey::domain::profile::{HopexProfile, Profile, ProfilesFile};
use nowkey::domain::rotation::Credential;
use nowkey::domain::token::Fingerprint;
use nowkey::flows::app::{Screen, StartAt};
use nowkey::flows::command::Command;
use nowkey::flows::job::{HopexCall, Job};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::rotate_hopex::{HopexRotateScreen, RotateHopex};
use secrecy::ExposeSecret;

/// The key the profile holds before the rotation.
pub const OLD_KEY: &str = "old-hopex-key-0123456789";
/// The new key the operator pastes.
pub const NEW_KEY: &str = "new-hopex-key-9876543210";

pub fn hopex(deployment: Deployment) -> HopexProfile {
    let on_prem = deployment == Deployment::OnPrem;
    let text = |value: &str| {
        if on_prem {
            value.to_owned()
        } else {
            String::new()
        }
    };
    HopexProfile {
        deployment,
        version: text("V5 CP6 HF27"),
        server_url: "https://hopex.acme.com".into(),
        schema: "ITPM".into(),
        data_flow: DataFlow::Both,
        key_name: text("servicenow-sync"),
        hopex_login: text("svc.servicenow"),
        environment_id: text("ENV-1"),
        repository_id: text("REPO-1"),
        profile_id: text("PROFILE-1"),
        session_mode: on_prem.then_some(SessionMode::Multi),
        connection_mode: on_prem.then_some(ConnectionMode::ReadWrite),
        key_fingerprint: on_prem.then(|| Fingerprint::of_secret(OLD_KEY)),
        key_created: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        servicenow_url: "https://acme.service-now.com".into(),
        servicenow_user: "sn.integration".into(),
        key_expires: None,
        servicenow_auth: Default::default(),
        servicenow_oauth_client_id: None,
        rotations: Vec::new(),
    }
}

pub fn profiles(deployment: Deployment) -> ProfilesFile {
    let mut file = ProfilesFile::default();
    file.profiles.insert(
        "prod".into(),
        Profile {
            sms: None,
            hopex: Some(hopex(deployment)),
        },
    );
    file
}

pub fn open(deployment: Deployment) -> Driver {
    let mut d = Driver::open(
        super::env(),
        StartAt::Rotate {
            profile: Some("prod".into()),
            credential: Some(Credential::HopexKey),
        },
    );
    d.profiles_loaded(Ok(profiles(deployment)))
        .rotations_loaded(Ok(Vec::new()));
    d
}

pub fn flow(d: &Driver) -> &RotateHopex {
    match &d.app.screen {
        Screen::RotateHopex(flow) => flow,
        other => panic!("expected the HOPEX rotation, got {other:?}"),
    }
}

/// Answers the journal write just asked for.
pub fn journaled(d: &mut Driver) {
    let task = d.task_of(journal_task);
    d.complete(task, journal_saved(Ok(())));
}

pub fn context(repository: &str) -> HopexContext {
    HopexContext {
        user_id: Some("svc.servicenow".into()),
        repository_id: Some(repository.into()),
        profile_id: Some("PROFILE-1".into()),
        language: None,
        via_fallback: false,
    }
}

/// The key the last HOPEX check was sent with.
pub fn checked_key(d: &Driver) -> String {
    d.last
        .iter()
        .find_map(|command| match command {
            Command::Start {
                job: Job::Hopex(HopexCall::CheckKey { api_key, .. }),
                ..
            } => Some(api_key.expose_secret().to_owned()),
            _ => None,
        })
        .expect("a HOPEX check")
}

/// Opened, started with the old key, the lock held and the start journaled.
pub fn started() -> Driver {
    let mut d = open(Deployment::OnPrem);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::StartNamed);
    d.paste(OLD_KEY).keys(&[Key::Enter]);
    let lock = d.task_of(lock_task);
    d.complete(
        lock,
        TaskOutcome::Store(StoreOutcome::RotationLocked(Ok(()))),
    );
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::CreateNewKey);
    d
}

/// Started, and the new key captured and verified.
pub fn verified() -> Driver {
    let mut d = started();
    d.keys(&[Key::Tab]).paste(NEW_KEY).keys(&[Key::Enter]);
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::VerifyNewKey);
    assert_eq!(checked_key(&d), NEW_KEY);
    let check = d.task_of(hopex_task);
    d.complete(check, TaskOutcome::Hopex(Ok(context("REPO-1"))));
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::UpdateModule);
    d
}

/// The screen with wrapped lines joined.
pub fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HOPEX rotation's steps, for the help overlay and footer tests.
pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut module_test = verified();
    module_test.keys(&[Key::Char('1'), Key::Enter]);
    journaled(&mut module_test);
    vec![
        ("rotate_hopex_saas", open(Deployment::Saas)),
        ("rotate_hopex_create", started()),
        ("rotate_hopex_module", verified()),
        ("rotate_hopex_module_test", module_test),
    ]
}
