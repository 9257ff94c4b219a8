//! The numbered steps of flow A (DESIGN.md, "First-time SMS connector setup").

/// One step of the SMS connector setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// 1. Pick the brand and API URL.
    Vendor,
    /// 2. Create the key in the Hub.
    CreateKey,
    /// 3. Capture the key and secret.
    Capture,
    /// 4. Optionally, check the ServiceNow instance URL, user and password.
    ServiceNow,
    /// 5. The token and its fingerprint.
    Token,
    /// 6. Copy the token for the spoke action.
    Clipboard,
    /// 7. Check the credentials against the Hub.
    Verify,
    /// 8. Inbound SMS: Environment Registration.
    Inbound,
    /// 9. Send a live test SMS.
    LiveTest,
    /// 10. Save the profile.
    Save,
    /// After step 10: the summary.
    Done,
}

/// How many numbered steps flow A has.
pub const STEP_COUNT: usize = 10;

impl Step {
    /// 1-based number, `None` for the summary.
    pub fn number(self) -> Option<usize> {
        match self {
            Step::Done => None,
            other => Some(other as usize + 1),
        }
    }

    /// The step's title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Vendor => "Choose your SMS Hub",
            Step::CreateKey => "Create an API key in the Hub",
            Step::Capture => "Enter the API key and secret",
            Step::ServiceNow => "Check ServiceNow (optional)",
            Step::Token => "Your spoke token",
            Step::Clipboard => "Copy the token into ServiceNow",
            Step::Verify => "Check the credentials with the Hub",
            Step::Inbound => "Set up inbound SMS in ServiceNow",
            Step::LiveTest => "Send a live test SMS",
            Step::Save => "Save the profile",
            Step::Done => "All set",
        }
    }

    /// The step after this one.
    pub fn next(self) -> Step {
        match self {
            Step::Vendor => Step::CreateKey,
            Step::CreateKey => Step::Capture,
            Step::Capture => Step::ServiceNow,
            Step::ServiceNow => Step::Token,
            Step::Token => Step::Clipboard,
            Step::Clipboard => Step::Verify,
            Step::Verify => Step::Inbound,
            Step::Inbound => Step::LiveTest,
            Step::LiveTest => Step::Save,
            Step::Save | Step::Done => Step::Done,
        }
    }

    /// The step before this one.
    pub fn previous(self) -> Step {
        match self {
            Step::Vendor | Step::CreateKey => Step::Vendor,
            Step::Capture => Step::CreateKey,
            Step::ServiceNow => Step::Capture,
            Step::Token => Step::ServiceNow,
            Step::Clipboard => Step::Token,
            Step::Verify => Step::Clipboard,
            Step::Inbound => Step::Verify,
            Step::LiveTest => Step::Inbound,
            Step::Save => Step::LiveTest,
            Step::Done => Step::Done,
        }
    }
}
