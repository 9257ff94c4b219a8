//! Step 3: turning the two fields into credentials, with the message beside the
//! field that is wrong.

use super::{capture_field, SetupSms};
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::token::HubCredentials;
use crate::flows::activity::Activity;

impl SetupSms {
    /// Validates both fields; on success stores the credentials and wipes the
    /// secret field (the secret now lives only in `credentials`).
    pub(super) fn accept_capture(&mut self) -> bool {
        let key = clean_api_key(self.capture.text(capture_field::KEY));
        let secret = clean_api_secret(self.capture.text(capture_field::SECRET));
        let key = self.capture.check(capture_field::KEY, key);
        let secret = self.capture.check(capture_field::SECRET, secret);
        match (key, secret) {
            (Some(key), Some(secret)) => {
                // Show the cleaned key, so a trimmed paste is visible.
                self.capture.set_text(capture_field::KEY, key.as_str());
                self.credentials = Some(HubCredentials { key, secret });
                self.capture.clear_text(capture_field::SECRET);
                self.verify = Activity::Idle;
                true
            }
            (None, _) => {
                self.capture.focus = capture_field::KEY;
                false
            }
            (Some(_), None) => {
                self.capture.focus = capture_field::SECRET;
                false
            }
        }
    }
}
