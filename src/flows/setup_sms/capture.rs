//! Step 3: turning the two fields into credentials, with the message beside the
//! field that is wrong.

use super::{CaptureField, SetupSms};
use crate::domain::paste::{clean_api_key, clean_api_secret, InputError};
use crate::domain::token::HubCredentials;

impl SetupSms {
    /// Validates both fields; on success stores the credentials and wipes the
    /// secret field (the secret now lives only in `credentials`).
    pub(super) fn accept_capture(&mut self) -> bool {
        let key = clean_api_key(self.key_input.value());
        let secret = clean_api_secret(self.secret_input.value());
        self.key_input.error = key
            .as_ref()
            .err()
            .map(|e| self.message_for(e, CaptureField::Key));
        self.secret_input.error = secret
            .as_ref()
            .err()
            .map(|e| self.message_for(e, CaptureField::Secret));
        match (key, secret) {
            (Ok(key), Ok(secret)) => {
                // Show the cleaned key, so a trimmed paste is visible.
                self.key_input.set(key.as_str());
                self.credentials = Some(HubCredentials { key, secret });
                self.secret_input.clear();
                self.verify = crate::flows::activity::Activity::Idle;
                true
            }
            (Err(_), _) => {
                self.capture_focus = CaptureField::Key;
                false
            }
            (Ok(_), Err(_)) => {
                self.capture_focus = CaptureField::Secret;
                false
            }
        }
    }

    fn message_for(&self, error: &InputError, field: CaptureField) -> String {
        let input = match field {
            CaptureField::Key => &self.key_input,
            CaptureField::Secret => &self.secret_input,
        };
        if input.was_truncated() {
            return format!(
                "That paste was far too long (over {} characters): paste only the {}.",
                crate::flows::text_input::FIELD_CAPACITY,
                match field {
                    CaptureField::Key => "API key",
                    CaptureField::Secret => "API secret",
                }
            );
        }
        error.to_string()
    }
}
