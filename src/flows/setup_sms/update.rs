//! `SetupSms::update`: one message in, commands out.

use std::time::Instant;

use secrecy::SecretString;

use super::live_test::LivePhase;
use super::{CaptureField, FlowExit, SetupSms, Step};
use crate::clients::error::Service;
use crate::clients::http::parse_service_url;
use crate::domain::address::check_address_text;
use crate::domain::paste::{clean_api_key, InputError};
use crate::flows::activity::Activity;
use crate::flows::command::{Command, TaskId};
use crate::flows::key::Key;
use crate::flows::msg::Msg;

impl SetupSms {
    /// Applies one message; returns the commands to run and whether to leave.
    pub fn update(&mut self, msg: Msg, now: Instant) -> (Vec<Command>, FlowExit) {
        match msg {
            Msg::Key(key) => self.on_key(key, now),
            Msg::Paste(text) => {
                if self.refuses_colon_in_key(&text) {
                    return (Vec::new(), FlowExit::Stay);
                }
                if self.step == Step::ServiceNow
                    && self.servicenow.activity.running_task().is_none()
                {
                    self.servicenow.form.paste(&text);
                    return (Vec::new(), FlowExit::Stay);
                }
                if let Some(field) = self.focused_input() {
                    field.insert_str(&text);
                }
                (Vec::new(), FlowExit::Stay)
            }
            Msg::Tick => (Vec::new(), FlowExit::Stay),
            Msg::ClipboardClearDue(generation) => {
                (self.clipboard.on_clear_due(generation), FlowExit::Stay)
            }
            Msg::Task(task, outcome) => (self.on_task(task, outcome, now), FlowExit::Stay),
        }
    }

    /// The text field that receives typing and pastes on this step, if any.
    pub fn focused_input(&mut self) -> Option<&mut crate::flows::text_input::TextInput> {
        match self.step {
            Step::Vendor if self.api_url_focused => Some(&mut self.api_url),
            Step::Capture => Some(match self.capture_focus {
                CaptureField::Key => &mut self.key_input,
                CaptureField::Secret => &mut self.secret_input,
            }),
            Step::LiveTest if self.live.phase == LivePhase::Editing => Some(&mut self.live.number),
            Step::Save if self.save.running_task().is_none() => Some(&mut self.profile_name),
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
            if let Some(task) = self.cancel_running(now) {
                return (vec![Command::CancelTask(task)], FlowExit::Stay);
            }
            if self.holds_unsaved_secret() {
                self.confirm_discard = true;
                return (Vec::new(), FlowExit::Stay);
            }
            return (self.leave(now), FlowExit::Home);
        }
        if key.is_back() && self.step != Step::Done {
            let mut commands: Vec<Command> = self
                .cancel_running(now)
                .map(Command::CancelTask)
                .into_iter()
                .collect();
            self.step = self.step.previous();
            commands.extend(self.on_enter_step(now));
            return (commands, FlowExit::Stay);
        }
        let commands = match self.step {
            Step::Vendor => self.key_vendor(key, now),
            Step::CreateKey => self.key_create_key(key, now),
            Step::Capture => self.key_capture(key, now),
            Step::ServiceNow => self.key_servicenow(key, now),
            Step::Token | Step::Clipboard => self.key_token(key, now),
            Step::Verify => self.key_verify(key, now),
            Step::Inbound => self.key_inbound(key, now),
            Step::LiveTest => self.key_live(key, now),
            Step::Save => self.key_save(key, now),
            Step::Done => {
                if key == Key::Enter {
                    return (Vec::new(), FlowExit::Home);
                }
                Vec::new()
            }
        };
        (commands, FlowExit::Stay)
    }

    /// Moves to the next step and runs what that step starts with.
    pub(super) fn advance(&mut self, now: Instant) -> Vec<Command> {
        self.step = self.step.next();
        self.on_enter_step(now)
    }

