//! The SMS setup's binding table: for each step, its keys, what they do, and
//! when they apply. `update` dispatches from it; the footer and the help overlay
//! draw it.

use super::{SetupSms, Step};
use crate::flows::bindings::Bindings;
use crate::flows::form::FormAction;
use crate::flows::key::{Key, BACK};
use crate::flows::live_sms::{LivePhase, ReplyWait};
use crate::flows::question::Answer;
use crate::flows::sandbox_pair;
use crate::flows::wizard::{leave_bindings, summary_bindings};

/// What a key does in the SMS setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsAction {
    /// The answer to the cancel question.
    Answer(Answer),
    /// Esc: stop a request, else cancel the setup.
    Cancel,
    /// The previous step.
    Back,
    /// Enter: accept this step and go on (each step checks what it needs).
    Next,
    /// Step 1: the previous brand.
    BrandUp,
    /// Step 1: the next brand.
    BrandDown,
    /// Step 1: between the brand list and the URL field.
    ToggleUrlField,
    /// Step 2: open the Hub in a browser (or say where, over SSH).
    OpenHub,
    /// Step 2, sandbox: have the sandbox create a key.
    SandboxKey,
    /// Step 3, sandbox: paste the sandbox's key into the focused field.
    PasteSandboxKey,
    /// Moving between fields, changing a choice.
    Form(FormAction),
    /// Step 4: go on without checking ServiceNow.
    SkipServiceNow,
    /// Steps 5–6: copy the token.
    CopyToken,
    /// Steps 5–6: show or hide the token.
    RevealToken,
    /// Step 7: ask the Hub again.
    CheckAgain,
    /// Step 8: copy the API key.
    CopyKey,
    /// Step 8: copy the API secret.
    CopySecret,
    /// Step 9: send the test SMS.
    Send,
    /// Step 9: convert a local number to international form.
    ConvertNumber,
    /// Step 9: wait (or not) for a reply after delivery.
    ToggleReplyWait,
    /// Step 9: go on without a live test.
    SkipLiveTest,
    /// Step 10: save the profile.
    Save,
    /// The summary: back home.
    Home,
    /// Step 6: let nowkey write the token and key into ServiceNow.
    OpenWriter,
    /// A key of the ServiceNow writer.
    Writer(crate::flows::servicenow_write::WriterAction),
    /// Step 9: the test sent from ServiceNow.
    OpenProof,
    /// A key of the test sent from ServiceNow.
    Proof(crate::flows::servicenow_proof::ProofAction),
    /// Close the test sent from ServiceNow.
    CloseProof,
}

