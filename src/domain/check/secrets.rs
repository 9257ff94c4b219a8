//! Which secrets a profile's checks use, decided from the saved profile alone.
//! Shared by `nowkey check` (which prompts for them) and the TUI validation
//! screen (which asks for them in masked fields), so both ask for the same ones;
//! and the secrets given for one profile's checks ([`CheckSecrets`]).

use secrecy::SecretString;

use super::shared::SharedAnswers;
use crate::domain::hopex::Deployment;
use crate::domain::profile::Profile;
use crate::domain::servicenow::ServiceNowAuthMode;
use crate::domain::token::ApiSecret;

/// A secret some checks use. Never the secret itself: only which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    /// The Hub API secret (the key id is in the profile).
    HubApiSecret,
    /// The ServiceNow user's password.
    ServiceNowPassword,
    /// The OAuth2 client secret of the ServiceNow Application Registry client
    /// (the client id is in the profile), with `servicenow_auth = "oauth2"`.
    ServiceNowClientSecret,
    /// The HOPEX API key.
    HopexApiKey,
}

impl SecretKind {
    /// Every kind, in the order they are asked for.
    pub const ALL: [SecretKind; 4] = [
        SecretKind::HubApiSecret,
        SecretKind::ServiceNowPassword,
        SecretKind::ServiceNowClientSecret,
        SecretKind::HopexApiKey,
    ];

    /// The stable id: the keyring account's suffix after `<profile>/` and the key
    /// in `--secrets-stdin`. Changing one orphans every keyring entry saved under it.
    pub fn account_suffix(self) -> &'static str {
        match self {
            SecretKind::HubApiSecret => "hub_api_secret",
            SecretKind::ServiceNowPassword => "servicenow_password",
            SecretKind::ServiceNowClientSecret => "servicenow_client_secret",
            SecretKind::HopexApiKey => "hopex_api_key",
        }
    }

    /// Words for a person.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::HubApiSecret => "Hub API secret",
            SecretKind::ServiceNowPassword => "ServiceNow password",
            SecretKind::ServiceNowClientSecret => "ServiceNow OAuth client secret",
            SecretKind::HopexApiKey => "HOPEX API key",
        }
    }

    /// Whether `profile` has a check that uses this secret: the Hub secret for an
    /// SMS profile; the ServiceNow password for HOPEX, or an SMS profile with a
    /// ServiceNow instance; the OAuth client secret for HOPEX signing in to
    /// ServiceNow with OAuth2; the HOPEX key for HOPEX unless it is SaaS (which
    /// manages the key itself).
    pub fn needed_by(self, profile: &Profile) -> bool {
        match self {
            SecretKind::HubApiSecret => profile.sms.is_some(),
            SecretKind::ServiceNowPassword => {
                profile.hopex.is_some()
                    || profile
                        .sms
                        .as_ref()
                        .is_some_and(|s| s.servicenow_url.is_some())
            }
            SecretKind::ServiceNowClientSecret => profile
                .hopex
                .as_ref()
                .is_some_and(|h| h.servicenow_auth == ServiceNowAuthMode::OAuth2),
            SecretKind::HopexApiKey => profile
                .hopex
                .as_ref()
                .is_some_and(|h| h.deployment != Deployment::Saas),
        }
    }
}

