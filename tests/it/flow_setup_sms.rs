//! The SMS connector setup driven through `update`, without a terminal or
//! network: every rule, every transition, every refusal.

use crate::flow_support;

use std::time::Duration;

use flow_support::{
    check_task, copy_task, env, poll_task, replies_task, sandbox_key_task, send_task,
    servicenow_task, Driver, KEY, SECRET,
};
use nowkey::clipboard::{ClipboardError, CopyOutcome};
use nowkey::domain::hub::{Reply, SentMessage};
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::remote_error::ClientError;
use nowkey::flows::activity::Activity;
use nowkey::flows::app::Screen;
use nowkey::flows::clipboard_tracker::ClipboardNote;
use nowkey::flows::command::Command;
use nowkey::flows::flow::Flow;
use nowkey::flows::job::{Job, ServiceNowCall, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::live_sms::{LivePhase, ReplyWait};
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::{HubOutcome, SandboxOutcome, StoreOutcome, TaskOutcome};
use nowkey::flows::setup_sms::{capture_field, Step};

fn sent(id: &str) -> SentMessage {
    SentMessage {
        message_id: id.to_owned(),
        status: MessageStatus::Queued,
    }
}

#[test]
fn the_brand_sets_the_api_url_unless_overridden() {
    let mut no_sandbox = env();
    no_sandbox.sandbox_url = None;
    let mut d = Driver::setup_sms(no_sandbox.clone());
    assert_eq!(d.flow().hub_url(), "https://api.messagemedia.com");
    d.keys(&[Key::Down, Key::Down, Key::Down]);
    assert_eq!(d.flow().vendor().name, "Spark eTXT");
    assert_eq!(d.flow().hub_url(), "https://api.etxtservice.co.nz");
    assert_eq!(d.flow().country_code(), "64");

    no_sandbox.hub_url_override = Some("https://eu.app.api.sinch.com".to_owned());
    let mut d = Driver::setup_sms(no_sandbox);
    d.keys(&[Key::Down, Key::Down, Key::Down]);
    assert_eq!(d.flow().hub_url(), "https://eu.app.api.sinch.com");
}

#[test]
fn a_plain_http_url_to_a_remote_host_is_refused_beside_the_field() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Tab, Key::Ctrl('u')]);
    d.type_text("http://api.example.com");
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Vendor);
    let error = d.flow().api_url.fields[0]
        .error
        .clone()
        .expect("an inline error");
    assert!(error.contains("http://"), "{error}");
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("https://api.example.com/");
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::CreateKey);
    assert_eq!(d.flow().hub_url(), "https://api.example.com");
}

#[test]
fn sandbox_key_creation_shows_the_pair_and_f2_pastes_it() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Char('k')]);
    let task = d.task_of(sandbox_key_task);
    d.complete(
        task,
        TaskOutcome::Sandbox(SandboxOutcome::HubKeyCreated(Ok((
            KEY.to_owned(),
            SECRET.to_owned().into(),
        )))),
    );
    assert!(d.flow().sandbox_key.is_some());
    // One F2 fills both fields, as it does in rotation, whichever is focused.
    d.keys(&[Key::Enter, Key::Tab, Key::F(2)]);
    assert_eq!(d.flow().key_field().value(), KEY);
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::ServiceNow);
    assert_eq!(
        d.flow().credentials.as_ref().map(|c| c.secret.expose()),
        Some(SECRET)
    );
}

#[test]
fn capture_refuses_empty_values_beside_each_field() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter, Key::Tab, Key::Enter]);
    assert_eq!(d.flow().step, Step::Capture);
    assert!(d
        .flow()
        .key_field()
        .error
        .as_deref()
        .unwrap()
        .contains("API key is empty"));
    assert!(d
        .flow()
        .secret_field()
        .error
        .as_deref()
        .unwrap()
        .contains("API secret is empty"));
    assert_eq!(d.flow().capture.focus, capture_field::KEY);
}

