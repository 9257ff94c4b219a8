//! The whole application state: the home screen, the saved profiles, and
//! whichever flow is open. Every flow is reached through [`Screen::flow_mut`],
//! so `update` dispatches to the open one in one place.

mod menus;
mod open;

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::Arc;

use super::bindings::KeyHelp;
use super::command::Command;
use super::context::Context;
use super::env::FlowEnv;
use super::exit::FlowExit;
use super::flow::{Flow, StepInfo};
use super::home::{home_bindings, HOME_PURPOSE, PROFILES_PURPOSE};
use super::job::{Job, SandboxCall, StoreJob};
use super::key::Key;
use super::msg::Msg;
use super::now::Now;
use super::outcome::{SandboxOutcome, StoreOutcome, TaskOutcome};
use super::question::{Answer, Question};
use super::rotate::Rotate;
use super::rotate_hopex::RotateHopex;
use super::sandbox_pair::DemoKeyPair;
use super::setup_hopex::SetupHopex;
use super::setup_sms::SetupSms;
use super::task::{TaskId, TaskIds};
use super::validate::Validate;
use crate::domain::profile::ProfilesFile;
use crate::domain::rotation::Credential;
pub use crate::flows::home::HomeItem;
use crate::store::JournalScan;
use crate::store::StoreError;

/// Which screen is showing.
/// Rows a page key moves the help overlay.
const HELP_PAGE: u16 = 8;

#[derive(Debug)]
pub enum Screen {
    /// The home menu.
    Home,
    /// The saved profiles.
    Profiles,
    /// The SMS connector setup.
    SetupSms(Box<SetupSms>),
    /// The HOPEX integration setup.
    SetupHopex(Box<SetupHopex>),
    /// A rotation of an SMS profile's Hub key.
    Rotate(Box<Rotate>),
    /// A rotation of a HOPEX profile's API key.
    RotateHopex(Box<RotateHopex>),
    /// Validating a saved configuration.
    Validate(Box<Validate>),
}

impl Screen {
    /// The open flow, if a flow is showing. The one place that knows every flow.
    pub fn flow(&self) -> Option<&dyn Flow> {
        match self {
            Screen::SetupSms(flow) => Some(flow.as_ref()),
            Screen::SetupHopex(flow) => Some(flow.as_ref()),
            Screen::Rotate(flow) => Some(flow.as_ref()),
            Screen::RotateHopex(flow) => Some(flow.as_ref()),
            Screen::Validate(flow) => Some(flow.as_ref()),
            Screen::Home | Screen::Profiles => None,
        }
    }

    /// The open flow, to update it.
    pub fn flow_mut(&mut self) -> Option<&mut dyn Flow> {
        match self {
            Screen::SetupSms(flow) => Some(flow.as_mut()),
            Screen::SetupHopex(flow) => Some(flow.as_mut()),
            Screen::Rotate(flow) => Some(flow.as_mut()),
            Screen::RotateHopex(flow) => Some(flow.as_mut()),
            Screen::Validate(flow) => Some(flow.as_mut()),
            Screen::Home | Screen::Profiles => None,
        }
    }
}

/// Where the app opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAt {
    /// The home menu.
    Home,
    /// Straight into the SMS setup (`nowkey setup sms`).
    SetupSms,
    /// Straight into the HOPEX setup (`nowkey setup hopex`).
    SetupHopex,
    /// Straight into a rotation (`nowkey rotate [--profile P] [--resume]`), once
    /// the profiles and journals are loaded.
    Rotate {
        /// The profile to rotate, if named.
        profile: Option<String>,
        /// Which of its keys, if said (`--key`); else the only one it has.
        credential: Option<Credential>,
    },
}

/// Something read from disk at start (and again after each flow): the value, or
/// why it could not be read.
pub type Loaded<T> = Option<Result<T, Arc<StoreError>>>;

