//! The one shape every flow has, so the app dispatches to whichever is open in
//! one place and the terminal draws its header, footer, help and dialogs the
//! same way for all of them.

use super::bindings::KeyHelp;
use super::command::Command;
use super::context::Context;
use super::exit::FlowExit;
use super::form::FormField;
use super::msg::Msg;
use super::question::{Question, SecretLoss};

/// The step a flow is on, as the header and the help overlay name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInfo {
    /// The flow's name ("SMS connector setup").
    pub flow: &'static str,
    /// The step's title.
    pub title: String,
    /// Its place ("Step n of m"), when the step is numbered.
    pub position: Option<(usize, usize)>,
    /// What the step is for, in a sentence or two.
    pub purpose: &'static str,
}

/// A flow: a state machine over messages. `update` does no I/O; it returns the
/// commands for the runtime and where the app goes next.
pub trait Flow: std::fmt::Debug {
    /// Applies one message.
    fn update(&mut self, msg: Msg, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit);

    /// The secret leaving now would lose (one the service shows only once), if any.
    fn unsaved_secret(&self) -> Option<SecretLoss>;

    /// True when leaving now would lose a secret the service will not show again.
    fn holds_unsaved_secret(&self) -> bool {
        self.unsaved_secret().is_some()
    }

    /// The step showing.
    fn step(&self) -> StepInfo;

    /// The keys of the step showing, as they apply now.
    fn key_help(&self) -> Vec<KeyHelp>;

    /// The question showing over the step, if any.
    fn question(&self) -> Option<Question> {
        None
    }

    /// The field that takes typing, if any.
    fn focused_field(&self) -> Option<&FormField> {
        None
    }
}
