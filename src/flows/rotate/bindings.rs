//! The rotation's binding table: for each screen, its keys, what they do, and
//! when they apply. `update` dispatches from it; the footer and the help overlay
//! draw it.

use super::action::RotateAction;
use super::{Rotate, RotateScreen};
use crate::flows::bindings::Bindings;
use crate::flows::key::Key;
use crate::flows::live_sms::LivePhase;
use crate::flows::sandbox_pair;
use crate::flows::wizard::summary_bindings;

impl Rotate {
    /// The current screen's binding table, as it applies now.
    pub fn step_bindings(&self) -> Bindings<RotateAction> {
        let mut b = Bindings::new();
        if self.pending.is_some() {
            // A step is being recorded in the journal: wait for it, even to answer
            // a question (abandoning now would race that write to the journal).
            return b;
        }
        if let Some(question) = self.question {
            b.extend_with(question.bindings(), RotateAction::Answer);
            return b;
        }
        if let Some(writer) = &self.writer {
            self.writer_bindings(writer, &mut b);
            // Not while a request runs: a write ServiceNow saves afterwards would
            // go unrecorded.
            if writer.purpose == crate::flows::servicenow_write::WritePurpose::New
                && !writer.busy()
                && !writer.awaiting_record
            {
                self.abandon_binding(&mut b);
            }
            return b;
        }
        let screen = self.screen();
        if self.request_running() {
            let label = match screen {
                RotateScreen::LiveTest => "stop following the message",
                _ => "stop the check",
            };
            b.add(
                &[Key::Esc],
                label,
                "Stop waiting for the Hub; both keys stay as they are.",
                RotateAction::Leave,
            );
            if screen == RotateScreen::DeleteOldKey {
                // The demo's way to delete the old key works while nowkey polls.
                self.sandbox_delete_binding(&mut b);
            }
            self.abandon_binding(&mut b);
            return b;
        }
        let sandbox = self.env.sandbox_url.is_some();
        match screen {
            RotateScreen::Busy | RotateScreen::LockFailed => {
                // Locked out: only wait, retry or leave. Nothing here may touch
                // the rotation another window is running.
                b.add(
                    &[Key::Enter, Key::Char('r')],
                    "retry",
                    if screen == RotateScreen::Busy {
                        "Ask for the rotation's lock again (once the other nowkey is closed)."
                    } else {
                        "Ask for the rotation's lock again (once the problem above is fixed)."
                    },
                    RotateAction::RetryLock,
                )
                .shown("Enter");
                b.add(
                    &[Key::Esc],
                    "leave",
                    "Back to the home screen; nothing was changed.",
                    RotateAction::Home,
                );
                return b;
            }
            RotateScreen::NoProfiles
            | RotateScreen::ProfilesUnreadable
            | RotateScreen::JournalUnreadable
            | RotateScreen::Done
            | RotateScreen::Abandoned => return summary_bindings(RotateAction::Home),
            RotateScreen::ChooseProfile => {
                b.add(
                    &[Key::Up],
                    "profile",
                    "Choose the profile above.",
                    RotateAction::ProfileUp,
                )
                .shown("↑↓");
                b.add(
                    &[Key::Down],
                    "next profile",
                    "Choose the profile below.",
                    RotateAction::ProfileDown,
                )
                .help_only();
                b.add(
                    &[Key::Enter],
                    "start",
                    "Start rotating this profile's key (or resume its rotation).",
                    RotateAction::Start,
                );
                self.old_secret_paste_binding(&mut b);
            }
            RotateScreen::StartNamed => {
                b.add(
                    &[Key::Enter],
                    "start",
                    "Start rotating this profile's key.",
                    RotateAction::Start,
                );
                self.old_secret_paste_binding(&mut b);
            }
            RotateScreen::ReenterSecret => {
                b.add(
                    &[Key::Enter],
                    "check",
                    "Check the pasted secret against the new key's fingerprint.",
                    RotateAction::CheckSecret,
                );
                b.extend_with(self.new_key_form.bindings(), RotateAction::Form);
            }
            RotateScreen::CreateNewKey => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Record the new key (its secret stays in memory only).",
                    RotateAction::CaptureNewKey,
                );
                b.extend_with(self.new_key_form.bindings(), RotateAction::Form);
                b.add(
                    &[Key::F(2)],
                    sandbox_pair::PASTE_LABEL,
                    sandbox_pair::PASTE_HELP,
                    RotateAction::PasteSandboxKey,
                )
                .when(self.sandbox_key.is_some());
                b.add(
                    &[Key::F(3)],
                    "sandbox key",
                    "Sandbox only: have the sandbox Hub create a new key.",
                    RotateAction::SandboxKey,
                )
                .when(sandbox)
                .minor();
            }
            RotateScreen::VerifyNewKey => {
                b.add(
                    &[Key::Char('r'), Key::Enter],
                    "check again",
                    "Ask the Hub about the new key again.",
                    RotateAction::VerifyAgain,
                );
            }
            RotateScreen::UpdateServiceNow => {
                b.add(
                    &[Key::Char('w')],
                    "let nowkey write it",
                    "Sign in as a ServiceNow admin and let nowkey write the new token and key into the records you confirm, after a preview.",
                    RotateAction::OpenWriter,
                )
                .minor();
                b.add(
                    &[Key::Char('c')],
                    "copy",
                    "Copy the new token, for the SMS spoke's credential: to the system clipboard (read back to confirm), or over SSH to the terminal's through OSC 52 (not readable back; in tmux it needs set-clipboard on).",
                    RotateAction::CopyToken,
                )
                .shown("c k s");
                b.add(
                    &[Key::Char('k')],
                    "copy key",
                    "Copy the new API key, for the Environment Registration.",
                    RotateAction::CopyKey,
                )
                .help_only();
                b.add(
                    &[Key::Char('s')],
                    "copy secret",
                    "Copy the new API secret, for the Environment Registration.",
                    RotateAction::CopySecret,
                )
                .help_only();
                b.add(
                    &[Key::Char('1')],
                    "confirm",
                    "Tick once the SMS spoke's credential holds the new token.",
                    RotateAction::ToggleSpoke,
                )
                .shown("1 2");
                b.add(
                    &[Key::Char('2')],
                    "confirm registration",
                    "Tick once the Environment Registration holds the new key and secret.",
                    RotateAction::ToggleRegistration,
                )
                .help_only();
                b.add(
                    &[Key::Enter],
                    "next",
                    "Record that ServiceNow was updated (both must be ticked).",
                    RotateAction::ServiceNowUpdated,
                );
            }
            RotateScreen::LiveTest => match &self.live.phase {
                LivePhase::Editing | LivePhase::Failed { .. } => {
                    // After a failure the number stays editable: Enter sends to
                    // the number as it stands.
                    let failed = matches!(self.live.phase, LivePhase::Failed { .. });
                    b.add(
                        &[Key::Enter],
                        if failed { "send again" } else { "send" },
                        "Send the test SMS with the new key to the number shown.",
                        RotateAction::Send,
                    );
                    b.add(
                        &[Key::Ctrl('r')],
                        "wait for reply",
                        "Turn waiting for your reply after delivery on or off, to test inbound SMS.",
                        RotateAction::ToggleReplyWait,
                    )
                    .minor();
                    b.add(
                        &[Key::F(5)],
                        "redo ServiceNow",
                        "Do the ServiceNow update again, then test again.",
                        RotateAction::RedoServiceNow,
                    )
                    .when(failed);
                }
                LivePhase::Delivered { .. } => {
                    b.add(
                        &[Key::Enter],
                        "record the pass",
                        "Record the passing test: it unlocks deleting the old key.",
                        RotateAction::RecordPass,
                    );
                }
                LivePhase::Skipped | LivePhase::Sending { .. } | LivePhase::Following { .. } => {}
            },
            RotateScreen::DeleteOldKey if self.old_key_unresolved() => {
                b.add(
                    &[Key::Enter],
                    "recheck",
                    "Ask the Hub once more whether it still accepts the old key.",
                    RotateAction::CheckOldKeyAgain,
                );
                b.add(
                    &[Key::F(5)],
                    "wait",
                    "Keep asking the Hub for another minute: a deletion can take a moment to take effect.",
                    RotateAction::WaitLonger,
                );
                b.add(
                    &[Key::F(6)],
                    "finish anyway",
                    "Go on without the Hub's confirmation; the rotation records the old key as still accepted (or not verified), and nowkey check warns until a rotation confirms a revocation.",
                    RotateAction::FinishAnyway,
                );
                self.sandbox_delete_binding(&mut b);
            }
            RotateScreen::DeleteOldKey => {
                b.add(&[Key::Enter], "I deleted it", "Say the old key is deleted; with its secret, nowkey asks the Hub whether it still accepts it.", RotateAction::OldKeyDeleted);
                self.sandbox_delete_binding(&mut b);
                self.old_secret_paste_binding(&mut b);
            }
            RotateScreen::ProveServiceNow => {
                if let Some(proof) = &self.proof {
                    self.proof_bindings(proof, &mut b);
                }
            }
            RotateScreen::WriteServiceNow => {}
            RotateScreen::Complete => {
                b.add(
                    &[Key::Enter],
                    "save",
                    "Save the profile with the new key.",
                    RotateAction::SaveProfile,
                )
                .when(self.save.running_task().is_none());
            }
        }
        self.abandon_binding(&mut b);
        let in_progress = self
            .rotation
            .as_ref()
            .is_some_and(|r| !r.phase.is_terminal());
        let waiting = matches!(
            self.live.phase,
            LivePhase::Delivered {
                reply: crate::flows::live_sms::ReplyWait::Waiting { .. },
                ..
            }
        );
        let label = match (waiting, in_progress) {
            (true, _) => "stop waiting",
            (false, true) => "leave (resume later)",
            (false, false) => "home",
        };
        // While the proof looks for its message, Esc stops that (its own binding).
        let proof_busy = screen == RotateScreen::ProveServiceNow
            && self.proof.as_ref().is_some_and(|p| {
                matches!(
                    p.phase,
                    crate::flows::servicenow_proof::ProofPhase::Watching { .. }
                )
            });
        b.add(&[Key::Esc], label, "Stop what runs, else leave; a rotation in progress is resumed later, where it stopped.", RotateAction::Leave)
            .when(!proof_busy);
        b
    }

    /// F8, while the rotation can still be abandoned (before the old key is deleted).
    fn abandon_binding(&self, b: &mut Bindings<RotateAction>) {
        b.add(
            &[Key::F(8)],
            "abandon",
            "Abandon the rotation: the old key stays, the new one is to be deleted.",
            RotateAction::Abandon,
        )
        .when(self.can_abandon());
    }

    /// F4, in the sandbox only: delete the old key in the sandbox Hub.
    /// F2 where the current secret is typed, when the demo's sandbox made the
    /// old key: the same key pastes a sandbox secret everywhere.
    fn old_secret_paste_binding(&self, b: &mut Bindings<RotateAction>) {
        b.add(
            &[Key::F(2)],
            "paste sandbox secret",
            "Sandbox only: paste the current key's secret, which the demo's sandbox made.",
            RotateAction::PasteOldSecret,
        )
        .when(self.sandbox_old_pair().is_some());
    }

    fn sandbox_delete_binding(&self, b: &mut Bindings<RotateAction>) {
        b.add(
            &[Key::F(4)],
            "delete in sandbox",
            "Sandbox only: delete the old key in the sandbox Hub.",
            RotateAction::SandboxDeleteOldKey,
        )
        .when(self.env.sandbox_url.is_some());
    }

    /// True while a request of this screen runs (only Esc, to stop it, F8 and, on
    /// the old key's deletion, the sandbox's F4 apply).
    pub fn request_running(&self) -> bool {
        self.verify.activity.running_task().is_some()
            || self.deletion.activity.running_task().is_some()
            || matches!(
                self.live.phase,
                LivePhase::Sending { .. } | LivePhase::Following { .. }
            )
    }
}
