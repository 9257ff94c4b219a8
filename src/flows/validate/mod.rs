//! Validating a saved configuration. The operator picks a profile, types the
//! secrets its checks use (each optional), and every planned check then runs at
//! once, each as its own task, shown live. The checks are the ones `nowkey
//! check` runs, planned by [`crate::domain::check::plan`].

mod bindings;
mod results;
mod secrets;
mod update;

pub use bindings::ValidateAction;
pub use results::{CheckRow, CheckState, RotateOffer};
pub use secrets::{secrets_used_by, SecretsForm};

use std::path::PathBuf;
use std::sync::Arc;

use super::activity::Activity;
use super::bindings::Bindings;
use super::command::Command;
use super::context::Context;
use super::exit::FlowExit;
use super::flow::{StepInfo, Steps};
use super::form::Form;
use super::outcome::TaskOutcome;
use super::question::SecretLoss;
use super::sandbox_pair::SandboxPair;
use super::task::TaskId;
use crate::domain::check::plan::plan_profile;
use crate::domain::check::secrets::CheckSecrets;
use crate::domain::check::secrets::SecretKind;
use crate::domain::check::CheckId;
use crate::domain::profile::Profile;
use crate::store::StoreError;

/// A saved profile the operator can validate.
#[derive(Debug, Clone)]
pub struct ValidatableProfile {
    /// The profile's name.
    pub name: String,
    /// Its saved settings.
    pub profile: Profile,
}

/// The screens of the validation.
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

/// The whole state of the validation.
pub struct Validate {
    /// The profiles that can be validated.
    pub profiles: Vec<ValidatableProfile>,
    /// Why the saved profiles could not be read, if they could not.
    pub load_error: Option<Arc<StoreError>>,
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
    /// The demo only: the key pairs its sandbox made (see [`Self::with_demo_pairs`]).
    demo_pairs: Vec<SandboxPair>,
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
    /// it opens straight on its secrets; with several, on the list.
    pub fn new(
        profiles: Result<Vec<ValidatableProfile>, Arc<StoreError>>,
        config_root: PathBuf,
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
            profiles,
            load_error,
            demo_pairs: Vec::new(),
        };
        match flow.profiles.len() {
            0 => {}
            1 => flow.choose(0),
            _ => flow.step = ValidateStep::ChooseProfile,
        }
        flow
    }

    /// The demo only: the Hub key pairs its sandbox made, so F2 can paste the
    /// secret of the profile's key (the profile never holds it).
    pub fn with_demo_pairs(mut self, pairs: Vec<SandboxPair>) -> Self {
        self.demo_pairs = pairs;
        self
    }

    /// The Hub-secret field and the sandbox pair of the chosen profile's key,
    /// when the demo's sandbox made that key.
    pub fn sandbox_secret_field(&self) -> Option<(usize, &SandboxPair)> {
        if self.step != ValidateStep::Secrets {
            return None;
        }
        let key = &self.profile()?.profile.sms.as_ref()?.api_key;
        let index = self
            .secrets
            .kinds
            .iter()
            .position(|kind| *kind == SecretKind::HubApiSecret)?;
        let pair = SandboxPair::of_key(&self.demo_pairs, key)?;
        Some((index, pair))
    }

    /// The chosen profile.
    pub fn profile(&self) -> Option<&ValidatableProfile> {
        self.chosen.and_then(|index| self.profiles.get(index))
    }

    /// The checks of the chosen profile that use `kind`: skipped when it is left empty.
    pub fn checks_using(&self, kind: SecretKind) -> Vec<CheckId> {
        self.checks
            .iter()
            .filter(|row| secrets_used_by(&row.planned.job).contains(&kind))
            .map(|row| row.planned.id)
            .collect()
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

    /// The screen's title.
    pub fn title(&self) -> String {
        let name = self.profile().map(|p| p.name.as_str()).unwrap_or_default();
        match self.step {
            ValidateStep::NoProfiles => "Nothing to validate yet".to_owned(),
            ValidateStep::ChooseProfile => "Which profile to validate".to_owned(),
            ValidateStep::Secrets => format!("Secrets for the checks of \"{name}\""),
            ValidateStep::Results => format!("Checks of \"{name}\""),
        }
    }
}

impl Steps for Validate {
    type Action = ValidateAction;

    fn bindings(&self) -> Bindings<ValidateAction> {
        self.step_bindings()
    }

    fn perform(
        &mut self,
        action: ValidateAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        self.perform_action(action, cx)
    }

    fn on_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        self.on_task_outcome(task, outcome, cx)
    }

    fn typing_form(&self) -> Option<&Form> {
        (self.step == ValidateStep::Secrets).then_some(&self.secrets.form)
    }

    fn typing_form_mut(&mut self) -> Option<&mut Form> {
        (self.step == ValidateStep::Secrets).then_some(&mut self.secrets.form)
    }

    /// The secrets typed here can be typed again: nothing is lost by leaving.
    fn secret_at_stake(&self) -> Option<SecretLoss> {
        None
    }

    fn step_info(&self) -> StepInfo {
        let purpose = match self.step {
            ValidateStep::NoProfiles => "Validation runs the checks of a saved profile; there is none yet. Set up the SMS connector or the HOPEX integration first.",
            ValidateStep::ChooseProfile => "Choose the saved profile to validate.",
            ValidateStep::Secrets => "Type the secrets the checks use. Each is optional: an empty one leaves the checks that need it unknown, and says so. Nothing typed here is stored.",
            ValidateStep::Results => "Every check of the profile runs at once, each within its own time limit, the same checks as nowkey check. Choose one to see what it found and what to do.",
        };
        StepInfo {
            flow: "Validate a configuration",
            title: self.title(),
            position: None,
            purpose,
        }
    }
}
