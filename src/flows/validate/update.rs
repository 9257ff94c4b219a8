//! `Validate::update`: keys per screen, and the checks' results as they arrive.
//! A result is taken only from the task its row is waiting for, so a late answer
//! to a stopped or superseded run is ignored.

use std::time::Instant;

use super::results::{CheckRow, CheckState};
use super::{Validate, ValidateExit, ValidateStep};
use crate::flows::activity::Activity;
use crate::flows::command::{Command, TaskId};
use crate::flows::key::Key;
use crate::flows::msg::{Msg, TaskOutcome};

impl Validate {
    /// Applies one message; returns the commands to run and whether to leave.
    pub fn update(&mut self, msg: Msg, now: Instant) -> (Vec<Command>, ValidateExit) {
        match msg {
            Msg::Key(key) => self.on_key(key, now),
            Msg::Paste(text) => {
                if self.step == ValidateStep::Secrets {
                    self.secrets.form.paste(&text);
                }
                (Vec::new(), ValidateExit::Stay)
            }
            Msg::Task(task, outcome) => (self.on_task(task, outcome, now), ValidateExit::Stay),
            Msg::Tick | Msg::ClipboardClearDue(_) => (Vec::new(), ValidateExit::Stay),
        }
    }

    fn on_key(&mut self, key: Key, now: Instant) -> (Vec<Command>, ValidateExit) {
        let stay = |commands| (commands, ValidateExit::Stay);
        match self.step {
            ValidateStep::NoProfiles => match key {
                Key::Esc | Key::Enter => (Vec::new(), ValidateExit::Back),
                _ => stay(Vec::new()),
            },
            ValidateStep::ChooseProfile => match key {
                Key::Up | Key::Char('k') => {
                    self.selected = self.selected.saturating_sub(1);
                    stay(Vec::new())
                }
                Key::Down | Key::Char('j') => {
                    self.selected = (self.selected + 1).min(self.profiles.len().saturating_sub(1));
                    stay(Vec::new())
                }
                Key::Enter => {
                    self.choose(self.selected);
                    stay(Vec::new())
                }
                Key::Esc => (Vec::new(), ValidateExit::Back),
                _ => stay(Vec::new()),
            },
            ValidateStep::Secrets => match key {
                Key::Enter => stay(self.run(now)),
                Key::Esc if self.profiles.len() > 1 => {
                    self.step = ValidateStep::ChooseProfile;
                    stay(Vec::new())
                }
                Key::Esc => (Vec::new(), ValidateExit::Back),
                other => {
                    self.secrets.form.handle_key(other);
                    stay(Vec::new())
                }
            },
            ValidateStep::Results => self.key_results(key, now),
        }
    }

    fn key_results(&mut self, key: Key, now: Instant) -> (Vec<Command>, ValidateExit) {
        let stay = |commands| (commands, ValidateExit::Stay);
        let last = self.checks.len().saturating_sub(1);
        match key {
            Key::Up | Key::Char('k') => self.cursor = self.cursor.saturating_sub(1),
            Key::Down | Key::Char('j') => self.cursor = (self.cursor + 1).min(last),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = last,
            Key::Enter => {
                let has_detail = self.selected_check().is_some_and(CheckRow::has_detail);
                self.detail_open = !self.detail_open && has_detail;
            }
            Key::Esc if self.detail_open => self.detail_open = false,
            Key::Esc if self.running() > 0 => return stay(self.stop_all(now)),
            Key::Esc => {
                self.detail_open = false;
                self.export = Activity::Idle;
                self.step = ValidateStep::Secrets;
            }
            Key::Char('r') => return stay(self.run(now)),
            Key::Char('R') if self.rotate_offer().is_some() => {
                let name = self.profile().map(|p| p.name.clone()).unwrap_or_default();
                return (self.stop_all(now), ValidateExit::Rotate(name));
            }
            Key::Char('e') if self.can_export() => return stay(self.export(now)),
            _ => {}
        }
        stay(Vec::new())
    }

    /// Starts every planned check at once, each as its own task, with the secrets
    /// in the fields (any run still under way is stopped first).
    fn run(&mut self, now: Instant) -> Vec<Command> {
        let Some(secrets) = self.secrets.collect() else {
            self.step = ValidateStep::Secrets;
            return Vec::new();
        };
        let mut commands = self.stop_all(now);
        self.given = secrets;
        self.detail_open = false;
        self.export = Activity::Idle;
        self.step = ValidateStep::Results;
        for index in 0..self.checks.len() {
            let task = self.new_task();
            let row = &mut self.checks[index];
            row.state = CheckState::Running { task, started: now };
            commands.push(Command::RunCheck {
                task,
                check: Box::new(row.planned.clone()),
                secrets: self.given.clone(),
            });
        }
        commands
    }

    /// Stops every running check: their tasks are cancelled and any late result
    /// is ignored, since no row waits for those tasks any more.
    fn stop_all(&mut self, now: Instant) -> Vec<Command> {
        let mut commands = Vec::new();
        for row in &mut self.checks {
            if let CheckState::Running { task, started } = row.state {
                row.state = CheckState::Stopped {
                    elapsed: now.saturating_duration_since(started),
                };
                commands.push(Command::CancelTask(task));
            }
        }
        if let Some(task) = self.export.running_task() {
            self.export = Activity::Idle;
            commands.push(Command::CancelTask(task));
        }
        commands
    }

    /// Asks the runtime to write the support report of the finished checks.
    fn export(&mut self, now: Instant) -> Vec<Command> {
        let Some(chosen) = self.profile().cloned() else {
            return Vec::new();
        };
        let results = self
            .checks
            .iter()
            .filter_map(|row| row.result().cloned())
            .collect();
        let task = self.new_task();
        self.export = Activity::Running { task, started: now };
        vec![Command::ExportReport {
            task,
            name: chosen.name,
            profile: Box::new(chosen.profile),
            results,
        }]
    }

    fn on_task(&mut self, task: TaskId, outcome: TaskOutcome, now: Instant) -> Vec<Command> {
        match outcome {
            TaskOutcome::CheckFinished(result) => {
                if let Some(row) = self
                    .checks
                    .iter_mut()
                    .find(|row| row.running_task() == Some(task))
                {
                    row.state = CheckState::Finished(result);
                }
            }
            TaskOutcome::ReportExported(result) => {
                // Passed holds the report's path; the screen words it.
                self.export.finish(task, now, result);
            }
            _ => {}
        }
        Vec::new()
    }
}
