//! The writer's keys, stage by stage.

use super::{ServiceNowWriter, WriterStage};
use crate::flows::bindings::Bindings;
use crate::flows::form::FormAction;
use crate::flows::key::Key;

/// What a key does in the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterAction {
    /// Moving between the sign-in fields.
    Form(FormAction),
    /// Enter: the stage's step forward.
    Next,
    /// Esc: one stage back (out of the writer from the sign-in).
    Back,
    /// Esc while a request runs: stop it.
    Stop,
    /// The row above.
    Up,
    /// The row below.
    Down,
    /// Search the credential records for another term.
    NewSearch,
    /// Forget the remembered records and find them again.
    ChangeTargets,
    /// The confirmation: write the previewed records.
    Write,
}

impl ServiceNowWriter {
    /// The keys of the stage showing, as they apply now.
    pub fn bindings(&self) -> Bindings<WriterAction> {
        let mut b = Bindings::new();
        if self.busy() {
            b.add(
                &[Key::Esc],
                "stop",
                "Stop waiting for ServiceNow (a write already sent may still be saved).",
                WriterAction::Stop,
            );
            return b;
        }
        if self.awaiting_record {
            return b;
        }
        let list = |b: &mut Bindings<WriterAction>| {
            b.add(&[Key::Up], "up", "The row above.", WriterAction::Up)
                .shown("↑↓");
            b.add(&[Key::Down], "down", "The row below.", WriterAction::Down)
                .help_only();
        };
        match self.stage {
            WriterStage::SignIn => {
                if let Some(form) = self.typing_form() {
                    b.extend_with(form.bindings(), WriterAction::Form);
                }
                b.add(
                    &[Key::Enter],
                    "sign in",
                    "Sign in as this admin and find the records to write (read only until you confirm).",
                    WriterAction::Next,
                );
            }
            WriterStage::Search => {
                b.add(
                    &[Key::Enter],
                    "search",
                    "Search the credential records for this term.",
                    WriterAction::Next,
                );
            }
            WriterStage::PickCredential => {
                list(&mut b);
                b.add(
                    &[Key::Enter],
                    "choose",
                    "This is the SMS spoke's credential.",
                    WriterAction::Next,
                )
                .when(!self.discovery.credentials.is_empty());
                b.add(
                    &[Key::Char('/')],
                    "search",
                    "Search the credential records for another term.",
                    WriterAction::NewSearch,
                );
            }
            WriterStage::PickTable
            | WriterStage::PickKeyField
            | WriterStage::PickSecretField
            | WriterStage::PickRecord => {
                list(&mut b);
                let empty = match self.stage {
                    WriterStage::PickTable => self.discovery.tables.is_empty(),
                    WriterStage::PickRecord => self.records.is_empty(),
                    _ => self.fields.is_empty(),
                };
                b.add(
                    &[Key::Enter],
                    "choose",
                    "Choose the highlighted row.",
                    WriterAction::Next,
                )
                .when(!empty);
            }
            WriterStage::Preview => {
                b.add(
                    &[Key::Char('y')],
                    "write",
                    "Write these records in ServiceNow now, one after the other.",
                    WriterAction::Write,
                );
                b.add(
                    &[Key::Char('t')],
                    "other records",
                    "Find and choose the records again instead of these.",
                    WriterAction::ChangeTargets,
                )
                .minor();
            }
            WriterStage::Writing => {
                b.add(
                    &[Key::Enter],
                    "write again",
                    "Try the record that was not saved again.",
                    WriterAction::Next,
                );
            }
            WriterStage::Done => {}
        }
        b.add(
            &[Key::Esc],
            "back",
            "One step back; from the sign-in, leave without writing.",
            WriterAction::Back,
        );
        b
    }
}