#[test]
fn capture_refuses_a_colon_in_the_key_and_focuses_it() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.msg(Msg::Paste(format!("{KEY}:{SECRET}").into()));
    assert!(d
        .flow()
        .key_field()
        .error
        .as_deref()
        .unwrap()
        .contains("the key and secret together"));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(SECRET.to_owned().into()));
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Capture);
    assert!(d
        .flow()
        .key_field()
        .error
        .as_deref()
        .unwrap()
        .contains("API key is empty"));
    assert!(d.flow().secret_field().error.is_none());
    assert_eq!(d.flow().capture.focus, capture_field::KEY);
}

#[test]
fn enter_on_the_key_moves_to_the_secret_field() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.type_text(KEY);
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Capture);
    assert_eq!(d.flow().capture.focus, capture_field::SECRET);
}

#[test]
fn a_huge_paste_is_cut_and_reported_as_far_too_long() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.type_text(KEY);
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste("x".repeat(1024 * 1024).into()));
    assert_eq!(d.flow().secret_field().value().chars().count(), 4096);
    d.keys(&[Key::Enter]);
    let error = d.flow().secret_field().error.clone().unwrap();
    assert!(error.contains("far too long"), "{error}");
}

#[test]
fn pasted_whitespace_is_trimmed_and_the_secret_field_is_wiped_after_capture() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    let flow = d.flow();
    assert_eq!(flow.step, Step::Token);
    assert_eq!(flow.key_field().value(), KEY);
    assert_eq!(
        flow.secret_field().value(),
        "",
        "the field must not keep the secret"
    );
    assert!(flow.holds_unsaved_secret());
    assert!(
        !format!("{flow:?}").contains(SECRET),
        "Debug leaks the secret"
    );
}

#[test]
fn going_back_to_capture_keeps_the_captured_secret() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::PageUp, Key::PageUp]);
    assert_eq!(d.flow().step, Step::Capture);
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::ServiceNow);
    assert!(d.flow().credentials.is_some());
}

#[test]
fn entering_the_check_step_starts_the_check_and_a_pass_unlocks_next() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.flow().step, Step::Verify);
    let task = d.task_of(check_task);
    d.keys(&[Key::Enter]);
    assert_eq!(
        d.flow().step,
        Step::Verify,
        "no Next before the check passes"
    );
    d.advance(Duration::from_millis(300));
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    assert!(
        matches!(d.flow().verify, Activity::Passed { elapsed, .. } if elapsed == Duration::from_millis(300))
    );
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Inbound);
}

#[test]
fn a_failed_check_says_what_to_do_and_r_retries() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Enter, Key::Enter]);
    let task = d.task_of(check_task);
    d.complete(
        task,
        TaskOutcome::Hub(HubOutcome::Credentials(Err(ClientError::Auth {
            status: 401,
        }))),
    );
    match &d.flow().verify {
        Activity::Failed { message, .. } => assert!(message.contains("rejected"), "{message}"),
        other => panic!("{other:?}"),
    }
    d.keys(&[Key::Char('r')]);
    assert!(d.flow().verify.running_task().is_some());
    assert_ne!(d.task_of(check_task), task);
}

#[test]
fn esc_cancels_a_running_check_and_its_late_result_is_ignored() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Enter, Key::Enter]);
    let task = d.task_of(check_task);
    d.advance(Duration::from_secs(2));
    d.keys(&[Key::Esc]);
    assert!(matches!(d.last.as_slice(), [Command::Cancel(t)] if *t == task));
    match &d.flow().verify {
        Activity::Failed { message, elapsed } => {
            assert!(message.contains("stopped the check"), "{message}");
            assert_eq!(*elapsed, Duration::from_secs(2));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        d.flow().step,
        Step::Verify,
        "Esc cancels the request, not the flow"
    );
    d.complete(task, TaskOutcome::Hub(HubOutcome::Credentials(Ok(()))));
    assert!(
        !d.flow().verify.passed(),
        "a cancelled task's result must not count"
    );
}

