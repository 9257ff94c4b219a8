//! The live SMS: send a real test message with the credentials being set up (or
//! rotated in), follow it to a final state, then optionally wait for the reply
//! that proves the inbound path. Shared by the SMS setup and the rotation.

use std::time::{Duration, Instant};

use super::command::Command;
use super::context::Context;
use super::form::{Form, FormField};
use super::job::{HubCall, HubRequest, Job};
use super::outcome::HubOutcome;
use super::task::TaskId;
use crate::domain::hub::{HubTarget, Reply, SentMessage};
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::{convert_local, E164};
use crate::domain::remote_error::{ClientError, Service};

/// How often the message status is polled.
pub const STATUS_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How long a message is followed before the test is called inconclusive.
pub const FOLLOW_TIMEOUT: Duration = Duration::from_secs(120);
/// How often replies are polled.
pub const REPLY_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long to wait for a reply before giving up (the test still passed).
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(180);

/// The text of the test message.
pub const TEST_MESSAGE: &str =
    "nowkey test: your ServiceNow SMS connector can send. Reply to this message to test inbound SMS.";

/// Where the live SMS is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivePhase {
    /// Entering the number.
    Editing,
    /// The send request is under way.
    Sending {
        /// Task.
        task: TaskId,
        /// When the send started.
        started: Instant,
    },
    /// Sent; following its status.
    Following {
        /// Task of the pending poll.
        task: TaskId,
        /// The message.
        message_id: String,
        /// Last status seen.
        status: MessageStatus,
        /// When the send started.
        started: Instant,
    },
    /// Delivered to the handset.
    Delivered {
        /// The message.
        message_id: String,
        /// Send to delivery.
        elapsed: Duration,
        /// The reply, if any.
        reply: ReplyWait,
    },
    /// Did not reach the handset, or could not be sent.
    Failed {
        /// One sentence: what happened and what to do.
        message: String,
        /// How long it took.
        elapsed: Duration,
    },
    /// The operator chose to skip the live test.
    Skipped,
}

/// Waiting for the reply after delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyWait {
    /// Polling replies.
    Waiting {
        /// Task of the pending poll.
        task: TaskId,
        /// Since when.
        since: Instant,
    },
    /// A reply to our message arrived.
    Received(String),
    /// None arrived within [`REPLY_TIMEOUT`] (the outbound test still passed).
    GaveUp,
    /// The operator stopped waiting before a reply came.
    Stopped,
    /// Waiting for a reply was off when the message was delivered.
    NotAwaited,
}

/// The live SMS's state.
#[derive(Debug)]
pub struct LiveSms {
    /// The destination number (a one-field form).
    pub number: Form,
    /// Where the test is.
    pub phase: LivePhase,
    /// Statuses seen so far, with the time since sending.
    pub history: Vec<(MessageStatus, Duration)>,
}

impl LiveSms {
    /// A fresh test with the number field filled in, if one is known.
    pub fn new(number: Option<&str>) -> Self {
        Self {
            number: Form::single(FormField::text("Mobile number", number.unwrap_or_default())),
            phase: LivePhase::Editing,
            history: Vec::new(),
        }
    }

    /// True when the outbound test succeeded.
    pub fn passed(&self) -> bool {
        matches!(self.phase, LivePhase::Delivered { .. })
    }

    /// The task currently under way, if any.
    pub fn running_task(&self) -> Option<TaskId> {
        match &self.phase {
            LivePhase::Sending { task, .. } | LivePhase::Following { task, .. } => Some(*task),
            LivePhase::Delivered {
                reply: ReplyWait::Waiting { task, .. },
                ..
            } => Some(*task),
            _ => None,
        }
    }

    /// The number as typed.
    pub fn number_text(&self) -> &str {
        self.number.text(0)
    }

    /// True while the number can be edited: before sending, and after a failed
    /// test (the next send goes to the number as it then stands).
    pub fn editing(&self) -> bool {
        matches!(self.phase, LivePhase::Editing | LivePhase::Failed { .. })
    }

    /// While the message is followed: how long nowkey waits for delivery at
    /// most, and how much of that is left at `now`.
    pub fn delivery_wait(&self, now: Instant) -> Option<(Duration, Duration)> {
        match &self.phase {
            LivePhase::Following { started, .. } => Some((
                FOLLOW_TIMEOUT,
                FOLLOW_TIMEOUT.saturating_sub(now.saturating_duration_since(*started)),
            )),
            _ => None,
        }
    }

    /// Validates the number and starts sending; sets the inline error otherwise.
    pub fn start(&mut self, target: &HubTarget, cx: &mut Context<'_>) -> Vec<Command> {
        let parsed = E164::parse(self.number.text(0));
        let Some(to) = self.number.check(0, parsed) else {
            return Vec::new();
        };
        self.number.set_text(0, to.as_str());
        self.history.clear();
        let (task, command) = cx.start(hub_job(
            target,
            Duration::ZERO,
            HubRequest::SendMessage {
                to,
                content: TEST_MESSAGE.to_owned(),
            },
        ));
        self.phase = LivePhase::Sending {
            task,
            started: cx.now.instant,
        };
        vec![command]
    }

    /// The explicit local-to-international conversion (Ctrl-L): the field shows the
    /// converted number, so the operator sees it before sending.
    pub fn convert_number(&mut self, country_code: &str) {
        let converted = convert_local(self.number.text(0), country_code);
        if let Some(converted) = self.number.check(0, converted) {
            self.number.set_text(0, converted.as_str());
        }
    }

