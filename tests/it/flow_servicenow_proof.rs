//! The test sent from ServiceNow, after the old key's deletion: the code and
//! text, the Hub's report read until a visible deadline, the operator's word
//! where the report is refused, and the outcome journaled and saved.

use crate::flow_support;

use std::time::Duration;

use flow_support::rotate_screens::*;
use flow_support::Driver;
use nowkey::domain::remote_error::ClientError;
use nowkey::domain::servicenow_write::{ProofOutcome, ReportedMessage};
use nowkey::flows::command::Command;
use nowkey::flows::job::{HubRequest, Job, SandboxCall};
use nowkey::flows::key::Key;
use nowkey::flows::outcome::{HubOutcome, SandboxOutcome, SpokeSent, StoreOutcome, TaskOutcome};
use nowkey::flows::rotate::RotateScreen;
use nowkey::flows::servicenow_proof::{ProofPhase, PROOF_POLL, PROOF_WINDOW};
use nowkey::flows::task::TaskId;

fn report_task(d: &Driver) -> (TaskId, Duration) {
    d.last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                task,
                job: Job::Hub(call),
            } => match &call.request {
                HubRequest::SentReport {
                    destination,
                    from,
                    to,
                } => {
                    assert_eq!(destination.as_str(), "+61491570156");
                    assert!(from < to);
                    Some((*task, call.after))
                }
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_else(|| panic!("no report read in {:?}", d.last))
}

fn code(d: &Driver) -> String {
    flow(d).proof.as_ref().unwrap().code.to_string()
}

fn message(to: &str, content: &str) -> ReportedMessage {
    ReportedMessage {
        message_id: "m-77".into(),
        timestamp: "2026-11-21T10:01:00".into(),
        destination: to.into(),
        content: content.into(),
        status: "delivered".into(),
    }
}

fn report(d: &mut Driver, result: Result<Vec<ReportedMessage>, ClientError>) {
    let (task, _) = report_task(d);
    d.complete(task, TaskOutcome::Hub(HubOutcome::Report(result)));
}

fn phase(d: &Driver) -> ProofPhase {
    flow(d).proof.as_ref().unwrap().phase.clone()
}

#[test]
fn the_step_shows_the_code_and_the_text_to_send_and_waits_for_the_operator() {
    let d = proof_shown();
    assert_eq!(flow(&d).screen(), RotateScreen::ProveServiceNow);
    let code = code(&d);
    assert!(code.starts_with("NK-") && code.len() == 7, "{code}");
    let screen = d.render(80, 24, false);
    assert!(screen.contains(&format!("nowkey check {code}")), "{screen}");
    assert!(screen.contains("+61491570156"), "{screen}");
    assert!(
        d.last.iter().all(|c| !matches!(
            c,
            Command::Start {
                job: Job::Hub(_),
                ..
            }
        )),
        "nothing is read before the operator sent it"
    );
}

#[test]
fn found_in_the_report_is_proven_journaled_and_saved_in_the_profiles_history() {
    let mut d = proof_shown();
    let code = code(&d);
    d.keys(&[Key::Enter]);
    let (_, first_delay) = report_task(&d);
    assert_eq!(first_delay, Duration::ZERO);
    // Another message first: not the proof, so nowkey reads again later.
    report(&mut d, Ok(vec![message("+61491570156", "hello")]));
    assert_eq!(report_task(&d).1, PROOF_POLL);
    let text = format!("NOWKEY CHECK {code}");
    report(&mut d, Ok(vec![message("+61 491 570 156", &text)]));
    assert!(matches!(
        phase(&d),
        ProofPhase::Finished {
            outcome: ProofOutcome::Proven,
            ..
        }
    ));
    let screen = d.render(100, 30, false);
    assert!(
        screen.contains("Test sent from ServiceNow: proven"),
        "{screen}"
    );
    assert!(screen.contains("m-77"), "{screen}");
    // Journaled as soon as it ended; Enter waits for that.
    let (task, written) = journal_task(&d);
    assert_eq!(written.servicenow_proof, Some(ProofOutcome::Proven));
    assert!(written.history.last().unwrap().note.contains("proven"));
    d.keys(&[Key::Enter]);
    assert_eq!(
        flow(&d).screen(),
        RotateScreen::ProveServiceNow,
        "not on before it is journaled"
    );
    d.complete(task, TaskOutcome::Store(StoreOutcome::JournalSaved(Ok(()))));
    assert!(d.render(100, 30, false).contains("Recorded in the journal"));
    d.keys(&[Key::Enter]);
    assert_eq!(flow(&d).screen(), RotateScreen::Complete);
    d.keys(&[Key::Enter]);
    let profile = d
        .last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                job: Job::Store(nowkey::flows::job::StoreJob::SaveProfile { profile, .. }),
                ..
            } => Some(profile.clone()),
            _ => None,
        })
        .expect("the profile is saved");
    let record = profile.sms.unwrap().rotations.pop().unwrap();
    assert_eq!(record.servicenow_proof, Some(ProofOutcome::Proven));
    let _ = StoreOutcome::ProfileSaved(Ok("/tmp/p".into()));
}

