//! nowkey writing the new key into ServiceNow during a rotation: sign-in,
//! discovery, the operator's choices, a preview with no value, a confirmation,
//! each write journaled before the next starts, and the old key written back
//! before an abandon.

use crate::flow_support;

use flow_support::rotate_screens::*;
use flow_support::servicenow::*;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::rotation::Phase;
use nowkey::domain::servicenow_write::WriteValue;
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, RecordsRequest, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::RecordsOutcome;
use nowkey::flows::question::Answer;
use nowkey::flows::rotate::RotateScreen;
use nowkey::flows::servicenow_write::{WritePurpose, WriterStage};
use secrecy::ExposeSecret;

use flow_support::Driver;

/// `y` on the preview: the attempt is journaled before the first write is sent.
fn confirm(d: &mut Driver) {
    d.keys(&[Key::Char('y')]);
    assert!(
        d.last.iter().all(|c| !matches!(
            c,
            Command::Start {
                job: Job::ServiceNow(_),
                ..
            }
        )),
        "no write before the attempt is journaled"
    );
    let attempt = journal_ok(d);
    let last = attempt.servicenow_attempts.last().expect("the attempt");
    assert_eq!(last.targets.len(), 2);
}

/// The values of the last write asked for.
fn write_values(d: &Driver) -> (String, Vec<(String, String)>) {
    match records_request(d).1 {
        RecordsRequest::Write { target, values } => (
            target.to_string(),
            values
                .iter()
                .map(|(f, v)| (f.clone(), v.expose_secret().to_owned()))
                .collect(),
        ),
        other => panic!("expected a write, got {other:?}"),
    }
}

#[test]
fn the_preview_names_tables_records_and_fields_and_shows_no_value() {
    let d = to_preview();
    let screen = d.render(100, 40, false);
    for shown in [
        "api_key_credentials",
        CRED_ID,
        REG_TABLE,
        REG_ID,
        "u_api_key",
        "u_api_secret",
        "api_key ←",
    ] {
        assert!(screen.contains(shown), "{shown} missing from:\n{screen}");
    }
    assert!(
        screen.contains("changes"),
        "the key field changes from the old key:\n{screen}"
    );
    for secret in [NEW_SECRET, OLD_SECRET, "admin-canary-pw-4711"] {
        assert!(!screen.contains(secret), "a secret on screen:\n{screen}");
    }
    let token = creds(NEW_KEY, NEW_SECRET).token();
    assert!(!screen.contains(token.expose()));
    let plan = &flow(&d).writer.as_ref().unwrap().plan;
    assert_eq!(plan[0].fields[0].value, WriteValue::Token);
    assert!(
        d.last.iter().all(|c| !matches!(
            c,
            Command::Start {
                job: Job::ServiceNow(_),
                ..
            }
        )),
        "nothing is written before the confirmation"
    );
}

#[test]
fn each_write_is_journaled_before_the_next_and_step_4_is_recorded_after_both() {
    let mut d = to_preview();
    confirm(&mut d);
    let (target, values) = write_values(&d);
    assert_eq!(target, credential().to_string());
    let token = creds(NEW_KEY, NEW_SECRET).token();
    assert_eq!(values, [("api_key".to_owned(), token.expose().to_owned())]);
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(credential(), 4, 5))),
    );
    // The write is journaled, and nothing else starts until the journal returns.
    let (_, journaled) = journal_task(&d);
    assert_eq!(journaled.servicenow_writes.len(), 1);
    assert_eq!(journaled.servicenow_writes[0].fields, ["api_key"]);
    assert_eq!(journaled.servicenow_writes[0].key, NEW_KEY);
    assert!(!journaled.servicenow_writes[0].restored);
    assert!(
        d.last.iter().all(|c| !matches!(
            c,
            Command::Start {
                job: Job::ServiceNow(_),
                ..
            }
        )),
        "the second write waits for the journal"
    );
    let screen = d.render(100, 40, false);
    assert!(
        !screen.contains("✓ saved"),
        "not shown as done before the journal returns:\n{screen}"
    );
    journal_ok(&mut d);
    let screen = d.render(100, 40, false);
    assert!(screen.contains("✓ saved: sys_mod_count 4 → 5"), "{screen}");
    let (target, values) = write_values(&d);
    assert_eq!(target, registration().to_string());
    assert_eq!(
        values,
        [
            ("u_api_key".to_owned(), NEW_KEY.to_owned()),
            ("u_api_secret".to_owned(), NEW_SECRET.to_owned())
        ]
    );
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(registration(), 7, 8))),
    );
    assert_eq!(journal_ok(&mut d).servicenow_writes.len(), 2);
    // Both saved: the profile remembers the records, and step 4 is recorded.
    let remembered = d.last.iter().find_map(|c| match c {
        Command::Start {
            job: Job::Store(StoreJob::SaveProfile { profile, .. }),
            ..
        } => Some(profile.sms.clone().unwrap()),
        _ => None,
    });
    let sms = remembered.expect("the profile is saved with the records");
    assert_eq!(sms.servicenow_credential, Some(credential()));
    assert_eq!(sms.servicenow_registration, Some(registration()));
    assert_eq!(
        sms.servicenow_registration_fields.unwrap().to_string(),
        "u_api_key,u_api_secret"
    );
    assert_eq!(
        sms.api_key, OLD_KEY,
        "the key itself changes only when the rotation completes"
    );
    assert_eq!(journal_ok(&mut d).phase, Phase::ServicenowUpdated);
    assert_eq!(flow(&d).screen(), RotateScreen::LiveTest);
}