/// The application state.
#[derive(Debug)]
pub struct App {
    /// The screen showing.
    pub screen: Screen,
    /// Selected home entry.
    pub home_index: usize,
    /// Where the app runs.
    pub env: FlowEnv,
    /// The saved profiles, once loaded (or why they could not be).
    pub profiles: Loaded<ProfilesFile>,
    /// Rotations in progress and unreadable journals (or why the journal folder
    /// could not be read).
    pub rotations: Loaded<JournalScan>,
    /// Selected entry of the saved profiles list.
    pub profiles_index: usize,
    /// The config folder's root, for the checks that read rotation journals. Set
    /// by the event loop; empty (the platform folder) unless set.
    pub config_root: PathBuf,
    /// The help overlay is showing.
    pub help_open: bool,
    /// How many rows the help overlay is scrolled down (on a small terminal it
    /// may not show whole).
    pub help_scroll: u16,
    /// How far the help overlay can scroll at the size last drawn: set by the
    /// view, which alone knows the size, so the scroll keys stop at the end.
    pub help_scroll_max: Cell<u16>,
    /// The quit question, while it shows.
    pub quit_question: Option<Question>,
    /// Set when the app should exit.
    pub should_quit: bool,
    ids: TaskIds,
    /// The latest load of each file: an older one's late result is ignored.
    profiles_load: Option<TaskId>,
    rotations_load: Option<TaskId>,
    /// `nowkey rotate`: open the rotation once profiles and journals are loaded.
    pending_rotate: Option<(Option<String>, Option<Credential>)>,
    /// Validation chosen before the profiles were read: (profile, from the
    /// profiles list), opened when they arrive.
    pending_validate: Option<(Option<String>, bool)>,
    /// A flow opened from the profiles list goes back there.
    back_to_profiles: bool,
    /// The demo only: the Hub key pairs its sandbox has made, newest first
    /// (read again with the profiles), for the home screen's panel.
    pub demo_pairs: Vec<DemoKeyPair>,
    demo_pairs_load: Option<TaskId>,
}

impl App {
    /// A new app and its first commands (reading the profiles and journals).
    pub fn new(env: FlowEnv, start: StartAt) -> (Self, Vec<Command>) {
        let mut app = Self {
            screen: Screen::Home,
            home_index: 0,
            env,
            profiles: None,
            rotations: None,
            profiles_index: 0,
            config_root: PathBuf::new(),
            help_open: false,
            help_scroll: 0,
            help_scroll_max: Cell::new(0),
            quit_question: None,
            should_quit: false,
            ids: TaskIds::new(),
            profiles_load: None,
            rotations_load: None,
            pending_rotate: None,
            pending_validate: None,
            back_to_profiles: false,
            demo_pairs: Vec::new(),
            demo_pairs_load: None,
        };
        match start {
            StartAt::Home => {}
            StartAt::SetupSms => app.open_setup_sms(),
            StartAt::SetupHopex => app.open_setup_hopex(),
            StartAt::Rotate {
                profile,
                credential,
            } => app.pending_rotate = Some((profile, credential)),
        }
        let commands = app.reload();
        (app, commands)
    }

    /// Applies one message at `now`.
    pub fn update(&mut self, msg: Msg, now: Now) -> Vec<Command> {
        match msg {
            Msg::Task(task, TaskOutcome::Store(StoreOutcome::ProfilesLoaded(result))) => {
                return self.on_profiles_loaded(task, result, now);
            }
            Msg::Task(task, TaskOutcome::Sandbox(SandboxOutcome::HubPairs(pairs)))
                if self.demo_pairs_load == Some(task) =>
            {
                self.demo_pairs = pairs;
                return Vec::new();
            }
            Msg::Task(task, TaskOutcome::Store(StoreOutcome::RotationsLoaded(result))) => {
                if self.rotations_load == Some(task) {
                    self.rotations = Some(result.map_err(Arc::new));
                }
                return self.open_pending_rotate(now);
            }
            Msg::Key(key) => {
                if let Some(commands) = self.on_app_keys(key) {
                    return commands;
                }
            }
            // The quit question takes only its answers; a paste is dropped.
            Msg::Paste(_) if self.quit_question.is_some() => return Vec::new(),
            Msg::Paste(_) => self.help_open = false,
            _ => {}
        }
        let mut cx = Context::new(now, &mut self.ids);
        let (mut commands, exit) = match self.screen.flow_mut() {
            Some(flow) => flow.update(msg, &mut cx),
            None => match msg {
                Msg::Key(key) => return self.on_menu_key(key, now),
                _ => return Vec::new(),
            },
        };
        match exit {
            FlowExit::Stay => {}
            FlowExit::Leave => {
                self.screen = if self.back_to_profiles {
                    Screen::Profiles
                } else {
                    Screen::Home
                };
                self.back_to_profiles = false;
                commands.extend(self.reload());
            }
            FlowExit::Rotate {
                profile,
                credential,
            } => {
                self.back_to_profiles = false;
                commands.extend(self.open_rotate(Some(profile), credential, now));
            }
        }
        commands
    }

