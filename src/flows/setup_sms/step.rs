//! The numbered steps of the SMS connector setup.

use crate::flows::flow::NumberedStep;

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

/// How many numbered steps the SMS connector setup has.
pub const STEP_COUNT: usize = 10;

impl NumberedStep for Step {
    const COUNT: usize = STEP_COUNT;

    /// 1-based number, `None` for the summary.
    fn number(self) -> Option<usize> {
        match self {
            Step::Done => None,
            other => Some(other as usize + 1),
        }
    }

    /// The step's title.
    fn title(self) -> &'static str {
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

    /// What the step is for, for the help overlay.
    fn purpose(self) -> &'static str {
        match self {
            Step::Vendor => "Pick the brand of SMS Hub this ServiceNow instance uses; nowkey fills in its API address, which you can change (an EU account, a proxy).",
            Step::CreateKey => "Create a Basic-auth API key in the Hub. The Hub shows its secret only once, so keep that page open until nowkey has it.",
            Step::Capture => "Paste the API key and its secret from the Hub. The secret is kept in memory only, masked, and never written to disk.",
            Step::ServiceNow => "Optionally check that ServiceNow accepts the integration user, so the profile records the instance. Nothing is written to ServiceNow.",
            Step::Token => "The token ServiceNow's SMS spoke signs in with: Base64 of key:secret. Its fingerprint identifies it without showing it.",
            Step::Clipboard => "Copy the token and paste it into the credential the SMS spoke's connection uses. nowkey clears the clipboard 30 seconds later.",
            Step::Verify => "nowkey asks the Hub for unconfirmed replies, a read-only request, to prove the key and secret work.",
            Step::Inbound => "Set up inbound SMS: a Messenger Environment Registration record in ServiceNow with the same key and secret.",
            Step::LiveTest => "Send a real SMS with these credentials to a mobile you can check, follow it to delivery, and optionally wait for your reply.",
            Step::Save => "Save the profile: brand, API URL, key id, fingerprint and dates. Never the secret or the token.",
            Step::Done => "The setup is finished and the profile saved.",
        }
    }
}

impl Step {
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
