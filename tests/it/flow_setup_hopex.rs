//! The HOPEX setup driven through `update`: every field rule beside its field, the two
//! checks started together, copies, and a profile without secrets.

use crate::flow_support;

use std::time::Duration;

use flow_support::{copy_task, env, hopex_task, save_task, servicenow_task, Driver};
use nowkey::clipboard::CopyOutcome;
use nowkey::domain::hopex::HopexContext;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::servicenow::ServiceNowUser;
use nowkey::flows::command::Command;
use nowkey::flows::flow::Flow;
use nowkey::flows::job::{HopexCall, Job, ServiceNowCall, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::setup_hopex::{connection_field, deployment_field, key_field, HopexStep};

const HOPEX_KEY: &str = "hopexCanaryKey0123456789abcdefghijklmnopq";
const SN_PASSWORD: &str = "sn canary pw 0123";

/// Step 1 → 2 with an accepted on-prem version.
fn past_deployment(d: &mut Driver) {
    d.keys(&[Key::Tab]);
    d.type_text("v6 sp1 cu4");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
}

/// Step 2 → 3 with the sandbox server and an own login.
fn past_connection(d: &mut Driver) {
    d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("alice");
    d.keys(&[Key::Enter]);
    assert_eq!(
        d.hopex().step,
        HopexStep::KeyFields,
        "{:?}",
        d.hopex().connection
    );
}

fn fill_key_fields(d: &mut Driver, login: &str) {
    d.keys(&[Key::Tab]);
    d.type_text(login);
    d.keys(&[Key::Tab]);
    d.type_text("ENV-1");
    d.keys(&[Key::Tab]);
    d.type_text("REPO-1");
    d.keys(&[Key::Tab]);
    d.type_text("PROFILE-1");
}

fn to_capture(d: &mut Driver) {
    past_deployment(d);
    past_connection(d);
    fill_key_fields(d, "svc.servicenow");
    d.keys(&[Key::Enter]);
    assert_eq!(
        d.hopex().step,
        HopexStep::Checklist,
        "{:?}",
        d.hopex().key_fields
    );
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::CaptureKey);
}

fn to_checks(d: &mut Driver) {
    to_capture(d);
    d.msg(Msg::Paste(format!("{HOPEX_KEY}\n").into()));
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    d.keys(&[Key::Tab]);
    d.type_text("sn.integration");
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(SN_PASSWORD.into()));
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
}

fn context() -> HopexContext {
    HopexContext {
        user_id: Some("svc.servicenow".into()),
        repository_id: Some("REPO-1".into()),
        profile_id: Some("PROFILE-1".into()),
        language: Some("EN".into()),
        via_fallback: false,
    }
}

fn sn_user() -> ServiceNowUser {
    ServiceNowUser {
        sys_id: "0".repeat(32),
        user_name: "sn.integration".into(),
        active: true,
        roles: vec!["itil".into()],
    }
}

#[test]
fn the_version_gate_names_the_minimum_beside_the_field() {
    let mut d = Driver::setup_hopex(env());
    d.keys(&[Key::Tab]);
    d.type_text("V5 CP6 HF12");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Deployment);
    let error = d.hopex().deployment.fields[deployment_field::VERSION]
        .error
        .clone()
        .expect("an inline error");
    assert!(error.contains("HF27"), "{error}");
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("V5 CP6 HF27");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
}

