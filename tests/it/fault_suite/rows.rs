//! Running one row: prepare its target, make the call in a task of its own (a
//! panic is caught there) under an outer time limit (a hang is caught there), and
//! judge the outcome. A row answers `Err` with everything wrong with it.

use std::future::Future;
use std::time::{Duration, Instant};

use nowkey::domain::remote_error::ClientError;

use super::calls::{send_one, Call, TIMEOUTS};
use super::expect::{expected, judge};
use super::faults::Fault;
use super::targets::{plain, prepare};

/// The outer limit: three times the request timeout. Hitting it fails the row.
pub const OUTER: Duration = Duration::from_secs(3 * TIMEOUTS.request.as_secs());

/// How much later than the request timeout a call may end (the clients' own
/// guard adds 250 ms; the rest is for a busy machine running every row at once).
const LATE: Duration = Duration::from_millis(1500);

/// Runs `future` in its own task: `Err` when it panicked or outlived [`OUTER`].
pub async fn guarded<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    guarded_within(OUTER, future).await
}

/// [`guarded`] with another limit.
async fn guarded_within<T: Send + 'static>(
    limit: Duration,
    future: impl Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    let mut handle = tokio::spawn(future);
    match tokio::time::timeout(limit, &mut handle).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(join)) if join.is_panic() => {
            let payload = join.into_panic();
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a non-text panic".to_owned());
            Err(format!("the call panicked: {text}"))
        }
        Ok(Err(join)) => Err(format!("the call's task failed: {join}")),
        Err(_) => {
            handle.abort();
            Err(format!("hung: no result within {limit:?}"))
        }
    }
}

/// `Err` when a row took too long, or (for a fault that should run into the
/// request timeout) gave up before it.
pub fn timing_problems(elapsed: Duration, runs_into_the_timeout: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if elapsed > TIMEOUTS.request + LATE {
        problems.push(format!(
            "took {elapsed:?}, longer than the {:?} request timeout allows",
            TIMEOUTS.request
        ));
    }
    if runs_into_the_timeout && elapsed + Duration::from_millis(100) < TIMEOUTS.request {
        problems.push(format!(
            "gave up after {elapsed:?}, before the {:?} request timeout",
            TIMEOUTS.request
        ));
    }
    problems
}

/// `call` meeting `fault`.
pub async fn client_row(call: Call, fault: Fault) -> Result<&'static str, String> {
    let target = prepare(fault.setup(call)).await?;
    let (base, credentials) = (target.base.clone(), target.credentials.clone());
    let started = Instant::now();
    let outcome = guarded(async move { call.run(&base, &credentials).await }).await?;
    let mut problems = timing_problems(started.elapsed(), fault.runs_into_the_timeout());
    let expect = expected(call, fault);
    match (&outcome, expect.class) {
        (Ok(()), None) => {}
        (Ok(()), Some(class)) => problems.push(format!("succeeded, expected {class}")),
        (Err(error), _) => {
            problems.extend(judge(error, &expect, call.service(), fault.is_transport()));
            let shown = format!("{error:?} {error} {}", error.user_message(call.service()));
            if target
                .credentials
                .secrets()
                .iter()
                .any(|s| shown.contains(s))
            {
                problems.push("a secret is shown in the error".to_owned());
            }
        }
    }
    drop(target);
    verdict(
        problems,
        outcome.as_ref().map_or_else(ClientError::class, |()| "ok"),
    )
}

/// `call` against a sandbox without a fault: it must succeed, or every row of
/// this call would prove nothing.
pub async fn control_row(call: Call) -> Result<&'static str, String> {
    let target = plain().await?;
    let (base, mut credentials) = (target.base.clone(), target.credentials.clone());
    if call == Call::HubStatus {
        credentials.message_id = send_one(&base, &credentials)
            .await
            .map_err(|error| format!("setup: no message to ask about: {error:?}"))?;
    }
    let outcome: Result<(), ClientError> =
        guarded(async move { call.run(&base, &credentials).await }).await?;
    drop(target);
    outcome
        .map(|()| "ok")
        .map_err(|error| format!("failed without a fault: {error:?}"))
}

/// `Ok` with what was seen when there are no problems, else all of them on one
/// line.
pub fn verdict(problems: Vec<String>, seen: &'static str) -> Result<&'static str, String> {
    if problems.is_empty() {
        Ok(seen)
    } else {
        Err(problems.join("; "))
    }
}

#[tokio::test]
async fn the_guard_catches_a_panic_and_a_hang() {
    let panicked = guarded_within(Duration::from_secs(1), async { panic!("boom") }).await;
    assert!(
        panicked
            .as_ref()
            .is_err_and(|e| e.contains("panicked: boom")),
        "{panicked:?}"
    );
    let hung = guarded_within(Duration::from_millis(50), std::future::pending::<()>()).await;
    assert!(hung.as_ref().is_err_and(|e| e.contains("hung")), "{hung:?}");
    assert_eq!(guarded(async { 7 }).await, Ok(7));
}
