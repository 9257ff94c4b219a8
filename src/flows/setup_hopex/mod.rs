//! The HOPEX API-key setup, as a state machine. Every field rule of the HOPEX
//! documentation is enforced beside its field (see `fields.rs`).

mod bindings;
mod fields;
mod step;
mod tasks;
mod update;

pub use bindings::{HopexAction, Setting};
pub use step::{HopexStep, HOPEX_SAAS_STEP_COUNT, HOPEX_STEP_COUNT};

use chrono::NaiveDate;
use secrecy::SecretString;

use super::activity::Activity;
use super::bindings::Bindings;
use super::clipboard_tracker::ClipboardTracker;
use super::command::Command;
use super::context::Context;
use super::env::FlowEnv;
use super::exit::FlowExit;
use super::flow::{StepInfo, Steps};
use super::form::{Form, FormField};
use super::now::Now;
use super::outcome::TaskOutcome;
use super::question::{Question, SecretLoss};
use super::servicenow_check::ServiceNowCheck;
use super::task::TaskId;
use super::wizard::{SetupShared, Wizard};
use crate::domain::hopex::console::{key_instructions, KeyInstructions, NewKeyValues};
use crate::domain::hopex::rules::{parse_expiry, PROFILE_RIGHTS_NOTE};
use crate::domain::hopex::version::{self, HopexVersion};
use crate::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode, SCHEMAS};

/// Field indexes of the deployment form.
pub mod deployment_field {
    /// On-premises or SaaS.
    pub const KIND: usize = 0;
    /// The version string.
    pub const VERSION: usize = 1;
}

/// Field indexes of the connection form.
pub mod connection_field {
    /// HOPEX server URL.
    pub const SERVER: usize = 0;
    /// GraphQL schema.
    pub const SCHEMA: usize = 1;
    /// Data flow.
    pub const DATA_FLOW: usize = 2;
    /// The operator's own login to the integration.
    pub const OWN_LOGIN: usize = 3;
}

/// Field indexes of the key form.
pub mod key_field {
    /// Key name.
    pub const NAME: usize = 0;
    /// HOPEX login the key acts as.
    pub const LOGIN: usize = 1;
    /// EnvironmentId.
    pub const ENVIRONMENT: usize = 2;
    /// RepositoryId.
    pub const REPOSITORY: usize = 3;
    /// ProfileId.
    pub const PROFILE: usize = 4;
    /// Session mode.
    pub const SESSION: usize = 5;
    /// Connection mode.
    pub const CONNECTION: usize = 6;
    /// Optional expiration date (shown only where the version has one).
    pub const EXPIRES: usize = 7;
}

/// A saved profile's HOPEX key scope: (profile name, environment, repository).
pub type KeyScope = (String, String, String);

/// The whole state of the HOPEX setup.
pub struct SetupHopex {
    /// Where the wizard runs.
    pub env: FlowEnv,
    /// The current step.
    pub step: HopexStep,
    /// Step 1.
    pub deployment: Form,
    /// Step 2.
    pub connection: Form,
    /// Step 3.
    pub key_fields: Form,
    /// Step 5: the key field (masked).
    pub key_form: Form,
    /// The captured key (held only in memory).
    pub api_key: Option<SecretString>,
    /// Sandbox only: a key creation under way.
    pub sandbox_key_task: Option<TaskId>,
    /// Sandbox only: a note about the sandbox console.
    pub sandbox_note: Option<String>,
    /// Sandbox only: the key the sandbox console created, for F2.
    pub sandbox_created_key: Option<SecretString>,
    /// Step 7: the HOPEX key check.
    pub hopex_check: Activity,
    /// The ServiceNow user of steps 6–7, the copies of step 8, step 9's save,
    /// and the cancel question.
    pub shared: SetupShared,
    /// Keys saved profiles already hold.
    pub existing_keys: Vec<KeyScope>,
}

impl std::fmt::Debug for SetupHopex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupHopex")
            .field("step", &self.step)
            .field("api_key", &self.api_key.as_ref().map(|_| "[REDACTED]"))
            .finish_non_exhaustive()
    }
}

