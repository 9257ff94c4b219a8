//! The demo only: the key pairs its sandbox made, so F2 can paste the current
//! key's secret where the rotation asks for it (at the start, to confirm the old
//! key's revocation later, and on the deletion step). A profile never holds it.

use secrecy::ExposeSecret;

use super::{Rotate, RotateScreen};
use crate::flows::sandbox_pair::SandboxPair;

impl Rotate {
    /// The key pairs the demo's sandbox made.
    pub fn with_demo_pairs(mut self, pairs: Vec<SandboxPair>) -> Self {
        self.demo_pairs = pairs;
        self
    }

    /// The sandbox pair of the current (old) key, while its secret may be typed
    /// on this screen, when the demo's sandbox made that key.
    pub fn sandbox_old_pair(&self) -> Option<&SandboxPair> {
        let typing = self
            .focused_form()
            .is_some_and(|form| std::ptr::eq(form, &self.old_secret_form));
        if !typing {
            return None;
        }
        let old_key = match self.screen() {
            RotateScreen::ChooseProfile | RotateScreen::StartNamed => {
                &self.profiles.get(self.selected)?.sms.api_key
            }
            RotateScreen::DeleteOldKey => &self.rotation.as_ref()?.old.api_key,
            _ => return None,
        };
        SandboxPair::of_key(&self.demo_pairs, old_key)
    }

    /// F2: the current key's secret into its field.
    pub(super) fn paste_sandbox_old_secret(&mut self) {
        if let Some(secret) = self
            .sandbox_old_pair()
            .map(|pair| pair.secret.expose_secret().to_owned())
        {
            self.old_secret_form.set_text(0, &secret);
        }
    }
}
