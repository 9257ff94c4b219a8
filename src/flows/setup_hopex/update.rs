//! `SetupHopex::update`: one message in, commands out.

use std::time::Instant;

use secrecy::{ExposeSecret, SecretString};

use super::{connection_field, key_field, HopexStep, SetupHopex};
use crate::clients::error::Service;
use crate::domain::profile::validate_profile_name;
use crate::flows::activity::Activity;
use crate::flows::command::{Command, TaskId};
use crate::flows::form::Form;
use crate::flows::key::Key;
use crate::flows::msg::{Msg, TaskOutcome};
use crate::flows::setup_sms::FlowExit;

impl SetupHopex {
    /// Applies one message; returns the commands to run and whether to leave.
    pub fn update(&mut self, msg: Msg, now: Instant) -> (Vec<Command>, FlowExit) {
        match msg {
            Msg::Key(key) => self.on_key(key, now),
            Msg::Paste(text) => {
                if let Some(form) = self.editable_form() {
                    form.paste(&text);
                }
                self.refresh_live_rules();
                (Vec::new(), FlowExit::Stay)
            }
            Msg::Tick => (Vec::new(), FlowExit::Stay),
            Msg::ClipboardClearDue(generation) => {
                (self.clipboard.on_clear_due(generation), FlowExit::Stay)
            }
            Msg::Task(task, outcome) => (self.on_task(task, outcome, now), FlowExit::Stay),
        }
    }

    /// The form that takes typing on this step, if any.
    pub fn editable_form(&mut self) -> Option<&mut Form> {
        match self.step {
            HopexStep::Deployment => Some(&mut self.deployment),
            HopexStep::Connection => Some(&mut self.connection),
            HopexStep::KeyFields => Some(&mut self.key_fields),
            HopexStep::CaptureKey => Some(&mut self.key_form),
            HopexStep::ServiceNow => Some(&mut self.servicenow.form),
            HopexStep::Save if self.save.running_task().is_none() => Some(&mut self.profile_name),
            _ => None,
        }
    }

    fn on_key(&mut self, key: Key, now: Instant) -> (Vec<Command>, FlowExit) {
        if self.confirm_discard {
            return match key.confirm_answer() {
                Some(true) => (self.leave(now), FlowExit::Home),
                Some(false) => {
                    self.confirm_discard = false;
                    (Vec::new(), FlowExit::Stay)
                }
                None => (Vec::new(), FlowExit::Stay),
            };
        }
        if key == Key::Esc {
            let cancelled = self.cancel_running(now);
            if !cancelled.is_empty() {
                return (cancelled, FlowExit::Stay);
            }
            if self.holds_unsaved_secret() {
                self.confirm_discard = true;
                return (Vec::new(), FlowExit::Stay);
            }
            return (self.leave(now), FlowExit::Home);
        }
        if key.is_back() && self.step != HopexStep::Done {
            let commands = self.cancel_running(now);
            self.step = self.step.previous(self.with_key());
            return (commands, FlowExit::Stay);
        }
        if key == Key::Enter {
            return match self.step {
                HopexStep::Done => (Vec::new(), FlowExit::Home),
                _ => (self.on_enter(now), FlowExit::Stay),
            };
        }
        let commands = match (self.step, key) {
            (HopexStep::Checklist, Key::Char('k')) if self.env.sandbox_url.is_some() => {
                self.create_sandbox_key()
            }
            (HopexStep::CaptureKey, Key::F(2)) => {
                self.paste_sandbox_key();
                Vec::new()
            }
            (HopexStep::Checks, Key::Char('r')) => self.start_checks(now, false),
            (HopexStep::Summary, Key::Char(c)) => self.copy_setting(c),
            _ => {
                if let Some(form) = self.editable_form() {
                    form.handle_key(key);
                }
                self.refresh_live_rules();
                Vec::new()
            }
        };
        (commands, FlowExit::Stay)
    }

