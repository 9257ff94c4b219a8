//! Shared by the flow and screen tests: a fixed environment, a driver that feeds
//! messages to `App::update` with a controllable clock, and a renderer.
#![allow(dead_code)]

pub mod hopex_screens;
pub mod rotate_hopex_screens;
pub mod rotate_screens;
pub mod servicenow;
pub mod sms_screens;
pub mod validate;
pub mod validate_screens;

use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use nowkey::domain::profile::ProfilesFile;
use nowkey::domain::rotation::Rotation;
use nowkey::flows::app::{App, Screen, StartAt};
use nowkey::flows::command::Command;
use nowkey::flows::env::FlowEnv;
use nowkey::flows::job::{HopexCall, HubRequest, Job, ServiceNowCall, StoreJob};
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::now::Now;
use nowkey::flows::outcome::{StoreOutcome, TaskOutcome};
use nowkey::flows::setup_hopex::SetupHopex;
use nowkey::flows::setup_sms::SetupSms;
use nowkey::flows::task::TaskId;
use nowkey::store::{JournalScan, StoreError};
use nowkey::tui::theme::Theme;
use nowkey::tui::view;
use nowkey::tui::widgets::ViewContext;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Every screen state the tests build: home, profiles, every step of the SMS
/// and HOPEX setups, the rotation and the validation, with their errors,
/// running checks and dialogs.
pub fn every_screen() -> Vec<(&'static str, Driver)> {
    let mut all = sms_screens::screens();
    all.extend(hopex_screens::screens());
    all.extend(rotate_screens::rotation_screens());
    all.extend(rotate_screens::more_rotation_screens());
    all.extend(rotate_hopex_screens::screens());
    all.extend(validate_screens::screens());
    all
}

/// The key id every test uses.
pub const KEY: &str = "ABCDEFGHIJKLMNOPQRST";
/// The secret every test uses; a canary for leak assertions.
pub const SECRET: &str = "canarySecret0123456789abcdefXYZ";
/// The sandbox URL the tests pretend to use.
pub const SANDBOX_URL: &str = "http://127.0.0.1:8787";

/// A fixed environment: sandbox, not over SSH.
pub fn env() -> FlowEnv {
    FlowEnv {
        sandbox_url: Some(SANDBOX_URL.to_owned()),
        hub_url_override: None,
        servicenow_url: None,
        hopex_url: None,
        over_ssh: false,
        country_code: None,
        proof_window: None,
    }
}

/// The test clock's start: 2026-11-21 10:00 UTC, in UTC.
pub fn start_time() -> Now {
    Now {
        instant: Instant::now(),
        utc: Utc
            .with_ymd_and_hms(2026, 11, 21, 10, 0, 0)
            .single()
            .expect("a valid time"),
        utc_offset: FixedOffset::east_opt(0).expect("UTC"),
    }
}

/// Drives an [`App`] and remembers every command it asked for.
pub struct Driver {
    /// The app.
    pub app: App,
    /// The test clock.
    pub now: Now,
    /// Commands from the last update.
    pub last: Vec<Command>,
    /// The latest loads of the profiles and the journals the app asked for.
    loads: (Option<TaskId>, Option<TaskId>),
}

impl Driver {
    /// An app opened at `start`.
    pub fn open(env: FlowEnv, start: StartAt) -> Self {
        let (app, first) = App::new(env, start);
        let mut driver = Self {
            app,
            now: start_time(),
            last: Vec::new(),
            loads: (None, None),
        };
        driver.note_loads(&first);
        driver.last = first;
        driver
    }

    /// An app opened straight into the SMS setup.
    pub fn setup_sms(env: FlowEnv) -> Self {
        Self::open(env, StartAt::SetupSms)
    }

    /// An app opened straight into the HOPEX setup.
    pub fn setup_hopex(env: FlowEnv) -> Self {
        Self::open(env, StartAt::SetupHopex)
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
        Self::open(env(), StartAt::Home)
    }

    /// Sends one message.
    pub fn msg(&mut self, msg: Msg) -> &mut Self {
        self.last = self.app.update(msg, self.now);
        let last = std::mem::take(&mut self.last);
        self.note_loads(&last);
        self.last = last;
        self
    }