    /// Handles what the Hub answered to one of this test's requests; `None` when
    /// the outcome is not one of them.
    pub fn on_hub(
        &mut self,
        task: TaskId,
        outcome: HubOutcome,
        target: &HubTarget,
        wait_for_reply: bool,
        cx: &mut Context<'_>,
    ) -> Option<Vec<Command>> {
        match outcome {
            HubOutcome::Sent(result) => Some(self.on_sent(task, result, target, cx)),
            HubOutcome::Status(result) => {
                Some(self.on_status(task, result, target, wait_for_reply, cx))
            }
            HubOutcome::Replies(result) => Some(self.on_replies(task, result, target, cx)),
            HubOutcome::Credentials(_) | HubOutcome::Report(_) => None,
        }
    }

    fn on_sent(
        &mut self,
        task: TaskId,
        result: Result<SentMessage, ClientError>,
        target: &HubTarget,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let LivePhase::Sending {
            task: running,
            started,
        } = self.phase
        else {
            return Vec::new();
        };
        if running != task {
            return Vec::new();
        }
        match result {
            Ok(sent) => {
                self.history
                    .push((sent.status.clone(), cx.now.since(started)));
                let (next, command) = cx.start(poll_status(target, &sent.message_id));
                self.phase = LivePhase::Following {
                    task: next,
                    message_id: sent.message_id,
                    status: sent.status,
                    started,
                };
                vec![command]
            }
            Err(error) => {
                self.phase = LivePhase::Failed {
                    message: error.user_message(Service::Hub),
                    elapsed: cx.now.since(started),
                };
                Vec::new()
            }
        }
    }

    fn on_status(
        &mut self,
        task: TaskId,
        result: Result<MessageStatus, ClientError>,
        target: &HubTarget,
        wait_for_reply: bool,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let LivePhase::Following {
            task: running,
            message_id,
            started,
            ..
        } = self.phase.clone()
        else {
            return Vec::new();
        };
        if running != task {
            return Vec::new();
        }
        let elapsed = cx.now.since(started);
        let status = match result {
            Ok(status) => status,
            Err(error) => {
                self.phase = LivePhase::Failed {
                    message: error.user_message(Service::Hub),
                    elapsed,
                };
                return Vec::new();
            }
        };
        if self.history.last().map(|(s, _)| s) != Some(&status) {
            self.history.push((status.clone(), elapsed));
        }
        if status.is_success() {
            let (reply, commands) = if wait_for_reply {
                let (next, command) = cx.start(poll_replies(target, Duration::ZERO));
                (
                    ReplyWait::Waiting {
                        task: next,
                        since: cx.now.instant,
                    },
                    vec![command],
                )
            } else {
                (ReplyWait::NotAwaited, Vec::new())
            };
            self.phase = LivePhase::Delivered {
                message_id,
                elapsed,
                reply,
            };
            return commands;
        }
        if status.is_failure() {
            self.phase = LivePhase::Failed {
                message: format!(
                    "The Hub accepted the message but it ended {status}: check the number can receive SMS, then try again or ask the vendor why."
                ),
                elapsed,
            };
            return Vec::new();
        }
        if elapsed >= FOLLOW_TIMEOUT {
            self.phase = LivePhase::Failed {
                message: format!(
                    "The message was still {status} after {}s: the credentials work, but delivery is unconfirmed; check the handset, then retry.",
                    FOLLOW_TIMEOUT.as_secs()
                ),
                elapsed,
            };
            return Vec::new();
        }
        let (next, command) = cx.start(poll_status(target, &message_id));
        self.phase = LivePhase::Following {
            task: next,
            message_id,
            status,
            started,
        };
        vec![command]
    }

    fn on_replies(
        &mut self,
        task: TaskId,
        result: Result<Vec<Reply>, ClientError>,
        target: &HubTarget,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let LivePhase::Delivered {
            message_id, reply, ..
        } = &mut self.phase
        else {
            return Vec::new();
        };
        let ReplyWait::Waiting {
            task: running,
            since,
        } = *reply
        else {
            return Vec::new();
        };
        if running != task {
            return Vec::new();
        }
        let found = result.ok().and_then(|replies| {
            replies
                .into_iter()
                .find(|r| r.message_id.as_deref() == Some(message_id.as_str()))
        });
        if let Some(found) = found {
            *reply = ReplyWait::Received(found.content);
            return Vec::new();
        }
        if cx.now.since(since) >= REPLY_TIMEOUT {
            *reply = ReplyWait::GaveUp;
            return Vec::new();
        }
        let (next, command) = cx.start(poll_replies(target, REPLY_POLL_INTERVAL));
        *reply = ReplyWait::Waiting { task: next, since };
        vec![command]
    }

    /// Stops waiting for a reply (the outbound test stands).
    pub fn stop_waiting_for_reply(&mut self) -> Option<TaskId> {
        if let LivePhase::Delivered { reply, .. } = &mut self.phase {
            if let ReplyWait::Waiting { task, .. } = *reply {
                *reply = ReplyWait::Stopped;
                return Some(task);
            }
        }
        None
    }

    /// Cancels whatever is under way and returns to editing.
    pub fn cancel(&mut self) -> Option<TaskId> {
        let task = self.running_task();
        if matches!(
            self.phase,
            LivePhase::Sending { .. } | LivePhase::Following { .. }
        ) {
            self.phase = LivePhase::Editing;
        } else {
            self.stop_waiting_for_reply();
        }
        task
    }
}

fn hub_job(target: &HubTarget, after: Duration, request: HubRequest) -> Job {
    Job::Hub(HubCall {
        target: target.clone(),
        after,
        request,
    })
}

fn poll_status(target: &HubTarget, message_id: &str) -> Job {
    hub_job(
        target,
        STATUS_POLL_INTERVAL,
        HubRequest::MessageStatus {
            message_id: message_id.to_owned(),
        },
    )
}

fn poll_replies(target: &HubTarget, delay: Duration) -> Job {
    hub_job(target, delay, HubRequest::Replies)
}
