//! The "Live now" line every rotation screen shows: which key(s) the issuer
//! accepts and the integration uses right now, in words a support person can
//! read aloud. Shared by the Hub key's and the HOPEX key's rotations.

use super::{Credential, LiveKeys, Rotation};

impl Rotation {
    /// Which key is live, e.g. "the OLD key ab12 (fingerprint)", or "BOTH keys:
    /// old … and new …".
    pub fn live_now(&self) -> String {
        let key = |k: &super::KeyRef| format!("{} ({})", k.api_key, k.fingerprint);
        let new = self
            .new
            .as_ref()
            .map(key)
            .unwrap_or_else(|| "not created yet".to_owned());
        let old = key(&self.old);
        let (issuer, consumer) = (self.credential.issuer(), self.credential.consumer());
        let named = match self.credential {
            Credential::HubKey => "",
            Credential::HopexKey => "named ",
        };
        match self.live_keys() {
            LiveKeys::OldOnly => format!("the OLD key {named}{old}"),
            LiveKeys::Both => format!("BOTH keys: old {old} and new {new}"),
            LiveKeys::OldStillAccepted => format!(
                "BOTH keys: {issuer} still accepts the old key. Old {old}, new {new} (in {consumer})."
            ),
            LiveKeys::NewOnly => format!(
                "the NEW key {named}{new}; {issuer} rejects the old key (revocation confirmed)."
            ),
            LiveKeys::NewOldUnverified => format!(
                "the NEW key {named}{new} in {consumer}; the old key's revocation is not verified."
            ),
        }
    }

    /// The same, as a clause for a sentence ("both keys are live and ServiceNow
    /// uses the new one").
    pub fn live_now_clause(&self) -> String {
        let (issuer, consumer) = (self.credential.issuer(), self.credential.consumer());
        match self.live_keys() {
            LiveKeys::OldOnly => "the old key is still the one in use".to_owned(),
            LiveKeys::Both => format!("both keys are live and {consumer} uses the new one"),
            LiveKeys::OldStillAccepted => format!(
                "{consumer} uses the new key and {issuer} still accepted the old one at the last try"
            ),
            LiveKeys::NewOnly => format!("only the new key is live ({issuer} rejects the old one)"),
            LiveKeys::NewOldUnverified => {
                format!("{consumer} uses the new key; the old key's revocation is not verified")
            }
        }
    }
}