#[test]
fn a_write_servicenow_did_not_save_is_not_journaled_and_can_be_tried_again() {
    let mut d = to_preview();
    confirm(&mut d);
    answer(
        &mut d,
        RecordsOutcome::Written(Err(ClientError::NotSaved {
            target: credential().to_string(),
        })),
    );
    assert!(
        d.last.is_empty() || journal_task_opt(&d).is_none(),
        "nothing journaled"
    );
    assert!(flow(&d)
        .rotation
        .as_ref()
        .unwrap()
        .servicenow_writes
        .is_empty());
    let screen = d.render(100, 40, false);
    assert!(
        screen.contains("✗") && screen.contains("did not save"),
        "{screen}"
    );
    assert_eq!(writer_stage(&d), WriterStage::Writing);
    d.keys(&[Key::Enter]);
    assert_eq!(
        write_values(&d).0,
        credential().to_string(),
        "Enter tries the same record again"
    );
}

fn journal_task_opt(d: &Driver) -> Option<()> {
    d.last
        .iter()
        .find_map(|c| crate::flow_support::journal_task(c).map(|_| ()))
}

/// Both records hold the new key, journaled: step 5.
fn written() -> Driver {
    let mut d = to_preview();
    confirm(&mut d);
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(credential(), 4, 5))),
    );
    journal_ok(&mut d);
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(registration(), 7, 8))),
    );
    journal_ok(&mut d);
    journal_ok(&mut d);
    d
}

#[test]
fn abandoning_after_a_write_puts_the_old_key_back_the_same_way_then_abandons() {
    let mut d = written();
    d.keys(&[Key::F(8)]);
    d.msg(nowkey::flows::msg::Msg::Key(Key::Char('y')));
    let writer = flow(&d).writer.as_ref().expect("the write-back opens");
    assert_eq!(writer.purpose, WritePurpose::Restore);
    assert_eq!(writer.key_id(), OLD_KEY);
    assert!(
        writer.admin().is_some(),
        "the admin who wrote the new key is still signed in"
    );
    d.keys(&[Key::Enter]);
    assert!(
        matches!(records_request(&d).1, RecordsRequest::Read { .. }),
        "the remembered records go straight to the preview"
    );
    answer(
        &mut d,
        RecordsOutcome::Read(Ok(vec![
            read("SMS Hub API key", 5, &[]),
            read("Production", 8, &[("u_api_key", NEW_KEY)]),
        ])),
    );
    confirm(&mut d);
    let old_token = creds(OLD_KEY, OLD_SECRET).token();
    assert_eq!(
        write_values(&d).1,
        [("api_key".to_owned(), old_token.expose().to_owned())]
    );
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(credential(), 5, 6))),
    );
    assert!(journal_ok(&mut d).servicenow_writes[2].restored);
    assert_eq!(
        write_values(&d).1,
        [
            ("u_api_key".to_owned(), OLD_KEY.to_owned()),
            ("u_api_secret".to_owned(), OLD_SECRET.to_owned())
        ]
    );
    answer(
        &mut d,
        RecordsOutcome::Written(Ok(receipt(registration(), 8, 9))),
    );
    journal_ok(&mut d);
    let abandoned = journal_ok(&mut d);
    assert_eq!(abandoned.phase, Phase::Abandoned);
    let instructions = abandoned.abandon_instructions();
    assert!(
        !instructions.contains("put the old key back"),
        "ServiceNow was put back: {instructions}"
    );
    assert!(instructions.contains(NEW_KEY), "{instructions}");
    let _ = Answer::Yes;
}

#[test]
fn leaving_the_write_back_abandons_and_says_to_put_the_old_key_back_by_hand() {
    let mut d = written();
    d.keys(&[Key::F(8), Key::Char('y')]);
    assert_eq!(
        flow(&d).writer.as_ref().unwrap().purpose,
        WritePurpose::Restore
    );
    d.keys(&[Key::Esc]);
    let abandoned = journal_ok(&mut d);
    assert_eq!(abandoned.phase, Phase::Abandoned);
    assert!(abandoned
        .abandon_instructions()
        .contains("First put the old key back in ServiceNow"));
}

#[test]
fn a_crash_after_the_confirmation_leaves_the_abandon_saying_to_put_the_old_key_back() {
    let mut d = to_preview();
    confirm(&mut d);
    // The first write is under way, and nothing was saved yet.
    assert_eq!(write_values(&d).0, credential().to_string());
    let rotation = flow(&d).rotation.clone().unwrap();
    let mut abandoned = rotation.clone();
    abandoned
        .apply(nowkey::domain::rotation::Event::Abandon, chrono::Utc::now())
        .unwrap();
    assert!(
        abandoned
            .abandon_instructions()
            .contains("First put the old key back in ServiceNow"),
        "ServiceNow may hold the new key: {}",
        abandoned.abandon_instructions()
    );
}
