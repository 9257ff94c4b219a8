//! The HOPEX key rotation as a flow, driven key by key with the tasks'
//! answers given by the test: how it opens (SaaS, the home entry, validation's
//! R), every step journaled before it shows, the old key tried until HOPEX
//! rejects it (or the operator goes on), and the abandon's instructions.

use crate::flow_support;

use flow_support::{hopex_task, journal_saved, journal_task, lock_task, Driver};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, HopexContext, SessionMode};
use nowkey::domain::profile::{HopexProfile, Profile, ProfilesFile};
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Credential, Phase, Revocation};
use nowkey::domain::token::Fingerprint;
use nowkey::flows::app::{Screen, StartAt};
use nowkey::flows::command::Command;
use nowkey::flows::job::{HopexCall, Job};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::rotate_hopex::{HopexRotateScreen, RotateHopex};
use secrecy::ExposeSecret;

const OLD_KEY: &str = "old-hopex-key-0123456789";
const NEW_KEY: &str = "new-hopex-key-9876543210";

fn hopex(deployment: Deployment) -> HopexProfile {
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

fn profiles(deployment: Deployment) -> ProfilesFile {
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

fn open(deployment: Deployment) -> Driver {
    let mut d = Driver::open(
        flow_support::env(),
        StartAt::Rotate {
            profile: Some("prod".into()),
            credential: Some(Credential::HopexKey),
        },
    );
    d.profiles_loaded(Ok(profiles(deployment)))
        .rotations_loaded(Ok(Vec::new()));
    d
}

fn flow(d: &Driver) -> &RotateHopex {
    match &d.app.screen {
        Screen::RotateHopex(flow) => flow,
        other => panic!("expected the HOPEX rotation, got {other:?}"),
    }
}

/// Answers the journal write just asked for.
fn journaled(d: &mut Driver) {
    let task = d.task_of(journal_task);
    d.complete(task, journal_saved(Ok(())));
}

fn context(repository: &str) -> HopexContext {
    HopexContext {
        user_id: Some("svc.servicenow".into()),
        repository_id: Some(repository.into()),
        profile_id: Some("PROFILE-1".into()),
        language: None,
        via_fallback: false,
    }
}

/// The key the last HOPEX check was sent with.
fn checked_key(d: &Driver) -> String {
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
fn started() -> Driver {
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
fn verified() -> Driver {
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

#[test]
fn a_saas_profile_is_said_to_have_no_key_to_rotate_and_nothing_is_locked() {
    let mut d = open(Deployment::Saas);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::Saas);
    let shown = d.render(80, 24, false);
    assert!(
        shown.contains("HOPEX manages the integration's key there"),
        "{shown}"
    );
    assert!(!d.last.iter().any(|c| lock_task(c).is_some()));
    d.keys(&[Key::Enter]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn the_home_entry_lists_on_premises_profiles_and_a_wrong_old_key_is_refused() {
    let mut d = Driver::home();
    d.profiles_loaded(Ok(profiles(Deployment::OnPrem)))
        .rotations_loaded(Ok(Vec::new()));
    d.keys(&[Key::Char('6')]);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::ChooseProfile);
    d.paste("not-the-old-key").keys(&[Key::Enter]);
    let shown = d.render(100, 30, false);
    assert!(
        shown.contains("That is not the key named servicenow-sync"),
        "{shown}"
    );
    assert!(!shown.contains("not-the-old-key"), "masked: {shown}");
    assert!(
        !d.last.iter().any(|c| lock_task(c).is_some()),
        "nothing started"
    );
}

#[test]
fn every_step_is_journaled_before_it_shows_and_the_revocation_is_confirmed() {
    let mut d = verified();
    // Not ticked: refused with what to do.
    d.keys(&[Key::Enter]);
    assert!(d.render(100, 30, false).contains("Tick (1)"));
    d.keys(&[Key::Char('1'), Key::Enter]);
    assert_eq!(
        flow(&d).screen(),
        HopexRotateScreen::UpdateModule,
        "not shown as done before the journal says so"
    );
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::ModuleTest);
    assert!(d.render(100, 30, false).contains("Live now: BOTH keys"));

    d.keys(&[Key::Char('y')]);
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::RevokeOldKey);
    assert!(!flow(&d).can_abandon());

    // The old key is tried: accepted first (not yet revoked), then rejected.
    d.keys(&[Key::Enter]);
    assert_eq!(checked_key(&d), OLD_KEY);
    let first = d.task_of(hopex_task);
    d.complete(first, TaskOutcome::Hopex(Ok(context("REPO-1"))));
    let second = d.task_of(hopex_task);
    d.complete(
        second,
        TaskOutcome::Hopex(Err(ClientError::Auth { status: 401 })),
    );
    journaled(&mut d);
    let rotation = flow(&d).rotation.clone().unwrap();
    assert_eq!(rotation.phase, Phase::OldKeyDeleted);
    assert_eq!(rotation.old_key_revocation, Some(Revocation::Confirmed));
    assert_eq!(rotation.credential, Credential::HopexKey);
    assert!(d
        .render(100, 30, false)
        .contains("HOPEX rejects the old key servicenow-sync: revocation confirmed."));
}

#[test]
fn a_key_opening_the_wrong_repository_is_not_verified_and_another_can_be_entered() {
    let mut d = started();
    d.keys(&[Key::Tab]).paste(NEW_KEY).keys(&[Key::Enter]);
    journaled(&mut d);
    let check = d.task_of(hopex_task);
    d.complete(check, TaskOutcome::Hopex(Ok(context("REPO-9"))));
    assert_eq!(
        flow(&d).rotation.as_ref().unwrap().phase,
        Phase::NewKeyCaptured
    );
    let shown = flat(&d.render(120, 40, false));
    assert!(
        shown.contains("This key opens repository REPO-9; the profile says REPO-1."),
        "{shown}"
    );
    d.keys(&[Key::Char('e')]);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::CreateNewKey);
    d.keys(&[Key::Tab])
        .paste("third-hopex-key-000000")
        .keys(&[Key::Enter]);
    journaled(&mut d);
    assert_eq!(checked_key(&d), "third-hopex-key-000000");
    let new = flow(&d).rotation.as_ref().unwrap().new.clone().unwrap();
    assert_eq!(
        new.fingerprint,
        Fingerprint::of_secret("third-hopex-key-000000")
    );
}

#[test]
fn abandoning_after_the_module_held_the_new_key_says_to_put_the_old_one_back_first() {
    let mut d = verified();
    d.keys(&[Key::Char('1'), Key::Enter]);
    journaled(&mut d);
    d.keys(&[Key::Char('n')]);
    journaled(&mut d);
    assert!(flow(&d).last_test_failed());
    d.keys(&[Key::F(8)]);
    d.keys(&[Key::Char('y')]);
    journaled(&mut d);
    assert_eq!(flow(&d).screen(), HopexRotateScreen::Abandoned);
    let shown = flat(&d.render(120, 40, false));
    assert!(
        shown.contains("First put the old key back into HOPEX's ServiceNow module settings"),
        "{shown}"
    );
    assert!(d.last.iter().any(|c| matches!(
        c,
        Command::UnlockRotation {
            credential: Credential::HopexKey,
            ..
        }
    )));
}

/// The screen with wrapped lines joined.
fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every screen of a HOPEX rotation at 80x24, as an operator walks it: what
/// each says, its keys, and that the form fits below the instructions.
#[test]
fn every_hopex_rotation_screen_at_80x24() {
    let mut d = started();
    insta::assert_snapshot!("rotate_hopex_2_create", d.render(80, 24, false));
    d.keys(&[Key::Tab]).paste(NEW_KEY).keys(&[Key::Enter]);
    journaled(&mut d);
    let check = d.task_of(hopex_task);
    d.complete(check, TaskOutcome::Hopex(Ok(context("REPO-2"))));
    insta::assert_snapshot!("rotate_hopex_3_wrong_repository", d.render(80, 24, false));
    d.keys(&[Key::Char('r')]);
    let check = d.task_of(hopex_task);
    d.complete(check, TaskOutcome::Hopex(Ok(context("REPO-1"))));
    journaled(&mut d);
    insta::assert_snapshot!("rotate_hopex_4_module", d.render(80, 24, false));
    d.keys(&[Key::Char('1'), Key::Enter]);
    journaled(&mut d);
    insta::assert_snapshot!("rotate_hopex_5_module_test", d.render(80, 24, false));
    d.keys(&[Key::Char('y')]);
    journaled(&mut d);
    insta::assert_snapshot!("rotate_hopex_6_revoke", d.render(80, 24, false));
    d.keys(&[Key::Enter]);
    let answer = d.task_of(hopex_task);
    d.complete(
        answer,
        TaskOutcome::Hopex(Err(ClientError::Auth { status: 401 })),
    );
    journaled(&mut d);
    insta::assert_snapshot!("rotate_hopex_7_complete", d.render(80, 24, false));
}
