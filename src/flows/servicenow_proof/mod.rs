//! Proving that ServiceNow sends with the new credentials: nowkey shows a
//! one-time code, the operator sends it from ServiceNow with the SMS connector,
//! and nowkey looks for it in the Hub's sent-message report until a deadline.
//! Where the account may not use that report, the operator says whether the
//! message arrived, and that is recorded as confirmed by a person.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

mod watch;

use super::bindings::Bindings;
use super::command::Command;
use super::context::Context;
use super::job::{Job, SandboxCall};
use super::key::Key;
use super::task::TaskId;
use crate::domain::hub::HubTarget;
use crate::domain::phone::E164;
use crate::domain::servicenow_write::{ProofCode, ProofOutcome};

/// How long nowkey looks for the message, unless `NOWKEY_PROOF_WINDOW` says
/// otherwise.
pub const PROOF_WINDOW: Duration = Duration::from_secs(180);
/// Time between two reads of the report.
pub const PROOF_POLL: Duration = Duration::from_secs(5);
/// How far before the code was shown the report's window starts (clock skew).
pub(super) const LOOK_BACK_MINUTES: i64 = 2;

/// Where the proof stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofPhase {
    /// The code and the text are shown; the operator sends it.
    Ready,
    /// Looking for the message in the Hub's report.
    Watching {
        /// When nowkey stops looking.
        deadline: Instant,
        /// The same, on the wall clock.
        until: DateTime<Utc>,
        /// The read under way.
        task: TaskId,
        /// Reads made.
        reads: u32,
    },
    /// The report could not be used: the operator says whether it arrived.
    AskOperator {
        /// Why the report could not be used, in one sentence.
        reason: String,
    },
    /// Over: the outcome and what was seen, in one sentence.
    Finished {
        /// The outcome.
        outcome: ProofOutcome,
        /// What nowkey saw.
        detail: String,
    },
}

/// What a key does on the proof step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofAction {
    /// "I sent it": look for it in the Hub's report.
    Watch,
    /// Demo: have the simulated ServiceNow send it.
    SpokeSent,
    /// Stop looking.
    Stop,
    /// The message arrived (the operator's word).
    Arrived,
    /// It did not arrive.
    NotArrived,
    /// Do not run the test.
    Skip,
    /// Run it again after a failure (a new code).
    Again,
}

/// The proof step's state.
#[derive(Debug, Clone)]
pub struct ServiceNowProof {
    /// The one-time code.
    pub code: ProofCode,
    /// The test number the operator sends to.
    pub number: E164,
    /// Where it stands.
    pub phase: ProofPhase,
    /// When the code was shown (the report's window starts before it).
    pub shown_at: DateTime<Utc>,
    /// The last read that failed for a passing reason (network, rate limit).
    pub last_error: Option<String>,
    /// A note from the demo's simulated ServiceNow.
    pub spoke_note: Option<String>,
    /// The demo can send from its simulated ServiceNow.
    pub sandbox: bool,
    /// The demo's simulated ServiceNow sending, while it does.
    spoke_task: Option<TaskId>,
    /// Attempts so far (each gets a new code).
    attempt: u32,
    /// How long nowkey looks for the message.
    pub window: Duration,
    /// The host recorded this attempt's outcome (the rotation's journal).
    pub recorded: bool,
}

impl ServiceNowProof {
    /// A fresh code for `number`.
    /// A fresh code for `number`; nowkey will look for the message for
    /// `window` ([`PROOF_WINDOW`] when `None`).
    pub fn new(number: E164, sandbox: bool, now: DateTime<Utc>, window: Option<Duration>) -> Self {
        Self::attempt(number, sandbox, now, 1, window.unwrap_or(PROOF_WINDOW))
    }

    fn attempt(
        number: E164,
        sandbox: bool,
        now: DateTime<Utc>,
        attempt: u32,
        window: Duration,
    ) -> Self {
        let seed = format!(
            "{}|{}|{attempt}",
            now.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            number.as_str()
        );
        Self {
            code: ProofCode::for_attempt(&seed),
            number,
            phase: ProofPhase::Ready,
            shown_at: now,
            last_error: None,
            spoke_note: None,
            sandbox,
            spoke_task: None,
            attempt,
            window,
            recorded: false,
        }
    }