#[test]
fn copying_arms_a_thirty_second_clear_that_a_newer_copy_supersedes() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Enter, Key::Char('c')]);
    match d.last.as_slice() {
        [Command::Start {
            job: Job::Copy { secret },
            ..
        }] => {
            use secrecy::ExposeSecret;
            let token = d.flow().token().unwrap();
            assert_eq!(secret.expose_secret(), token.expose());
        }
        other => panic!("{other:?}"),
    }
    let first = d.task_of(copy_task);
    d.complete(first, TaskOutcome::Copy(Ok(CopyOutcome::System)));
    assert_eq!(
        d.flow().shared.clipboard.last,
        Some(ClipboardNote::Copied {
            via: CopyOutcome::System,
            label: "token"
        })
    );
    assert!(matches!(
        d.last.as_slice(),
        [Command::ScheduleClipboardClear { generation: 1, after }] if *after == Duration::from_secs(30)
    ));
    d.keys(&[Key::Char('c')]);
    let second = d.task_of(copy_task);
    d.complete(second, TaskOutcome::Copy(Ok(CopyOutcome::System)));
    d.msg(Msg::ClipboardClearDue(1));
    assert!(
        d.last.is_empty(),
        "the older timer must not clear the newer copy"
    );
    d.msg(Msg::ClipboardClearDue(2));
    assert!(matches!(d.last.as_slice(), [Command::ClearClipboard]));
}

#[test]
fn a_missing_clipboard_is_reported_and_the_token_can_be_revealed() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Enter, Key::Char('c')]);
    let task = d.task_of(copy_task);
    d.complete(
        task,
        TaskOutcome::Copy(Err(ClipboardError::Unavailable {
            reason: "no display".to_owned(),
        })),
    );
    assert!(
        d.last.is_empty(),
        "nothing to clear when nothing was copied"
    );
    assert!(matches!(
        &d.flow().shared.clipboard.last,
        Some(ClipboardNote::Failed(_))
    ));
    d.keys(&[Key::Char('r')]);
    assert!(d.flow().token_revealed);
}

#[test]
fn inbound_copies_the_key_and_the_secret_on_request() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_inbound_step();
    assert_eq!(d.flow().step, Step::Inbound);
    d.keys(&[Key::Char('s')]);
    match d.last.as_slice() {
        [Command::Start {
            job: Job::Copy { secret },
            ..
        }] => {
            use secrecy::ExposeSecret;
            assert_eq!(secret.expose_secret(), SECRET);
        }
        other => panic!("{other:?}"),
    }
    let task = d.task_of(copy_task);
    d.complete(task, TaskOutcome::Copy(Ok(CopyOutcome::Osc52)));
    assert_eq!(
        d.flow().shared.clipboard.last,
        Some(ClipboardNote::Copied {
            via: CopyOutcome::Osc52,
            label: "API secret"
        })
    );
}

fn to_live_test(d: &mut Driver) {
    d.walk_to_inbound_step();
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::LiveTest);
}

#[test]
fn a_local_number_is_refused_until_converted_visibly() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.type_text("0412 345 678");
    d.keys(&[Key::Enter]);
    assert!(d.last.is_empty());
    assert!(d.flow().live.number.fields[0]
        .error
        .as_deref()
        .unwrap()
        .contains("leading +"));
    d.keys(&[Key::Ctrl('l')]);
    assert_eq!(d.flow().live.number_text(), "+61412345678");
    d.keys(&[Key::Enter]);
    d.task_of(send_task);
}

#[test]
fn the_live_test_follows_the_message_to_delivery_and_waits_for_the_reply() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.type_text("+61491570156");
    d.keys(&[Key::Enter]);
    let send = d.task_of(send_task);
    d.complete(send, TaskOutcome::Hub(HubOutcome::Sent(Ok(sent("m-1")))));
    let poll = d.task_of(poll_task);
    d.advance(Duration::from_secs(1));
    d.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Enroute))),
    );
    let poll = d.task_of(poll_task);
    d.advance(Duration::from_secs(1));
    d.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Delivered))),
    );
    assert!(d.flow().live.passed());
    let statuses: Vec<_> = d
        .flow()
        .live
        .history
        .iter()
        .map(|(s, _)| s.as_str().to_owned())
        .collect();
    assert_eq!(statuses, ["queued", "enroute", "delivered"]);
    let replies = d.task_of(replies_task);
    let other = Reply {
        reply_id: "r-0".into(),
        message_id: Some("someone-else".into()),
        content: "not ours".into(),
        source_number: None,
        date_received: None,
    };
    d.complete(
        replies,
        TaskOutcome::Hub(HubOutcome::Replies(Ok(vec![other.clone()]))),
    );
    let replies = d.task_of(replies_task);
    let ours = Reply {
        message_id: Some("m-1".into()),
        content: "YES".into(),
        ..other
    };
    d.complete(
        replies,
        TaskOutcome::Hub(HubOutcome::Replies(Ok(vec![ours]))),
    );
    match &d.flow().live.phase {
        LivePhase::Delivered {
            reply: ReplyWait::Received(text),
            ..
        } => assert_eq!(text, "YES"),
        other => panic!("{other:?}"),
    }
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Save);
}

