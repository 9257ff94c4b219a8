//! The secrets one profile's checks may use. Every one is optional: a check whose
//! secret was not given is skipped and says how to give it.

use secrecy::SecretString;

use crate::domain::token::ApiSecret;

/// Environment variable for the Hub API secret.
pub const HUB_SECRET_ENV: &str = "NOWKEY_HUB_API_SECRET";
/// Environment variable for the ServiceNow password.
pub const SERVICENOW_PASSWORD_ENV: &str = "NOWKEY_SERVICENOW_PASSWORD";
/// Environment variable for the HOPEX API key.
pub const HOPEX_KEY_ENV: &str = "NOWKEY_HOPEX_API_KEY";

/// The secrets for one profile's checks. Never printed: `Debug` says only which
/// are present.
#[derive(Clone, Default)]
pub struct CheckSecrets {
    /// The Hub API secret (the key id is in the profile).
    pub hub_api_secret: Option<ApiSecret>,
    /// The ServiceNow user's password.
    pub servicenow_password: Option<SecretString>,
    /// The HOPEX API key.
    pub hopex_api_key: Option<SecretString>,
}

impl std::fmt::Debug for CheckSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |present: bool| if present { "[REDACTED]" } else { "none" };
        f.debug_struct("CheckSecrets")
            .field("hub_api_secret", &given(self.hub_api_secret.is_some()))
            .field(
                "servicenow_password",
                &given(self.servicenow_password.is_some()),
            )
            .field("hopex_api_key", &given(self.hopex_api_key.is_some()))
            .finish()
    }
}
