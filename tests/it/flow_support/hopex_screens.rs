//! Every screen state of the SMS setup's ServiceNow step and of the HOPEX setup worth seeing,
//! shared by the snapshot tests (tests/it/screens_hopex.rs) and the drawing bench.

use std::time::Duration;

use super::{env, hopex_task, servicenow_task, Driver};
use nowkey::domain::hopex::HopexContext;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::servicenow::ServiceNowUser;
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::task::TaskId;

pub const HOPEX_KEY: &str = "hopexCanaryKey0123456789abcdefghijklmnopq";
pub const SN_PASSWORD: &str = "snCanaryPassword42";
pub const OAUTH_SECRET: &str = "oauthCanarySecret987";

pub fn task(d: &Driver, pick: fn(&Command) -> Option<TaskId>) -> TaskId {
    d.task_of(pick)
}

pub fn sn_user() -> ServiceNowUser {
    ServiceNowUser {
        sys_id: "0".repeat(32),
        user_name: "sn.integration".into(),
        active: true,
        roles: vec!["itil".into(), "snc_platform_rest_api_access".into()],
    }
}

pub fn sms_servicenow_step() -> Driver {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.msg(Msg::Paste(super::KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(super::SECRET.into()));
    d.keys(&[Key::Enter]);
    d
}

pub fn sms_servicenow_started() -> Driver {
    let mut d = sms_servicenow_step();
    d.keys(&[Key::Tab]);
    d.type_text("sn.integration");
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(SN_PASSWORD.into()));
    d.keys(&[Key::Enter]);
    d
}

pub fn hopex_at_key_fields() -> Driver {
    let mut d = Driver::setup_hopex(env());
    d.keys(&[Key::Tab]);
    d.type_text("V5 CP6 HF27");
    d.keys(&[Key::Enter, Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("alice");
    d.keys(&[Key::Enter]);
    d
}

pub fn hopex_key_fields_filled() -> Driver {
    let mut d = hopex_at_key_fields();
    d.keys(&[Key::Tab]);
    d.type_text("svc.servicenow");
    d.keys(&[Key::Tab]);
    d.type_text("ENV-1");
    d.keys(&[Key::Tab]);
    d.type_text("REPO-1");
    d.keys(&[Key::Tab]);
    d.type_text("PROFILE-1");
    d
}

pub fn hopex_at_checks() -> Driver {
    let mut d = hopex_key_fields_filled();
    d.keys(&[Key::Enter, Key::Enter]);
    d.msg(Msg::Paste(HOPEX_KEY.into()));
    d.keys(&[Key::Enter, Key::Tab]);
    d.type_text("sn.integration");
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(SN_PASSWORD.into()));
    d.keys(&[Key::Enter]);
    d
}

pub fn hopex_checks_passed() -> Driver {
    let mut d = hopex_at_checks();
    let hopex = task(&d, hopex_task);
    let servicenow = task(&d, servicenow_task);
    d.advance(Duration::from_millis(520));
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
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d
}

pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = vec![("sms_4_servicenow_form", sms_servicenow_step())];

    let mut errors = sms_servicenow_step();
    errors.keys(&[Key::Ctrl('u')]);
    errors.type_text("acme corp");
    errors.keys(&[Key::Enter]);
    all.push(("sms_4_servicenow_errors", errors));

    let mut running = sms_servicenow_started();
    running.advance(Duration::from_millis(700));
    all.push(("sms_4_servicenow_running", running));

    let mut passed = sms_servicenow_started();
    let t = task(&passed, servicenow_task);
    passed.advance(Duration::from_millis(300));
    passed.complete(t, TaskOutcome::ServiceNow(Ok(sn_user())));
    all.push(("sms_4_servicenow_passed", passed));

    let mut mfa = sms_servicenow_started();
    let t = task(&mfa, servicenow_task);
    mfa.complete(t, TaskOutcome::ServiceNow(Err(ClientError::MfaRequired)));
    all.push(("sms_4_servicenow_mfa", mfa));

    all.push(("hopex_1_deployment", Driver::setup_hopex(env())));

    let mut too_old = Driver::setup_hopex(env());
    too_old.keys(&[Key::Tab]);
    too_old.type_text("V5 CP6 HF12");
    too_old.keys(&[Key::Enter]);
    all.push(("hopex_1_version_too_old", too_old));

    let mut saas = Driver::setup_hopex(env());
    saas.keys(&[Key::Right]);
    all.push(("hopex_1_saas", saas));

    let mut connection = Driver::setup_hopex(env());
    connection.keys(&[Key::Tab]);
    connection.type_text("v6 sp1 cu4");
    connection.keys(&[Key::Enter]);
    all.push(("hopex_2_connection", connection));

    all.push(("hopex_3_key_fields", hopex_at_key_fields()));

    let mut rules = hopex_key_fields_filled();
    rules.keys(&[Key::Up, Key::Up, Key::Up]);
    rules.keys(&[Key::Ctrl('u')]);
    rules.type_text("ALICE");
    rules.keys(&[
        Key::Tab,
        Key::Tab,
        Key::Tab,
        Key::Tab,
        Key::Right,
        Key::Tab,
        Key::Right,
    ]);
    rules.keys(&[Key::Enter]);
    all.push(("hopex_3_key_fields_rules", rules));

    let mut checklist = hopex_key_fields_filled();
    checklist.keys(&[Key::Enter]);
    all.push(("hopex_4_checklist", checklist));

    let mut capture = hopex_key_fields_filled();
    capture.keys(&[Key::Enter, Key::Enter]);
    capture.msg(Msg::Paste(HOPEX_KEY.into()));
    all.push(("hopex_5_capture_key", capture));

    let mut servicenow = hopex_key_fields_filled();
    servicenow.keys(&[Key::Enter, Key::Enter]);
    servicenow.msg(Msg::Paste(HOPEX_KEY.into()));
    servicenow.keys(&[Key::Enter]);
    all.push(("hopex_6_servicenow", servicenow));

    let mut checking = hopex_at_checks();
    checking.advance(Duration::from_millis(450));
    all.push(("hopex_7_checks_running", checking));

    let mut mixed = hopex_at_checks();
    let h = task(&mixed, hopex_task);
    let s = task(&mixed, servicenow_task);
    mixed.advance(Duration::from_millis(510));
    mixed.complete(
        h,
        TaskOutcome::Hopex(Err(ClientError::Auth { status: 401 })),
    );
    mixed.complete(s, TaskOutcome::ServiceNow(Ok(sn_user())));
    all.push(("hopex_7_checks_hopex_refused", mixed));

    all.push(("hopex_7_checks_passed", hopex_checks_passed()));

    let mut summary = hopex_checks_passed();
    summary.keys(&[Key::Enter]);
    all.push(("hopex_8_summary", summary));

    let mut save = hopex_checks_passed();
    save.keys(&[Key::Enter, Key::Enter]);
    all.push(("hopex_9_save", save));

    let mut done = hopex_checks_passed();
    done.keys(&[Key::Enter, Key::Enter, Key::Enter]);
    let t = done.task_of(super::save_task);
    done.complete(
        t,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok(
            "/home/admin/.config/nowkey/profiles.toml".into(),
        ))),
    );
    all.push(("hopex_done", done));
    all.extend(saas_screens());
    all.extend(v62_and_oauth_screens());
    all
}