#[test]
fn saas_needs_no_version_and_no_key_steps() {
    let mut d = Driver::setup_hopex(env());
    d.keys(&[Key::Right]);
    assert!(d.hopex().deployment.fields[deployment_field::VERSION].hidden);
    d.keys(&[Key::Enter]);
    past_connection_saas(&mut d);
    assert_eq!(
        d.hopex().step,
        HopexStep::ServiceNow,
        "SaaS skips the key steps"
    );
    d.keys(&[Key::PageUp]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
}

fn past_connection_saas(d: &mut Driver) {
    d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("alice");
    d.keys(&[Key::Enter]);
}

#[test]
fn a_plain_http_hopex_server_is_refused() {
    let mut no_sandbox = env();
    no_sandbox.sandbox_url = None;
    let mut d = Driver::setup_hopex(no_sandbox);
    past_deployment(&mut d);
    d.type_text("http://hopex.acme.com");
    d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("alice");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
    let error = d.hopex().connection.fields[connection_field::SERVER]
        .error
        .clone();
    assert!(
        error.as_deref().unwrap_or_default().contains("http://"),
        "{error:?}"
    );
}

#[test]
fn the_key_login_must_differ_from_the_operators_own_login() {
    let mut d = Driver::setup_hopex(env());
    past_deployment(&mut d);
    past_connection(&mut d);
    fill_key_fields(&mut d, "ALICE");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    assert!(d.hopex().key_fields.fields[key_field::LOGIN]
        .error
        .is_some());
    assert_eq!(d.hopex().key_fields.focus, key_field::LOGIN);
}

#[test]
fn read_only_is_refused_unless_data_flows_hopex_to_servicenow_only() {
    let mut d = Driver::setup_hopex(env());
    past_deployment(&mut d);
    // Data flow "Both ways" (the default), then Read only.
    past_connection(&mut d);
    fill_key_fields(&mut d, "svc.servicenow");
    d.keys(&[Key::Tab, Key::Tab, Key::Right]);
    assert!(d.hopex().key_fields.fields[key_field::CONNECTION]
        .error
        .is_some());
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    // Back to step 2 (focus is still on "Your login"): up to the data flow,
    // HOPEX → ServiceNow only; Read only is then fine.
    d.keys(&[Key::PageUp, Key::Up, Key::Right]);
    assert_eq!(d.hopex().connection.choice(connection_field::DATA_FLOW), 0);
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    assert!(d.hopex().key_fields.fields[key_field::CONNECTION]
        .error
        .is_none());
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checklist);
}

#[test]
fn single_session_and_a_second_key_for_a_repository_warn_without_blocking() {
    let mut env = env();
    env.sandbox_url = Some("http://127.0.0.1:8787".into());
    let mut d = Driver::open(env, nowkey::flows::app::StartAt::Home);
    let mut file = nowkey::domain::profile::ProfilesFile::default();
    file.profiles.insert(
        "old".into(),
        toml::from_str(
            r#"[hopex]
deployment = "on-prem"
version = "V6 SP1 CU4"
server_url = "https://hopex.acme.com"
schema = "ITPM"
data_flow = "both"
key_name = "ServiceNow"
hopex_login = "svc"
environment_id = "ENV-1"
repository_id = "REPO-1"
profile_id = "P"
session_mode = "multi"
connection_mode = "read-write"
key_created = "2026-01-01"
servicenow_url = "https://acme.service-now.com"
servicenow_user = "sn"
"#,
        )
        .expect("a HOPEX profile"),
    );
    d.profiles_loaded(Ok(file));
    d.keys(&[Key::Char('2')]);
    past_deployment(&mut d);
    past_connection(&mut d);
    fill_key_fields(&mut d, "svc.servicenow");
    let warning = d.hopex().key_fields.fields[key_field::REPOSITORY]
        .warning
        .clone();
    assert!(
        warning.as_deref().unwrap_or_default().contains("old"),
        "{warning:?}"
    );
    // From ProfileId: the next field is the session mode; → picks Single.
    d.keys(&[Key::Tab, Key::Right]);
    assert!(d.hopex().key_fields.fields[key_field::SESSION]
        .warning
        .is_some());
    d.keys(&[Key::Enter]);
    assert_eq!(
        d.hopex().step,
        HopexStep::Checklist,
        "warnings do not block"
    );
}

#[test]
fn the_key_is_trimmed_held_in_memory_and_wiped_from_the_field() {
    let mut d = Driver::setup_hopex(env());
    to_capture(&mut d);
    d.keys(&[Key::Enter]);
    assert!(
        d.hopex().key_form.fields[0].error.is_some(),
        "an empty key is refused"
    );
    d.paste(&format!("  {HOPEX_KEY}\r\n"));
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    assert_eq!(d.hopex().key_form.text(0), "");
    assert!(d.hopex().holds_unsaved_secret());
    assert!(!format!("{:?}", d.hopex()).contains(HOPEX_KEY));
}

