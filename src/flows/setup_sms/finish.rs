//! The last step: the profile that is saved (never a secret).

use chrono::NaiveDate;

use super::SetupSms;
use crate::domain::profile::{rotation_due, Profile, SmsProfile};

impl SetupSms {
    /// The ServiceNow instance and user, when the optional check passed.
    fn checked_servicenow(&self) -> Option<(&str, &str)> {
        if !self.shared.servicenow.activity.passed() {
            return None;
        }
        self.shared
            .servicenow
            .accepted()
            .map(|(url, credentials)| (url, credentials.user.as_str()))
    }

    /// The profile step 10 writes, for a key created `today`: key id, fingerprint
    /// and dates, never a secret.
    pub fn profile_to_save(&self, today: NaiveDate) -> Option<Profile> {
        let credentials = self.credentials.as_ref()?;
        Some(Profile {
            sms: Some(SmsProfile {
                vendor: self.vendor().id.clone(),
                hub_api_url: self.hub_url().to_owned(),
                api_key: credentials.key.as_str().to_owned(),
                token_fingerprint: credentials.token().fingerprint(),
                key_created: today,
                next_rotation_due: rotation_due(today),
                test_number: self
                    .live
                    .passed()
                    .then(|| self.live.number_text().to_owned()),
                servicenow_url: self
                    .checked_servicenow()
                    .map(|(url, _)| url.to_owned())
                    .or_else(|| self.written_instance.clone()),
                servicenow_user: self.checked_servicenow().map(|(_, user)| user.to_owned()),
                servicenow_credential: self.targets.credential.clone(),
                servicenow_registration: self.targets.registration.clone(),
                servicenow_registration_fields: self.targets.fields.clone(),
                rotations: Vec::new(),
            }),
            hopex: None,
        })
    }
}