    fn on_enter(&mut self, now: Instant) -> Vec<Command> {
        let ready = match self.step {
            HopexStep::Deployment => self.accept_deployment(),
            HopexStep::Connection => self.accept_connection(),
            HopexStep::KeyFields => self.accept_key_fields(),
            HopexStep::Checklist | HopexStep::Summary => true,
            HopexStep::CaptureKey => self.accept_key(),
            HopexStep::ServiceNow => self.servicenow.accept(),
            HopexStep::Checks => {
                if self.checks_running() {
                    return Vec::new();
                }
                if !self.checks_passed() {
                    return self.start_checks(now, false);
                }
                true
            }
            HopexStep::Save => return self.start_save(now),
            HopexStep::Done => false,
        };
        if !ready {
            return Vec::new();
        }
        self.step = self.step.next(self.with_key());
        if self.step == HopexStep::Checks {
            return self.start_checks(now, true);
        }
        Vec::new()
    }

    /// True when every check this deployment needs has passed.
    pub fn checks_passed(&self) -> bool {
        self.servicenow.activity.passed() && (!self.with_key() || self.hopex_check.passed())
    }

    fn checks_running(&self) -> bool {
        self.servicenow.activity.running_task().is_some()
            || self.hopex_check.running_task().is_some()
    }

