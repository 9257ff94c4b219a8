//! The validation's secrets step: one masked field per secret the profile's checks use,
//! each optional (an empty field skips the checks that need it).

use secrecy::SecretString;

use crate::domain::check::plan::CheckJob;
use crate::domain::check::secrets::CheckSecrets;
use crate::domain::check::secrets::{needed_secrets, SecretKind};
use crate::domain::paste::clean_api_secret;
use crate::domain::profile::Profile;
use crate::flows::form::{Form, FormField};
use crate::flows::text_input::TextInput;

/// The masked fields, and which secret each holds.
#[derive(Debug)]
pub struct SecretsForm {
    /// One masked field per secret, in [`SecretKind::ALL`] order.
    pub form: Form,
    /// Which secret each field holds.
    pub kinds: Vec<SecretKind>,
}

impl SecretsForm {
    /// The fields `profile`'s checks use.
    pub fn for_profile(profile: &Profile) -> Self {
        Self::for_kinds(&needed_secrets(profile))
    }

    /// One field per kind.
    pub fn for_kinds(kinds: &[SecretKind]) -> Self {
        Self {
            form: Form::new(
                kinds
                    .iter()
                    .map(|kind| FormField::secret(kind.label()))
                    .collect(),
            ),
            kinds: kinds.to_vec(),
        }
    }

    /// True when the profile's checks use no secret.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The input of field `index`, for drawing (masked).
    pub fn input(&self, index: usize) -> Option<&TextInput> {
        self.form.fields.get(index)?.input()
    }

    /// True when field `index` is empty (its checks will be skipped).
    pub fn is_blank(&self, index: usize) -> bool {
        self.input(index)
            .is_none_or(|i| i.value().trim().is_empty())
    }

    /// The secrets as typed: an empty field gives none. A value that cannot be
    /// right (a Hub secret with a space inside, say) is refused beside its field.
    pub fn collect(&mut self) -> Option<CheckSecrets> {
        let mut secrets = CheckSecrets::default();
        for (index, kind) in self.kinds.clone().into_iter().enumerate() {
            if self.is_blank(index) {
                self.form.fields[index].error = None;
                continue;
            }
            let raw = self.form.text(index);
            match kind {
                SecretKind::HubApiSecret => {
                    let cleaned = clean_api_secret(raw);
                    secrets.hub_api_secret = self.form.check(index, cleaned);
                }
                SecretKind::ServiceNowPassword => {
                    // Only a pasted line break is dropped: spaces may be part of it.
                    let password = raw.trim_matches(['\r', '\n']).to_owned();
                    secrets.servicenow_password = Some(SecretString::from(password));
                }
                SecretKind::HopexApiKey => {
                    secrets.hopex_api_key = Some(SecretString::from(raw.trim().to_owned()));
                }
            }
        }
        if self.form.focus_first_error() {
            return None;
        }
        Some(secrets)
    }
}

/// The secret a check uses, if any. A check whose secret was not given is
/// skipped ([`crate::checks::run_check`] says so in its result).
pub fn secret_used_by(job: &CheckJob) -> Option<SecretKind> {
    match job {
        CheckJob::HubCredentials { .. } | CheckJob::HubFingerprint { .. } => {
            Some(SecretKind::HubApiSecret)
        }
        CheckJob::ServiceNow { .. }
        | CheckJob::RegistrationKey { .. }
        | CheckJob::CredentialUpdated { .. } => Some(SecretKind::ServiceNowPassword),
        CheckJob::HopexKey { saas: false, .. } | CheckJob::HopexFingerprint { .. } => {
            Some(SecretKind::HopexApiKey)
        }
        CheckJob::HopexKey { saas: true, .. }
        | CheckJob::KeyAge { .. }
        | CheckJob::OldKeyRevoked { .. }
        | CheckJob::Certificate { .. }
        | CheckJob::Rotation { .. } => None,
    }
}