    /// The keys the app answers before any screen: the quit question, Ctrl-C, and
    /// the help overlay (`?` or F1 opens it; Esc, `?` or F1 closes it).
    fn on_app_keys(&mut self, key: Key) -> Option<Vec<Command>> {
        if let Some(question) = self.quit_question {
            match question.bindings().action_for(key) {
                Some(Answer::Yes) => return Some(self.quit()),
                Some(Answer::No) => self.quit_question = None,
                None => {}
            }
            return Some(Vec::new());
        }
        if key == Key::Ctrl('c') {
            if let Some(loss) = self.screen.flow().and_then(|f| f.unsaved_secret()) {
                self.help_open = false;
                self.quit_question = Some(Question::Quit(loss));
                return Some(Vec::new());
            }
            return Some(self.quit());
        }
        if self.help_open {
            let max = self.help_scroll_max.get();
            match key {
                Key::Esc | Key::F(1) | Key::Char('?') => self.help_open = false,
                Key::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
                Key::Down => self.help_scroll = (self.help_scroll + 1).min(max),
                Key::PageUp => self.help_scroll = self.help_scroll.saturating_sub(HELP_PAGE),
                Key::PageDown => self.help_scroll = (self.help_scroll + HELP_PAGE).min(max),
                Key::Home => self.help_scroll = 0,
                Key::End => self.help_scroll = max,
                _ => {}
            }
            return Some(Vec::new());
        }
        if Some(key) == self.help_key() || (key == Key::F(1) && self.question().is_none()) {
            self.help_open = true;
            self.help_scroll = 0;
            return Some(Vec::new());
        }
        None
    }

    /// The key that opens the help overlay now: `?`, or F1 where a `?` would be
    /// typed into the field (a masked field that already holds something);
    /// `None` while a question waits for its answer.
    pub fn help_key(&self) -> Option<Key> {
        if self.question().is_some() {
            return None;
        }
        let typed = self
            .screen
            .flow()
            .and_then(|f| f.focused_field())
            .is_some_and(|field| field.types_question_mark());
        Some(if typed { Key::F(1) } else { Key::Char('?') })
    }

    /// The question showing, if any: quitting, or the open flow's.
    pub fn question(&self) -> Option<Question> {
        self.quit_question
            .or_else(|| self.screen.flow().and_then(|f| f.question()))
    }

    /// The screen's keys, as they apply now (the footer and the overlay draw them).
    pub fn key_help(&self) -> Vec<KeyHelp> {
        if let Some(question) = self.quit_question {
            return question.bindings().key_help();
        }
        match &self.screen {
            Screen::Home => home_bindings().key_help(),
            Screen::Profiles => self.profiles_bindings().key_help(),
            other => other.flow().map(|f| f.key_help()).unwrap_or_default(),
        }
    }

    /// When the open flow's copied secret is due to leave the clipboard.
    pub fn clipboard_clears_at(&self) -> Option<std::time::Instant> {
        self.screen.flow().and_then(|f| f.clipboard_clears_at())
    }

    /// The screen's title, place and purpose.
    pub fn step(&self) -> StepInfo {
        let menu = |title: &str, purpose| StepInfo {
            flow: "",
            title: title.to_owned(),
            position: None,
            purpose,
        };
        match &self.screen {
            Screen::Home => menu("Home", HOME_PURPOSE),
            Screen::Profiles => menu("Profiles", PROFILES_PURPOSE),
            other => other
                .flow()
                .map(|f| f.step())
                .unwrap_or_else(|| menu("Home", HOME_PURPOSE)),
        }
    }

    /// True when quitting now would lose a secret the service will not show again.
    pub fn holds_unsaved_secret(&self) -> bool {
        self.screen
            .flow()
            .is_some_and(|flow| flow.holds_unsaved_secret())
    }

    fn quit(&mut self) -> Vec<Command> {
        self.should_quit = true;
        vec![Command::ClearClipboard, Command::Quit]
    }

    /// Reads the profiles and the journals again.
    fn reload(&mut self) -> Vec<Command> {
        let (profiles, load_profiles) = self.start(StoreJob::LoadProfiles);
        let (rotations, load_rotations) = self.start(StoreJob::LoadRotations);
        self.profiles_load = Some(profiles);
        self.rotations_load = Some(rotations);
        let mut commands = vec![load_profiles, load_rotations];
        if self.env.sandbox_url.is_some() {
            let task = self.ids.next_id();
            self.demo_pairs_load = Some(task);
            commands.push(Command::Start {
                task,
                job: Job::Sandbox(SandboxCall::ListHubPairs),
            });
        }
        commands
    }

    fn start(&mut self, job: StoreJob) -> (TaskId, Command) {
        let task = self.ids.next_id();
        (
            task,
            Command::Start {
                task,
                job: Job::Store(job),
            },
        )
    }

    fn on_profiles_loaded(
        &mut self,
        task: TaskId,
        result: Result<ProfilesFile, StoreError>,
        now: Now,
    ) -> Vec<Command> {
        if self.profiles_load != Some(task) {
            return Vec::new();
        }
        self.profiles = Some(result.map_err(Arc::new));
        if let Some((profile, from_profiles)) = self.pending_validate.take() {
            self.open_validate(profile, from_profiles);
        }
        self.open_pending_rotate(now)
    }
}
