//! The credentials of the `servicenow.credentials` check: the user's password,
//! and with OAuth2 (HOPEX's `servicenow_auth = "oauth2"`) the profile's client
//! id and the given client secret.

use crate::domain::check::secrets::{
    CheckSecrets, SERVICENOW_CLIENT_SECRET_ENV, SERVICENOW_PASSWORD_ENV,
};
use crate::domain::check::Finding;
use crate::domain::servicenow::{OAuthClient, ServiceNowCredentials};

use super::run::missing_secret;

/// The credentials of a ServiceNow sign-in: the user's password, and with OAuth2
/// the profile's client and the given client secret; else a finding naming the
/// missing secrets and how to give them.
pub(super) fn servicenow_credentials(
    user: &str,
    oauth_client_id: &Option<String>,
    secrets: &CheckSecrets,
) -> Result<ServiceNowCredentials, Finding> {
    let password = secrets.servicenow_password.clone();
    let Some(client_id) = oauth_client_id else {
        let Some(password) = password else {
            return Err(missing_secret(
                "the ServiceNow password",
                SERVICENOW_PASSWORD_ENV,
            ));
        };
        return Ok(ServiceNowCredentials {
            user: user.to_owned(),
            password,
            oauth: None,
        });
    };
    if client_id.trim().is_empty() {
        return Err(Finding::fail(
            "The profile says HOPEX signs in to ServiceNow with OAuth2, but holds no client id.",
            "Record the Application Registry client id by running nowkey setup hopex again.",
        ));
    }
    let client_secret = secrets.servicenow_client_secret.clone();
    match (password, client_secret) {
        (Some(password), Some(client_secret)) => Ok(ServiceNowCredentials {
            user: user.to_owned(),
            password,
            oauth: Some(OAuthClient {
                client_id: client_id.clone(),
                client_secret,
            }),
        }),
        (None, Some(_)) => Err(missing_secret(
            "the ServiceNow password",
            SERVICENOW_PASSWORD_ENV,
        )),
        (Some(_), None) => Err(missing_secret(
            "the ServiceNow OAuth client secret",
            SERVICENOW_CLIENT_SECRET_ENV,
        )),
        (None, None) => Err(Finding::unknown(
            "Unknown: neither the ServiceNow password nor the OAuth client secret was given, so this was not checked.",
            format!(
                "Set {SERVICENOW_PASSWORD_ENV} and {SERVICENOW_CLIENT_SECRET_ENV}, pipe them with --secrets-stdin, answer the prompts, or keep them in the OS keyring with --save-to-keyring."
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::{ExposeSecret, SecretString};

    use super::*;
    use crate::domain::check::Outcome;

    fn given(password: Option<&str>, client_secret: Option<&str>) -> CheckSecrets {
        CheckSecrets {
            servicenow_password: password.map(SecretString::from),
            servicenow_client_secret: client_secret.map(SecretString::from),
            ..CheckSecrets::default()
        }
    }

    #[test]
    fn an_oauth2_sign_in_carries_the_profiles_client_and_the_given_secret() {
        let client = Some("client-1".to_owned());
        let credentials =
            servicenow_credentials("sn.integration", &client, &given(Some("pw"), Some("cs")))
                .expect("credentials");
        let oauth = credentials.oauth.expect("an OAuth2 client");
        assert_eq!(oauth.client_id, "client-1");
        assert_eq!(oauth.client_secret.expose_secret(), "cs");
        assert_eq!(credentials.password.expose_secret(), "pw");
    }

    #[test]
    fn a_basic_sign_in_has_no_client_even_when_a_secret_was_given() {
        let credentials =
            servicenow_credentials("sn.integration", &None, &given(Some("pw"), Some("cs")))
                .expect("credentials");
        assert!(credentials.oauth.is_none());
    }

    #[test]
    fn missing_secrets_are_named() {
        let client = Some("client-1".to_owned());
        let missing = |secrets: CheckSecrets| {
            servicenow_credentials("u", &client, &secrets).expect_err("a finding")
        };
        let no_client = missing(given(Some("pw"), None));
        assert_eq!(no_client.outcome, Outcome::Unknown);
        assert!(no_client.detail.contains("OAuth client secret"));
        assert!(no_client
            .remediation
            .is_some_and(|r| r.contains(SERVICENOW_CLIENT_SECRET_ENV)));
        let neither = missing(given(None, None));
        assert!(neither
            .detail
            .contains("neither the ServiceNow password nor"));
        let no_id = servicenow_credentials("u", &Some(" ".into()), &given(Some("pw"), Some("cs")))
            .expect_err("a finding");
        assert_eq!(no_id.outcome, Outcome::Fail);
    }
}
