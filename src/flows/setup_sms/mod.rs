//! The SMS connector's first-time setup, as a state machine: choose the Hub,
//! create and capture the key, build the spoke token, check it, set up inbound
//! SMS, send a live SMS, save the profile. `update` takes a message and returns
//! commands; it never does I/O.

mod bindings;
mod capture;
mod finish;
mod servicenow;
mod step;
mod tasks;
mod update;

pub use bindings::SmsAction;
pub use step::{Step, STEP_COUNT};

use super::activity::Activity;
use super::bindings::Bindings;
use super::clipboard_tracker::ClipboardTracker;
use super::command::Command;
use super::context::Context;
use super::env::FlowEnv;
use super::exit::FlowExit;
use super::flow::{StepInfo, Steps};
use super::form::{Form, FormField};
use super::live_sms::LiveSms;
use super::now::Now;
use super::outcome::TaskOutcome;
use super::question::{Question, SecretLoss};
use super::sandbox_pair::SandboxPair;
use super::servicenow_proof::ServiceNowProof;
use super::servicenow_write::{ServiceNowWriter, Targets};
use super::task::TaskId;
use super::wizard::{SetupShared, Wizard};
use crate::domain::hub::HubTarget;
use crate::domain::paste::refuse_as_api_key;
use crate::domain::token::{HubCredentials, Token};
use crate::domain::vendors::{Vendor, VendorCatalog};

/// Field indexes of the capture form (step 3).
pub mod capture_field {
    /// The API key.
    pub const KEY: usize = 0;
    /// The API secret (masked).
    pub const SECRET: usize = 1;
}

/// The whole state of the SMS connector setup.
pub struct SetupSms {
    /// Where the wizard runs.
    pub env: FlowEnv,
    /// The current step.
    pub step: Step,
    /// The brands.
    pub catalog: VendorCatalog,
    /// The selected brand.
    pub vendor_index: usize,
    /// Step 1: the Hub API URL (pre-filled from the brand or the override).
    pub api_url: Form,
    /// Step 1: true when the URL field (not the brand list) has the focus.
    pub api_url_focused: bool,
    /// Step 2 (sandbox only): the key the sandbox created, shown as the Hub would.
    pub sandbox_key: Option<SandboxPair>,
    /// Step 2 (sandbox only): a key creation under way.
    pub sandbox_key_task: Option<TaskId>,
    /// Step 2: a note about opening the browser, or the sandbox.
    pub browser_note: Option<String>,
    /// Step 2: the browser being opened, and the URL it was given.
    pub browser_task: Option<(TaskId, String)>,
    /// Step 3: the API key and the API secret (masked).
    pub capture: Form,
    /// The captured credentials, once step 3 passed.
    pub credentials: Option<HubCredentials>,
    /// Steps 5–6: the token is shown in full (only when asked).
    pub token_revealed: bool,
    /// Step 7: the credential check.
    pub verify: Activity,
    /// Step 9: the live SMS.
    pub live: LiveSms,
    /// Step 9: wait for the reply after delivery.
    pub wait_for_reply: bool,
    /// Step 4's optional ServiceNow check, the copies of steps 6 and 8, step
    /// 10's save, and the cancel question.
    pub shared: SetupShared,
    /// Step 6, optional: nowkey writing the token and key into ServiceNow.
    pub writer: Option<ServiceNowWriter>,
    /// The records nowkey wrote to, for the profile.
    pub targets: Targets,
    /// How many records nowkey wrote (0 when done by hand).
    pub written: usize,
    /// The instance nowkey wrote to, for the profile.
    pub written_instance: Option<String>,
    /// Step 9, optional: the test sent from ServiceNow.
    pub proof: Option<ServiceNowProof>,
    /// Its outcome, once closed.
    pub proof_outcome: Option<crate::domain::servicenow_write::ProofOutcome>,
}