    /// The outcome, once there is one.
    pub fn outcome(&self) -> Option<ProofOutcome> {
        match &self.phase {
            ProofPhase::Finished { outcome, .. } => Some(*outcome),
            _ => None,
        }
    }

    /// The keys that apply now.
    pub fn bindings(&self) -> Bindings<ProofAction> {
        let mut b = Bindings::new();
        match &self.phase {
            ProofPhase::Ready => {
                b.add(
                    &[Key::Enter],
                    "I sent it",
                    "You sent the text from ServiceNow: look for it at the Hub.",
                    ProofAction::Watch,
                );
                b.add(&[Key::F(3)], "send from sandbox", "Demo only: have the sandbox's simulated ServiceNow send the text with the credential it holds.", ProofAction::SpokeSent)
                    .when(self.sandbox);
                b.add(
                    &[Key::Char('x')],
                    "skip",
                    "Do not run this test; it is recorded as skipped.",
                    ProofAction::Skip,
                )
                .minor();
            }
            ProofPhase::Watching { .. } => {
                b.add(&[Key::F(3)], "send from sandbox", "Demo only: have the sandbox's simulated ServiceNow send the text with the credential it holds.", ProofAction::SpokeSent)
                    .when(self.sandbox && self.spoke_task.is_none());
                b.add(
                    &[Key::Esc],
                    "stop looking",
                    "Stop looking for the message; you can start again.",
                    ProofAction::Stop,
                );
            }
            ProofPhase::AskOperator { .. } => {
                b.add(
                    &[Key::Char('y')],
                    "it arrived",
                    "The message with the code arrived on the phone.",
                    ProofAction::Arrived,
                );
                b.add(
                    &[Key::Char('n')],
                    "it did not",
                    "No message with the code arrived.",
                    ProofAction::NotArrived,
                );
                b.add(
                    &[Key::Char('x')],
                    "skip",
                    "Do not run this test; it is recorded as skipped.",
                    ProofAction::Skip,
                )
                .minor();
            }
            ProofPhase::Finished { outcome, .. } => {
                b.add(
                    &[Key::Char('r')],
                    "test again",
                    "Run the test again with a new code.",
                    ProofAction::Again,
                )
                .when(matches!(
                    outcome,
                    ProofOutcome::Failed | ProofOutcome::Skipped
                ));
            }
        }
        b
    }

    /// Carries out an action. `target` is the Hub (with the new key) whose report
    /// is read.
    /// Without a target (the new secret is not in memory after a restart) the
    /// report cannot be read, and the operator is asked instead.
    pub fn perform(
        &mut self,
        action: ProofAction,
        target: Option<&HubTarget>,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        match action {
            ProofAction::Watch => self.watch(target, cx),
            ProofAction::SpokeSent => {
                if !self.sandbox || self.spoke_task.is_some() {
                    return Vec::new();
                }
                let (task, command) = cx.start(Job::Sandbox(SandboxCall::SpokeSend {
                    to: self.number.clone(),
                    content: self.code.message_text(),
                }));
                self.spoke_task = Some(task);
                self.spoke_note = Some("The simulated ServiceNow is sending the text…".to_owned());
                let mut commands = vec![command];
                if self.phase == ProofPhase::Ready {
                    commands.extend(self.watch(target, cx));
                }
                commands
            }
            ProofAction::Stop => {
                let mut commands: Vec<Command> = self.spoke_task.take().map(Command::Cancel).into_iter().collect();
                if let ProofPhase::Watching { task, .. } = self.phase {
                    commands.push(Command::Cancel(task));
                }
                self.phase = ProofPhase::Ready;
                commands
            }
            ProofAction::Arrived => self.finish(ProofOutcome::ConfirmedByOperator, "You saw the message with the code arrive on the phone.".to_owned()),
            ProofAction::NotArrived => self.finish(ProofOutcome::Failed, "You said no message with the code arrived: ServiceNow may not be sending with the new key.".to_owned()),
            ProofAction::Skip => self.finish(ProofOutcome::Skipped, "You skipped the test sent from ServiceNow.".to_owned()),
            ProofAction::Again => {
                *self = Self::attempt(
                    self.number.clone(),
                    self.sandbox,
                    cx.now.utc,
                    self.attempt + 1,
                    self.window,
                );
                Vec::new()
            }
        }
    }
}
