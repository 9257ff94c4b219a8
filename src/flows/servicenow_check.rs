//! The ServiceNow credential form (instance, user, password) and its live check,
//! shared by the SMS setup's optional step, the rotation and the HOPEX setup.
//! The HOPEX setup also asks how HOPEX signs in to ServiceNow (Basic or an
//! OAuth2 client), and checks the credentials the same way.

use std::time::Instant;

use secrecy::{ExposeSecret, SecretString};

use super::activity::Activity;
use super::command::Command;
use super::context::Context;
use super::form::{Form, FormField};
use super::job::{Job, ServiceNowCall};
use super::task::TaskId;
use crate::domain::paste::{is_invisible_format, visible};
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow::{normalize_instance, validate_client_id, validate_user_name};
use crate::domain::servicenow::{
    OAuthClient, ServiceNowAuthMode, ServiceNowCredentials, ServiceNowUser,
};

const INSTANCE: usize = 0;
const USER: usize = 1;
const PASSWORD: usize = 2;
/// Field indexes of the sign-in choice and the OAuth2 client, on the forms
/// made by [`ServiceNowCheck::with_sign_in_choice`] only.
pub mod sign_in_field {
    /// Basic or OAuth2.
    pub const MODE: usize = 3;
    /// The Application Registry client id.
    pub const CLIENT_ID: usize = 4;
    /// The client secret (masked).
    pub const CLIENT_SECRET: usize = 5;
}
use sign_in_field::{CLIENT_ID, CLIENT_SECRET, MODE};

/// The form, the check and what it found.
#[derive(Debug)]
pub struct ServiceNowCheck {
    /// Instance, user, password (masked).
    pub form: Form,
    /// The check.
    pub activity: Activity,
    /// The user as ServiceNow reported it, once the check passed.
    pub user: Option<ServiceNowUser>,
    /// The validated instance URL and credentials.
    accepted: Option<(String, ServiceNowCredentials)>,
}

impl ServiceNowCheck {
    /// An empty form, the instance pre-filled when known.
    pub fn new(instance: Option<&str>) -> Self {
        Self {
            form: Form::new(vec![
                FormField::text("Instance", instance.unwrap_or_default()).with_help(
                    "An instance name (acme) or its URL (https://acme.service-now.com).",
                ),
                FormField::text("User", "")
                    .with_help("The integration user, e.g. a web-service-only account."),
                FormField::secret("Password").with_help("Masked; kept in memory only."),
            ]),
            activity: Activity::Idle,
            user: None,
            accepted: None,
        }
    }

    /// The form for HOPEX's ServiceNow module: also Basic or OAuth2, and for
    /// OAuth2 the Application Registry client (id, and secret kept in memory).
    pub fn with_sign_in_choice(instance: Option<&str>) -> Self {
        let mut check = Self::new(instance);
        check.form.fields.extend([
            FormField::choice(
                "Sign-in",
                vec!["Basic (non-production)", "OAuth2 (production)"],
                0,
            )
            .with_help("←/→ to choose. HOPEX documents Basic as for non-production and recommends OAuth2 for production."),
            FormField::text("Client ID", "")
                .with_help("From the OAuth client record in ServiceNow's Application Registry."),
            FormField::secret("Client secret").with_help("Masked; kept in memory only, never saved."),
        ]);
        check.refresh();
        check
    }

    /// True when the form asks how to sign in (the HOPEX setup's form).
    fn offers_sign_in(&self) -> bool {
        self.form.fields.len() > CLIENT_SECRET
    }

    /// Basic, unless the form offers OAuth2 and it is chosen.
    pub fn auth_mode(&self) -> ServiceNowAuthMode {
        if self.offers_sign_in() && self.form.choice(MODE) == 1 {
            ServiceNowAuthMode::OAuth2
        } else {
            ServiceNowAuthMode::Basic
        }
    }

    /// Shows the client's fields only while OAuth2 is chosen; call after every
    /// change.
    pub fn refresh(&mut self) {
        if !self.offers_sign_in() {
            return;
        }
        let basic = self.auth_mode() == ServiceNowAuthMode::Basic;
        for index in [CLIENT_ID, CLIENT_SECRET] {
            self.form.fields[index].hidden = basic;
            if basic {
                self.form.fields[index].error = None;
            }
        }
    }

    /// The form for the admin who writes the credentials into ServiceNow.
    pub fn for_admin(instance: Option<&str>) -> Self {
        let mut check = Self::new(instance);
        check.form.fields[USER].label = "Admin user";
        check.form.fields[USER].help = Some(
            "An admin, or a user with credential_admin: nowkey reads and writes the credential records as this user.",
        );
        check.form.fields[PASSWORD].help = Some("Masked; kept in memory only, never saved.");
        check
    }

    /// The accepted instance URL and user, for the profile and the summary.
    pub fn accepted(&self) -> Option<(&str, &ServiceNowCredentials)> {
        self.accepted.as_ref().map(|(url, c)| (url.as_str(), c))
    }

    /// True while the form still holds the last accepted values.
    fn unchanged(&self) -> bool {
        self.accepted.as_ref().is_some_and(|(url, c)| {
            normalize_instance(self.form.text(INSTANCE)).ok().as_deref() == Some(url)
                && self.form.text(USER).trim() == c.user
                && clean_password(self.form.text(PASSWORD))
                    .is_ok_and(|typed| typed.expose_secret() == c.password.expose_secret())
                && self.oauth_unchanged(c.oauth.as_ref())
        })
    }

