//! Asking the issuer (the Hub, or HOPEX) whether it still accepts the old key
//! after the operator deleted or revoked it: the rounds of tries against a
//! deadline, and what each answer leads to. Shared by both keys' rotations;
//! each flow only sends its own kind of request and words its own screen.

use std::time::Duration;

use crate::domain::remote_error::ClientError;
use crate::domain::rotation::{Event, Phase, Revocation, Rotation};
use crate::flows::activity::Activity;
use crate::flows::now::Now;
use crate::flows::rotate::{DeletionCheck, OldKeyAnswer};

/// What a flow does after one answer about the old key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldKeyNext {
    /// Ask again after the poll's pause (the deadline has not passed).
    AskAgain,
    /// Record this in the journal.
    Record(Event),
    /// Nothing more: the operator chooses (check again, wait, finish anyway).
    OperatorChooses,
}

impl OldKeyAnswer {
    /// The answer a sign-in with the old key got: a refusal means revoked;
    /// any other failure means the issuer could not be asked (`why`, one
    /// sentence).
    pub fn from_sign_in<T>(
        result: &Result<T, ClientError>,
        why: impl FnOnce(&ClientError) -> String,
    ) -> Self {
        match result {
            Ok(_) => OldKeyAnswer::Accepted,
            Err(ClientError::Auth { .. }) => OldKeyAnswer::Rejected,
            Err(error) => OldKeyAnswer::Unreachable(why(error)),
        }
    }
}

impl DeletionCheck {
    /// Starts a round of tries lasting `window` (zero: one try).
    pub fn begin(&mut self, window: Duration, now: Now) {
        let deadline_utc = now.utc + chrono::Duration::from_std(window).unwrap_or_default();
        self.deadline = Some((deadline_utc, now.instant + window));
        self.tries = 0;
    }

    /// Takes one answer: a refusal confirms the revocation; an acceptance (or
    /// no answer) is asked again until the deadline, then the operator
    /// chooses. "Still accepted" is recorded once it is the last word.
    pub fn take_answer(
        &mut self,
        answer: OldKeyAnswer,
        now: Now,
        rotation: Option<&Rotation>,
    ) -> OldKeyNext {
        self.last = Some((answer.clone(), now.utc));
        let past_deadline = self.deadline.is_none_or(|(_, at)| now.instant >= at);
        if answer != OldKeyAnswer::Rejected && !past_deadline {
            return OldKeyNext::AskAgain;
        }
        self.activity = Activity::Idle;
        self.deadline = None;
        let recorded = rotation.and_then(|r| r.old_key_revocation);
        match answer {
            OldKeyAnswer::Rejected => OldKeyNext::Record(Event::OldKeyDeleted {
                revocation: Revocation::Confirmed,
            }),
            OldKeyAnswer::Accepted if recorded != Some(Revocation::StillAccepted) => {
                OldKeyNext::Record(Event::OldKeyStillAccepted)
            }
            OldKeyAnswer::Accepted | OldKeyAnswer::Unreachable(_) => OldKeyNext::OperatorChooses,
        }
    }

    /// True once the issuer was asked and did not confirm the revocation (it
    /// still accepted the old key, or could not be reached), while nothing is
    /// being asked: the operator chooses what to do next.
    pub fn unresolved(&self, rotation: Option<&Rotation>) -> bool {
        let recorded = rotation.is_some_and(|r| {
            r.phase == Phase::LiveTestPassed
                && r.old_key_revocation == Some(Revocation::StillAccepted)
        });
        let answered = matches!(
            self.last,
            Some((OldKeyAnswer::Accepted | OldKeyAnswer::Unreachable(_), _))
        );
        self.activity.running_task().is_none() && (recorded || answered)
    }

    /// Going on without a confirmation: still accepted when the issuer
    /// accepted the old key, not verified when it could not be asked.
    pub fn finish_anyway(&self, rotation: Option<&Rotation>) -> Event {
        let unreachable = matches!(self.last, Some((OldKeyAnswer::Unreachable(_), _)));
        let still_accepted =
            rotation.is_some_and(|r| r.old_key_revocation == Some(Revocation::StillAccepted));
        let revocation = if unreachable && !still_accepted {
            Revocation::NotVerified
        } else {
            Revocation::StillAccepted
        };
        Event::OldKeyDeleted { revocation }
    }
}
