//! The numbered steps of the HOPEX API-key setup.

use crate::flows::flow::NumberedStep;

/// One step of the HOPEX setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HopexStep {
    /// 1. On-premises or SaaS, and the version gate.
    Deployment,
    /// 2. HOPEX server, schema, data flow, the operator's own login.
    Connection,
    /// 3. The API key's fields (on-premises).
    KeyFields,
    /// 4. What to click and type in the console (on-premises).
    Checklist,
    /// 5. Capture the key, shown once (on-premises).
    CaptureKey,
    /// 6. ServiceNow instance, user, password.
    ServiceNow,
    /// 7. The live checks, concurrently.
    Checks,
    /// 8. What goes into HOPEX's ServiceNow module settings.
    Summary,
    /// 9. Save the profile.
    Save,
    /// After step 9.
    Done,
}

/// How many numbered steps the HOPEX setup has.
pub const HOPEX_STEP_COUNT: usize = 9;

impl NumberedStep for HopexStep {
    const COUNT: usize = HOPEX_STEP_COUNT;

    /// 1-based number, `None` for the summary.
    fn number(self) -> Option<usize> {
        match self {
            HopexStep::Done => None,
            other => Some(other as usize + 1),
        }
    }

    /// The step's title.
    fn title(self) -> &'static str {
        match self {
            HopexStep::Deployment => "HOPEX deployment and version",
            HopexStep::Connection => "HOPEX server and data flow",
            HopexStep::KeyFields => "The API key's settings",
            HopexStep::Checklist => "Create the key in the HOPEX console",
            HopexStep::CaptureKey => "Enter the API key",
            HopexStep::ServiceNow => "ServiceNow instance and user",
            HopexStep::Checks => "Check HOPEX and ServiceNow",
            HopexStep::Summary => "HOPEX's ServiceNow module settings",
            HopexStep::Save => "Save the profile",
            HopexStep::Done => "All set",
        }
    }

    /// What the step is for, for the help overlay.
    fn purpose(self) -> &'static str {
        match self {
            HopexStep::Deployment => "Say where HOPEX runs: on-premises needs an API key (and a version that supports the integration); SaaS does not.",
            HopexStep::Connection => "Where HOPEX answers, the GraphQL schema for the key check, which way data flows, and your own HOPEX login (the key's must differ).",
            HopexStep::KeyFields => "The values the API key gets in the HOPEX console, each checked against HOPEX's rules beside its field.",
            HopexStep::Checklist => "Exactly what to click and type in the HOPEX console to create the key, with your values filled in.",
            HopexStep::CaptureKey => "Paste the key the console showed. It is shown once; nowkey keeps it in memory only, masked.",
            HopexStep::ServiceNow => "The ServiceNow instance, user and password HOPEX's ServiceNow module signs in with.",
            HopexStep::Checks => "nowkey checks the key with HOPEX GraphQL and the user with ServiceNow, at the same time.",
            HopexStep::Summary => "What to enter in HOPEX's ServiceNow module settings, with copy actions.",
            HopexStep::Save => "Save the profile: settings and the key's fingerprint. Never the key or the password.",
            HopexStep::Done => "The setup is finished and the profile saved.",
        }
    }
}

impl HopexStep {
    /// True for the steps only an on-premises deployment has.
    pub fn needs_api_key(self) -> bool {
        matches!(
            self,
            HopexStep::KeyFields | HopexStep::Checklist | HopexStep::CaptureKey
        )
    }

    /// The step after this one; `with_key` false skips the API-key steps (SaaS).
    pub fn next(self, with_key: bool) -> HopexStep {
        let next = match self {
            HopexStep::Deployment => HopexStep::Connection,
            HopexStep::Connection => HopexStep::KeyFields,
            HopexStep::KeyFields => HopexStep::Checklist,
            HopexStep::Checklist => HopexStep::CaptureKey,
            HopexStep::CaptureKey => HopexStep::ServiceNow,
            HopexStep::ServiceNow => HopexStep::Checks,
            HopexStep::Checks => HopexStep::Summary,
            HopexStep::Summary => HopexStep::Save,
            HopexStep::Save | HopexStep::Done => HopexStep::Done,
        };
        if !with_key && next.needs_api_key() {
            return next.next(with_key);
        }
        next
    }

    /// The step before this one; `with_key` false skips the API-key steps.
    pub fn previous(self, with_key: bool) -> HopexStep {
        let previous = match self {
            HopexStep::Deployment | HopexStep::Connection => HopexStep::Deployment,
            HopexStep::KeyFields => HopexStep::Connection,
            HopexStep::Checklist => HopexStep::KeyFields,
            HopexStep::CaptureKey => HopexStep::Checklist,
            HopexStep::ServiceNow => HopexStep::CaptureKey,
            HopexStep::Checks => HopexStep::ServiceNow,
            HopexStep::Summary => HopexStep::Checks,
            HopexStep::Save => HopexStep::Summary,
            HopexStep::Done => HopexStep::Done,
        };
        if !with_key && previous.needs_api_key() {
            return previous.previous(with_key);
        }
        previous
    }
}