#[test]
fn both_checks_start_together_and_next_waits_for_both() {
    let mut d = Driver::setup_hopex(env());
    to_checks(&mut d);
    let hopex = d.task_of(hopex_task);
    let servicenow = d.task_of(servicenow_task);
    match d.last.iter().find(|c| hopex_task(c).is_some()) {
        Some(Command::Start {
            job: Job::Hopex(HopexCall::CheckKey {
                api_key, schema, ..
            }),
            ..
        }) => {
            use secrecy::ExposeSecret;
            assert_eq!(api_key.expose_secret(), HOPEX_KEY);
            assert_eq!(schema, "ITPM");
        }
        other => panic!("{other:?}"),
    }
    d.advance(Duration::from_millis(500));
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter]);
    assert_eq!(
        d.hopex().step,
        HopexStep::Checks,
        "HOPEX has not answered yet"
    );
    d.complete(hopex, TaskOutcome::Hopex(Ok(context())));
    assert!(d.hopex().checks_passed());
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Summary);
}

#[test]
fn a_failed_check_is_explained_and_r_retries_only_what_failed() {
    let mut d = Driver::setup_hopex(env());
    to_checks(&mut d);
    let hopex = d.task_of(hopex_task);
    let servicenow = d.task_of(servicenow_task);
    d.complete(
        hopex,
        TaskOutcome::Hopex(Err(ClientError::Auth { status: 401 })),
    );
    d.complete(
        servicenow,
        TaskOutcome::ServiceNow(Err(ClientError::MfaRequired)),
    );
    match &d.hopex().shared.servicenow.activity {
        nowkey::flows::activity::Activity::Failed { message, .. } => {
            assert!(message.to_lowercase().contains("multi-factor"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    d.keys(&[Key::Char('r')]);
    assert!(d.last.iter().any(|c| hopex_task(c).is_some()));
    assert!(d.last.iter().any(|c| servicenow_task(c).is_some()));
    let hopex = d.task_of(hopex_task);
    d.complete(hopex, TaskOutcome::Hopex(Ok(context())));
    d.keys(&[Key::Char('r')]);
    assert!(
        d.last.iter().all(|c| hopex_task(c).is_none()),
        "a passed check is not rerun"
    );
}

/// A key that opens another repository authenticates, then would sync the
/// wrong data: the check fails, naming both values.
#[test]
fn a_key_for_another_repository_fails_the_check_naming_both() {
    let mut d = Driver::setup_hopex(env());
    to_checks(&mut d);
    let hopex = d.task_of(hopex_task);
    let other = HopexContext {
        repository_id: Some("REPO-2".into()),
        ..context()
    };
    d.complete(hopex, TaskOutcome::Hopex(Ok(other)));
    match &d.hopex().hopex_check {
        nowkey::flows::activity::Activity::Failed { message, .. } => assert!(
            message.contains("This key opens repository REPO-2; the profile says REPO-1."),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_summary_copies_each_setting_and_the_profile_holds_no_secret() {
    let mut d = Driver::setup_hopex(env());
    to_checks(&mut d);
    let hopex = d.task_of(hopex_task);
    let servicenow = d.task_of(servicenow_task);
    d.complete(hopex, TaskOutcome::Hopex(Ok(context())));
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter]);
    for (key, expected) in [
        ('p', SN_PASSWORD),
        ('k', HOPEX_KEY),
        ('n', "sn.integration"),
    ] {
        d.keys(&[Key::Char(key)]);
        match d.last.as_slice() {
            [Command::Start {
                job: Job::Copy { secret },
                ..
            }] => {
                use secrecy::ExposeSecret;
                assert_eq!(secret.expose_secret(), expected);
            }
            other => panic!("{key}: {other:?}"),
        }
        let task = d.task_of(copy_task);
        d.complete(task, TaskOutcome::Copy(Ok(CopyOutcome::System)));
    }
    d.keys(&[Key::Enter, Key::Enter]);
    let task = d.task_of(save_task);
    let profile = match d.last.as_slice() {
        [Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        }] => profile.clone(),
        other => panic!("{other:?}"),
    };
    let text = toml::to_string(&*profile).expect("toml");
    assert!(
        !text.contains(HOPEX_KEY) && !text.contains(SN_PASSWORD),
        "{text}"
    );
    let hopex = profile.hopex.expect("a HOPEX profile");
    assert_eq!(hopex.repository_id, "REPO-1");
    assert_eq!(hopex.version, "V6 SP1 CU4");
    assert_eq!(
        hopex.key_fingerprint.map(|f| f.to_string()),
        Some(nowkey::domain::token::Fingerprint::of_secret(HOPEX_KEY).to_string())
    );
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok("/tmp/p.toml".into()))),
    );
    assert_eq!(d.hopex().step, HopexStep::Done);
    assert!(!d.hopex().holds_unsaved_secret());
}

#[test]
fn esc_with_a_captured_key_asks_first() {
    let mut d = Driver::setup_hopex(env());
    to_capture(&mut d);
    d.msg(Msg::Paste(HOPEX_KEY.into()));
    d.keys(&[Key::Enter, Key::Esc]);
    assert!(d.hopex().shared.question.is_some());
    d.keys(&[Key::Char('y')]);
    assert!(matches!(d.app.screen, nowkey::flows::app::Screen::Home));
}

/// Walks the SaaS path to its save step: no key, and only the ServiceNow check.
fn saas_to_save(d: &mut Driver) {
    if d.hopex().with_key() {
        d.keys(&[Key::Right]);
    }
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Connection);
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    d.keys(&[Key::Tab])
        .type_text("sn.integration")
        .keys(&[Key::Tab]);
    d.paste(SN_PASSWORD).keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
    assert!(
        !d.last.iter().any(|c| matches!(
            c,
            Command::Start {
                job: Job::Hopex(_),
                ..
            }
        )),
        "SaaS has no key to check: {:?}",
        d.last
    );
    let servicenow = d.task_of(servicenow_task);
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Summary);
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Save);
}