impl std::fmt::Display for SecretKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The secrets `profile`'s checks use, in the order they are asked for.
pub fn needed_secrets(profile: &Profile) -> Vec<SecretKind> {
    SecretKind::ALL
        .into_iter()
        .filter(|kind| kind.needed_by(profile))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMS: &str = r#"
[sms]
vendor = "messagemedia"
hub_api_url = "https://api.messagemedia.com"
api_key = "ABCDEFGHIJKLMNOPQRST"
token_fingerprint = "a764132e562b"
key_created = "2026-11-21"
next_rotation_due = "2027-02-19"
"#;

    const HOPEX: &str = r#"
[hopex]
deployment = "on-prem"
version = "V5 CP6 HF27"
server_url = "https://hopex.acme.com"
schema = "ITPM"
data_flow = "both"
key_name = "ServiceNow"
hopex_login = "svc.servicenow"
environment_id = "ENV-1"
repository_id = "REPO-1"
profile_id = "PROFILE-1"
session_mode = "multi"
connection_mode = "read-write"
key_created = "2026-11-21"
servicenow_url = "https://acme.service-now.com"
servicenow_user = "sn.integration"
"#;

    fn profile(text: &str) -> Profile {
        toml::from_str(text).expect("a valid profile")
    }

    #[test]
    fn an_sms_profile_needs_the_hub_secret_only() {
        assert_eq!(needed_secrets(&profile(SMS)), [SecretKind::HubApiSecret]);
    }

    #[test]
    fn an_sms_profile_with_servicenow_also_needs_the_password() {
        let text = SMS.replace(
            "next_rotation_due",
            "servicenow_url = \"https://acme.service-now.com\"\nnext_rotation_due",
        );
        assert_eq!(
            needed_secrets(&profile(&text)),
            [SecretKind::HubApiSecret, SecretKind::ServiceNowPassword]
        );
    }

    #[test]
    fn hopex_on_premises_needs_the_password_and_the_key_saas_only_the_password() {
        assert_eq!(
            needed_secrets(&profile(HOPEX)),
            [SecretKind::ServiceNowPassword, SecretKind::HopexApiKey]
        );
        let saas = HOPEX.replace("\"on-prem\"", "\"saas\"");
        assert_eq!(
            needed_secrets(&profile(&saas)),
            [SecretKind::ServiceNowPassword]
        );
    }

    #[test]
    fn hopex_with_oauth2_also_needs_the_client_secret() {
        let oauth = HOPEX.replace(
            "servicenow_user = \"sn.integration\"",
            "servicenow_user = \"sn.integration\"\nservicenow_auth = \"oauth2\"\nservicenow_oauth_client_id = \"0123456789abcdef0123456789abcdef\"",
        );
        assert_eq!(
            needed_secrets(&profile(&oauth)),
            [
                SecretKind::ServiceNowPassword,
                SecretKind::ServiceNowClientSecret,
                SecretKind::HopexApiKey
            ]
        );
    }

    #[test]
    fn an_empty_profile_needs_nothing() {
        assert!(needed_secrets(&Profile::default()).is_empty());
    }
}

/// Environment variable for the Hub API secret.
pub const HUB_SECRET_ENV: &str = "NOWKEY_HUB_API_SECRET";
/// Environment variable for the ServiceNow password.
pub const SERVICENOW_PASSWORD_ENV: &str = "NOWKEY_SERVICENOW_PASSWORD";
/// Environment variable for the ServiceNow OAuth2 client secret.
pub const SERVICENOW_CLIENT_SECRET_ENV: &str = "NOWKEY_SERVICENOW_CLIENT_SECRET";
/// Environment variable for the HOPEX API key.
pub const HOPEX_KEY_ENV: &str = "NOWKEY_HOPEX_API_KEY";

/// The secrets for one profile's checks, and the answers those checks share
/// within one run. Never printed: `Debug` says only which are present.
#[derive(Clone, Default)]
pub struct CheckSecrets {
    /// The Hub API secret (the key id is in the profile).
    pub hub_api_secret: Option<ApiSecret>,
    /// The ServiceNow user's password.
    pub servicenow_password: Option<SecretString>,
    /// The ServiceNow OAuth2 client secret (HOPEX with `servicenow_auth = "oauth2"`).
    pub servicenow_client_secret: Option<SecretString>,
    /// The HOPEX API key.
    pub hopex_api_key: Option<SecretString>,
    /// Answers shared by this run's checks (one HOPEX key check for two checks).
    pub shared: SharedAnswers,
}

impl CheckSecrets {
    /// True when the secret `kind` was given.
    pub fn has(&self, kind: SecretKind) -> bool {
        match kind {
            SecretKind::HubApiSecret => self.hub_api_secret.is_some(),
            SecretKind::ServiceNowPassword => self.servicenow_password.is_some(),
            SecretKind::ServiceNowClientSecret => self.servicenow_client_secret.is_some(),
            SecretKind::HopexApiKey => self.hopex_api_key.is_some(),
        }
    }
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
            .field(
                "servicenow_client_secret",
                &given(self.servicenow_client_secret.is_some()),
            )
            .field("hopex_api_key", &given(self.hopex_api_key.is_some()))
            .finish_non_exhaustive()
    }
}
