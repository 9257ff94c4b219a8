//! The validation's results: each planned check's state, the tally, and the direct actions
//! the results call for.

use crate::domain::rotation::Credential;
use std::time::{Duration, Instant};

use super::{secrets_used_by, Validate, ValidateAction};
use crate::domain::check::plan::PlannedCheck;
use crate::domain::check::{CheckId, CheckResult, Outcome, Tally};
use crate::domain::hopex::Deployment;
use crate::flows::task::TaskId;

/// Where one check is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckState {
    /// Not run yet.
    Waiting,
    /// Under way.
    Running {
        /// The task.
        task: TaskId,
        /// When it started.
        started: Instant,
    },
    /// Finished, with its result (which holds no secret).
    Finished(Box<CheckResult>),
    /// The operator stopped it (Esc) before it answered.
    Stopped {
        /// How long it had run.
        elapsed: Duration,
    },
}

/// One planned check and where it is.
#[derive(Debug, Clone)]
pub struct CheckRow {
    /// The check.
    pub planned: PlannedCheck,
    /// Its state.
    pub state: CheckState,
}

impl CheckRow {
    /// A check not run yet.
    pub fn waiting(planned: PlannedCheck) -> Self {
        Self {
            planned,
            state: CheckState::Waiting,
        }
    }

    /// Its result, once finished.
    pub fn result(&self) -> Option<&CheckResult> {
        match &self.state {
            CheckState::Finished(result) => Some(result),
            _ => None,
        }
    }

    /// True once there is something to show in its details: it finished, or the
    /// operator stopped it.
    pub fn has_detail(&self) -> bool {
        matches!(
            self.state,
            CheckState::Finished(_) | CheckState::Stopped { .. }
        )
    }

    /// The running task, if any.
    pub fn running_task(&self) -> Option<TaskId> {
        match self.state {
            CheckState::Running { task, .. } => Some(task),
            _ => None,
        }
    }
}

/// The direct action a result calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateOffer {
    /// The key is due or overdue: rotate it now.
    RotateNow,
    /// A rotation was left unfinished: resume it.
    Resume,
    /// The HOPEX key expires within 30 days or has expired: rotate it now.
    HopexKeyExpiring,
}

impl RotateOffer {
    /// The action, as the key hint says it.
    pub fn label(self) -> &'static str {
        match self {
            RotateOffer::RotateNow => "rotate now",
            RotateOffer::Resume => "resume rotation",
            RotateOffer::HopexKeyExpiring => "rotate HOPEX key",
        }
    }

    /// Which key the offer rotates: `None` for a resume (the app opens the
    /// key whose rotation is in progress).
    pub fn credential(self) -> Option<Credential> {
        match self {
            RotateOffer::RotateNow => Some(Credential::HubKey),
            RotateOffer::Resume => None,
            RotateOffer::HopexKeyExpiring => Some(Credential::HopexKey),
        }
    }
}

impl Validate {
    /// Counts of the finished checks' outcomes.
    pub fn tally(&self) -> Tally {
        Tally::of(self.checks.iter().filter_map(CheckRow::result))
    }

    /// How many checks are still running.
    pub fn running(&self) -> usize {
        self.checks
            .iter()
            .filter(|row| row.running_task().is_some())
            .count()
    }

    /// How many checks the operator stopped.
    pub fn stopped(&self) -> usize {
        self.checks
            .iter()
            .filter(|row| matches!(row.state, CheckState::Stopped { .. }))
            .count()
    }

    /// The selected check.
    pub fn selected_check(&self) -> Option<&CheckRow> {
        self.checks.get(self.cursor)
    }

    /// What to do about the selected check, in this screen's words: a check
    /// unknown because its secret was left empty says to go back and type it;
    /// otherwise the check's own remediation.
    pub fn remediation(&self, row: &CheckRow) -> Option<String> {
        let bindings = self.step_bindings();
        if let CheckState::Stopped { .. } = row.state {
            let run = bindings.key_for(&ValidateAction::Run)?;
            return Some(format!("Press {run} to run the checks again."));
        }
        let result = row.result()?;
        if result.outcome == Outcome::Unknown {
            // The way there: Esc from the results (once the checks stop) leads back
            // to the secrets, where Enter runs them.
            let missing: Vec<&str> = secrets_used_by(&row.planned.job)
                .iter()
                .filter(|kind| !self.given.has(**kind))
                .map(|kind| kind.label())
                .collect();
            if !missing.is_empty() {
                return Some(format!(
                    "Press Esc to go back, type the {}, then Enter to run the checks again.",
                    missing.join(" and the ")
                ));
            }
        }
        result.remediation.clone()
    }

    /// The rotation action the results call for: the SMS key is due or overdue,
    /// or its rotation was left unfinished; or the HOPEX key (on-premises) expires
    /// soon or has expired.
    pub fn rotate_offer(&self) -> Option<RotateOffer> {
        let concerning = |id: CheckId| {
            self.checks
                .iter()
                .filter_map(CheckRow::result)
                .any(|r| r.id == id && matches!(r.outcome, Outcome::Warn | Outcome::Fail))
        };
        let profile = &self.profile()?.profile;
        if concerning(CheckId::RotationUnfinished) {
            return Some(RotateOffer::Resume);
        }
        if profile.sms.is_some() && concerning(CheckId::HubKeyAge) {
            return Some(RotateOffer::RotateNow);
        }
        let on_prem = profile
            .hopex
            .as_ref()
            .is_some_and(|h| h.deployment != Deployment::Saas);
        if on_prem && concerning(CheckId::HopexKeyExpiry) {
            return Some(RotateOffer::HopexKeyExpiring);
        }
        None
    }

    /// True when the report can be written: checks have finished and none runs.
    pub fn can_export(&self) -> bool {
        self.running() == 0
            && self.export.running_task().is_none()
            && self.checks.iter().any(|row| row.result().is_some())
    }
}
