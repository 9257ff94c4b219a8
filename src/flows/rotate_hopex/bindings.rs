//! The HOPEX key rotation's actions and binding table: for each screen, its
//! keys, what they do, and when they apply. `update` dispatches from it; the
//! footer and the help overlay draw it.

use super::{HopexRotateScreen, RotateHopex};
use crate::flows::bindings::Bindings;
use crate::flows::form::FormAction;
use crate::flows::key::Key;
use crate::flows::question::Answer;
use crate::flows::wizard::summary_bindings;

/// What a key does in the HOPEX key rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopexRotateAction {
    /// The answer to the abandon question.
    Answer(Answer),
    /// Esc: stop a request, else leave (a rotation in progress resumes later).
    Leave,
    /// Back home.
    Home,
    /// The previous profile on the list.
    ProfileUp,
    /// The next profile on the list.
    ProfileDown,
    /// Start (or resume) the selected profile's rotation.
    Start,
    /// Locked out: ask for the lock again.
    RetryLock,
    /// Moving between fields.
    Form(FormAction),
    /// Check the pasted new key against the journal.
    CheckKey,
    /// Record the new key.
    CaptureNewKey,
    /// Sandbox: have the sandbox's HOPEX make the new key (same settings).
    SandboxNewKey,
    /// Ask HOPEX about the new key again.
    VerifyAgain,
    /// Enter another new key in place of the one HOPEX refused (or that opens
    /// the wrong repository or profile).
    ReplaceKey,
    /// Copy the new key, for the module settings.
    CopyKey,
    /// Tick (or untick) that the module settings hold the new key.
    ToggleSettings,
    /// Record that the module settings hold the new key.
    SettingsUpdated,
    /// The module's Test passed.
    TestPassed,
    /// The module's Test failed.
    TestFailed,
    /// After a failed Test: put the key into the module settings again.
    RedoSettings,
    /// The old key is revoked in HOPEX: confirm (or record) it.
    OldKeyRevoked,
    /// Sandbox: revoke the old key in the sandbox's HOPEX.
    SandboxRevokeOldKey,
    /// HOPEX still accepted the old key: ask once more now.
    CheckOldKeyAgain,
    /// HOPEX still accepted the old key: keep asking for another while.
    WaitLonger,
    /// Go on without HOPEX's confirmation of the revocation.
    FinishAnyway,
    /// Save the profile with the new key.
    SaveProfile,
    /// Ask to abandon the rotation.
    Abandon,
}