#[test]
fn a_failed_delivery_is_a_failed_test_and_enter_sends_again_to_the_number_shown() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.type_text("+61400000001");
    d.keys(&[Key::Enter]);
    let send = d.task_of(send_task);
    d.complete(send, TaskOutcome::Hub(HubOutcome::Sent(Ok(sent("m-2")))));
    let poll = d.task_of(poll_task);
    d.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Failed))),
    );
    match &d.flow().live.phase {
        LivePhase::Failed { message, .. } => assert!(message.contains("ended failed"), "{message}"),
        other => panic!("{other:?}"),
    }
    // The number stays editable: the operator corrects it, and Enter sends to
    // the corrected number, not the one that failed.
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("+61491570156");
    assert!(d
        .render(80, 24, false)
        .contains("Mobile number: +61491570156"));
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::LiveTest, "no Next after a failed test");
    let sent_to: Vec<String> = d
        .last
        .iter()
        .filter_map(|c| match c {
            nowkey::flows::command::Command::Start {
                job:
                    nowkey::flows::job::Job::Hub(nowkey::flows::job::HubCall {
                        request: nowkey::flows::job::HubRequest::SendMessage { to, .. },
                        ..
                    }),
                ..
            } => Some(to.as_str().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(sent_to, ["+61491570156"]);
    assert!(matches!(d.flow().live.phase, LivePhase::Sending { .. }));
}

#[test]
fn a_message_that_never_ends_times_out_with_a_clear_sentence() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.type_text("+61400000003");
    d.keys(&[Key::Enter]);
    let send = d.task_of(send_task);
    d.complete(send, TaskOutcome::Hub(HubOutcome::Sent(Ok(sent("m-3")))));
    let poll = d.task_of(poll_task);
    d.advance(Duration::from_secs(121));
    d.complete(
        poll,
        TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Enroute))),
    );
    match &d.flow().live.phase {
        LivePhase::Failed { message, .. } => {
            assert!(message.contains("still enroute"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_send_error_is_shown_as_the_clients_sentence() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.type_text("+61491570156");
    d.keys(&[Key::Enter]);
    let send = d.task_of(send_task);
    d.complete(
        send,
        TaskOutcome::Hub(HubOutcome::Sent(Err(ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        }))),
    );
    match &d.flow().live.phase {
        LivePhase::Failed { message, .. } => assert!(message.contains("wait 7s"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn saving_refuses_a_bad_name_and_writes_no_secret() {
    let mut d = Driver::setup_sms(env());
    to_live_test(&mut d);
    d.keys(&[Key::Ctrl('x'), Key::Enter]);
    assert_eq!(d.flow().step, Step::Save);
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("prod 1");
    d.keys(&[Key::Enter]);
    assert!(d.flow().shared.save.name.fields[0]
        .error
        .as_deref()
        .unwrap()
        .contains("' ' is not allowed"));
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("prod");
    d.keys(&[Key::Enter]);
    let (task, profile) = match d.last.as_slice() {
        [Command::Start {
            task,
            job: Job::Store(StoreJob::SaveProfile { name, profile }),
        }] => {
            assert_eq!(name, "prod");
            (*task, profile.clone())
        }
        other => panic!("{other:?}"),
    };
    let text = toml::to_string(&profile).unwrap();
    assert!(!text.contains(SECRET));
    let token = d.flow().token().unwrap();
    assert!(!text.contains(token.expose()));
    let sms = profile.sms.unwrap();
    assert_eq!(sms.api_key, KEY);
    assert_eq!(sms.token_fingerprint, token.fingerprint());
    assert_eq!(sms.next_rotation_due.to_string(), "2027-02-19");
    assert_eq!(
        sms.test_number, None,
        "a skipped test records no test number"
    );
    d.complete(
        task,
        TaskOutcome::Store(StoreOutcome::ProfileSaved(
            Ok("/tmp/x/profiles.toml".into()),
        )),
    );
    assert_eq!(d.flow().step, Step::Done);
    assert!(!d.flow().holds_unsaved_secret());
    d.keys(&[Key::Enter]);
    assert!(matches!(d.app.screen, Screen::Home));
    assert!(
        d.last
            .iter()
            .any(|c| matches!(c.job(), Some(Job::Store(StoreJob::LoadProfiles)))),
        "the home screen reads the saved profiles again: {:?}",
        d.last
    );
}

#[test]
fn esc_with_a_captured_secret_asks_first() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Esc]);
    assert!(d.flow().shared.question.is_some());
    d.keys(&[Key::Char('n')]);
    assert!(d.flow().shared.question.is_none());
    assert_eq!(d.flow().step, Step::Token);
    d.keys(&[Key::Esc, Key::Char('y')]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn esc_without_a_secret_leaves_at_once() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
}

#[test]
fn ctrl_c_asks_before_losing_a_secret_then_quits_and_clears_the_clipboard() {
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    d.keys(&[Key::Ctrl('c')]);
    assert!(d.app.quit_question.is_some());
    assert!(!d.app.should_quit);
    d.keys(&[Key::Char('y')]);
    assert!(d.app.should_quit);
    assert!(matches!(
        d.last.as_slice(),
        [Command::ClearClipboard, Command::Quit]
    ));
}

#[test]
fn home_opens_every_flow() {
    let mut d = Driver::home();
    d.profiles_loaded(Ok(nowkey::domain::profile::ProfilesFile::default()));
    d.keys(&[Key::Char('4')]);
    assert!(matches!(d.app.screen, Screen::Validate(_)));
    d.keys(&[Key::Esc]);
    assert!(matches!(d.app.screen, Screen::Home));
    d.keys(&[Key::Char('5')]);
    assert!(matches!(d.app.screen, Screen::Profiles));
    d.keys(&[Key::Esc, Key::Up, Key::Up, Key::Up, Key::Up, Key::Enter]);
    assert!(matches!(d.app.screen, Screen::SetupSms(_)));
    d.keys(&[Key::Esc, Key::Char('q')]);
    assert!(d.app.should_quit);
}

#[test]
fn a_key_colon_secret_paste_into_the_key_field_never_shows_the_secret() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.msg(Msg::Paste(format!("{KEY}:{SECRET}").into()));
    assert!(
        !d.flow().key_field().value().contains(SECRET),
        "the unmasked key field shows the secret"
    );
    assert!(d
        .flow()
        .key_field()
        .error
        .as_deref()
        .unwrap()
        .contains("the key and secret together"));
    d.type_text("AB:");
    assert_eq!(
        d.flow().key_field().value(),
        "AB",
        "a typed ':' is refused at once"
    );
    assert!(d.flow().key_field().error.is_some());
}

#[test]
fn enter_on_an_invalid_key_shows_the_error_instead_of_moving_on() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.type_text("AB CD");
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().capture.focus, capture_field::KEY);
    assert!(d
        .flow()
        .key_field()
        .error
        .as_deref()
        .unwrap()
        .contains("space at position 3"));
}

#[test]
fn the_optional_servicenow_check_runs_and_its_result_is_saved_without_the_password() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.msg(Msg::Paste(KEY.into()));
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste(SECRET.into()));
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::ServiceNow);
    // A bare instance name; an empty user and password are refused inline, and
    // the focus moves to the first refused field.
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("acme");
    d.keys(&[Key::Enter]);
    assert!(d.last.is_empty());
    assert!(d.flow().shared.servicenow.form.fields[0].error.is_none());
    assert!(d.flow().shared.servicenow.form.fields[1].error.is_some());
    assert!(d.flow().shared.servicenow.form.fields[2].error.is_some());
    assert_eq!(d.flow().shared.servicenow.form.focus, 1);
    d.type_text("sn.integration");
    d.keys(&[Key::Tab]);
    d.msg(Msg::Paste("pw canary 42\n".into()));
    d.keys(&[Key::Enter]);
    let task = match d.last.as_slice() {
        [Command::Start {
            task,
            job:
                Job::ServiceNow(ServiceNowCall::CheckCredentials {
                    instance_url,
                    credentials,
                }),
        }] => {
            use secrecy::ExposeSecret;
            assert_eq!(instance_url, "https://acme.service-now.com");
            assert_eq!(credentials.password.expose_secret(), "pw canary 42");
            *task
        }
        other => panic!("{other:?}"),
    };
    d.complete(task, TaskOutcome::ServiceNow(Ok(sn_integration())));
    assert!(d.flow().shared.servicenow.activity.passed());
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Token);
    let profile = d.flow().profile_to_save(d.now.today()).unwrap();
    let sms = profile.sms.clone().unwrap();
    assert_eq!(
        sms.servicenow_url.as_deref(),
        Some("https://acme.service-now.com")
    );
    assert_eq!(sms.servicenow_user.as_deref(), Some("sn.integration"));
    assert!(!toml::to_string(&profile).unwrap().contains("pw canary"));
}

