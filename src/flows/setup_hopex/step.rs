//! The numbered steps of the HOPEX setup, on its two paths: on-premises (with
//! an API key) and SaaS (without one, so without the key's three steps). Each
//! path numbers its own steps and words them for what it does.

/// One step of the HOPEX setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HopexStep {
    /// On-premises or SaaS, and the version gate.
    Deployment,
    /// HOPEX server, schema, data flow, the operator's own login.
    Connection,
    /// The API key's fields (on-premises).
    KeyFields,
    /// What to click and type in the console (on-premises).
    Checklist,
    /// Capture the key, shown once (on-premises).
    CaptureKey,
    /// ServiceNow instance, user, password.
    ServiceNow,
    /// The live checks, concurrently.
    Checks,
    /// What goes into HOPEX's ServiceNow module settings.
    Summary,
    /// Save the profile.
    Save,
    /// After the save.
    Done,
}

/// The on-premises path, in order: every step.
const ON_PREM_PATH: [HopexStep; 9] = [
    HopexStep::Deployment,
    HopexStep::Connection,
    HopexStep::KeyFields,
    HopexStep::Checklist,
    HopexStep::CaptureKey,
    HopexStep::ServiceNow,
    HopexStep::Checks,
    HopexStep::Summary,
    HopexStep::Save,
];

/// The SaaS path, in order: no API key, so none of the key's steps.
const SAAS_PATH: [HopexStep; 6] = [
    HopexStep::Deployment,
    HopexStep::Connection,
    HopexStep::ServiceNow,
    HopexStep::Checks,
    HopexStep::Summary,
    HopexStep::Save,
];

/// How many numbered steps the on-premises HOPEX setup has.
pub const HOPEX_STEP_COUNT: usize = ON_PREM_PATH.len();

/// How many numbered steps the SaaS HOPEX setup has.
pub const HOPEX_SAAS_STEP_COUNT: usize = SAAS_PATH.len();

fn path(with_key: bool) -> &'static [HopexStep] {
    if with_key {
        &ON_PREM_PATH
    } else {
        &SAAS_PATH
    }
}

impl HopexStep {
    /// "Step n of m" on this path; `None` after the save.
    pub fn position(self, with_key: bool) -> Option<(usize, usize)> {
        let steps = path(with_key);
        steps
            .iter()
            .position(|step| *step == self)
            .map(|index| (index + 1, steps.len()))
    }

    /// The step's title on this path.
    pub fn title(self, with_key: bool) -> &'static str {
        match self {
            HopexStep::Deployment => "HOPEX deployment and version",
            HopexStep::Connection => "HOPEX server and data flow",
            HopexStep::KeyFields => "The API key's settings",
            HopexStep::Checklist => "Create the key in the HOPEX console",
            HopexStep::CaptureKey => "Enter the API key",
            HopexStep::ServiceNow => "ServiceNow instance and user",
            HopexStep::Checks if with_key => "Check HOPEX and ServiceNow",
            HopexStep::Checks => "Check ServiceNow",
            HopexStep::Summary => "HOPEX's ServiceNow module settings",
            HopexStep::Save => "Save the profile",
            HopexStep::Done => "All set",
        }
    }

    /// What the step is for on this path, for the help overlay.
    pub fn purpose(self, with_key: bool) -> &'static str {
        match (self, with_key) {
            (HopexStep::Deployment, _) => "Say where HOPEX runs: on-premises needs an API key (and a version that supports the integration); SaaS does not.",
            (HopexStep::Connection, true) => "Where HOPEX answers, the GraphQL schema for the key check, which way data flows, and your own HOPEX login (the key's must differ).",
            (HopexStep::Connection, false) => "Where HOPEX answers, and which way data flows. SaaS needs no API key, so nothing else is asked here.",
            (HopexStep::KeyFields, _) => "The values the API key gets in the HOPEX console, each checked against HOPEX's rules beside its field.",
            (HopexStep::Checklist, _) => "Exactly what to click and type in the HOPEX console your version uses to create the key, with your values filled in.",
            (HopexStep::CaptureKey, _) => "Paste the key HOPEX showed when it made it; nowkey keeps it in memory only, masked.",
            (HopexStep::ServiceNow, _) => "The ServiceNow instance, user and password HOPEX's ServiceNow module signs in with, over Basic or an OAuth2 client.",
            (HopexStep::Checks, true) => "nowkey checks the key with HOPEX GraphQL and the user with ServiceNow, at the same time.",
            (HopexStep::Checks, false) => "nowkey checks the user and password with ServiceNow. SaaS has no API key to check.",
            (HopexStep::Summary, _) => "What to enter in HOPEX's ServiceNow module settings, with copy actions.",
            (HopexStep::Save, true) => "Save the profile: settings and the key's fingerprint. Never the key or the password.",
            (HopexStep::Save, false) => "Save the profile: the HOPEX and ServiceNow settings. Never the password.",
            (HopexStep::Done, _) => "The setup is finished and the profile saved.",
        }
    }

    /// True for the steps only an on-premises deployment has.
    pub fn needs_api_key(self) -> bool {
        !SAAS_PATH.contains(&self) && self != HopexStep::Done
    }

    /// The step after this one on this path (`Done` after the save).
    pub fn next(self, with_key: bool) -> HopexStep {
        let steps = path(with_key);
        match steps.iter().position(|step| *step == self) {
            Some(index) => steps.get(index + 1).copied().unwrap_or(HopexStep::Done),
            // Off this path (the deployment changed under it): start the path again.
            None if self == HopexStep::Done => HopexStep::Done,
            None => HopexStep::Deployment,
        }
    }

    /// The step before this one on this path (the first stays first).
    pub fn previous(self, with_key: bool) -> HopexStep {
        let steps = path(with_key);
        match steps.iter().position(|step| *step == self) {
            Some(index) => steps[index.saturating_sub(1)],
            None if self == HopexStep::Done => HopexStep::Done,
            None => HopexStep::Deployment,
        }
    }
}