    /// True while the sign-in fields still hold the accepted client (or none).
    fn oauth_unchanged(&self, accepted: Option<&OAuthClient>) -> bool {
        match (self.auth_mode(), accepted) {
            (ServiceNowAuthMode::Basic, None) => true,
            (ServiceNowAuthMode::OAuth2, Some(client)) => {
                self.form.text(CLIENT_ID).trim() == client.client_id
                    && clean_client_secret(self.form.text(CLIENT_SECRET)).is_ok_and(|typed| {
                        typed.expose_secret() == client.client_secret.expose_secret()
                    })
            }
            _ => false,
        }
    }

    /// The OAuth2 client's fields, each checked beside it: `Some(None)` for
    /// Basic, `None` when a field was refused.
    fn accept_oauth(&mut self) -> Option<Option<OAuthClient>> {
        if self.auth_mode() == ServiceNowAuthMode::Basic {
            return Some(None);
        }
        let id = self
            .form
            .check(CLIENT_ID, validate_client_id(self.form.text(CLIENT_ID)));
        let secret = self.form.check(
            CLIENT_SECRET,
            clean_client_secret(self.form.text(CLIENT_SECRET)),
        );
        if let Some(id) = &id {
            self.form.set_text(CLIENT_ID, id);
        }
        Some(Some(OAuthClient {
            client_id: id?,
            client_secret: secret?,
        }))
    }

    /// Checks every field beside it; on success keeps the values (the password
    /// also as a secret) and returns true.
    pub fn accept(&mut self) -> bool {
        if self.unchanged() {
            return true;
        }
        let url = self
            .form
            .check(INSTANCE, normalize_instance(self.form.text(INSTANCE)));
        let user = self
            .form
            .check(USER, validate_user_name(self.form.text(USER)));
        let password = self
            .form
            .check(PASSWORD, clean_password(self.form.text(PASSWORD)));
        let oauth = self.accept_oauth();
        let (Some(url), Some(user), Some(password), Some(oauth)) = (url, user, password, oauth)
        else {
            self.form.focus_first_error();
            return false;
        };
        self.form.set_text(INSTANCE, &url);
        // The password stays in its (zeroizing, masked) field too: the admin sees
        // it is filled, and it is marked once ServiceNow accepts it.
        self.accepted = Some((
            url,
            ServiceNowCredentials {
                user,
                password,
                oauth,
            },
        ));
        self.activity = Activity::Idle;
        self.user = None;
        true
    }

    /// Starts the live check of the accepted values.
    pub fn start(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some((url, credentials)) = self.accepted.clone() else {
            return Vec::new();
        };
        let command = self.activity.start(
            Job::ServiceNow(ServiceNowCall::CheckCredentials {
                instance_url: url,
                credentials,
            }),
            cx,
        );
        vec![command]
    }

    /// The check finished.
    pub fn on_result(
        &mut self,
        task: TaskId,
        result: Result<ServiceNowUser, ClientError>,
        now: Instant,
    ) {
        let summary = match &result {
            Ok(user) => Ok(describe(user)),
            Err(error) => Err(error.user_message(Service::ServiceNow)),
        };
        if self.activity.finish(task, now, summary) {
            if result.is_ok() {
                self.form.confirm(PASSWORD, "accepted by ServiceNow");
            }
            self.user = result.ok();
        }
    }

    /// Stops a running check.
    pub fn cancel(&mut self, now: Instant) -> Option<TaskId> {
        self.activity
            .stop(now, "You stopped the check before ServiceNow answered.")
    }
}

fn describe(user: &ServiceNowUser) -> String {
    let roles = if user.roles.is_empty() {
        "no roles".to_owned()
    } else {
        format!("roles: {}", user.roles.join(", "))
    };
    let inactive = if user.active {
        ""
    } else {
        " — but the account is inactive: activate it in ServiceNow"
    };
    format!(
        "ServiceNow accepted {} ({roles}){inactive}.",
        user.user_name
    )
}

/// Longest client secret accepted: far above what ServiceNow generates, so only
/// a paste of something else is refused.
const MAX_CLIENT_SECRET: usize = 512;

/// A client secret as pasted: surrounding whitespace dropped (an admin may set
/// one with spaces inside, which are kept); empty, over-long, control and
/// invisible characters refused. Messages never echo the secret.
fn clean_client_secret(raw: &str) -> Result<SecretString, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("Enter the client secret from the OAuth client record in ServiceNow's Application Registry.".to_owned());
    }
    if trimmed.chars().count() > MAX_CLIENT_SECRET {
        return Err(format!("A client secret is at most {MAX_CLIENT_SECRET} characters: copy only the secret from the Application Registry record."));
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() || is_invisible_format(*c))
    {
        return Err(format!(
            "The client secret contains an invisible or control character ({}): copy it again from the Application Registry record.",
            visible(c)
        ));
    }
    Ok(SecretString::from(trimmed.to_owned()))
}

/// A password: only surrounding CR/LF from a paste is dropped (spaces may be part
/// of it); empty, whitespace-only, control or invisible format characters (BOM,
/// zero-width space, direction marks) are refused.
fn clean_password(raw: &str) -> Result<SecretString, String> {
    let trimmed = raw.trim_matches(|c| c == '\r' || c == '\n');
    if trimmed.trim().is_empty() {
        return Err("Enter the ServiceNow user's password.".to_owned());
    }
    if trimmed.chars().any(char::is_control) {
        return Err(
            "The password contains a control character (a tab or line break): type or paste it again."
                .to_owned(),
        );
    }
    if let Some(c) = trimmed.chars().find(|c| is_invisible_format(*c)) {
        return Err(format!(
            "The password contains an invisible character ({}), as pasting from a web page can add: type or paste it again.",
            visible(c)
        ));
    }
    Ok(SecretString::from(trimmed.to_owned()))
}