/// SaaS has its own numbered steps and words: no key, no key check, nothing
/// about a fingerprint, no copy key for a key it does not have; and what it
/// saves is a profile nowkey can read back.
#[test]
fn the_saas_path_counts_its_own_steps_and_saves_a_readable_profile() {
    let mut d = Driver::setup_hopex(env());
    d.keys(&[Key::Right]);
    assert_eq!(d.app.step().position, Some((1, 6)));
    saas_to_save(&mut d);
    let mut screens = String::new();
    let mut positions = Vec::new();
    // Walk back through every step, collecting what each shows.
    loop {
        positions.push(d.app.step().position);
        screens.push_str(&d.render(80, 24, false));
        if d.hopex().step == HopexStep::Deployment {
            break;
        }
        d.keys(&[Key::PageUp]);
    }
    assert_eq!(
        positions,
        [6, 5, 4, 3, 2, 1].map(|n| Some((n, 6))),
        "{screens}"
    );
    for said in [
        "fingerprint",
        "Both checks",
        "HOPEX API key",
        "u n p k",
        "key check",
        "Your login",
        "GraphQL schema",
    ] {
        assert!(
            !screens.contains(said),
            "{said:?} shown on the SaaS path:\n{screens}"
        );
    }
    // Forward again (everything is kept; the check runs afresh), and save.
    d.keys(&[Key::Enter, Key::Enter, Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
    let servicenow = d.task_of(servicenow_task);
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Save);
    d.keys(&[Key::Enter]);
    let profile = match d.last.as_slice() {
        [Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        }] => profile.clone(),
        other => panic!("{other:?}"),
    };
    nowkey::domain::profile_rules::check_profile(&profile)
        .expect("the SaaS profile passes the rules it is read back with");
    let text = toml::to_string(&*profile).expect("toml");
    for absent in [
        "key_name",
        "hopex_login",
        "key_fingerprint",
        "session_mode",
        SN_PASSWORD,
    ] {
        assert!(
            !text.contains(absent),
            "{absent} in a SaaS profile:\n{text}"
        );
    }
}

