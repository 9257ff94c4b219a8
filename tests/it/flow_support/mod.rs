//! Shared by the flow and screen tests: a fixed environment, a driver that feeds
//! messages to `App::update` with a controllable clock, and a renderer.
#![allow(dead_code)]

pub mod hopex_screens;
pub mod rotate_screens;
pub mod sms_screens;
pub mod validate;
pub mod validate_screens;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use nowkey::flows::app::{App, Screen, StartAt};
use nowkey::flows::command::{Command, TaskId};
use nowkey::flows::key::Key;
use nowkey::flows::msg::{Msg, TaskOutcome};
use nowkey::flows::setup_hopex::SetupHopex;
use nowkey::flows::setup_sms::{FlowEnv, SetupSms};
use nowkey::tui::theme::Theme;
use nowkey::tui::view;
use nowkey::tui::widgets::ViewContext;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The key id every test uses.
pub const KEY: &str = "ABCDEFGHIJKLMNOPQRST";
/// The secret every test uses; a canary for leak assertions.
pub const SECRET: &str = "canarySecret0123456789abcdefXYZ";
/// The sandbox URL the tests pretend to use.
pub const SANDBOX_URL: &str = "http://127.0.0.1:8787";

/// A fixed environment: sandbox, not over SSH, a fixed day.
pub fn env() -> FlowEnv {
    FlowEnv {
        sandbox_url: Some(SANDBOX_URL.to_owned()),
        hub_url_override: None,
        servicenow_url: None,
        hopex_url: None,
        over_ssh: false,
        today: NaiveDate::from_ymd_opt(2026, 11, 21).expect("valid date"),
        country_code: None,
    }
}

/// Drives an [`App`] and remembers every command it asked for.
pub struct Driver {
    /// The app.
    pub app: App,
    /// The test clock.
    pub now: Instant,
    /// Commands from the last update.
    pub last: Vec<Command>,
}

impl Driver {
    /// An app opened straight into the SMS setup.
    pub fn setup_sms(env: FlowEnv) -> Self {
        let (app, _) = App::new(env, StartAt::SetupSms);
        Self {
            app,
            now: Instant::now(),
            last: Vec::new(),
        }
    }

    /// An app opened straight into the HOPEX setup.
    pub fn setup_hopex(env: FlowEnv) -> Self {
        let (app, _) = App::new(env, StartAt::SetupHopex);
        Self {
            app,
            now: Instant::now(),
            last: Vec::new(),
        }
    }

    /// The open HOPEX flow.
    pub fn hopex(&self) -> &SetupHopex {
        match &self.app.screen {
            Screen::SetupHopex(flow) => flow,
            other => panic!("expected the HOPEX flow, got {other:?}"),
        }
    }

    /// An app on the home screen.
    pub fn home() -> Self {
        let (app, _) = App::new(env(), StartAt::Home);
        Self {
            app,
            now: Instant::now(),
            last: Vec::new(),
        }
    }

    /// Sends one message.
    pub fn msg(&mut self, msg: Msg) -> &mut Self {
        self.last = self.app.update(msg, self.now);
        self
    }

    /// Presses keys.
    pub fn keys(&mut self, keys: &[Key]) -> &mut Self {
        for key in keys {
            self.msg(Msg::Key(*key));
        }
        self
    }

    /// Types text.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.msg(Msg::Key(Key::Char(c)));
        }
        self
    }

    /// Moves the clock.
    pub fn advance(&mut self, by: Duration) -> &mut Self {
        self.now += by;
        self
    }

    /// The open SMS flow.
    pub fn flow(&self) -> &SetupSms {
        match &self.app.screen {
            Screen::SetupSms(flow) => flow,
            other => panic!("expected the SMS flow, got {other:?}"),
        }
    }

    /// The task id of the last command of the given kind.
    pub fn task_of(&self, pick: fn(&Command) -> Option<TaskId>) -> TaskId {
        self.last
            .iter()
            .find_map(pick)
            .unwrap_or_else(|| panic!("no such command in {:?}", self.last))
    }

    /// Delivers a task result.
    pub fn complete(&mut self, task: TaskId, outcome: TaskOutcome) -> &mut Self {
        self.msg(Msg::Task(task, outcome))
    }

    /// Walks from step 1 to step 4 with the test credentials.
    pub fn walk_to_token_step(&mut self) -> &mut Self {
        self.keys(&[Key::Enter, Key::Enter]);
        self.msg(Msg::Paste(format!("{KEY}\r\n")));
        self.keys(&[Key::Tab]);
        self.msg(Msg::Paste(format!("  {SECRET}\n")));
        // Enter accepts the pair; Ctrl-X skips the optional ServiceNow check.
        self.keys(&[Key::Enter, Key::Ctrl('x')])
    }

    /// Walks to step 6 and passes the credential check.
    pub fn walk_to_inbound_step(&mut self) -> &mut Self {
        self.walk_to_token_step();
        self.keys(&[Key::Enter, Key::Enter]);
        let task = self.task_of(check_task);
        self.complete(task, TaskOutcome::HubCredentialsChecked(Ok(())));
        self.keys(&[Key::Enter])
    }

    /// Renders at the given size and returns the screen as text.
    pub fn render(&self, width: u16, height: u16, color: bool) -> String {
        render(&self.app, self.now, width, height, color).0
    }
}

/// The send command's task id.
pub fn send_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::SendTestMessage { task, .. } => Some(*task),
        _ => None,
    }
}

/// The status poll's task id.
pub fn poll_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::PollMessageStatus { task, .. } => Some(*task),
        _ => None,
    }
}

/// The replies poll's task id.
pub fn replies_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::PollReplies { task, .. } => Some(*task),
        _ => None,
    }
}

/// The copy command's task id.
pub fn copy_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::CopySecret { task, .. } => Some(*task),
        _ => None,
    }
}

/// The HOPEX key check's task id.
pub fn hopex_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::CheckHopexKey { task, .. } => Some(*task),
        _ => None,
    }
}

/// The ServiceNow check's task id.
pub fn servicenow_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::CheckServiceNow { task, .. } => Some(*task),
        _ => None,
    }
}

/// The check command's task id.
pub fn check_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::CheckHubCredentials { task, .. } => Some(*task),
        _ => None,
    }
}

/// Renders the app; returns the text and the buffer.
pub fn render(
    app: &App,
    now: Instant,
    width: u16,
    height: u16,
    color: bool,
) -> (String, ratatui::buffer::Buffer) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let ctx = ViewContext {
        now,
        theme: Theme::new(color),
    };
    terminal
        .draw(|frame| view::draw(frame, app, &ctx))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    (text, buffer)
}