#[test]
fn a_reply_that_never_comes_is_said_after_the_wait_and_a_stopped_wait_is_said_as_such() {
    let flat = |d: &Driver| {
        d.render(80, 30, false)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for stop in [false, true] {
        let mut d = Driver::setup_sms(env());
        to_live_test(&mut d);
        assert!(
            flat(&d)
                .contains("Wait for a reply (inbound test): on, up to 3:00 (Ctrl-R turns it off)."),
            "{}",
            flat(&d)
        );
        d.type_text("+61491570156");
        d.keys(&[Key::Enter]);
        let send = d.task_of(send_task);
        d.complete(send, TaskOutcome::Hub(HubOutcome::Sent(Ok(sent("m-1")))));
        let poll = d.task_of(poll_task);
        d.complete(
            poll,
            TaskOutcome::Hub(HubOutcome::Status(Ok(MessageStatus::Delivered))),
        );
        if stop {
            d.keys(&[Key::Esc]);
            assert!(
                flat(&d).contains("you stopped waiting before one came"),
                "{}",
                flat(&d)
            );
            continue;
        }
        let replies = d.task_of(replies_task);
        d.advance(Duration::from_secs(181));
        d.complete(
            replies,
            TaskOutcome::Hub(HubOutcome::Replies(Ok(Vec::new()))),
        );
        assert!(
            flat(&d).contains("! No reply came within 3:00: inbound SMS is not proved."),
            "{}",
            flat(&d)
        );
    }
}

#[test]
fn a_copy_is_confirmed_on_the_step_where_c_was_pressed_and_its_note_stays_there() {
    let flat = |d: &Driver| {
        d.render(80, 30, false)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut d = Driver::setup_sms(env());
    d.walk_to_token_step();
    assert_eq!(d.flow().step, Step::Token);
    d.keys(&[Key::Char('c')]);
    let task = d.task_of(copy_task);
    d.complete(task, TaskOutcome::Copy(Ok(CopyOutcome::Osc52)));
    let on_token = flat(&d);
    assert_eq!(d.flow().step, Step::Token, "still on the token step");
    assert!(
        on_token.contains("The token was sent to your terminal's clipboard, which nowkey cannot read back: paste it somewhere harmless to check it arrived."),
        "confirmed where c was pressed, and no more than sent: {on_token}"
    );
    assert!(
        on_token.contains("If it is not there, press r to show the token on screen."),
        "{on_token}"
    );
    assert!(
        !on_token.contains("OSC 52"),
        "plain words on screen: {on_token}"
    );
    assert!(!on_token.contains("Copied"), "{on_token}");
    assert!(on_token.contains("clipboard clears in 30s"), "{on_token}");

    // Later steps: the countdown stays in the header, the note does not follow.
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::Clipboard);
    assert!(
        !flat(&d).contains("was sent to your terminal"),
        "{}",
        flat(&d)
    );
    d.keys(&[Key::Enter]);
    let check = d.task_of(check_task);
    d.complete(check, flow_support::hub_checked(Ok(())));
    d.keys(&[Key::Enter]);
    let inbound = flat(&d);
    assert_eq!(d.flow().step, Step::Inbound);
    assert!(!inbound.contains("The token was sent"), "{inbound}");
    assert!(inbound.contains("clipboard clears in"), "{inbound}");
}

/// A secret pasted with the line break a browser adds shows as many bullets as
/// the count under it says, and that count is what is kept.
#[test]
fn a_pasted_secrets_bullets_and_count_agree_after_the_line_break_is_dropped() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.paste(KEY);
    d.keys(&[Key::Tab]);
    d.paste(&format!("{SECRET}\r\n"));
    let screen = d.render(80, 24, false);
    let count = SECRET.chars().count();
    let bullets = screen
        .lines()
        .find(|line| line.contains("API secret:"))
        .map(|line| line.matches('•').count());
    assert_eq!(bullets, Some(count), "{screen}");
    assert!(
        screen.contains(&format!("{count} characters, masked")),
        "{screen}"
    );
    // Spaces typed at the ends are dropped too, and the screen says so.
    d.type_text(" ");
    let screen = d.render(80, 24, false);
    assert!(
        screen.contains(&format!("{count} characters kept, masked")),
        "{screen}"
    );
}