impl std::fmt::Debug for SetupSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupSms")
            .field("step", &self.step)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl SetupSms {
    /// A new flow at step 1.
    pub fn new(env: FlowEnv, catalog: VendorCatalog) -> Self {
        let instance = env
            .servicenow_url
            .clone()
            .or_else(|| env.sandbox_url.clone());
        let mut flow = Self {
            env,
            step: Step::Vendor,
            catalog,
            vendor_index: 0,
            api_url: Form::single(FormField::text("Hub API URL", "")),
            api_url_focused: false,
            sandbox_key: None,
            sandbox_key_task: None,
            browser_note: None,
            browser_task: None,
            capture: Form::new(vec![
                FormField::text("API key   ", "").refusing(refuse_as_api_key),
                FormField::secret("API secret"),
            ]),
            credentials: None,
            token_revealed: false,
            verify: Activity::Idle,
            live: LiveSms::new(None),
            wait_for_reply: true,
            shared: SetupShared::new(instance.as_deref(), "default"),
            writer: None,
            targets: Targets::default(),
            written: 0,
            written_instance: None,
            proof: None,
            proof_outcome: None,
        };
        flow.refill_api_url();
        flow
    }

    /// Step 3's API key field.
    pub fn key_field(&self) -> &FormField {
        &self.capture.fields[capture_field::KEY]
    }

    /// Step 3's API secret field (masked).
    pub fn secret_field(&self) -> &FormField {
        &self.capture.fields[capture_field::SECRET]
    }

    /// The selected brand.
    pub fn vendor(&self) -> &Vendor {
        // vendor_index only ever holds an index into the catalog, which is never
        // empty (a unit test checks the seven brands).
        &self.catalog.all()[self.vendor_index]
    }

    /// The token, once the credentials are captured.
    pub fn token(&self) -> Option<Token> {
        self.credentials.as_ref().map(HubCredentials::token)
    }

    /// The Hub API URL the flow will use (validated in step 1).
    pub fn hub_url(&self) -> &str {
        self.api_url.text(0).trim()
    }

    /// The Hub and the captured credentials, once both are known.
    pub fn hub_target(&self) -> Option<HubTarget> {
        Some(HubTarget {
            url: self.hub_url().to_owned(),
            credentials: self.credentials.clone()?,
        })
    }

    /// The country calling code Ctrl-L uses: the override, else the brand's
    /// (New Zealand for the NZ brands, Australia otherwise).
    pub fn country_code(&self) -> String {
        if let Some(code) = &self.env.country_code {
            return code.clone();
        }
        match self.vendor().id.as_str() {
            "one-nz-multitxt" | "spark-etxt" | "2degrees-grouptext" => "64".to_owned(),
            _ => "61".to_owned(),
        }
    }

    /// True while a request of this step runs (only Esc, to stop it, applies).
    pub fn request_running(&self) -> bool {
        match self.step {
            Step::ServiceNow => self.shared.servicenow.activity.running_task().is_some(),
            Step::Verify => self.verify.running_task().is_some(),
            Step::LiveTest => matches!(
                self.live.phase,
                super::live_sms::LivePhase::Sending { .. }
                    | super::live_sms::LivePhase::Following { .. }
            ),
            _ => false,
        }
    }

    /// The form that takes typing and pastes on this step, if any.
    pub fn focused_form(&self) -> Option<&Form> {
        if let Some(writer) = &self.writer {
            return writer.typing_form();
        }
        if self.proof.is_some() {
            return None;
        }
        match self.step {
            Step::Vendor if self.api_url_focused => Some(&self.api_url),
            Step::Capture => Some(&self.capture),
            Step::ServiceNow if !self.request_running() => Some(&self.shared.servicenow.form),
            Step::LiveTest if self.live.editing() => Some(&self.live.number),
            Step::Save if !self.shared.save.running() => Some(&self.shared.save.name),
            _ => None,
        }
    }

    fn focused_form_mut(&mut self) -> Option<&mut Form> {
        if self.writer.is_some() {
            return self
                .writer
                .as_mut()
                .and_then(ServiceNowWriter::typing_form_mut);
        }
        if self.proof.is_some() {
            return None;
        }
        match self.step {
            Step::Vendor if self.api_url_focused => Some(&mut self.api_url),
            Step::Capture => Some(&mut self.capture),
            Step::ServiceNow if !self.request_running() => Some(&mut self.shared.servicenow.form),
            Step::LiveTest if self.live.editing() => Some(&mut self.live.number),
            Step::Save if !self.shared.save.running() => Some(&mut self.shared.save.name),
            _ => None,
        }
    }

    fn refill_api_url(&mut self) {
        let url = self
            .env
            .sandbox_url
            .clone()
            .or_else(|| self.env.hub_url_override.clone())
            .unwrap_or_else(|| self.vendor().api_base.clone());
        self.api_url.set_text(0, &url);
    }
}

impl Steps for SetupSms {
    type Action = SmsAction;

    fn bindings(&self) -> Bindings<SmsAction> {
        self.step_bindings()
    }

    fn perform(&mut self, action: SmsAction, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit) {
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
        self.focused_form()
    }

    fn typing_form_mut(&mut self) -> Option<&mut Form> {
        self.focused_form_mut()
    }

    fn clipboard(&mut self) -> Option<&mut ClipboardTracker> {
        Some(&mut self.shared.clipboard)
    }

    fn clipboard_view(&self) -> Option<&ClipboardTracker> {
        Some(&self.shared.clipboard)
    }

    fn secret_at_stake(&self) -> Option<SecretLoss> {
        let holds = self.step != Step::Done
            && (self.credentials.is_some() || !self.capture.text(capture_field::SECRET).is_empty());
        holds.then_some(SecretLoss::HubSecret)
    }

    fn step_info(&self) -> StepInfo {
        StepInfo::numbered("SMS connector setup", self.step)
    }

    fn open_question(&self) -> Option<Question> {
        self.shared.question
    }
}

impl Wizard for SetupSms {
    fn shared(&mut self) -> &mut SetupShared {
        &mut self.shared
    }

    fn cancel_own(&mut self, now: Now) -> Vec<Command> {
        let stopped = "You stopped the check before the Hub answered.";
        [
            self.verify.stop(now.instant, stopped),
            self.sandbox_key_task.take(),
            self.live.cancel(),
        ]
        .into_iter()
        .flatten()
        .map(Command::Cancel)
        .collect()
    }

    fn saved(&mut self) {
        self.step = Step::Done;
    }
}