    /// Starts the HOPEX and ServiceNow checks together; `all` restarts passed ones too.
    fn start_checks(&mut self, now: Instant, all: bool) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.with_key() && (all || !self.hopex_check.passed()) {
            if let Some(api_key) = self.api_key.clone() {
                let task = self.new_task();
                self.hopex_check = Activity::Running { task, started: now };
                self.hopex_context = None;
                commands.push(Command::CheckHopexKey {
                    task,
                    server_url: self.connection.text(connection_field::SERVER).to_owned(),
                    schema: self.schema().to_owned(),
                    api_key,
                });
            }
        }
        if all || !self.servicenow.activity.passed() {
            let task = self.new_task();
            commands.extend(self.servicenow.start(task, now));
        }
        commands
    }

    fn cancel_running(&mut self, now: Instant) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Activity::Running { task, started } = self.hopex_check {
            self.hopex_check = Activity::Failed {
                message: "You stopped the check before HOPEX answered.".to_owned(),
                elapsed: now.saturating_duration_since(started),
            };
            commands.push(Command::CancelTask(task));
        }
        commands.extend(self.servicenow.cancel(now).map(Command::CancelTask));
        commands.extend(self.sandbox_key_task.take().map(Command::CancelTask));
        commands
    }

    fn leave(&mut self, now: Instant) -> Vec<Command> {
        let mut commands = self.cancel_running(now);
        commands.extend(self.clipboard.on_leave());
        commands
    }

    fn copy_setting(&mut self, key: char) -> Vec<Command> {
        let (secret, label) = match key {
            'u' => match self.servicenow.accepted() {
                Some((url, _)) => (SecretString::from(url.to_owned()), "ServiceNow URL"),
                None => return Vec::new(),
            },
            'n' => match self.servicenow.accepted() {
                Some((_, c)) => (SecretString::from(c.user.clone()), "ServiceNow user"),
                None => return Vec::new(),
            },
            'p' => match self.servicenow.accepted() {
                Some((_, c)) => (c.password.clone(), "ServiceNow password"),
                None => return Vec::new(),
            },
            'k' => match &self.api_key {
                Some(key) => (key.clone(), "HOPEX API key"),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let task = self.new_task();
        vec![self.clipboard.copy(task, secret, label)]
    }

    fn start_save(&mut self, now: Instant) -> Vec<Command> {
        if self.save.running_task().is_some() {
            return Vec::new();
        }
        let name = validate_profile_name(self.profile_name.text(0));
        let Some(name) = self.profile_name.check(0, name) else {
            return Vec::new();
        };
        let Some(profile) = self.profile_to_save() else {
            return Vec::new();
        };
        let task = self.new_task();
        self.save = Activity::Running { task, started: now };
        vec![Command::SaveProfile {
            task,
            name,
            profile: Box::new(profile),
        }]
    }

    fn create_sandbox_key(&mut self) -> Vec<Command> {
        let task = self.new_task();
        self.sandbox_key_task = Some(task);
        let text = |index| self.key_fields.text(index).trim().to_owned();
        vec![Command::CreateSandboxHopexKey {
            task,
            environment_id: text(key_field::ENVIRONMENT),
            repository_id: text(key_field::REPOSITORY),
            profile_id: text(key_field::PROFILE),
            login: text(key_field::LOGIN),
        }]
    }

    fn paste_sandbox_key(&mut self) {
        if let Some(note_key) = self.sandbox_created_key.clone() {
            self.key_form.set_text(0, note_key.expose_secret());
        }
    }

    fn on_task(&mut self, task: TaskId, outcome: TaskOutcome, now: Instant) -> Vec<Command> {
        match outcome {
            TaskOutcome::HopexKeyChecked(result) => {
                let summary = match &result {
                    Ok(context) => Ok(describe_context(self, context)),
                    Err(error) => Err(error.user_message(Service::Hopex)),
                };
                if self.hopex_check.finish(task, now, summary) {
                    self.hopex_context = result.ok();
                }
                Vec::new()
            }
            TaskOutcome::ServiceNowChecked(result) => {
                self.servicenow.on_result(task, result, now);
                Vec::new()
            }
            TaskOutcome::Copied(result) => self.clipboard.on_copied(task, result, now),
            TaskOutcome::ProfileSaved(result) => {
                let ok = result.is_ok();
                if self
                    .save
                    .finish(task, now, result.map(|path| format!("Saved to {path}")))
                    && ok
                {
                    self.step = HopexStep::Done;
                }
                Vec::new()
            }
            TaskOutcome::SandboxHopexKeyCreated(result) => {
                if self.sandbox_key_task != Some(task) {
                    return Vec::new();
                }
                self.sandbox_key_task = None;
                match result {
                    Ok(key) => {
                        self.sandbox_note = Some(
                            "The sandbox console created the key. Press Enter, then F2 on the next step to paste it."
                                .to_owned(),
                        );
                        self.sandbox_created_key = Some(key);
                    }
                    Err(error) => {
                        self.sandbox_note =
                            Some(format!("The sandbox could not create a key: {error}"));
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

/// One sentence about what HOPEX said of the key, with any mismatch against the
/// fields entered (the key may belong to another repository or profile).
fn describe_context(flow: &SetupHopex, context: &crate::clients::hopex::HopexContext) -> String {
    if context.via_fallback {
        return "HOPEX accepted the key (checked with the ITPM fallback query; this build has no _currentContext).".to_owned();
    }
    let repository = flow.key_fields.text(key_field::REPOSITORY).trim();
    let profile = flow.key_fields.text(key_field::PROFILE).trim();
    let mut mismatches = Vec::new();
    if let Some(got) = context
        .repository_id
        .as_deref()
        .filter(|got| *got != repository)
    {
        mismatches.push(format!("repository {got}, not {repository}"));
    }
    if let Some(got) = context.profile_id.as_deref().filter(|got| *got != profile) {
        mismatches.push(format!("profile {got}, not {profile}"));
    }
    if mismatches.is_empty() {
        format!(
            "HOPEX accepted the key (user {}, repository {}, profile {}).",
            context.user_id.as_deref().unwrap_or("?"),
            context.repository_id.as_deref().unwrap_or("?"),
            context.profile_id.as_deref().unwrap_or("?")
        )
    } else {
        format!(
            "HOPEX accepted the key, but it is for {}: check the key's fields in the console.",
            mismatches.join(" and ")
        )
    }
}
