//! Flow A: first-time SMS connector setup, as a state machine. `update` takes a
//! message and returns commands; it never does I/O.

mod capture;
mod finish;
mod live_test;
mod step;
mod tasks;
mod update;

pub use live_test::{LivePhase, LiveTest, ReplyWait, TEST_MESSAGE};
pub use step::{Step, STEP_COUNT};

use chrono::NaiveDate;
use secrecy::SecretString;

use super::activity::Activity;
use super::clipboard_tracker::ClipboardTracker;
pub use super::clipboard_tracker::CLIPBOARD_CLEAR_AFTER;
use super::command::TaskId;
use super::servicenow_check::ServiceNowCheck;
use super::text_input::TextInput;
use crate::domain::token::{HubCredentials, Token};
use crate::domain::vendors::{Vendor, VendorCatalog};

/// Facts about where the wizard runs, fixed for the flow's life.
#[derive(Debug, Clone)]
pub struct FlowEnv {
    /// Running against the built-in sandbox (`nowkey demo`).
    pub sandbox_url: Option<String>,
    /// `--hub-url` / `NOWKEY_HUB_URL`.
    pub hub_url_override: Option<String>,
    /// `--servicenow-url` / `NOWKEY_SERVICENOW_URL`: pre-fills the instance.
    pub servicenow_url: Option<String>,
    /// `--hopex-url` / `NOWKEY_HOPEX_URL`: pre-fills the HOPEX server.
    pub hopex_url: Option<String>,
    /// Over SSH: never try to open a browser.
    pub over_ssh: bool,
    /// Today, for the key's creation date.
    pub today: NaiveDate,
    /// Country calling code for the explicit local-number conversion
    /// (`NOWKEY_COUNTRY_CODE`); without it, the brand's country is used.
    pub country_code: Option<String>,
}

/// Which capture field has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureField {
    /// The API key.
    Key,
    /// The API secret.
    Secret,
}

/// The whole state of flow A.
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
    pub api_url: TextInput,
    /// Step 1: true when the URL field (not the brand list) has the focus.
    pub api_url_focused: bool,
    /// Step 2 (sandbox only): the key the sandbox created, shown as the Hub would.
    pub sandbox_key: Option<(String, SecretString)>,
    /// Step 2 (sandbox only): a key creation under way.
    pub sandbox_key_task: Option<TaskId>,
    /// Step 2: a note about opening the browser.
    pub browser_note: Option<String>,
    /// Step 3: the key field.
    pub key_input: TextInput,
    /// Step 3: the secret field (masked).
    pub secret_input: TextInput,
    /// Step 3: which field has the focus.
    pub capture_focus: CaptureField,
    /// The captured credentials, once step 3 passed.
    pub credentials: Option<HubCredentials>,
    /// Step 4: the optional ServiceNow check.
    pub servicenow: ServiceNowCheck,
    /// Steps 5–6: the token is shown in full (only when asked).
    pub token_revealed: bool,
    /// Steps 5 and 7: the clipboard.
    pub clipboard: ClipboardTracker,
    /// Step 6: the credential check.
    pub verify: Activity,
    /// Step 8: the live test.
    pub live: LiveTest,
    /// Step 8: wait for the reply after delivery.
    pub wait_for_reply: bool,
    /// Step 9: the profile name.
    pub profile_name: TextInput,
    /// Step 9: saving.
    pub save: Activity,
    /// The quit/cancel confirmation is showing.
    pub confirm_discard: bool,
    next_task: TaskId,
}

impl std::fmt::Debug for SetupSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupSms")
            .field("step", &self.step)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// What the app should do after an update of this flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowExit {
    /// Stay in the flow.
    Stay,
    /// Leave the flow (cancelled or finished) and return home.
    Home,
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
            api_url: TextInput::plain(),
            api_url_focused: false,
            sandbox_key: None,
            sandbox_key_task: None,
            browser_note: None,
            key_input: TextInput::plain(),
            secret_input: TextInput::masked(),
            capture_focus: CaptureField::Key,
            credentials: None,
            servicenow: ServiceNowCheck::new(instance.as_deref()),
            token_revealed: false,
            clipboard: ClipboardTracker::default(),
            verify: Activity::Idle,
            live: LiveTest::new(None),
            wait_for_reply: true,
            profile_name: TextInput::with_value("default"),
            save: Activity::Idle,
            confirm_discard: false,
            next_task: 1,
        };
        flow.refill_api_url();
        flow
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

    /// True when leaving now would lose a secret the Hub will not show again.
    pub fn holds_unsaved_secret(&self) -> bool {
        self.step != Step::Done
            && (self.credentials.is_some() || !self.secret_input.value().is_empty())
    }

    /// The Hub API URL the flow will use (validated in step 1).
    pub fn hub_url(&self) -> &str {
        self.api_url.value().trim()
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

    fn refill_api_url(&mut self) {
        let url = self
            .env
            .sandbox_url
            .clone()
            .or_else(|| self.env.hub_url_override.clone())
            .unwrap_or_else(|| self.vendor().api_base.clone());
        self.api_url.set(&url);
    }

    pub(super) fn new_task(&mut self) -> TaskId {
        let id = self.next_task;
        self.next_task += 1;
        id
    }
}
