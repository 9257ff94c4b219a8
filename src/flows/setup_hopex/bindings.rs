//! The HOPEX setup's binding table: for each step, its keys, what they do, and
//! when they apply. `update` dispatches from it; the footer and the help overlay
//! draw it.

use super::{HopexStep, SetupHopex};
use crate::flows::bindings::Bindings;
use crate::flows::form::FormAction;
use crate::flows::key::{Key, BACK};
use crate::flows::question::Answer;
use crate::flows::wizard::{leave_bindings, summary_bindings};

/// A value on the summary that can be copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The ServiceNow instance URL.
    Url,
    /// The ServiceNow user name.
    User,
    /// The ServiceNow password.
    Password,
    /// The OAuth2 client id (OAuth2 only).
    ClientId,
    /// The OAuth2 client secret (OAuth2 only).
    ClientSecret,
    /// The HOPEX API key.
    ApiKey,
}

/// What a key does in the HOPEX setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopexAction {
    /// The answer to the cancel question.
    Answer(Answer),
    /// Esc: stop the checks, else cancel the setup.
    Cancel,
    /// The previous step.
    Back,
    /// Enter: accept this step and go on (each step checks what it needs).
    Next,
    /// Moving between fields, changing a choice.
    Form(FormAction),
    /// Step 4, sandbox: have the sandbox console create the key.
    SandboxKey,
    /// Step 5, sandbox: paste the key the sandbox console created.
    PasteSandboxKey,
    /// Step 7: run the checks that have not passed again.
    CheckAgain,
    /// Step 8: copy one setting.
    Copy(Setting),
    /// The summary: back home.
    Home,
}

impl SetupHopex {
    /// The current step's binding table, as it applies now.
    pub fn step_bindings(&self) -> Bindings<HopexAction> {
        let mut b = Bindings::new();
        if let Some(question) = self.shared.question {
            b.extend_with(question.bindings(), HopexAction::Answer);
            return b;
        }
        if self.step == HopexStep::Checks && self.checks_running() {
            b.add(
                &[Key::Esc],
                "stop the checks",
                "Stop waiting for HOPEX and ServiceNow; nothing else changes.",
                HopexAction::Cancel,
            );
            b.add(
                &BACK,
                "back",
                "Stop the checks and go back to the previous step.",
                HopexAction::Back,
            )
            .help_only();
            return b;
        }
        match self.step {
            HopexStep::Deployment
            | HopexStep::Connection
            | HopexStep::KeyFields
            | HopexStep::ServiceNow => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Check every field and go on.",
                    HopexAction::Next,
                );
                if let Some(form) = self.editable_form() {
                    b.extend_with(form.bindings(), HopexAction::Form);
                }
            }
            HopexStep::Checklist => {
                b.add(
                    &[Key::Enter],
                    "I have the key",
                    "Go on once the console shows the new key.",
                    HopexAction::Next,
                );
                b.add(
                    &[Key::Char('k')],
                    "sandbox console",
                    "Sandbox only: have the sandbox console create this key.",
                    HopexAction::SandboxKey,
                )
                .when(self.env.sandbox_url.is_some() && self.sandbox_key_task.is_none());
            }
            HopexStep::CaptureKey => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Check the key and go on.",
                    HopexAction::Next,
                );
                b.add(
                    &[Key::F(2)],
                    "paste sandbox key",
                    "Sandbox only: paste the key the sandbox console created.",
                    HopexAction::PasteSandboxKey,
                )
                .when(self.sandbox_created_key.is_some());
            }
            HopexStep::Checks => {
                let passed = self.checks_passed();
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to the settings for HOPEX's ServiceNow module.",
                    HopexAction::Next,
                )
                .when(passed);
                b.add(
                    &[Key::Char('r'), Key::Enter],
                    "check again",
                    "Run the checks that have not passed again.",
                    HopexAction::CheckAgain,
                )
                .when(!passed);
                b.add(
                    &[Key::Char('r')],
                    "check again",
                    "Run the checks that have not passed again.",
                    HopexAction::CheckAgain,
                )
                .when(passed)
                .minor();
            }
            HopexStep::Summary => {
                b.add(
                    &[Key::Enter],
                    "next",
                    "Go on to save the profile.",
                    HopexAction::Next,
                );
                let accepted = self.shared.servicenow.accepted();
                let servicenow = accepted.is_some();
                let oauth = accepted.is_some_and(|(_, c)| c.oauth.is_some());
                b.add(
                    &[Key::Char('u')],
                    "copy",
                    "Copy the ServiceNow instance URL.",
                    HopexAction::Copy(Setting::Url),
                )
                .when(servicenow)
                .shown(match (oauth, self.key_to_copy()) {
                    (false, true) => "u n p k",
                    (false, false) => "u n p",
                    (true, true) => "u i s n p k",
                    (true, false) => "u i s n p",
                });
                b.add(
                    &[Key::Char('i')],
                    "copy client ID",
                    "Copy the OAuth2 client ID.",
                    HopexAction::Copy(Setting::ClientId),
                )
                .when(oauth)
                .help_only();
                b.add(
                    &[Key::Char('s')],
                    "copy client secret",
                    "Copy the OAuth2 client secret.",
                    HopexAction::Copy(Setting::ClientSecret),
                )
                .when(oauth)
                .help_only();
                b.add(
                    &[Key::Char('n')],
                    "copy user",
                    "Copy the ServiceNow user name.",
                    HopexAction::Copy(Setting::User),
                )
                .when(servicenow)
                .help_only();
                b.add(
                    &[Key::Char('p')],
                    "copy password",
                    "Copy the ServiceNow password.",
                    HopexAction::Copy(Setting::Password),
                )
                .when(servicenow)
                .help_only();
                b.add(
                    &[Key::Char('k')],
                    "copy key",
                    "Copy the HOPEX API key.",
                    HopexAction::Copy(Setting::ApiKey),
                )
                .when(self.key_to_copy())
                .help_only();
            }
            HopexStep::Save => {
                b.add(
                    &[Key::Enter],
                    "save",
                    "Save the profile under this name (no key, no password).",
                    HopexAction::Next,
                )
                .when(!self.shared.save.running());
            }
            HopexStep::Done => return summary_bindings(HopexAction::Home),
        }
        leave_bindings(
            &mut b,
            (self.step != HopexStep::Deployment).then_some(HopexAction::Back),
            Some(HopexAction::Cancel),
        );
        b
    }
}