/// Steps 1–3 for a V6.2 server (whose keys can expire), the key's fields
/// filled, focus on ProfileId.
fn v62_key_fields(d: &mut Driver) {
    d.keys(&[Key::Tab]);
    d.type_text("V6.2");
    d.keys(&[Key::Enter]);
    past_connection(d);
    fill_key_fields(d, "svc.servicenow");
}

fn expiry_error(d: &Driver) -> String {
    d.hopex().key_fields.fields[key_field::EXPIRES]
        .error
        .clone()
        .unwrap_or_default()
}

#[test]
fn only_versions_whose_keys_expire_ask_for_an_expiry() {
    let mut d = Driver::setup_hopex(env());
    past_deployment(&mut d);
    past_connection(&mut d);
    assert!(
        d.hopex().key_fields.fields[key_field::EXPIRES].hidden,
        "V6 SP1"
    );
    let mut d = Driver::setup_hopex(env());
    v62_key_fields(&mut d);
    assert!(
        !d.hopex().key_fields.fields[key_field::EXPIRES].hidden,
        "V6.2"
    );
    assert!(d.render(80, 24, false).contains("Expiration date"));
}

#[test]
fn a_malformed_or_past_expiry_is_refused_beside_its_field() {
    let mut d = Driver::setup_hopex(env());
    v62_key_fields(&mut d);
    // ProfileId → session → connection → expiration date.
    d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("30/06/2027");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    assert!(
        expiry_error(&d).contains("YYYY-MM-DD"),
        "{}",
        expiry_error(&d)
    );
    assert_eq!(d.hopex().key_fields.focus, key_field::EXPIRES);
    // The test clock's today is 2026-11-21.
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("2026-11-21");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::KeyFields);
    assert!(
        expiry_error(&d).contains("after today (2026-11-21)"),
        "{}",
        expiry_error(&d)
    );
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("2027-02-30");
    d.keys(&[Key::Enter]);
    assert!(
        expiry_error(&d).contains("not a day"),
        "{}",
        expiry_error(&d)
    );
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("2027-06-30");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checklist);
    let screen = d.render(100, 30, false);
    for said in ["Users → API Keys → Generate", "2027-06-30", "Person"] {
        assert!(screen.contains(said), "{said:?} missing:\n{screen}");
    }
    d.keys(&[Key::Enter]);
    let screen = d.render(100, 30, false);
    assert!(screen.contains("viewed there again"), "{screen}");
    assert!(!screen.contains("shown once"), "{screen}");
}

/// From the capture step with OAuth2 chosen on the ServiceNow step; the client
/// id as typed.
fn oauth_servicenow_step(d: &mut Driver, client_id: &str) {
    to_capture(d);
    d.paste(HOPEX_KEY).keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    let form = &d.hopex().shared.servicenow.form;
    assert!(
        form.fields[4].hidden && form.fields[5].hidden,
        "Basic first"
    );
    d.keys(&[Key::Tab])
        .type_text("sn.integration")
        .keys(&[Key::Tab]);
    d.paste(SN_PASSWORD);
    d.keys(&[Key::Tab, Key::Right, Key::Tab]);
    d.type_text(client_id).keys(&[Key::Tab]);
    d.paste(OAUTH_SECRET).keys(&[Key::Enter]);
}

const OAUTH_SECRET: &str = "oauthCanarySecret-987";

