//! Facts about where the wizard runs, fixed for its whole life.

/// Where the wizard runs: set once at start from the command line and the
/// environment, and handed to every flow.
#[derive(Debug, Clone, Default)]
pub struct FlowEnv {
    /// Running against the built-in sandbox (`nowkey demo`): its base URL.
    pub sandbox_url: Option<String>,
    /// `--hub-url` / `NOWKEY_HUB_URL`.
    pub hub_url_override: Option<String>,
    /// `--servicenow-url` / `NOWKEY_SERVICENOW_URL`: pre-fills the instance.
    pub servicenow_url: Option<String>,
    /// `--hopex-url` / `NOWKEY_HOPEX_URL`: pre-fills the HOPEX server.
    pub hopex_url: Option<String>,
    /// Over SSH: never try to open a browser.
    pub over_ssh: bool,
    /// Country calling code for the explicit local-number conversion
    /// (`NOWKEY_COUNTRY_CODE`); without it, the brand's country is used.
    pub country_code: Option<String>,
    /// How long the test sent from ServiceNow is looked for
    /// (`NOWKEY_PROOF_WINDOW`, seconds); the default when `None`.
    pub proof_window: Option<std::time::Duration>,
}
