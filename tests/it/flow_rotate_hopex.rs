//! The HOPEX key rotation as a flow, driven key by key with the tasks'
//! answers given by the test: how it opens (SaaS, the home entry, validation's
//! R), every step journaled before it shows, the old key tried until HOPEX
//! rejects it (or the operator goes on), and the abandon's instructions.

use crate::flow_support;

use flow_support::rotate_hopex_screens::{
    checked_key, context, flat, flow, journaled, open, profiles, started, verified, NEW_KEY,
    OLD_KEY,
};
use flow_support::{hopex_task, lock_task, Driver};
use nowkey::domain::hopex::Deployment;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::{Credential, Phase, Revocation};
use nowkey::domain::token::Fingerprint;
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::outcome::TaskOutcome;
use nowkey::flows::rotate_hopex::HopexRotateScreen;

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

/// A build without `_currentContext` proves the key works but not where it
/// points: the step says so in whole sentences, and the rotation goes on.
#[test]
fn a_key_whose_context_cannot_be_read_is_verified_with_what_to_check_by_hand() {
    let mut d = started();
    d.keys(&[Key::Tab]).paste(NEW_KEY).keys(&[Key::Enter]);
    journaled(&mut d);
    let check = d.task_of(hopex_task);
    let fallback = nowkey::domain::hopex::HopexContext {
        via_fallback: true,
        ..Default::default()
    };
    d.complete(check, TaskOutcome::Hopex(Ok(fallback)));
    let detail = match &flow(&d).verify.activity {
        nowkey::flows::activity::Activity::Passed { detail, .. } => detail.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        detail,
        "HOPEX accepts the new key. This HOPEX build has no _currentContext, so the key's repository and profile cannot be read. Check in HOPEX that it is tied to the saved repository and HOPEX profile."
    );
    journaled(&mut d);
    assert_eq!(
        flow(&d).rotation.as_ref().unwrap().phase,
        Phase::NewKeyVerified
    );
}

/// The old key pasted as the new one is refused without holding it as the new
/// key: leaving then asks nothing about a new key, and the field keeps it.
#[test]
fn the_old_key_pasted_as_the_new_one_is_refused_and_not_held() {
    let mut d = started();
    d.keys(&[Key::Tab]).paste(OLD_KEY).keys(&[Key::Enter]);
    assert!(flow(&d).new_key.is_none());
    assert!(flow(&d).pending.is_none());
    let shown = flat(&d.render(100, 30, false));
    assert!(shown.contains("That is the key being replaced"), "{shown}");
    assert_eq!(flow(&d).new_key_form.text(flow(&d).key_field()), OLD_KEY);
}