    /// Pastes `text` (a bracketed paste).
    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.msg(Msg::Paste(text.to_owned().into()))
    }

    /// Answers the app's latest read of the saved profiles.
    pub fn profiles_loaded(&mut self, result: Result<ProfilesFile, StoreError>) -> &mut Self {
        let task = self.loads.0.expect("the app asked for the profiles");
        self.complete(
            task,
            TaskOutcome::Store(StoreOutcome::ProfilesLoaded(result)),
        )
    }

    /// Answers the app's latest read of the rotation journals.
    pub fn rotations_loaded(&mut self, result: Result<Vec<Rotation>, StoreError>) -> &mut Self {
        self.journals_scanned(result.map(|in_progress| JournalScan {
            in_progress,
            unreadable: Vec::new(),
        }))
    }

    /// Answers the app's latest read of the journal folder with a whole scan.
    pub fn journals_scanned(&mut self, result: Result<JournalScan, StoreError>) -> &mut Self {
        let task = self.loads.1.expect("the app asked for the journals");
        self.complete(
            task,
            TaskOutcome::Store(StoreOutcome::RotationsLoaded(result)),
        )
    }

    fn note_loads(&mut self, commands: &[Command]) {
        for command in commands {
            match command {
                Command::Start {
                    task,
                    job: Job::Store(StoreJob::LoadProfiles),
                } => self.loads.0 = Some(*task),
                Command::Start {
                    task,
                    job: Job::Store(StoreJob::LoadRotations),
                } => self.loads.1 = Some(*task),
                _ => {}
            }
        }
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
        self.now = self.now.after(by);
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
        self.paste(&format!("{KEY}\r\n"));
        self.keys(&[Key::Tab]);
        self.paste(&format!("  {SECRET}\n"));
        // Enter accepts the pair; Ctrl-X skips the optional ServiceNow check.
        self.keys(&[Key::Enter, Key::Ctrl('x')])
    }

    /// Walks to step 6 and passes the credential check.
    pub fn walk_to_inbound_step(&mut self) -> &mut Self {
        self.walk_to_token_step();
        self.keys(&[Key::Enter, Key::Enter]);
        let task = self.task_of(check_task);
        self.complete(task, hub_checked(Ok(())));
        self.keys(&[Key::Enter])
    }

    /// Renders at the given size and returns the screen as text.
    pub fn render(&self, width: u16, height: u16, color: bool) -> String {
        render(&self.app, self.now, width, height, color).0
    }
}

/// The job a command starts, with its task id.
fn started(command: &Command) -> Option<(TaskId, &Job)> {
    match command {
        Command::Start { task, job } => Some((*task, job)),
        _ => None,
    }
}

fn hub_request(command: &Command) -> Option<(TaskId, &HubRequest)> {
    match started(command)? {
        (task, Job::Hub(call)) => Some((task, &call.request)),
        _ => None,
    }
}

/// The send command's task id.
pub fn send_task(command: &Command) -> Option<TaskId> {
    match hub_request(command)? {
        (task, HubRequest::SendMessage { .. }) => Some(task),
        _ => None,
    }
}

/// The status poll's task id.
pub fn poll_task(command: &Command) -> Option<TaskId> {
    match hub_request(command)? {
        (task, HubRequest::MessageStatus { .. }) => Some(task),
        _ => None,
    }
}

/// The replies poll's task id.
pub fn replies_task(command: &Command) -> Option<TaskId> {
    match hub_request(command)? {
        (task, HubRequest::Replies) => Some(task),
        _ => None,
    }
}

/// The check command's task id (a Hub credential check, delayed or not).
pub fn check_task(command: &Command) -> Option<TaskId> {
    match hub_request(command)? {
        (task, HubRequest::CheckCredentials) => Some(task),
        _ => None,
    }
}

/// The copy command's task id.
pub fn copy_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Copy { .. }) => Some(task),
        _ => None,
    }
}

/// The HOPEX key check's task id.
pub fn hopex_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Hopex(HopexCall::CheckKey { .. })) => Some(task),
        _ => None,
    }
}

/// The ServiceNow check's task id.
pub fn servicenow_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::ServiceNow(ServiceNowCall::CheckCredentials { .. })) => Some(task),
        _ => None,
    }
}

/// A read of the saved profiles' task id.
pub fn profiles_load_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Store(StoreJob::LoadProfiles)) => Some(task),
        _ => None,
    }
}

/// A profile save's task id.
pub fn save_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Store(StoreJob::SaveProfile { .. })) => Some(task),
        _ => None,
    }
}

/// A journal write's task id.
pub fn journal_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Store(StoreJob::SaveJournal(_))) => Some(task),
        _ => None,
    }
}

/// The rotation lock's task id.
pub fn lock_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Store(StoreJob::LockRotation { .. })) => Some(task),
        _ => None,
    }
}

/// A report export's task id.
pub fn report_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Store(StoreJob::SaveReport { .. })) => Some(task),
        _ => None,
    }
}

/// A sandbox Hub key creation's task id.
pub fn sandbox_key_task(command: &Command) -> Option<TaskId> {
    match started(command)? {
        (task, Job::Sandbox(nowkey::flows::job::SandboxCall::CreateHubKey)) => Some(task),
        _ => None,
    }
}

/// The outcome of a Hub credential check.
pub fn hub_checked(result: Result<(), nowkey::domain::remote_error::ClientError>) -> TaskOutcome {
    TaskOutcome::Hub(nowkey::flows::outcome::HubOutcome::Credentials(result))
}

/// The outcome of a profile save to `path`.
pub fn profile_saved(path: &str) -> TaskOutcome {
    TaskOutcome::Store(StoreOutcome::ProfileSaved(Ok(path.into())))
}

/// The outcome of a journal write.
pub fn journal_saved(result: Result<(), StoreError>) -> TaskOutcome {
    TaskOutcome::Store(StoreOutcome::JournalSaved(result))
}

/// Renders the app; returns the text and the buffer.
pub fn render(
    app: &App,
    now: Now,
    width: u16,
    height: u16,
    color: bool,
) -> (String, ratatui::buffer::Buffer) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let ctx = ViewContext {
        now: now.instant,
        today: now.today(),
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