    fn on_enter_step(&mut self, now: Instant) -> Vec<Command> {
        if self.step == Step::Verify && !self.verify.passed() {
            return self.start_verify(now);
        }
        Vec::new()
    }

    fn leave(&mut self, now: Instant) -> Vec<Command> {
        let mut commands: Vec<Command> = self
            .cancel_running(now)
            .map(Command::CancelTask)
            .into_iter()
            .collect();
        commands.extend(self.clipboard.on_leave());
        commands
    }

    /// Cancels the request under way on this step, if any.
    fn cancel_running(&mut self, now: Instant) -> Option<TaskId> {
        if let Activity::Running { task, started } = self.verify {
            self.verify = Activity::Failed {
                message: "You stopped the check before the Hub answered.".to_owned(),
                elapsed: now.saturating_duration_since(started),
            };
            return Some(task);
        }
        if let Some(task) = self.servicenow.cancel(now) {
            return Some(task);
        }
        if let Some(task) = self.sandbox_key_task.take() {
            return Some(task);
        }
        self.live.cancel()
    }

    fn key_vendor(&mut self, key: Key, now: Instant) -> Vec<Command> {
        match key {
            Key::Tab | Key::BackTab => self.api_url_focused = !self.api_url_focused,
            Key::Enter if self.api_url.was_truncated() => {
                self.api_url.error = self.api_url.truncation_error("Hub API URL");
                self.api_url_focused = true;
            }
            Key::Enter => match check_address_text(self.api_url.value())
                .map_err(|error| error.to_string())
                .and_then(|text| {
                    parse_service_url(text).map_err(|error| error.user_message(Service::Hub))
                }) {
                Ok(url) => {
                    self.api_url.set(url.as_str().trim_end_matches('/'));
                    return self.advance(now);
                }
                Err(message) => {
                    self.api_url.error = Some(message);
                    self.api_url_focused = true;
                }
            },
            _ if self.api_url_focused => {
                self.api_url.handle_key(key);
            }
            Key::Up | Key::Char('k') => {
                self.vendor_index = self.vendor_index.saturating_sub(1);
                self.refill_api_url();
            }
            Key::Down | Key::Char('j') => {
                self.vendor_index = (self.vendor_index + 1).min(self.catalog.all().len() - 1);
                self.refill_api_url();
            }
            _ => {}
        }
        Vec::new()
    }

    fn key_create_key(&mut self, key: Key, now: Instant) -> Vec<Command> {
        match key {
            Key::Enter => return self.advance(now),
            Key::Char('o') => {
                let url = self.vendor().hub_url.clone();
                if self.env.over_ssh {
                    self.browser_note = Some(format!(
                        "You are connected over SSH: open {url} in a browser on your own computer."
                    ));
                } else {
                    self.browser_note = Some(format!("Opening {url} in your browser…"));
                    return vec![Command::OpenBrowser { url }];
                }
            }
            Key::Char('k') if self.env.sandbox_url.is_some() => {
                let task = self.new_task();
                self.sandbox_key_task = Some(task);
                return vec![Command::CreateSandboxKey { task }];
            }
            _ => {}
        }
        Vec::new()
    }

    /// A `:` never enters the key field: it cannot be part of a key, and a pasted
    /// `key:secret` would otherwise show the secret in this unmasked field.
    fn refuses_colon_in_key(&mut self, text: &str) -> bool {
        if self.step != Step::Capture
            || self.capture_focus != CaptureField::Key
            || !text.contains(':')
        {
            return false;
        }
        self.key_input.error = Some(InputError::ColonInKey.to_string());
        true
    }