/// After ServiceNow accepts the user and password, the password field stays
/// filled and masked, marked as accepted; the mark goes as soon as any field
/// changes, since it would then be about values ServiceNow never saw.
#[test]
fn an_accepted_servicenow_password_stays_filled_masked_and_marked() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.paste(KEY)
        .keys(&[Key::Tab])
        .paste(SECRET)
        .keys(&[Key::Enter]);
    assert_eq!(d.flow().step, Step::ServiceNow);
    d.keys(&[Key::Ctrl('u')])
        .type_text("acme")
        .keys(&[Key::Tab]);
    d.type_text("sn.integration").keys(&[Key::Tab]);
    d.paste("pw canary 42\n").keys(&[Key::Enter]);
    let task = d.task_of(servicenow_task);
    d.complete(task, TaskOutcome::ServiceNow(Ok(sn_integration())));
    let screen = d.render(80, 24, false);
    let password_line = screen
        .lines()
        .find(|line| line.contains("Password"))
        .unwrap_or_default();
    assert_eq!(password_line.matches('•').count(), 12, "{screen}");
    assert!(!screen.contains("pw canary"), "{screen}");
    assert!(screen.contains("✓ accepted by ServiceNow"), "{screen}");
    d.keys(&[Key::Up, Key::End]).type_text("x");
    let screen = d.render(80, 24, false);
    assert!(!screen.contains("accepted by ServiceNow"), "{screen}");
    d.keys(&[Key::Enter]);
    assert!(
        d.task_of(servicenow_task) != task,
        "the changed form is checked again"
    );
}