impl SetupHopex {
    /// A new flow at step 1.
    pub fn new(env: FlowEnv, existing_keys: Vec<KeyScope>) -> Self {
        let server = env.hopex_url.clone().or_else(|| env.sandbox_url.clone());
        let instance = env
            .servicenow_url
            .clone()
            .or_else(|| env.sandbox_url.clone());
        let mut flow = Self {
            step: HopexStep::Deployment,
            deployment: Form::new(vec![
                FormField::choice("Deployment", vec!["On-premises", "SaaS (hopexcloud.com)"], 0)
                    .with_help("←/→ to choose. On-premises needs an API key; SaaS does not."),
                FormField::text("HOPEX version", "")
                    .with_help("As shown in HOPEX's About box, e.g. V5 CP6 HF27 or V6 SP1 CU4."),
            ]),
            connection: Form::new(vec![
                FormField::text("HOPEX server", server.as_deref().unwrap_or_default())
                    .with_help("e.g. https://hopex.acme.com or https://acme.hopexcloud.com"),
                FormField::choice("GraphQL schema", SCHEMAS.to_vec(), 0)
                    .with_help("Used for the key check; ITPM works for most."),
                FormField::choice(
                    "Data flow",
                    vec!["HOPEX → ServiceNow", "ServiceNow → HOPEX", "Both ways"],
                    2,
                ),
                FormField::text("Your login", "").with_help(
                    "The HOPEX login you use to access the integration; the key's login must differ.",
                ),
            ]),
            key_fields: Form::new(vec![
                FormField::text("Name", "ServiceNow"),
                FormField::text("HOPEX login", "")
                    .with_help("A dedicated login; it must differ from yours."),
                FormField::text("EnvironmentId", ""),
                FormField::text("RepositoryId", "")
                    .with_help("One API key per repository."),
                FormField::text("ProfileId", "").with_help(PROFILE_RIGHTS_NOTE),
                FormField::choice("Session mode", vec!["Multi (recommended)", "Single"], 0),
                FormField::choice(
                    "Connection mode",
                    vec!["Read/write (recommended)", "Read only"],
                    0,
                ),
                FormField::text("Expiration date", "").with_help(
                    "Optional, YYYY-MM-DD, as the key's expiration date in HOPEX; leave empty for none.",
                ),
            ]),
            key_form: Form::new(vec![FormField::secret("HOPEX API key")]),
            api_key: None,
            sandbox_key_task: None,
            sandbox_note: None,
            sandbox_created_key: None,
            hopex_check: Activity::Idle,
            shared: SetupShared::new(instance.as_deref(), "hopex"),
            existing_keys,
            env,
        };
        flow.shared.servicenow = ServiceNowCheck::with_sign_in_choice(instance.as_deref());
        flow.refresh_live_rules();
        flow
    }

    /// The HOPEX version typed on step 1, when it reads as one (it is always
    /// accepted before the key's steps).
    pub fn version(&self) -> Option<HopexVersion> {
        version::parse(self.deployment.text(deployment_field::VERSION)).ok()
    }

    /// Where and how this version's key is made; `None` until a version reads.
    pub fn key_instructions(&self) -> Option<KeyInstructions> {
        self.version().map(|v| key_instructions(&v))
    }

    /// True when this version's keys take an expiration date.
    pub fn can_expire(&self) -> bool {
        self.with_key() && self.key_instructions().is_some_and(|i| i.can_expire)
    }

    /// The expiration date entered, where the version has one and it reads.
    pub fn key_expires(&self) -> Option<NaiveDate> {
        if !self.can_expire() {
            return None;
        }
        parse_expiry(self.key_fields.text(key_field::EXPIRES))
            .ok()
            .flatten()
    }

