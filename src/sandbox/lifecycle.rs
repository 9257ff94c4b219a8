//! How a sandbox message moves through its statuses, and the magic destination
//! numbers that steer it to a chosen ending.
//!
//! A message follows a fixed *plan*: a list of steps, each a number of
//! `delivery_step`s after the message starts (its submission, or its `scheduled`
//! time when that lies in the future). The store applies the steps lazily, when
//! someone looks, from timestamps: no background task, so a test with a small
//! `delivery_step` sees the same statuses and delivery reports on every run.

use crate::domain::message_status::MessageStatus;

/// Sending to this number ends `failed` (queued → enroute → failed).
pub const MAGIC_FAILED: &str = "+61400000001";
/// Sending to this number ends `rejected` (queued → rejected after one step).
pub const MAGIC_REJECTED: &str = "+61400000002";
/// Sending to this number stays `enroute` forever: it never reaches a final status,
/// which is how a client's "wait for a final state" timeout is exercised.
pub const MAGIC_STUCK_ENROUTE: &str = "+61400000003";

/// One documented magic destination number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MagicNumber {
    /// The destination number, in E.164 form.
    pub number: &'static str,
    /// The status the message ends in, or `None` when it never ends.
    pub final_status: Option<&'static str>,
    /// One line for humans (shown by `nowkey sandbox`).
    pub summary: &'static str,
}

/// Every magic destination number. Any other valid number is delivered after two
/// `delivery_step`s and then gets an automatic reply.
pub const MAGIC_NUMBERS: &[MagicNumber] = &[
    MagicNumber {
        number: MAGIC_FAILED,
        final_status: Some("failed"),
        summary: "queued → enroute → failed",
    },
    MagicNumber {
        number: MAGIC_REJECTED,
        final_status: Some("rejected"),
        summary: "queued → rejected",
    },
    MagicNumber {
        number: MAGIC_STUCK_ENROUTE,
        final_status: None,
        summary: "queued → enroute, never final",
    },
];

/// The content of the automatic reply to a delivered message.
pub const AUTO_REPLY_CONTENT: &str = "Sandbox auto-reply to your test message";

/// One planned status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// How many `delivery_step`s after the start the change happens.
    pub after_steps: u32,
    /// The new status.
    pub status: MessageStatus,
    /// Whether the handset answers at this moment (an automatic reply).
    pub reply: bool,
}

const DELIVERED: &[Step] = &[
    Step {
        after_steps: 1,
        status: MessageStatus::Enroute,
        reply: false,
    },
    Step {
        after_steps: 2,
        status: MessageStatus::Delivered,
        reply: true,
    },
];

const FAILED: &[Step] = &[
    Step {
        after_steps: 1,
        status: MessageStatus::Enroute,
        reply: false,
    },
    Step {
        after_steps: 2,
        status: MessageStatus::Failed,
        reply: false,
    },
];

const REJECTED: &[Step] = &[Step {
    after_steps: 1,
    status: MessageStatus::Rejected,
    reply: false,
}];

const STUCK: &[Step] = &[Step {
    after_steps: 1,
    status: MessageStatus::Enroute,
    reply: false,
}];

/// The plan for a message to `destination`.
pub(crate) fn plan_for(destination: &str) -> &'static [Step] {
    match destination {
        MAGIC_FAILED => FAILED,
        MAGIC_REJECTED => REJECTED,
        MAGIC_STUCK_ENROUTE => STUCK,
        _ => DELIVERED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_magic_number_has_a_plan_ending_as_documented() {
        for magic in MAGIC_NUMBERS {
            let plan = plan_for(magic.number);
            let last = plan.last().map(|s| s.status.clone());
            match magic.final_status {
                Some(status) => assert_eq!(last, Some(MessageStatus::parse(status))),
                None => assert!(!last.is_some_and(|s| s.is_final())),
            }
        }
        assert_eq!(
            plan_for("+61491570156").last().map(|s| s.status.clone()),
            Some(MessageStatus::Delivered)
        );
    }
}