#[test]
fn oauth2_asks_for_the_client_checks_with_it_and_saves_only_its_id() {
    let mut d = Driver::setup_hopex(env());
    oauth_servicenow_step(&mut d, "not an id!");
    assert_eq!(d.hopex().step, HopexStep::ServiceNow);
    let error = d.hopex().shared.servicenow.form.fields[4].error.clone();
    assert!(
        error.as_deref().unwrap_or_default().contains("client ID"),
        "{error:?}"
    );
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("0123abcd0123abcd0123abcd0123abcd");
    d.keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
    let credentials = d
        .last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                job: Job::ServiceNow(ServiceNowCall::CheckCredentials { credentials, .. }),
                ..
            } => Some(credentials.clone()),
            _ => None,
        })
        .expect("the ServiceNow check");
    let client = credentials.oauth.expect("the OAuth2 client");
    assert_eq!(client.client_id, "0123abcd0123abcd0123abcd0123abcd");
    {
        use secrecy::ExposeSecret;
        assert_eq!(client.client_secret.expose_secret(), OAUTH_SECRET);
    }
    assert!(!format!("{:?}", d.hopex()).contains(OAUTH_SECRET));
    let hopex = d.task_of(hopex_task);
    let servicenow = d.task_of(servicenow_task);
    d.complete(hopex, TaskOutcome::Hopex(Ok(context())));
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter]);
    let screen = d.render(100, 30, false);
    assert!(
        screen.contains("OAuth2") && screen.contains("Client secret"),
        "{screen}"
    );
    assert!(!screen.contains(OAUTH_SECRET), "{screen}");
    d.keys(&[Key::Char('s')]);
    match d.last.as_slice() {
        [Command::Start {
            job: Job::Copy { secret },
            ..
        }] => {
            use secrecy::ExposeSecret;
            assert_eq!(secret.expose_secret(), OAUTH_SECRET);
        }
        other => panic!("{other:?}"),
    }
    let task = d.task_of(copy_task);
    d.complete(task, TaskOutcome::Copy(Ok(CopyOutcome::System)));
    d.keys(&[Key::Enter, Key::Enter]);
    let profile = match d.last.as_slice() {
        [Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        }] => profile.clone(),
        other => panic!("{other:?}"),
    };
    nowkey::domain::profile_rules::check_profile(&profile).expect("a readable profile");
    let text = toml::to_string(&*profile).expect("toml");
    assert!(!text.contains(OAUTH_SECRET), "{text}");
    assert!(text.contains("servicenow_auth = \"oauth2\""), "{text}");
    assert!(
        text.contains("servicenow_oauth_client_id = \"0123abcd0123abcd0123abcd0123abcd\""),
        "{text}"
    );
}

#[test]
fn the_expiry_and_basic_sign_in_are_saved() {
    let mut d = Driver::setup_hopex(env());
    v62_key_fields(&mut d);
    d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
    d.type_text("2027-06-30");
    d.keys(&[Key::Enter, Key::Enter]);
    d.paste(HOPEX_KEY).keys(&[Key::Enter, Key::Tab]);
    d.type_text("sn.integration").keys(&[Key::Tab]);
    d.paste(SN_PASSWORD).keys(&[Key::Enter]);
    assert_eq!(d.hopex().step, HopexStep::Checks);
    let hopex = d.task_of(hopex_task);
    let servicenow = d.task_of(servicenow_task);
    d.complete(hopex, TaskOutcome::Hopex(Ok(context())));
    d.complete(servicenow, TaskOutcome::ServiceNow(Ok(sn_user())));
    d.keys(&[Key::Enter]);
    assert!(d.render(100, 30, false).contains("non-production"));
    d.keys(&[Key::Enter, Key::Enter]);
    let profile = match d.last.as_slice() {
        [Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        }] => profile.clone(),
        other => panic!("{other:?}"),
    };
    let hopex = profile.hopex.clone().expect("HOPEX");
    assert_eq!(
        hopex.key_expires.map(|d| d.to_string()).as_deref(),
        Some("2027-06-30")
    );
    assert!(hopex.servicenow_auth.is_basic());
    assert_eq!(hopex.servicenow_oauth_client_id, None);
    nowkey::domain::profile_rules::check_profile(&profile).expect("a readable profile");
}
