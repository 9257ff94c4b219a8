//! Every screen state of Home, Profiles and the SMS setup worth seeing, shared by the
//! snapshot tests (tests/it/screens.rs) and the drawing bench (benches/screens).

use std::time::Duration;

use super::{check_task, copy_task, env, poll_task, send_task, Driver, SECRET};
use nowkey::clipboard::{ClipboardError, CopyOutcome};
use nowkey::domain::hub::SentMessage;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::remote_error::ClientError;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, SandboxOutcome, StoreOutcome, TaskOutcome};

/// A profiles file with empty profiles of these names.
pub fn profiles_file(names: &[&str]) -> nowkey::domain::profile::ProfilesFile {
    let mut file = nowkey::domain::profile::ProfilesFile::default();
    for name in names {
        file.profiles.insert((*name).to_owned(), Default::default());
    }
    file
}

/// Every screen state worth seeing, as (name, driver).
pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = Vec::new();
    let mut home = Driver::home();
    home.profiles_loaded(Ok(profiles_file(&["prod", "test"])));
    all.push(("home", home));

    let mut profiles = Driver::home();
    profiles.keys(&[Key::Char('5')]);
    profiles.profiles_loaded(Ok(profiles_file(&["prod"])));
    all.push(("profiles", profiles));

    all.push(("sms_1_vendor", Driver::setup_sms(env())));

    let mut real = env();
    real.sandbox_url = None;
    let mut vendor_unconfirmed = Driver::setup_sms(real.clone());
    vendor_unconfirmed.keys(&[Key::Down, Key::Down]);
    all.push(("sms_1_vendor_unconfirmed_host", vendor_unconfirmed));

    let mut url_error = Driver::setup_sms(real.clone());
    url_error.keys(&[Key::Tab, Key::Ctrl('u')]);
    url_error.type_text("http://hub.example.com");
    url_error.keys(&[Key::Enter]);
    all.push(("sms_1_vendor_url_error", url_error));

    let mut create = Driver::setup_sms(env());
    create.keys(&[Key::Enter]);
    all.push(("sms_2_create_key", create));

    let mut created = Driver::setup_sms(env());
    created.keys(&[Key::Enter, Key::Char('k')]);
    let task = created.task_of(super::sandbox_key_task);
    created.complete(
        task,
        TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(Ok((
            "SANDBOXKEY0000000001".into(),
            "sandboxSecretShownOnce000000001".to_owned().into(),
        )))),
    );
    all.push(("sms_2_create_key_sandbox_key", created));

    let mut ssh_env = real.clone();
    ssh_env.over_ssh = true;
    let mut ssh = Driver::setup_sms(ssh_env);
    ssh.keys(&[Key::Enter, Key::Char('o')]);
    all.push(("sms_2_create_key_over_ssh", ssh));

    let mut capture_errors = Driver::setup_sms(env());
    capture_errors.keys(&[Key::Enter, Key::Enter]);
    capture_errors.msg(Msg::Paste("KEY WITH SPACE".into()));
    capture_errors.keys(&[Key::Tab]);
    capture_errors.msg(Msg::Paste("abc\u{1b}def".into()));
    capture_errors.keys(&[Key::Enter]);
    all.push(("sms_3_capture_errors", capture_errors));

    let mut colon = Driver::setup_sms(env());
    colon.keys(&[Key::Enter, Key::Enter]);
    colon.paste(&format!("{}:{SECRET}", super::KEY));
    all.push(("sms_3_capture_colon_refused", colon));

    let mut url = Driver::setup_sms(env());
    url.keys(&[Key::Enter, Key::Enter]);
    url.paste("https://acme.service-now.com/now/nav/ui\n");
    all.push(("sms_3_capture_url_refused", url));

    let mut capture = Driver::setup_sms(env());
    capture.keys(&[Key::Enter, Key::Enter]);
    capture.type_text(super::KEY);
    capture.keys(&[Key::Tab]);
    capture.msg(Msg::Paste(SECRET.into()));
    all.push(("sms_3_capture_masked", capture));

    let mut token = Driver::setup_sms(env());
    token.walk_to_token_step();
    all.push(("sms_4_token", token));

    let mut revealed = Driver::setup_sms(env());
    revealed.walk_to_token_step();
    revealed.keys(&[Key::Char('r')]);
    all.push(("sms_4_token_revealed", revealed));

    let mut copied = Driver::setup_sms(env());
    copied.walk_to_token_step();
    copied.keys(&[Key::Enter, Key::Char('c')]);
    let task = copied.task_of(copy_task);
    copied.complete(task, TaskOutcome::Copy(Ok(CopyOutcome::System)));
    copied.advance(Duration::from_secs(12));
    all.push(("sms_5_clipboard_copied", copied));

    let mut no_clipboard = Driver::setup_sms(env());
    no_clipboard.walk_to_token_step();
    no_clipboard.keys(&[Key::Enter, Key::Char('c')]);
    let task = no_clipboard.task_of(copy_task);
    no_clipboard.complete(
        task,
        TaskOutcome::Copy(Err(ClipboardError::Unavailable {
            reason: "no display, stdout is not a terminal".into(),
        })),
    );
    all.push(("sms_5_clipboard_unavailable", no_clipboard));

    let mut checking = Driver::setup_sms(env());
    checking.walk_to_token_step();
    checking.keys(&[Key::Enter, Key::Enter]);
    checking.advance(Duration::from_millis(1300));
    all.push(("sms_6_verify_running", checking));

    let mut passed = Driver::setup_sms(env());
    passed.walk_to_token_step();
    passed.keys(&[Key::Enter, Key::Enter]);
    let task = passed.task_of(check_task);
    passed.advance(Duration::from_millis(240));
    passed.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    all.push(("sms_6_verify_passed", passed));

    let mut failed = Driver::setup_sms(env());
    failed.walk_to_token_step();
    failed.keys(&[Key::Enter, Key::Enter]);
    let task = failed.task_of(check_task);
    failed.advance(Duration::from_secs(15));
    failed.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Timeout {
            after: Duration::from_secs(15),
        }))),
    );
    all.push(("sms_6_verify_timeout", failed));

    let mut inbound = Driver::setup_sms(env());
    inbound.walk_to_inbound_step();
    all.push(("sms_7_inbound", inbound));

    let mut live_error = Driver::setup_sms(env());
    live_error.walk_to_inbound_step();
    live_error.keys(&[Key::Enter]);
    live_error.type_text("0412 345 678");
    live_error.keys(&[Key::Enter]);
    all.push(("sms_8_live_local_number", live_error));

    let mut following = live_started("+61491570156");
    let poll = following.task_of(poll_task);
    following.advance(Duration::from_millis(1100));
    following.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Enroute))),
    );
    following.advance(Duration::from_millis(400));
    all.push(("sms_8_live_following", following));

    let mut delivered = live_started("+61491570156");
    let poll = delivered.task_of(poll_task);
    delivered.advance(Duration::from_secs(2));
    delivered.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Delivered))),
    );
    delivered.advance(Duration::from_secs(3));
    all.push(("sms_8_live_delivered_waiting_reply", delivered));

    let mut rejected = live_started("+61400000002");
    let poll = rejected.task_of(poll_task);
    rejected.advance(Duration::from_secs(1));
    rejected.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Rejected))),
    );
    all.push(("sms_8_live_rejected", rejected));

    let mut save = Driver::setup_sms(env());
    save.walk_to_inbound_step();
    save.keys(&[Key::Enter, Key::Ctrl('x'), Key::Enter]);
    all.push(("sms_9_save", save));

    let mut saved = Driver::setup_sms(env());
    saved.walk_to_inbound_step();
    saved.keys(&[Key::Enter, Key::Ctrl('x'), Key::Enter, Key::Enter]);
    let task = saved.task_of(super::save_task);
    saved.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok(
            "/home/admin/.config/nowkey/profiles.toml".into(),
        ))),
    );
    all.push(("sms_done", saved));

    let mut discard = Driver::setup_sms(env());
    discard.walk_to_token_step();
    discard.keys(&[Key::Esc]);
    all.push(("dialog_cancel_setup", discard));

    let mut quit = Driver::setup_sms(env());
    quit.walk_to_token_step();
    quit.keys(&[Key::Ctrl('c')]);
    all.push(("dialog_quit", quit));
    all
}

pub fn live_started(number: &str) -> Driver {
    let mut d = Driver::setup_sms(env());
    d.walk_to_inbound_step();
    d.keys(&[Key::Enter]);
    d.type_text(number);
    d.keys(&[Key::Enter]);
    let send = d.task_of(send_task);
    d.advance(Duration::from_millis(150));
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Ok(SentMessage {
            message_id: "0b7f3c1e-0000-4000-8000-000000000001".into(),
            status: MessageStatus::Queued,
        }))),
    );
    d
}
