//! The one shape every flow has, so the app dispatches to whichever is open in
//! one place and the terminal draws its header, footer, help and dialogs the
//! same way for all of them.

use secrecy::ExposeSecret;

use super::bindings::{Bindings, KeyHelp};
use super::clipboard_tracker::ClipboardTracker;
use super::command::Command;
use super::context::Context;
use super::exit::FlowExit;
use super::form::{Form, FormAction, FormField};
use super::msg::Msg;
use super::outcome::TaskOutcome;
use super::question::{Question, SecretLoss};
use super::task::TaskId;

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

/// A step of a wizard with numbered steps (the two setups).
pub trait NumberedStep: Copy {
    /// How many numbered steps there are.
    const COUNT: usize;
    /// 1-based number, `None` for the summary after the last.
    fn number(self) -> Option<usize>;
    /// The step's title.
    fn title(self) -> &'static str;
    /// What the step is for, for the help overlay.
    fn purpose(self) -> &'static str;
}

impl StepInfo {
    /// The step of a wizard named `flow`.
    pub fn numbered<S: NumberedStep>(flow: &'static str, step: S) -> Self {
        Self {
            flow,
            title: step.title().to_owned(),
            position: step.number().map(|n| (n, S::COUNT)),
            purpose: step.purpose(),
        }
    }
}

/// A flow, as the app and the terminal see it: a state machine over messages.
/// `update` does no I/O; it returns the commands for the runtime and where the
/// app goes next. Every flow gets this from [`Steps`].
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

    /// When a secret copied in this flow is due to be cleared from the
    /// clipboard, for the header's countdown.
    fn clipboard_clears_at(&self) -> Option<std::time::Instant> {
        None
    }

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

/// What each flow defines: its binding table, what each action does, what its
/// tasks' results change, and which form takes typing. [`Flow`] follows from
/// it, so every flow routes a message the same way: a key through the step's
/// binding table, else into the form being typed in; a paste into that form.
pub trait Steps: std::fmt::Debug {
    /// What a key does in this flow.
    type Action: Clone + PartialEq;

    /// The current step's bindings, as they apply now.
    fn bindings(&self) -> Bindings<Self::Action>;

    /// Carries out an action of the binding table.
    fn perform(&mut self, action: Self::Action, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit);

    /// Takes the result of a task this flow started.
    fn on_task(&mut self, task: TaskId, outcome: TaskOutcome, cx: &mut Context<'_>)
        -> Vec<Command>;

    /// The form that takes typing and pastes now, if any.
    fn typing_form(&self) -> Option<&Form>;

    /// The same form, to edit it.
    fn typing_form_mut(&mut self) -> Option<&mut Form>;

    /// Runs after typing, a paste or a form action changed the form: the rules
    /// that follow a value.
    fn after_edit(&mut self) {}

    /// Applies a form action (next field, next option) to the typing form, then
    /// the rules that follow its values, as typing does.
    fn apply_form(&mut self, action: FormAction) {
        if let Some(form) = self.typing_form_mut() {
            form.apply(action);
            self.after_edit();
        }
    }

    /// The flow's clipboard, when it copies anything.
    fn clipboard(&mut self) -> Option<&mut ClipboardTracker> {
        None
    }

    /// The flow's clipboard, to read.
    fn clipboard_view(&self) -> Option<&ClipboardTracker> {
        None
    }

    /// The secret leaving now would lose, if any.
    fn secret_at_stake(&self) -> Option<SecretLoss>;

    /// The step showing.
    fn step_info(&self) -> StepInfo;

    /// The question showing over the step, if any.
    fn open_question(&self) -> Option<Question> {
        None
    }
}

impl<T: Steps> Flow for T {
    fn update(&mut self, msg: Msg, cx: &mut Context<'_>) -> (Vec<Command>, FlowExit) {
        let stay = |commands| (commands, FlowExit::Stay);
        match msg {
            Msg::Key(key) => {
                if let Some(action) = self.bindings().action_for(key) {
                    return self.perform(action, cx);
                }
                // A question takes only its answers: nothing reaches the form under it.
                if self.open_question().is_some() {
                    return stay(Vec::new());
                }
                if let Some(form) = self.typing_form_mut() {
                    form.edit(key);
                    self.after_edit();
                }
                stay(Vec::new())
            }
            Msg::Paste(text) => {
                if self.open_question().is_some() {
                    return stay(Vec::new());
                }
                if let Some(form) = self.typing_form_mut() {
                    form.paste(text.expose_secret());
                    self.after_edit();
                }
                stay(Vec::new())
            }
            Msg::Tick => stay(Vec::new()),
            Msg::ClipboardClearDue(generation) => stay(
                self.clipboard()
                    .map(|clipboard| clipboard.on_clear_due(generation))
                    .unwrap_or_default(),
            ),
            Msg::Task(task, outcome) => stay(self.on_task(task, outcome, cx)),
        }
    }

    fn unsaved_secret(&self) -> Option<SecretLoss> {
        self.secret_at_stake()
    }

    fn step(&self) -> StepInfo {
        self.step_info()
    }

    fn clipboard_clears_at(&self) -> Option<std::time::Instant> {
        self.clipboard_view().and_then(|c| c.clear_at)
    }

    fn key_help(&self) -> Vec<KeyHelp> {
        self.bindings().key_help()
    }

    fn question(&self) -> Option<Question> {
        self.open_question()
    }

    fn focused_field(&self) -> Option<&FormField> {
        self.typing_form().and_then(Form::focused)
    }
}
