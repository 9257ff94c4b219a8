//! The HOPEX setup's field rules, applied to the forms: each refusal lands beside its field,
//! and the live warnings (Single session, a second key for one repository, Read
//! only against the data flow) update as the operator changes a choice.

use chrono::NaiveDate;
use secrecy::{ExposeSecret, SecretString};

use super::{connection_field, deployment_field, key_field, SetupHopex};
use crate::domain::address::check_address_text;
use crate::domain::hopex::rules::{
    check_connection_mode, check_login_differs, duplicate_key_warning, session_mode_warning,
    validate_expiry, validate_key_name, validate_login, validate_object_id,
};
use crate::domain::hopex::version;
use crate::domain::hopex::Deployment;
use crate::domain::paste::clean_credential;
use crate::domain::profile::{HopexProfile, Profile};
use crate::domain::service_url::graphql_endpoint;
use crate::domain::servicenow::ServiceNowAuthMode;
use crate::domain::token::Fingerprint;

impl SetupHopex {
    /// Re-applies the rules that follow a choice, after every change.
    pub(super) fn refresh_live_rules(&mut self) {
        let saas = self.deployment_kind() == Deployment::Saas;
        self.deployment.fields[deployment_field::VERSION].hidden = saas;
        // The schema is for the key check, and the own login is compared with the
        // key's: SaaS has no key, so neither is asked.
        self.connection.fields[connection_field::SCHEMA].hidden = saas;
        self.connection.fields[connection_field::OWN_LOGIN].hidden = saas;
        // Only V6.2 and later keys can expire; the field is not asked before.
        let can_expire = self.can_expire();
        let expiry = &mut self.key_fields.fields[key_field::EXPIRES];
        expiry.hidden = !can_expire;
        if expiry.hidden {
            expiry.error = None;
        }
        self.shared.servicenow.refresh();
        let session = session_mode_warning(self.session_mode()).map(str::to_owned);
        self.key_fields.fields[key_field::SESSION].warning = session;
        self.key_fields.fields[key_field::CONNECTION].error =
            check_connection_mode(self.connection_mode(), self.data_flow())
                .err()
                .map(|e| e.to_string());
        let environment = self
            .key_fields
            .text(key_field::ENVIRONMENT)
            .trim()
            .to_owned();
        let repository = self
            .key_fields
            .text(key_field::REPOSITORY)
            .trim()
            .to_owned();
        self.key_fields.fields[key_field::REPOSITORY].warning =
            if environment.is_empty() || repository.is_empty() {
                None
            } else {
                duplicate_key_warning(
                    &environment,
                    &repository,
                    self.existing_keys
                        .iter()
                        .map(|(name, env, repo)| (name.as_str(), env.as_str(), repo.as_str())),
                )
            };
    }

    /// Step 1: the version gate (on-premises; SaaS is kept current).
    pub(super) fn accept_deployment(&mut self) -> bool {
        if self.deployment_kind() == Deployment::Saas {
            self.deployment.fields[deployment_field::VERSION].error = None;
            return true;
        }
        let raw = self.deployment.text(deployment_field::VERSION).to_owned();
        match self
            .deployment
            .check(deployment_field::VERSION, version::check(&raw))
        {
            Some(parsed) => {
                self.deployment
                    .set_text(deployment_field::VERSION, &parsed.to_string());
                true
            }
            None => {
                self.deployment.focus = deployment_field::VERSION;
                false
            }
        }
    }

    /// Step 2: the server URL, and the operator's own login.
    pub(super) fn accept_connection(&mut self) -> bool {
        let server = self
            .connection
            .text(connection_field::SERVER)
            .trim()
            .to_owned();
        let endpoint = check_address_text(&server)
            .map_err(|e| e.to_string())
            .and_then(|server| {
                graphql_endpoint(server, self.schema())
                    .map_err(|e| e.user_message(crate::domain::remote_error::Service::Hopex))
            });
        let server_ok = self
            .connection
            .check(connection_field::SERVER, endpoint)
            .is_some();
        let login_ok = if self.with_key() {
            let login = validate_login(self.connection.text(connection_field::OWN_LOGIN));
            self.connection
                .check(connection_field::OWN_LOGIN, login)
                .is_some()
        } else {
            self.connection.fields[connection_field::OWN_LOGIN].error = None;
            true
        };
        self.refresh_live_rules();
        if server_ok && login_ok {
            self.connection
                .set_text(connection_field::SERVER, server.trim_end_matches('/'));
            return true;
        }
        self.connection.focus_first_error();
        false
    }

