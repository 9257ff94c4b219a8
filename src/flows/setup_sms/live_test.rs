//! Step 8: send a real test SMS and follow it to a final state, then (optionally)
//! wait for the reply that proves the inbound path.

use std::time::{Duration, Instant};

use crate::clients::error::{ClientError, Service};
use crate::clients::hub::{Reply, SentMessage};
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::{convert_local, E164};
use crate::domain::token::HubCredentials;
use crate::flows::command::{Command, TaskId};
use crate::flows::text_input::TextInput;

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

/// Where the live test is.
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
    /// None arrived in time (the outbound test still passed).
    GaveUp,
}

/// The live test's state.
#[derive(Debug)]
pub struct LiveTest {
    /// The destination number field.
    pub number: TextInput,
    /// Where the test is.
    pub phase: LivePhase,
    /// Statuses seen so far, with the time since sending.
    pub history: Vec<(MessageStatus, Duration)>,
}

impl LiveTest {
    /// A fresh test with the number field filled in, if one is known.
    pub fn new(number: Option<&str>) -> Self {
        Self {
            number: number
                .map(TextInput::with_value)
                .unwrap_or_else(TextInput::plain),
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

    /// Validates the number and starts sending; sets the inline error otherwise.
    pub fn start(
        &mut self,
        task: TaskId,
        now: Instant,
        hub_url: &str,
        credentials: &HubCredentials,
    ) -> Vec<Command> {
        match E164::parse(self.number.value()) {
            Ok(to) => {
                self.number.set(to.as_str());
                self.history.clear();
                self.phase = LivePhase::Sending { task, started: now };
                vec![Command::SendTestMessage {
                    task,
                    hub_url: hub_url.to_owned(),
                    credentials: credentials.clone(),
                    to,
                    content: TEST_MESSAGE.to_owned(),
                }]
            }
            Err(error) => {
                self.number.error = Some(error.to_string());
                Vec::new()
            }
        }
    }

    /// The explicit local-to-international conversion (Ctrl-L): the field shows the
    /// converted number, so the operator sees it before sending.
    pub fn convert_number(&mut self, country_code: &str) {
        match convert_local(self.number.value(), country_code) {
            Ok(converted) => self.number.set(converted.as_str()),
            Err(error) => self.number.error = Some(error.to_string()),
        }
    }

    /// Handles the send result.
    pub fn on_sent(
        &mut self,
        task: TaskId,
        next_task: TaskId,
        result: Result<SentMessage, ClientError>,
        now: Instant,
        hub_url: &str,
        credentials: &HubCredentials,
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
                    .push((sent.status.clone(), now.saturating_duration_since(started)));
                self.phase = LivePhase::Following {
                    task: next_task,
                    message_id: sent.message_id.clone(),
                    status: sent.status,
                    started,
                };
                vec![poll_status(
                    next_task,
                    hub_url,
                    credentials,
                    &sent.message_id,
                )]
            }
            Err(error) => {
                self.phase = LivePhase::Failed {
                    message: error.user_message(Service::Hub),
                    elapsed: now.saturating_duration_since(started),
                };
                Vec::new()
            }
        }
    }

    /// Handles one status poll.
    #[allow(clippy::too_many_arguments)]
    pub fn on_status(
        &mut self,
        task: TaskId,
        next_task: TaskId,
        result: Result<MessageStatus, ClientError>,
        now: Instant,
        hub_url: &str,
        credentials: &HubCredentials,
        wait_for_reply: bool,
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
        let elapsed = now.saturating_duration_since(started);
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
                (
                    ReplyWait::Waiting {
                        task: next_task,
                        since: now,
                    },
                    vec![poll_replies(
                        next_task,
                        hub_url,
                        credentials,
                        Duration::ZERO,
                    )],
                )
            } else {
                (ReplyWait::GaveUp, Vec::new())
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
        self.phase = LivePhase::Following {
            task: next_task,
            message_id: message_id.clone(),
            status,
            started,
        };
        vec![poll_status(next_task, hub_url, credentials, &message_id)]
    }

    /// Handles one replies poll.
    pub fn on_replies(
        &mut self,
        task: TaskId,
        next_task: TaskId,
        result: Result<Vec<Reply>, ClientError>,
        now: Instant,
        hub_url: &str,
        credentials: &HubCredentials,
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
        if now.saturating_duration_since(since) >= REPLY_TIMEOUT {
            *reply = ReplyWait::GaveUp;
            return Vec::new();
        }
        *reply = ReplyWait::Waiting {
            task: next_task,
            since,
        };
        vec![poll_replies(
            next_task,
            hub_url,
            credentials,
            REPLY_POLL_INTERVAL,
        )]
    }

    /// Stops waiting for a reply (the outbound test stands).
    pub fn stop_waiting_for_reply(&mut self) -> Option<TaskId> {
        if let LivePhase::Delivered { reply, .. } = &mut self.phase {
            if let ReplyWait::Waiting { task, .. } = *reply {
                *reply = ReplyWait::GaveUp;
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

fn poll_status(
    task: TaskId,
    hub_url: &str,
    credentials: &HubCredentials,
    message_id: &str,
) -> Command {
    Command::PollMessageStatus {
        task,
        hub_url: hub_url.to_owned(),
        credentials: credentials.clone(),
        message_id: message_id.to_owned(),
        delay: STATUS_POLL_INTERVAL,
    }
}

fn poll_replies(
    task: TaskId,
    hub_url: &str,
    credentials: &HubCredentials,
    delay: Duration,
) -> Command {
    Command::PollReplies {
        task,
        hub_url: hub_url.to_owned(),
        credentials: credentials.clone(),
        delay,
    }
}