#[test]
fn not_found_before_the_deadline_fails_and_says_so() {
    let mut d = proof_shown();
    d.keys(&[Key::Enter]);
    report(&mut d, Ok(Vec::new()));
    let screen = d.render(100, 30, false);
    assert!(screen.contains("left"), "the deadline shows: {screen}");
    d.advance(PROOF_WINDOW);
    report(&mut d, Ok(Vec::new()));
    let ProofPhase::Finished { outcome, detail } = phase(&d) else {
        panic!("finished at the deadline");
    };
    assert_eq!(outcome, ProofOutcome::Failed);
    assert!(detail.contains("No message with"), "{detail}");
    let failed = journal_ok(&mut d);
    assert_eq!(failed.servicenow_proof, Some(ProofOutcome::Failed));
    let screen = d.render(100, 30, false);
    assert!(
        screen.contains("Test sent from ServiceNow: failed"),
        "{screen}"
    );
    assert!(
        screen.contains("may still hold the old"),
        "the explanation says so:\n{screen}"
    );
    // Test again: a new code; a later skip does not erase the failure.
    let before = code(&d);
    d.keys(&[Key::Char('r')]);
    assert!(matches!(phase(&d), ProofPhase::Ready));
    assert_ne!(code(&d), before, "each attempt has its own code");
    d.keys(&[Key::Char('x')]);
    let skipped = journal_ok(&mut d);
    assert_eq!(skipped.servicenow_proof, Some(ProofOutcome::Skipped));
    assert!(
        skipped.history.iter().any(|e| e.note.contains("failed")),
        "the failure stays in the history"
    );
}

#[test]
fn a_refused_report_asks_the_operator_and_records_a_persons_word() {
    let mut d = proof_shown();
    d.keys(&[Key::Enter]);
    report(
        &mut d,
        Err(ClientError::ReportUnavailable {
            status: 403,
            message: Some("Forbidden".into()),
        }),
    );
    let ProofPhase::AskOperator { reason } = phase(&d) else {
        panic!("the operator is asked");
    };
    assert!(reason.contains("not available"), "{reason}");
    let screen = d.render(100, 30, false);
    assert!(screen.contains("Did a message with NK-"), "{screen}");
    d.keys(&[Key::Char('y')]);
    assert_eq!(
        journal_ok(&mut d).servicenow_proof,
        Some(ProofOutcome::ConfirmedByOperator)
    );
    d.keys(&[Key::Enter]);
    assert_eq!(flow(&d).screen(), RotateScreen::Complete);
}

#[test]
fn a_401_on_the_report_fails_the_test_the_new_key_is_refused() {
    let mut d = proof_shown();
    d.keys(&[Key::Enter]);
    report(&mut d, Err(ClientError::Auth { status: 401 }));
    let ProofPhase::Finished { outcome, detail } = phase(&d) else {
        panic!("finished");
    };
    assert_eq!(outcome, ProofOutcome::Failed);
    assert!(detail.contains("refused the new key"), "{detail}");
}

#[test]
fn a_passing_failure_to_read_the_report_keeps_looking() {
    let mut d = proof_shown();
    d.keys(&[Key::Enter]);
    report(
        &mut d,
        Err(ClientError::Timeout {
            after: Duration::from_secs(15),
        }),
    );
    assert!(matches!(phase(&d), ProofPhase::Watching { .. }));
    assert!(flow(&d).proof.as_ref().unwrap().last_error.is_some());
    assert_eq!(report_task(&d).1, PROOF_POLL);
}

#[test]
fn the_demos_simulated_servicenow_sends_the_text_and_a_refusal_fails_the_test_at_once() {
    let mut d = proof_shown();
    d.keys(&[Key::F(3)]);
    let spoke = d
        .last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                task,
                job: Job::Sandbox(SandboxCall::SpokeSend { to, content }),
            } => Some((*task, to.clone(), content.clone())),
            _ => None,
        })
        .expect("the simulated ServiceNow sends");
    assert_eq!(spoke.1.as_str(), "+61491570156");
    assert_eq!(spoke.2, format!("nowkey check {}", code(&d)));
    report_task(&d);
    d.complete(
        spoke.0,
        TaskOutcome::Sandbox(SandboxOutcome::SpokeSent(Ok(SpokeSent::Refused {
            status: 401,
        }))),
    );
    let ProofPhase::Finished { outcome, detail } = phase(&d) else {
        panic!("finished");
    };
    assert_eq!(outcome, ProofOutcome::Failed);
    assert!(detail.contains("HTTP 401"), "{detail}");
}
