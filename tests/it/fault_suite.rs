//! The fault suite: every client call meets every injected fault, and each
//! pairing ends in its own class and a one-sentence message, with no panic and no
//! hang.
//!
//! Calls: the Hub's `check_credentials`, `send_message`, `message_status`,
//! `replies` and `confirm_replies`, ServiceNow's `check_credentials`, HOPEX's
//! `check_key`, and the certificate inspector (transport faults only). Faults:
//! 400 with details, 401, 403, 404, 429 with Retry-After, 500, 502, 503, a
//! malformed, an empty and an HTML body, connection refused, DNS failure, a
//! self-signed certificate, a hang, a slow drip, and a drip quick enough to end
//! within the timeout, and a server echoing every secret in every form. The expected outcome of each pairing is in
//! `fault_suite/expect.rs`.
//!
//! Every row runs at once, each against its own sandbox (or port, or name), so
//! the whole table takes about one request timeout. Row failures are collected
//! and reported together.
//!
//! This binary never trusts a sandbox CA: the self-signed rows depend on it.

pub mod calls;
pub mod echo;
pub mod expect;
pub mod faults;
pub mod inspector;
pub mod rows;
pub mod targets;

use std::collections::BTreeMap;
use std::future::Future;
use std::io::Write as _;
use std::time::Instant;

use self::calls::Call;
use self::echo::echo_row;
use self::faults::Fault;
use self::inspector::{inspector_row, InspectorFault};
use self::rows::{client_row, control_row};
use tokio::task::JoinHandle;

/// What a row answers: the outcome it saw, or everything wrong with it.
type RowResult = Result<&'static str, String>;

/// A row being run: its column (the fault), its line (the call), and the task.
struct Row {
    fault: &'static str,
    call: &'static str,
    handle: JoinHandle<RowResult>,
}

fn row(
    fault: &'static str,
    call: &'static str,
    future: impl Future<Output = RowResult> + Send + 'static,
) -> Row {
    Row {
        fault,
        call,
        handle: tokio::spawn(future),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_meets_every_fault_and_says_what_to_do() {
    let started = Instant::now();
    let mut rows = Vec::new();
    for call in Call::ALL {
        rows.push(row("no fault", call.name(), control_row(call)));
        for fault in Fault::ALL {
            rows.push(row(fault.name(), call.name(), client_row(call, fault)));
        }
        rows.push(row("echo of every form", call.name(), echo_row(call)));
    }
    for fault in InspectorFault::ALL {
        rows.push(row(
            fault.name(),
            "inspect_certificate",
            inspector_row(fault),
        ));
    }

    let mut pairings = 0;
    let mut failures = Vec::new();
    // fault → outcome → the calls that ended in it, in table order, for the summary.
    let mut seen: Vec<(&str, BTreeMap<&str, Vec<&str>>)> = Vec::new();
    for Row {
        fault,
        call,
        handle,
    } in rows
    {
        if fault != "no fault" {
            pairings += 1;
        }
        let outcome = match handle.await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(why)) => {
                failures.push(format!("{call} × {fault}: {why}"));
                "FAILED"
            }
            Err(join) => {
                failures.push(format!("{call} × {fault}: the row itself failed: {join}"));
                "FAILED"
            }
        };
        let at = match seen.iter().position(|(known, _)| *known == fault) {
            Some(at) => at,
            None => {
                seen.push((fault, BTreeMap::new()));
                seen.len() - 1
            }
        };
        seen[at].1.entry(outcome).or_default().push(call);
    }

    let mut stderr = std::io::stderr();
    let _ = writeln!(
        stderr,
        "fault suite: {pairings} pairings ({} calls × {} faults + {} inspector faults) and {} \
         controls in {:.1}s; {} failed",
        Call::ALL.len(),
        Fault::ALL.len() + 1,
        InspectorFault::ALL.len(),
        Call::ALL.len(),
        started.elapsed().as_secs_f32(),
        failures.len(),
    );
    for (fault, outcomes) in &seen {
        let cells: Vec<String> = outcomes
            .iter()
            .map(|(outcome, calls)| format!("{outcome} ({})", calls.join(", ")))
            .collect();
        let _ = writeln!(stderr, "  {fault:>16} → {}", cells.join("; "));
    }
    for failure in &failures {
        let _ = writeln!(stderr, "  FAIL {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} of {pairings} pairings (or controls) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