    /// The key's values as entered, for the checklist.
    pub fn new_key_values(&self) -> NewKeyValues<'_> {
        let text = |index| self.key_fields.text(index).trim();
        NewKeyValues {
            name: text(key_field::NAME),
            login: text(key_field::LOGIN),
            environment_id: text(key_field::ENVIRONMENT),
            repository_id: text(key_field::REPOSITORY),
            profile_id: text(key_field::PROFILE),
            session_mode: self.session_mode(),
            connection_mode: self.connection_mode(),
            expires: self.key_expires(),
        }
    }

    /// On-premises or SaaS, as chosen.
    pub fn deployment_kind(&self) -> Deployment {
        match self.deployment.choice(deployment_field::KIND) {
            0 => Deployment::OnPrem,
            _ => Deployment::Saas,
        }
    }

    /// True when this deployment needs an API key.
    pub fn with_key(&self) -> bool {
        crate::domain::hopex::rules::needs_api_key(self.deployment_kind())
    }

    /// True when there is a key the summary may copy: captured, and on the
    /// on-premises path (a key left from an earlier on-premises walk is not part
    /// of a SaaS setup).
    pub fn key_to_copy(&self) -> bool {
        self.with_key() && self.api_key.is_some()
    }

    /// The chosen schema.
    pub fn schema(&self) -> &'static str {
        SCHEMAS[self.connection.choice(connection_field::SCHEMA)]
    }

    /// The chosen data flow.
    pub fn data_flow(&self) -> DataFlow {
        match self.connection.choice(connection_field::DATA_FLOW) {
            0 => DataFlow::HopexToServiceNow,
            1 => DataFlow::ServiceNowToHopex,
            _ => DataFlow::Both,
        }
    }

    /// The chosen session mode.
    pub fn session_mode(&self) -> SessionMode {
        match self.key_fields.choice(key_field::SESSION) {
            0 => SessionMode::Multi,
            _ => SessionMode::Single,
        }
    }

    /// The chosen connection mode.
    pub fn connection_mode(&self) -> ConnectionMode {
        match self.key_fields.choice(key_field::CONNECTION) {
            0 => ConnectionMode::ReadWrite,
            _ => ConnectionMode::ReadOnly,
        }
    }

    /// True when every check this deployment needs has passed.
    pub fn checks_passed(&self) -> bool {
        self.shared.servicenow.activity.passed() && (!self.with_key() || self.hopex_check.passed())
    }

    /// True while the HOPEX or the ServiceNow check runs.
    pub fn checks_running(&self) -> bool {
        self.shared.servicenow.activity.running_task().is_some()
            || self.hopex_check.running_task().is_some()
    }

    /// The form that takes typing on this step, if any.
    pub fn editable_form(&self) -> Option<&Form> {
        match self.step {
            HopexStep::Deployment => Some(&self.deployment),
            HopexStep::Connection => Some(&self.connection),
            HopexStep::KeyFields => Some(&self.key_fields),
            HopexStep::CaptureKey => Some(&self.key_form),
            HopexStep::ServiceNow => Some(&self.shared.servicenow.form),
            HopexStep::Save if !self.shared.save.running() => Some(&self.shared.save.name),
            _ => None,
        }
    }

    /// The same form, to edit it.
    pub fn editable_form_mut(&mut self) -> Option<&mut Form> {
        match self.step {
            HopexStep::Deployment => Some(&mut self.deployment),
            HopexStep::Connection => Some(&mut self.connection),
            HopexStep::KeyFields => Some(&mut self.key_fields),
            HopexStep::CaptureKey => Some(&mut self.key_form),
            HopexStep::ServiceNow => Some(&mut self.shared.servicenow.form),
            HopexStep::Save if !self.shared.save.running() => Some(&mut self.shared.save.name),
            _ => None,
        }
    }
}

impl Steps for SetupHopex {
    type Action = HopexAction;

    fn bindings(&self) -> Bindings<HopexAction> {
        self.step_bindings()
    }

    fn perform(&mut self, action: HopexAction, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit) {
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
        self.editable_form()
    }

    fn typing_form_mut(&mut self) -> Option<&mut Form> {
        self.editable_form_mut()
    }

    /// Choices and values change the rules that follow them (Read only against
    /// the data flow, a second key for a repository).
    fn after_edit(&mut self) {
        self.refresh_live_rules();
    }

    fn clipboard(&mut self) -> Option<&mut ClipboardTracker> {
        Some(&mut self.shared.clipboard)
    }

    fn clipboard_view(&self) -> Option<&ClipboardTracker> {
        Some(&self.shared.clipboard)
    }

    fn secret_at_stake(&self) -> Option<SecretLoss> {
        let holds = self.step != HopexStep::Done
            && (self.api_key.is_some() || !self.key_form.text(0).is_empty());
        holds.then_some(SecretLoss::HopexKey)
    }

    fn step_info(&self) -> StepInfo {
        let with_key = self.with_key();
        StepInfo {
            flow: "HOPEX integration setup",
            title: self.step.title(with_key).to_owned(),
            position: self.step.position(with_key),
            purpose: self.step.purpose(with_key),
        }
    }

    fn open_question(&self) -> Option<Question> {
        self.shared.question
    }
}

impl Wizard for SetupHopex {
    fn shared(&mut self) -> &mut SetupShared {
        &mut self.shared
    }

    fn cancel_own(&mut self, now: Now) -> Vec<Command> {
        let stopped = "You stopped the check before HOPEX answered.";
        [
            self.hopex_check.stop(now.instant, stopped),
            self.sandbox_key_task.take(),
        ]
        .into_iter()
        .flatten()
        .map(Command::Cancel)
        .collect()
    }

    fn saved(&mut self) {
        self.step = HopexStep::Done;
    }
}