    /// Step 3: every field of the key, with the rules of the HOPEX documentation;
    /// an expiration date must be after `today`.
    pub(super) fn accept_key_fields(&mut self, today: NaiveDate) -> bool {
        if self.can_expire() {
            let expires = validate_expiry(self.key_fields.text(key_field::EXPIRES), today);
            if let Some(Some(day)) = self.key_fields.check(key_field::EXPIRES, expires) {
                self.key_fields
                    .set_text(key_field::EXPIRES, &day.format("%Y-%m-%d").to_string());
            }
        }
        let form = &mut self.key_fields;
        let name = validate_key_name(form.text(key_field::NAME));
        form.check(key_field::NAME, name);
        let own = self.connection.text(connection_field::OWN_LOGIN).to_owned();
        let login = validate_login(form.text(key_field::LOGIN))
            .and_then(|login| check_login_differs(&login, &own).map(|()| login));
        form.check(key_field::LOGIN, login);
        for (index, label) in [
            (key_field::ENVIRONMENT, "EnvironmentId"),
            (key_field::REPOSITORY, "RepositoryId"),
            (key_field::PROFILE, "ProfileId"),
        ] {
            let id = validate_object_id(label, form.text(index));
            if let Some(id) = form.check(index, id) {
                form.set_text(index, &id);
            }
        }
        self.refresh_live_rules();
        !self.key_fields.focus_first_error()
    }

    /// Step 5: the key, trimmed of pasted whitespace; the field is wiped after.
    pub(super) fn accept_key(&mut self) -> bool {
        if self.key_form.text(0).is_empty() && self.api_key.is_some() {
            return true;
        }
        let cleaned = clean_credential("HOPEX API key", self.key_form.text(0))
            .map(|key| SecretString::from(key.to_owned()));
        match self.key_form.check(0, cleaned) {
            Some(key) => {
                self.api_key = Some(key);
                self.key_form.clear_text(0);
                self.hopex_check = crate::flows::activity::Activity::Idle;
                true
            }
            None => false,
        }
    }

    /// The profile the save step writes, for a key created `today`: settings
    /// and the key's fingerprint, no secret. SaaS has no key: no version, none
    /// of the key's fields, no fingerprint.
    pub fn profile_to_save(&self, today: NaiveDate) -> Option<Profile> {
        let (servicenow_url, credentials) = self.shared.servicenow.accepted()?;
        let with_key = self.with_key();
        // A field of the key, empty on the SaaS path (whatever an earlier
        // on-premises walk left in the form).
        let key_text = |form: &crate::flows::form::Form, index: usize| {
            if with_key {
                form.text(index).trim().to_owned()
            } else {
                String::new()
            }
        };
        Some(Profile {
            sms: None,
            hopex: Some(HopexProfile {
                deployment: self.deployment_kind(),
                version: key_text(&self.deployment, deployment_field::VERSION),
                server_url: self
                    .connection
                    .text(connection_field::SERVER)
                    .trim()
                    .to_owned(),
                schema: self.schema().to_owned(),
                data_flow: self.data_flow(),
                key_name: key_text(&self.key_fields, key_field::NAME),
                hopex_login: key_text(&self.key_fields, key_field::LOGIN),
                environment_id: key_text(&self.key_fields, key_field::ENVIRONMENT),
                repository_id: key_text(&self.key_fields, key_field::REPOSITORY),
                profile_id: key_text(&self.key_fields, key_field::PROFILE),
                session_mode: with_key.then(|| self.session_mode()),
                connection_mode: with_key.then(|| self.connection_mode()),
                key_fingerprint: self
                    .api_key
                    .as_ref()
                    .filter(|_| with_key)
                    .map(|key| Fingerprint::of_secret(key.expose_secret())),
                key_created: today,
                servicenow_url: servicenow_url.to_owned(),
                servicenow_user: credentials.user.clone(),
                key_expires: self.key_expires(),
                servicenow_auth: if credentials.oauth.is_some() {
                    ServiceNowAuthMode::OAuth2
                } else {
                    ServiceNowAuthMode::Basic
                },
                // The client id only: the secret stays in memory.
                servicenow_oauth_client_id: credentials
                    .oauth
                    .as_ref()
                    .map(|client| client.client_id.clone()),
                rotations: Vec::new(),
            }),
        })
    }
}
