//! Looking for the message: the report read every few seconds until the
//! deadline, and the answers of the Hub and of the demo's simulated ServiceNow.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{ProofPhase, ServiceNowProof, LOOK_BACK_MINUTES, PROOF_POLL};
use crate::domain::hub::HubTarget;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::{find_proof, ProofOutcome};
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{HubCall, HubRequest, Job};
use crate::flows::outcome::{HubOutcome, SandboxOutcome, SpokeSent, TaskOutcome};
use crate::flows::task::TaskId;

impl ServiceNowProof {
    /// Starts looking for the message: the first read now, then one every
    /// [`PROOF_POLL`] until its window has passed.
    pub(super) fn watch(
        &mut self,
        target: Option<&HubTarget>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        if matches!(self.phase, ProofPhase::Watching { .. }) {
            return Vec::new();
        }
        let Some(target) = target else {
            self.phase = ProofPhase::AskOperator {
                reason: "nowkey no longer holds the new key's secret (the rotation was resumed), so it cannot read the Hub's sent-message report.".to_owned(),
            };
            return Vec::new();
        };
        self.last_error = None;
        let deadline = cx.now.instant + self.window;
        let until =
            cx.now.utc + chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
        let (task, command) = self.read_report(target, Duration::ZERO, cx);
        self.phase = ProofPhase::Watching {
            deadline,
            until,
            task,
            reads: 0,
        };
        vec![command]
    }

    fn read_report(
        &self,
        target: &HubTarget,
        after: Duration,
        cx: &mut Context<'_>,
    ) -> (TaskId, Command) {
        let from = self.shown_at - chrono::Duration::minutes(LOOK_BACK_MINUTES);
        // The end is a little ahead of now: the Hub's clock may run ahead of ours.
        let to = cx.now.utc
            + chrono::Duration::minutes(LOOK_BACK_MINUTES)
            + chrono::Duration::from_std(after).unwrap_or_default();
        cx.start(Job::Hub(HubCall {
            target: target.clone(),
            after,
            request: HubRequest::SentReport {
                from,
                to,
                destination: self.number.clone(),
            },
        }))
    }

    pub(super) fn finish(&mut self, outcome: ProofOutcome, detail: String) -> Vec<Command> {
        let mut commands: Vec<Command> = self
            .spoke_task
            .take()
            .map(Command::Cancel)
            .into_iter()
            .collect();
        if let ProofPhase::Watching { task, .. } = self.phase {
            commands.push(Command::Cancel(task));
        }
        self.phase = ProofPhase::Finished { outcome, detail };
        commands
    }

    /// Takes a task's result if it is one of the proof's; `None` otherwise.
    pub fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        target: Option<&HubTarget>,
        cx: &mut Context<'_>,
    ) -> Result<Vec<Command>, TaskOutcome> {
        match outcome {
            TaskOutcome::Hub(HubOutcome::Report(result)) => match self.phase {
                ProofPhase::Watching {
                    task: running,
                    deadline,
                    until,
                    reads,
                } if running == task => match target {
                    Some(target) => {
                        Ok(self.on_report(result, (deadline, until, reads + 1), target, cx))
                    }
                    None => {
                        self.phase = ProofPhase::Ready;
                        Ok(self.watch(None, cx))
                    }
                },
                _ => Ok(Vec::new()),
            },
            TaskOutcome::Sandbox(SandboxOutcome::SpokeSent(result))
                if self.spoke_task == Some(task) =>
            {
                self.spoke_task = None;
                Ok(match result {
                    Ok(SpokeSent::Accepted { message_id }) => {
                        self.spoke_note = Some(format!(
                            "The simulated ServiceNow sent the text and the Hub accepted it (message {message_id})."
                        ));
                        Vec::new()
                    }
                    Ok(SpokeSent::Refused { status }) => {
                        self.spoke_note = None;
                        self.finish(
                            ProofOutcome::Failed,
                            format!("The Hub refused the simulated ServiceNow's message (HTTP {status}): the credential ServiceNow holds is not one the Hub accepts. Put the new token in the spoke's credential, then test again."),
                        )
                    }
                    Err(error) => {
                        self.spoke_note = Some(error.user_message(Service::Sandbox));
                        Vec::new()
                    }
                })
            }
            other => Err(other),
        }
    }

    fn on_report(
        &mut self,
        result: Result<Vec<crate::domain::servicenow_write::ReportedMessage>, ClientError>,
        (deadline, until, reads): (Instant, DateTime<Utc>, u32),
        target: &HubTarget,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        match result {
            Ok(messages) => {
                if let Some(found) = find_proof(&messages, &self.code, self.number.as_str()) {
                    let detail = format!(
                        "The Hub's report shows the message with {} sent to {} at {} (message {}, {}): ServiceNow sends with the credentials it holds.",
                        self.code, found.destination, found.timestamp, found.message_id, found.status
                    );
                    return self.finish(ProofOutcome::Proven, detail);
                }
                self.last_error = None;
            }
            Err(ClientError::Auth { status }) => {
                return self.finish(
                    ProofOutcome::Failed,
                    format!("The Hub refused the new key when nowkey read its report (HTTP {status}): the new key does not work, so ServiceNow cannot send with it."),
                );
            }
            Err(error) if report_refused(&error) => {
                let reason = format!(
                    "The Hub's sent-message report is not available with this key ({}).",
                    error.user_message(Service::Hub)
                );
                let commands = self.finish(ProofOutcome::Failed, String::new());
                self.phase = ProofPhase::AskOperator { reason };
                return commands;
            }
            Err(error) => self.last_error = Some(error.user_message(Service::Hub)),
        }
        if cx.now.instant >= deadline {
            let detail = format!(
                "No message with {} to {} reached the Hub's report within {}: ServiceNow may still hold the old credential, or the text was not sent.",
                self.code,
                self.number.as_str(),
                span(self.window)
            );
            return self.finish(ProofOutcome::Failed, detail);
        }
        let (task, command) = self.read_report(target, PROOF_POLL, cx);
        self.phase = ProofPhase::Watching {
            deadline,
            until,
            task,
            reads,
        };
        vec![command]
    }
}

/// True when the account may not use the report at all (as opposed to a
/// passing failure worth another try).
fn report_refused(error: &ClientError) -> bool {
    matches!(
        error,
        ClientError::ReportUnavailable { .. }
            | ClientError::Permission { .. }
            | ClientError::NotFound { .. }
            | ClientError::BadRequest { .. }
            | ClientError::UnexpectedStatus { .. }
    )
}

/// "3 minutes", or "45 seconds" for a window that is not whole minutes.
fn span(window: Duration) -> String {
    let secs = window.as_secs();
    match secs {
        60 => "a minute".to_owned(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    }
}
