//! Flow D: validating a saved configuration. The operator picks a profile, types
//! the secrets its checks use (each optional), and every planned check then runs at
//! once, each as its own task, shown live. The checks themselves are
//! [`crate::checks`], the same ones `nowkey check` runs.

mod results;
mod secrets;
mod update;

pub use results::{CheckRow, CheckState, RotateOffer};
pub use secrets::{secret_used_by, SecretsForm};

use std::path::PathBuf;

use super::activity::Activity;
use super::command::TaskId;
use crate::checks::{plan_profile, CheckSecrets};
use crate::domain::check::secrets::SecretKind;
use crate::domain::check::CheckId;
use crate::domain::profile::Profile;

/// A saved profile the operator can validate.
#[derive(Debug, Clone)]
pub struct ValidatableProfile {
    /// The profile's name.
    pub name: String,
    /// Its saved settings.
    pub profile: Profile,
}

/// The screens of flow D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidateStep {
    /// No saved profile (or the profiles could not be read).
    NoProfiles,
    /// Several profiles: pick one.
    ChooseProfile,
    /// The secrets the chosen profile's checks use.
    Secrets,
    /// The checks, running or finished.
    Results,
}

/// What the app should do after an update of this flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidateExit {
    /// Stay in the flow.
    Stay,
    /// Leave, back to where the flow was opened from.
    Back,
    /// Leave and rotate this profile's key (flow C).
    Rotate(String),
}

/// The whole state of flow D.
pub struct Validate {
    /// The profiles that can be validated.
    pub profiles: Vec<ValidatableProfile>,
    /// Why the saved profiles could not be read, if they could not.
    pub load_error: Option<String>,
    /// The selected profile on the list.
    pub selected: usize,
    /// The chosen profile (index into `profiles`), once chosen.
    pub chosen: Option<usize>,
    /// The screen showing.
    pub step: ValidateStep,
    /// The secrets the chosen profile's checks use (masked fields).
    pub secrets: SecretsForm,
    /// The chosen profile's checks, in plan order.
    pub checks: Vec<CheckRow>,
    /// The selected check on the results screen.
    pub cursor: usize,
    /// The detail panel of the selected check is open.
    pub detail_open: bool,
    /// Writing the support report.
    pub export: Activity,
    /// The secrets as given at the last run, for `r` (held in secrecy types).
    given: CheckSecrets,
    /// The config folder's root, for the check that reads the rotation journal.
    config_root: PathBuf,
    next_task: TaskId,
}

impl std::fmt::Debug for Validate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validate")
            .field("step", &self.step)
            .field("chosen", &self.chosen)
            .field("given", &self.given)
            .finish_non_exhaustive()
    }
}

impl Validate {
    /// The flow over `profiles` (or why they could not be read). With one profile
    /// it opens straight on its secrets; with several, on the list. Task ids start
    /// at `first_task`, so a late result of an earlier run of the flow can never be
    /// taken for one of this run's.
    pub fn new(
        profiles: Result<Vec<ValidatableProfile>, String>,
        config_root: PathBuf,
        first_task: TaskId,
    ) -> Self {
        let (profiles, load_error) = match profiles {
            Ok(list) => (list, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        let mut flow = Self {
            step: ValidateStep::NoProfiles,
            selected: 0,
            chosen: None,
            secrets: SecretsForm::for_kinds(&[]),
            checks: Vec::new(),
            cursor: 0,
            detail_open: false,
            export: Activity::Idle,
            given: CheckSecrets::default(),
            config_root,
            next_task: first_task.max(1),
            profiles,
            load_error,
        };
        match flow.profiles.len() {
            0 => {}
            1 => flow.choose(0),
            _ => flow.step = ValidateStep::ChooseProfile,
        }
        flow
    }

    /// The chosen profile.
    pub fn profile(&self) -> Option<&ValidatableProfile> {
        self.chosen.and_then(|index| self.profiles.get(index))
    }

    /// The checks of the chosen profile that use `kind`: skipped when it is left empty.
    pub fn checks_using(&self, kind: SecretKind) -> Vec<CheckId> {
        self.checks
            .iter()
            .filter(|row| secret_used_by(&row.planned.job) == Some(kind))
            .map(|row| row.planned.id)
            .collect()
    }

    /// The next task id this flow would use; the app starts the next run of the
    /// flow from here.
    pub fn next_task_id(&self) -> TaskId {
        self.next_task
    }

    /// Chooses profile `index`: plans its checks and asks for its secrets.
    fn choose(&mut self, index: usize) {
        let Some(chosen) = self.profiles.get(index) else {
            return;
        };
        self.checks = plan_profile(&chosen.name, &chosen.profile, self.config_root.clone())
            .into_iter()
            .map(CheckRow::waiting)
            .collect();
        self.secrets = SecretsForm::for_profile(&chosen.profile);
        self.chosen = Some(index);
        self.cursor = 0;
        self.detail_open = false;
        self.export = Activity::Idle;
        self.step = ValidateStep::Secrets;
    }

    fn new_task(&mut self) -> TaskId {
        let id = self.next_task;
        self.next_task += 1;
        id
    }
}