impl SetupSms {
    /// The current step's bindings, as they apply now.
    pub fn step_bindings(&self) -> Bindings<SmsAction> {
        let mut b = Bindings::new();
        if let Some(question) = self.shared.question {
            b.extend_with(question.bindings(), SmsAction::Answer);
            return b;
        }
        if let Some(open) = self.servicenow_bindings() {
            return open;
        }
        if self.request_running() {
            let label = match self.step {
                Step::LiveTest => "stop following the message",
                _ => "stop the check",
            };
            b.add(
                &[Key::Esc],
                label,
                "Stop waiting for the answer; nothing else changes.",
                SmsAction::Cancel,
            );
            b.add(
                &BACK,
                "back",
                "Stop the request and go back to the previous step.",
                SmsAction::Back,
            )
            .help_only();
            return b;
        }
        match self.step {
            Step::Vendor => self.vendor_bindings(&mut b),
            Step::CreateKey => {
                b.add(
                    &[Key::Enter],
                    "I have the key",
                    "Go on once the Hub shows the new key and its secret.",
                    SmsAction::Next,
                );
                b.add(
                    &[Key::Char('o')],
                    "open the Hub",
                    "Open the Hub in your browser (over SSH, nowkey prints its address instead).",
                    SmsAction::OpenHub,
                );
                b.add(&[Key::Char('k')], "sandbox key", "Sandbox only: have the sandbox Hub create a key, as its Create Key button would.", SmsAction::SandboxKey)
                    .when(self.env.sandbox_url.is_some() && self.sandbox_key_task.is_none());
            }
            Step::Capture => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Check the key, then the secret, and go on.",
                    SmsAction::Next,
                );
                b.extend_with(self.capture.bindings(), SmsAction::Form);
                b.add(
                    &[Key::F(2)],
                    sandbox_pair::PASTE_LABEL,
                    sandbox_pair::PASTE_HELP,
                    SmsAction::PasteSandboxKey,
                )
                .when(self.sandbox_key.is_some());
            }
            Step::ServiceNow => {
                let checked = self.shared.servicenow.activity.passed();
                b.add(
                    &[Key::Enter],
                    if checked { "next" } else { "check" },
                    "Check the instance, user and password with ServiceNow; once it passes, go on.",
                    SmsAction::Next,
                );
                b.add(
                    &[Key::Ctrl('x')],
                    "skip",
                    "Go on without checking ServiceNow (this step is optional).",
                    SmsAction::SkipServiceNow,
                );
                b.extend_with(self.shared.servicenow.form.bindings(), SmsAction::Form);
            }
            Step::Token | Step::Clipboard => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to the next step.",
                    SmsAction::Next,
                );
                b.add(
                    &[Key::Char('c')],
                    "copy",
                    "Copy the token to your clipboard, cleared after 30 seconds: the system clipboard, read back to confirm; over SSH or without a display, the terminal's clipboard through the OSC 52 escape sequence, which cannot be read back (inside tmux it needs set-clipboard on or allow-passthrough on).",
                    SmsAction::CopyToken,
                );
                b.add(
                    &[Key::Char('r')],
                    if self.token_revealed {
                        "hide"
                    } else {
                        "reveal"
                    },
                    "Show the token on screen, or hide it again.",
                    SmsAction::RevealToken,
                );
            }
            Step::Verify => {
                let passed = self.verify.passed();
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to the next step.",
                    SmsAction::Next,
                )
                .when(passed);
                b.add(
                    &[Key::Char('r'), Key::Enter],
                    "check again",
                    "Ask the Hub again with the same key and secret.",
                    SmsAction::CheckAgain,
                )
                .when(!passed);
                b.add(
                    &[Key::Char('r')],
                    "check again",
                    "Ask the Hub again with the same key and secret.",
                    SmsAction::CheckAgain,
                )
                .when(passed)
                .minor();
            }
            Step::Inbound => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to the next step.",
                    SmsAction::Next,
                );
                b.add(
                    &[Key::Char('k')],
                    "copy key",
                    "Copy the API key, for the Environment Registration record.",
                    SmsAction::CopyKey,
                );
                b.add(
                    &[Key::Char('s')],
                    "copy secret",
                    "Copy the API secret, for the Environment Registration record.",
                    SmsAction::CopySecret,
                );
            }
            Step::LiveTest => self.live_bindings(&mut b),
            Step::Save => {
                b.add(
                    &[Key::Enter],
                    "save",
                    "Save the profile under this name (no secret is saved).",
                    SmsAction::Save,
                )
                .when(!self.shared.save.running());
            }
            Step::Done => return summary_bindings(SmsAction::Home),
        }
        self.servicenow_offers(&mut b);
        leave_bindings(
            &mut b,
            (self.step != Step::Vendor).then_some(SmsAction::Back),
            (!self.waiting_for_reply()).then_some(SmsAction::Cancel),
        );
        b
    }

    /// True while the live SMS was delivered and a reply is awaited.
    fn waiting_for_reply(&self) -> bool {
        self.step == Step::LiveTest
            && matches!(
                self.live.phase,
                LivePhase::Delivered {
                    reply: ReplyWait::Waiting { .. },
                    ..
                }
            )
    }

    fn vendor_bindings(&self, b: &mut Bindings<SmsAction>) {
        if self.api_url_focused {
            b.add(
                &[Key::Enter],
                "next",
                "Use this brand and API URL.",
                SmsAction::Next,
            );
            b.add(
                &[Key::Tab, Key::BackTab],
                "brand list",
                "Back to the list of brands.",
                SmsAction::ToggleUrlField,
            );
            return;
        }
        b.add(
            &[Key::Up, Key::Char('k')],
            "choose",
            "Choose the brand above.",
            SmsAction::BrandUp,
        )
        .shown("↑↓");
        b.add(
            &[Key::Down, Key::Char('j')],
            "next brand",
            "Choose the brand below.",
            SmsAction::BrandDown,
        )
        .help_only();
        b.add(
            &[Key::Enter],
            "next",
            "Use this brand and API URL.",
            SmsAction::Next,
        );
        b.add(
            &[Key::Tab, Key::BackTab],
            "edit URL",
            "Edit the Hub API URL (an EU account, a proxy).",
            SmsAction::ToggleUrlField,
        );
    }

    fn live_bindings(&self, b: &mut Bindings<SmsAction>) {
        match &self.live.phase {
            LivePhase::Editing | LivePhase::Failed { .. } => {
                // After a failure the number stays editable: Enter sends to the
                // number as it stands, never to the one that failed unseen.
                let again = matches!(self.live.phase, LivePhase::Failed { .. });
                b.add(
                    &[Key::Enter],
                    if again { "send again" } else { "send" },
                    "Send the test SMS to the number shown.",
                    SmsAction::Send,
                );
                b.add(&[Key::Ctrl('l')], "convert local number", "Turn a local number (0412…) into international form with the country code shown.", SmsAction::ConvertNumber)
                    .minor();
                b.add(
                    &[Key::Ctrl('r')],
                    "wait for a reply",
                    "Turn waiting for your reply after delivery on or off, to test inbound SMS.",
                    SmsAction::ToggleReplyWait,
                )
                .minor();
                b.add(
                    &[Key::Ctrl('x')],
                    "skip",
                    "Go on without a live test.",
                    SmsAction::SkipLiveTest,
                );
            }
            LivePhase::Delivered { .. } => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on (a reply still awaited is not waited for).",
                    SmsAction::Next,
                );
                b.add(
                    &[Key::Esc],
                    "stop waiting",
                    "Stop waiting for the reply; the outbound test stands.",
                    SmsAction::Cancel,
                )
                .when(self.waiting_for_reply());
            }
            LivePhase::Skipped => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to the next step.",
                    SmsAction::Next,
                );
            }
            LivePhase::Sending { .. } | LivePhase::Following { .. } => {}
        }
    }
}