impl RotateHopex {
    /// The current screen's binding table, as it applies now.
    pub fn step_bindings(&self) -> Bindings<HopexRotateAction> {
        use HopexRotateAction as A;
        let mut b = Bindings::new();
        if self.pending.is_some() {
            // A step is being recorded in the journal: wait for it.
            return b;
        }
        if let Some(question) = self.question {
            b.extend_with(question.bindings(), A::Answer);
            return b;
        }
        let screen = self.screen();
        let sandbox = self.env.sandbox_url.is_some();
        if self.request_running() {
            b.add(
                &[Key::Esc],
                "stop the check",
                "Stop waiting for HOPEX; both keys stay as they are.",
                A::Leave,
            );
            if screen == HopexRotateScreen::RevokeOldKey {
                self.sandbox_revoke_binding(&mut b);
            }
            self.abandon_binding(&mut b);
            return b;
        }
        match screen {
            HopexRotateScreen::Busy | HopexRotateScreen::LockFailed => {
                b.add(
                    &[Key::Enter, Key::Char('r')],
                    "retry",
                    "Ask for the rotation's lock again.",
                    A::RetryLock,
                )
                .shown("Enter");
                b.add(
                    &[Key::Esc],
                    "leave",
                    "Back to the home screen; nothing was changed.",
                    A::Home,
                );
                return b;
            }
            HopexRotateScreen::NoProfiles
            | HopexRotateScreen::ProfilesUnreadable
            | HopexRotateScreen::JournalUnreadable
            | HopexRotateScreen::Saas
            | HopexRotateScreen::Done
            | HopexRotateScreen::Abandoned => return summary_bindings(A::Home),
            HopexRotateScreen::ChooseProfile => {
                b.add(
                    &[Key::Up],
                    "profile",
                    "Choose the profile above.",
                    A::ProfileUp,
                )
                .shown("↑↓");
                b.add(
                    &[Key::Down],
                    "next profile",
                    "Choose the profile below.",
                    A::ProfileDown,
                )
                .help_only();
                b.add(
                    &[Key::Enter],
                    "start",
                    "Start rotating this profile's HOPEX key (or resume its rotation).",
                    A::Start,
                );
            }
            HopexRotateScreen::StartNamed => {
                b.add(
                    &[Key::Enter],
                    "start",
                    "Start rotating this profile's HOPEX key.",
                    A::Start,
                );
            }
            HopexRotateScreen::ReenterKey => {
                b.add(
                    &[Key::Enter],
                    "check",
                    "Check the pasted key against the new key's fingerprint.",
                    A::CheckKey,
                );
                b.extend_with(self.new_key_form.bindings(), A::Form);
            }
            HopexRotateScreen::CreateNewKey => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Record the new key (the key stays in memory only).",
                    A::CaptureNewKey,
                );
                b.extend_with(self.new_key_form.bindings(), A::Form);
                b.add(
                    &[Key::F(3)],
                    "sandbox key",
                    "Sandbox only: have the sandbox's HOPEX make the new key and paste it.",
                    A::SandboxNewKey,
                )
                .when(sandbox)
                .minor();
            }
            HopexRotateScreen::VerifyNewKey => {
                b.add(
                    &[Key::Char('r'), Key::Enter],
                    "check again",
                    "Ask HOPEX about the new key again.",
                    A::VerifyAgain,
                );
                b.add(
                    &[Key::Char('e')],
                    "enter another key",
                    "Make another new key in HOPEX (on the profile's repository and profile) and enter it instead; revoke the refused one there.",
                    A::ReplaceKey,
                );
            }
            HopexRotateScreen::UpdateModule => {
                b.add(
                    &[Key::Char('c')],
                    "copy key",
                    "Copy the new API key, for the module settings' API key field: to the system clipboard (read back to confirm), or over SSH to the terminal's through OSC 52.",
                    A::CopyKey,
                );
                b.add(
                    &[Key::Char('1')],
                    "confirm",
                    "Tick once the module settings hold the new key and are saved.",
                    A::ToggleSettings,
                );
                b.add(
                    &[Key::Enter],
                    "next",
                    "Record that the module settings hold the new key (tick it first).",
                    A::SettingsUpdated,
                );
            }
            HopexRotateScreen::ModuleTest => {
                b.add(&[Key::Char('y')], "it passed", "The module's Test passed with the new key: record it; this unlocks revoking the old key.", A::TestPassed);
                b.add(
                    &[Key::Char('n')],
                    "it failed",
                    "The module's Test failed: record it; both keys stay valid.",
                    A::TestFailed,
                );
                b.add(
                    &[Key::F(5)],
                    "redo settings",
                    "Put the new key into the module settings again, then test again.",
                    A::RedoSettings,
                )
                .when(self.last_test_failed());
            }
            HopexRotateScreen::RevokeOldKey if self.old_key_unresolved() => {
                b.add(
                    &[Key::Enter],
                    "recheck",
                    "Ask HOPEX once more whether it still accepts the old key.",
                    A::CheckOldKeyAgain,
                );
                b.add(&[Key::F(5)], "wait", "Keep asking HOPEX for another minute: a revocation can take a moment to take effect.", A::WaitLonger);
                b.add(&[Key::F(6)], "finish anyway", "Go on without HOPEX's confirmation; the rotation records the old key as still accepted (or not verified).", A::FinishAnyway);
                self.sandbox_revoke_binding(&mut b);
            }
            HopexRotateScreen::RevokeOldKey => {
                b.add(&[Key::Enter], "I revoked it", "Say the old key is revoked; with the old key, nowkey asks HOPEX whether it still accepts it.", A::OldKeyRevoked);
                self.sandbox_revoke_binding(&mut b);
            }
            HopexRotateScreen::Complete => {
                b.add(
                    &[Key::Enter],
                    "save",
                    "Save the profile with the new key.",
                    A::SaveProfile,
                )
                .when(self.save.running_task().is_none());
            }
        }
        self.abandon_binding(&mut b);
        let in_progress = self
            .rotation
            .as_ref()
            .is_some_and(|r| !r.phase.is_terminal());
        let label = if in_progress {
            "leave (resume later)"
        } else {
            "home"
        };
        b.add(
            &[Key::Esc],
            label,
            "Stop what runs, else leave; a rotation in progress is resumed later, where it stopped.",
            A::Leave,
        );
        b
    }

    /// F8, while the rotation can still be abandoned (before the old key is revoked).
    fn abandon_binding(&self, b: &mut Bindings<HopexRotateAction>) {
        b.add(
            &[Key::F(8)],
            "abandon",
            "Abandon the rotation: the old key stays, the new one is to be revoked.",
            HopexRotateAction::Abandon,
        )
        .when(self.can_abandon());
    }

    /// F4, in the sandbox only, when the old key was given: revoke it there.
    fn sandbox_revoke_binding(&self, b: &mut Bindings<HopexRotateAction>) {
        b.add(
            &[Key::F(4)],
            "revoke in sandbox",
            "Sandbox only: revoke the old key in the sandbox's HOPEX.",
            HopexRotateAction::SandboxRevokeOldKey,
        )
        .when(self.env.sandbox_url.is_some() && self.old_key.is_some());
    }

    /// True while a request of this screen runs.
    pub fn request_running(&self) -> bool {
        self.verify.activity.running_task().is_some()
            || self.deletion.activity.running_task().is_some()
    }
}