    fn key_capture(&mut self, key: Key, now: Instant) -> Vec<Command> {
        if let Key::Char(':') = key {
            self.refuses_colon_in_key(":");
            return Vec::new();
        }
        match key {
            Key::Tab | Key::BackTab | Key::Up | Key::Down => {
                self.capture_focus = match self.capture_focus {
                    CaptureField::Key => CaptureField::Secret,
                    CaptureField::Secret => CaptureField::Key,
                };
            }
            Key::F(2) => {
                // Sandbox only: paste the key the sandbox just created, as an
                // operator would paste from the Hub.
                if let Some((key, secret)) = &self.sandbox_key {
                    let (key, secret) = (key.clone(), secret.clone());
                    match self.capture_focus {
                        CaptureField::Key => self.key_input.set(&key),
                        CaptureField::Secret => {
                            use secrecy::ExposeSecret;
                            self.secret_input.set(secret.expose_secret());
                        }
                    }
                }
            }
            Key::Enter => {
                let keeps_captured = self.secret_input.value().is_empty()
                    && self
                        .credentials
                        .as_ref()
                        .is_some_and(|c| c.key.as_str() == self.key_input.value().trim());
                if keeps_captured {
                    return self.advance(now);
                }
                if self.capture_focus == CaptureField::Key && self.secret_input.value().is_empty() {
                    // Check the key now, beside it, before moving on to the secret.
                    match clean_api_key(self.key_input.value()) {
                        Ok(_) => self.capture_focus = CaptureField::Secret,
                        Err(error) => self.key_input.error = Some(error.to_string()),
                    }
                    return Vec::new();
                }
                if self.accept_capture() {
                    return self.advance(now);
                }
            }
            other => {
                if let Some(field) = self.focused_input() {
                    field.handle_key(other);
                }
            }
        }
        Vec::new()
    }

    fn key_servicenow(&mut self, key: Key, now: Instant) -> Vec<Command> {
        if self.servicenow.activity.running_task().is_some() {
            return Vec::new();
        }
        match key {
            Key::Enter if self.servicenow.activity.passed() && self.servicenow.accept() => {
                self.advance(now)
            }
            Key::Enter => {
                if !self.servicenow.accept() {
                    return Vec::new();
                }
                let task = self.new_task();
                self.servicenow.start(task, now)
            }
            // Skipping is fine: the check is optional.
            Key::Ctrl('x') => self.advance(now),
            other => {
                self.servicenow.form.handle_key(other);
                Vec::new()
            }
        }
    }

    fn key_token(&mut self, key: Key, now: Instant) -> Vec<Command> {
        match key {
            Key::Enter => return self.advance(now),
            Key::Char('r') => self.token_revealed = !self.token_revealed,
            Key::Char('c') => {
                if let Some(token) = self.token() {
                    return self.copy(SecretString::from(token.expose().to_owned()), "token");
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn key_verify(&mut self, key: Key, now: Instant) -> Vec<Command> {
        match key {
            Key::Enter if self.verify.passed() => self.advance(now),
            Key::Enter | Key::Char('r') if self.verify.running_task().is_none() => {
                self.start_verify(now)
            }
            _ => Vec::new(),
        }
    }

    fn start_verify(&mut self, now: Instant) -> Vec<Command> {
        let Some(credentials) = self.credentials.clone() else {
            return Vec::new();
        };
        let task = self.new_task();
        self.verify = Activity::Running { task, started: now };
        vec![Command::CheckHubCredentials {
            task,
            hub_url: self.hub_url().to_owned(),
            credentials,
        }]
    }

    fn key_inbound(&mut self, key: Key, now: Instant) -> Vec<Command> {
        let Some(credentials) = self.credentials.clone() else {
            return Vec::new();
        };
        match key {
            Key::Enter => self.advance(now),
            Key::Char('k') => self.copy(
                SecretString::from(credentials.key.as_str().to_owned()),
                "API key",
            ),
            Key::Char('s') => self.copy(
                SecretString::from(credentials.secret.expose().to_owned()),
                "API secret",
            ),
            _ => Vec::new(),
        }
    }

    fn copy(&mut self, secret: SecretString, label: &'static str) -> Vec<Command> {
        let task = self.new_task();
        vec![self.clipboard.copy(task, secret, label)]
    }
}