/// V6.2 (the Administration desktop, an expiry) and the OAuth2 sign-in.
fn v62_and_oauth_screens() -> Vec<(&'static str, Driver)> {
    let v62 = |expiry: &str| {
        let mut d = Driver::setup_hopex(env());
        d.keys(&[Key::Tab]);
        d.type_text("V6.2");
        d.keys(&[Key::Enter, Key::Tab, Key::Tab, Key::Tab]);
        d.type_text("alice");
        d.keys(&[Key::Enter, Key::Tab]);
        d.type_text("svc.servicenow");
        for value in ["ENV-1", "REPO-1", "PROFILE-1"] {
            d.keys(&[Key::Tab]);
            d.type_text(value);
        }
        d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
        d.type_text(expiry);
        d.keys(&[Key::Enter]);
        d
    };
    let mut all = vec![
        ("hopex_v62_3_expiry_refused", v62("2026-11-21")),
        ("hopex_v62_4_checklist", v62("2027-06-30")),
    ];
    let mut capture = v62("");
    capture.keys(&[Key::Enter]);
    all.push(("hopex_v62_5_capture_key", capture));

    let oauth = || {
        let mut d = hopex_key_fields_filled();
        d.keys(&[Key::Enter, Key::Enter]);
        d.msg(Msg::Paste(HOPEX_KEY.into()));
        d.keys(&[Key::Enter, Key::Tab]);
        d.type_text("sn.integration");
        d.keys(&[Key::Tab]);
        d.msg(Msg::Paste(SN_PASSWORD.into()));
        d.keys(&[Key::Tab, Key::Right, Key::Tab]);
        d.type_text("0123abcd0123abcd0123abcd0123abcd");
        d.keys(&[Key::Tab]);
        d.msg(Msg::Paste(OAUTH_SECRET.into()));
        d
    };
    all.push(("hopex_6_servicenow_oauth", oauth()));
    let mut summary = oauth();
    summary.keys(&[Key::Enter]);
    let hopex = task(&summary, hopex_task);
    let servicenow = task(&summary, servicenow_task);
    summary.complete(
        hopex,
        TaskOutcome::Hopex(Ok(HopexContext {
            user_id: Some("svc.servicenow".into()),
            repository_id: Some("REPO-1".into()),
            profile_id: Some("PROFILE-1".into()),
            language: Some("EN".into()),
            via_fallback: false,
        })),
    );
    summary.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    summary.keys(&[Key::Enter]);
    all.push(("hopex_8_summary_oauth", summary));
    all
}

/// The SaaS path: its own step numbers, no key, only the ServiceNow check.
fn saas_screens() -> Vec<(&'static str, Driver)> {
    let mut all = Vec::new();
    let mut connection = Driver::setup_hopex(env());
    connection.keys(&[Key::Right, Key::Enter]);
    all.push(("hopex_saas_2_connection", connection));

    let at_checks = || {
        let mut d = Driver::setup_hopex(env());
        d.keys(&[Key::Right, Key::Enter, Key::Enter, Key::Tab]);
        d.type_text("sn.integration");
        d.keys(&[Key::Tab]);
        d.msg(Msg::Paste(SN_PASSWORD.into()));
        d.keys(&[Key::Enter]);
        let t = task(&d, servicenow_task);
        d.advance(Duration::from_millis(300));
        d.complete(t, TaskOutcome::ServiceNow(Ok(sn_user())));
        d
    };
    all.push(("hopex_saas_4_checks_passed", at_checks()));

    let mut summary = at_checks();
    summary.keys(&[Key::Enter]);
    all.push(("hopex_saas_5_summary", summary));

    let mut save = at_checks();
    save.keys(&[Key::Enter, Key::Enter]);
    all.push(("hopex_saas_6_save", save));
    all
}