/// The sandbox's ServiceNow users are named on the ServiceNow step of both
/// setups in the demo, and never outside it.
#[test]
fn the_sandbox_users_hint_shows_in_both_setups_in_the_demo_only() {
    const HINT: &str = "Sandbox users: sn.integration";
    for demo in [true, false] {
        let mut flow_env = env();
        if !demo {
            flow_env.sandbox_url = None;
            flow_env.hub_url_override = Some("https://api.example.com".into());
        }
        let mut sms = Driver::setup_sms(flow_env.clone());
        sms.keys(&[Key::Enter, Key::Enter]);
        sms.paste(KEY)
            .keys(&[Key::Tab])
            .paste(SECRET)
            .keys(&[Key::Enter]);
        assert_eq!(sms.flow().step, Step::ServiceNow);
        let mut hopex = Driver::setup_hopex(flow_env);
        hopex.keys(&[Key::Right, Key::Enter]);
        if !demo {
            hopex.type_text("https://acme.hopexcloud.com");
        }
        hopex.keys(&[Key::Enter]);
        assert_eq!(
            hopex.hopex().step,
            nowkey::flows::setup_hopex::HopexStep::ServiceNow
        );
        for screen in [sms.render(80, 24, false), hopex.render(80, 24, false)] {
            assert_eq!(screen.contains(HINT), demo, "demo {demo}:\n{screen}");
        }
    }
}

/// The ServiceNow user the sandbox's `sn.integration` answers as.
fn sn_integration() -> nowkey::domain::servicenow::ServiceNowUser {
    nowkey::domain::servicenow::ServiceNowUser {
        sys_id: "0".repeat(32),
        user_name: "sn.integration".into(),
        active: true,
        roles: vec!["itil".into()],
    }
}
