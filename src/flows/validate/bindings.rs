//! The validation's binding table: for each screen, its keys, what they do, and
//! when they apply. `update` dispatches from it; the footer and the help overlay
//! draw it.

use super::{CheckRow, Validate, ValidateStep};
use crate::flows::bindings::Bindings;
use crate::flows::form::FormAction;
use crate::flows::key::Key;

/// What a key does in the validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidateAction {
    /// Back to where the validation was opened from (or the profile list).
    Back,
    /// The item above.
    Up,
    /// The item below.
    Down,
    /// The first check.
    First,
    /// The last check.
    Last,
    /// Open the chosen profile.
    Open,
    /// Moving between the secret fields.
    Form(FormAction),
    /// Run every check.
    Run,
    /// Open or close the selected check's details.
    ToggleDetails,
    /// Close the details.
    CloseDetails,
    /// Stop the checks still running.
    Stop,
    /// Rotate the key, or resume its rotation.
    Rotate,
    /// Write the redacted support report.
    Export,
    /// The demo only: paste the secret the sandbox made for the profile's key.
    PasteSandboxSecret,
}

impl Validate {
    /// The current screen's binding table, as it applies now.
    pub fn step_bindings(&self) -> Bindings<ValidateAction> {
        let mut b = Bindings::new();
        match self.step {
            ValidateStep::NoProfiles => {
                b.add(
                    &[Key::Esc, Key::Enter],
                    "back",
                    "Go back.",
                    ValidateAction::Back,
                )
                .shown("Esc");
            }
            ValidateStep::ChooseProfile => {
                b.add(
                    &[Key::Up, Key::Char('k')],
                    "choose",
                    "Choose the profile above.",
                    ValidateAction::Up,
                )
                .shown("↑↓");
                b.add(
                    &[Key::Down, Key::Char('j')],
                    "next profile",
                    "Choose the profile below.",
                    ValidateAction::Down,
                )
                .help_only();
                b.add(
                    &[Key::Enter],
                    "open",
                    "Validate this profile.",
                    ValidateAction::Open,
                );
                b.add(&[Key::Esc], "back", "Go back.", ValidateAction::Back);
            }
            ValidateStep::Secrets => {
                b.extend_with(self.secrets.form.bindings(), ValidateAction::Form);
                b.add(
                    &[Key::Enter],
                    "run the checks",
                    "Run every check of the profile with these secrets.",
                    ValidateAction::Run,
                );
                b.add(
                    &[Key::F(2)],
                    "paste sandbox secret",
                    "Sandbox only: paste the secret the demo's sandbox made for this profile's key.",
                    ValidateAction::PasteSandboxSecret,
                )
                .when(self.sandbox_secret_field().is_some());
                b.add(
                    &[Key::Esc],
                    "back",
                    "Go back (to the profile list, when there are several).",
                    ValidateAction::Back,
                );
            }
            ValidateStep::Results => {
                let details = self.detail_open;
                b.add(
                    &[Key::Up, Key::Char('k')],
                    "choose",
                    "The check above.",
                    ValidateAction::Up,
                )
                .shown("↑↓")
                .minor();
                b.add(
                    &[Key::Down, Key::Char('j')],
                    "next check",
                    "The check below.",
                    ValidateAction::Down,
                )
                .help_only();
                b.add(
                    &[Key::Home],
                    "first check",
                    "The first check.",
                    ValidateAction::First,
                )
                .help_only();
                b.add(
                    &[Key::End],
                    "last check",
                    "The last check.",
                    ValidateAction::Last,
                )
                .help_only();
                if details {
                    b.add(
                        &[Key::Enter, Key::Esc],
                        "close details",
                        "Close the details.",
                        ValidateAction::CloseDetails,
                    )
                    .shown("Enter/Esc");
                } else {
                    b.add(
                        &[Key::Enter],
                        "details",
                        "What the selected check found, and what to do.",
                        ValidateAction::ToggleDetails,
                    )
                    .when(self.selected_check().is_some_and(CheckRow::has_detail));
                }
                // With the details open they still work, but the footer is the details'.
                let shown = |binding: &mut crate::flows::bindings::Binding<ValidateAction>| {
                    if details {
                        binding.help_only();
                    }
                };
                shown(b.add(
                    &[Key::Char('r')],
                    "re-run",
                    "Run every check again with the same secrets.",
                    ValidateAction::Run,
                ));
                if let Some(offer) = self.rotate_offer() {
                    shown(b.add(
                        &[Key::Char('R')],
                        offer.label(),
                        "Rotate this profile's key now, or resume its unfinished rotation.",
                        ValidateAction::Rotate,
                    ));
                }
                shown(
                    b.add(
                        &[Key::Char('e')],
                        "export",
                        "Write the redacted support report under reports/ in the config folder.",
                        ValidateAction::Export,
                    )
                    .when(self.can_export()),
                );
                if !details {
                    if self.running() > 0 {
                        b.add(
                            &[Key::Esc],
                            "stop",
                            "Stop the checks still running.",
                            ValidateAction::Stop,
                        );
                    } else {
                        b.add(
                            &[Key::Esc],
                            "back",
                            "Back to the secrets.",
                            ValidateAction::Back,
                        );
                    }
                }
            }
        }
        b
    }
}
