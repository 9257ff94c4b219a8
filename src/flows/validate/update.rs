//! The validation's keys, looked up in the screen's binding table, and the
//! checks' results as they arrive. A result is taken only from the task its row
//! is waiting for, so a late answer to a stopped or superseded run is ignored.

use super::bindings::ValidateAction;
use super::results::{CheckState, RotateOffer};
use super::{Validate, ValidateStep};
use crate::flows::activity::Activity;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::Steps;
use crate::flows::job::{CheckRun, Job, StoreJob};
use crate::flows::now::Now;
use crate::flows::outcome::{StoreOutcome, TaskOutcome};
use crate::flows::task::TaskId;
use secrecy::ExposeSecret;

impl Validate {
    /// Carries out one action of the screen's binding table.
    pub(super) fn perform_action(
        &mut self,
        action: ValidateAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        let last = self.checks.len().saturating_sub(1);
        let commands = match action {
            ValidateAction::Back => return self.back(),
            ValidateAction::Up if self.step == ValidateStep::ChooseProfile => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            ValidateAction::Down if self.step == ValidateStep::ChooseProfile => {
                self.selected = (self.selected + 1).min(self.profiles.len().saturating_sub(1));
                Vec::new()
            }
            ValidateAction::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Vec::new()
            }
            ValidateAction::Down => {
                self.cursor = (self.cursor + 1).min(last);
                Vec::new()
            }
            ValidateAction::First => {
                self.cursor = 0;
                Vec::new()
            }
            ValidateAction::Last => {
                self.cursor = last;
                Vec::new()
            }
            ValidateAction::Open => {
                self.choose(self.selected);
                Vec::new()
            }
            ValidateAction::Form(action) => {
                self.apply_form(action);
                Vec::new()
            }
            ValidateAction::Run => self.run(cx),
            ValidateAction::PasteSandboxSecret => {
                if let Some((index, pair)) = self.sandbox_secret_field() {
                    let secret = pair.secret.expose_secret().to_owned();
                    self.secrets.form.set_text(index, &secret);
                }
                Vec::new()
            }
            ValidateAction::ToggleDetails => {
                self.detail_open = !self.detail_open;
                Vec::new()
            }
            ValidateAction::CloseDetails => {
                self.detail_open = false;
                Vec::new()
            }
            ValidateAction::Stop => self.stop_all(cx.now),
            ValidateAction::Rotate => {
                let profile = self.profile().map(|p| p.name.clone()).unwrap_or_default();
                let credential = self.rotate_offer().and_then(RotateOffer::credential);
                let exit = FlowExit::Rotate {
                    profile,
                    credential,
                };
                return (self.stop_all(cx.now), exit);
            }
            ValidateAction::Export => self.export(cx),
        };
        (commands, FlowExit::Stay)
    }

    /// Esc (or Enter with nothing to show): one screen back, or out.
    fn back(&mut self) -> (Vec<Command>, FlowExit) {
        match self.step {
            ValidateStep::Results => {
                self.detail_open = false;
                self.export = Activity::Idle;
                self.step = ValidateStep::Secrets;
            }
            ValidateStep::Secrets if self.profiles.len() > 1 => {
                self.step = ValidateStep::ChooseProfile;
            }
            ValidateStep::Secrets | ValidateStep::ChooseProfile | ValidateStep::NoProfiles => {
                return (Vec::new(), FlowExit::Leave);
            }
        }
        (Vec::new(), FlowExit::Stay)
    }

    /// Starts every planned check at once, each as its own task, with the secrets
    /// in the fields (any run still under way is stopped first).
    fn run(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(secrets) = self.secrets.collect() else {
            self.step = ValidateStep::Secrets;
            return Vec::new();
        };
        let mut commands = self.stop_all(cx.now);
        self.given = secrets;
        self.detail_open = false;
        self.export = Activity::Idle;
        self.step = ValidateStep::Results;
        for index in 0..self.checks.len() {
            let run = CheckRun {
                check: self.checks[index].planned.clone(),
                secrets: self.given.clone(),
            };
            let (task, command) = cx.start(Job::Check(Box::new(run)));
            self.checks[index].state = CheckState::Running {
                task,
                started: cx.now.instant,
            };
            commands.push(command);
        }
        commands
    }

    /// Stops every running check: their tasks are cancelled and any late result
    /// is ignored, since no row waits for those tasks any more.
    fn stop_all(&mut self, now: Now) -> Vec<Command> {
        let mut commands = Vec::new();
        for row in &mut self.checks {
            if let CheckState::Running { task, started } = row.state {
                row.state = CheckState::Stopped {
                    elapsed: now.since(started),
                };
                commands.push(Command::Cancel(task));
            }
        }
        if let Some(task) = self.export.running_task() {
            self.export = Activity::Idle;
            commands.push(Command::Cancel(task));
        }
        commands
    }

    /// Asks the runtime to write the support report of the finished checks.
    fn export(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(chosen) = self.profile().cloned() else {
            return Vec::new();
        };
        let results = self
            .checks
            .iter()
            .filter_map(|row| row.result().cloned())
            .collect();
        let job = Job::Store(StoreJob::SaveReport {
            name: chosen.name,
            profile: Box::new(chosen.profile),
            results,
        });
        vec![self.export.start(job, cx)]
    }

    /// Takes the result of a task this flow started.
    pub(super) fn on_task_outcome(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        match outcome {
            TaskOutcome::Check(result) => {
                if let Some(row) = self
                    .checks
                    .iter_mut()
                    .find(|row| row.running_task() == Some(task))
                {
                    row.state = CheckState::Finished(result);
                }
            }
            TaskOutcome::Store(StoreOutcome::ReportSaved(result)) => {
                // Passed holds the report's path; the screen words it.
                let result = result
                    .map(|path| path.display().to_string())
                    .map_err(|error| error.to_string());
                self.export.finish(task, cx.now.instant, result);
            }
            _ => {}
        }
        Vec::new()
    }
}
