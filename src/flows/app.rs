//! The whole application state: the home screen and whichever flow is open.

use std::time::Instant;

use super::command::Command;
use super::key::Key;
use super::msg::{Msg, TaskOutcome};
use super::rotate::{RotatableProfile, Rotate};
use super::setup_hopex::{HopexStep, SetupHopex};
use super::setup_sms::{FlowEnv, FlowExit, SetupSms};
use crate::domain::profile::ProfilesFile;
use crate::domain::rotation::Rotation;
use crate::domain::vendors::VendorCatalog;

/// The entries of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    /// Flow A.
    SetupSms,
    /// Flow B (a later release).
    SetupHopex,
    /// Flow C (a later release).
    Rotate,
    /// Flow D (a later release).
    Validate,
    /// The saved profiles.
    Profiles,
    /// Leave.
    Quit,
}

impl HomeItem {
    /// All entries, in menu order.
    pub const ALL: [HomeItem; 6] = [
        HomeItem::SetupSms,
        HomeItem::SetupHopex,
        HomeItem::Rotate,
        HomeItem::Validate,
        HomeItem::Profiles,
        HomeItem::Quit,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            HomeItem::SetupSms => "Set up the SMS connector",
            HomeItem::SetupHopex => "Set up the HOPEX integration",
            HomeItem::Rotate => "Rotate credentials",
            HomeItem::Validate => "Validate a configuration",
            HomeItem::Profiles => "Saved profiles",
            HomeItem::Quit => "Quit",
        }
    }

    /// True when this version can open the entry.
    pub fn available(self) -> bool {
        !matches!(self, HomeItem::Validate)
    }
}

/// Which screen is showing.
#[derive(Debug)]
pub enum Screen {
    /// The home menu.
    Home,
    /// Flow A.
    SetupSms(Box<SetupSms>),
    /// Flow B.
    SetupHopex(Box<SetupHopex>),
    /// Flow C.
    Rotate(Box<Rotate>),
    /// The saved profiles.
    Profiles,
}

/// Where the app opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAt {
    /// The home menu.
    Home,
    /// Straight into flow A (`nowkey setup sms`).
    SetupSms,
    /// Straight into flow B (`nowkey setup hopex`).
    SetupHopex,
    /// Straight into flow C (`nowkey rotate [--profile P] [--resume]`), once the
    /// profiles and journals are loaded.
    Rotate {
        /// The profile to rotate, if named.
        profile: Option<String>,
    },
}

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
    pub profiles: Option<Result<ProfilesFile, String>>,
    /// Rotations in progress, from their journals (or why they could not be read).
    pub rotations: Option<Result<Vec<Rotation>, String>>,
    /// `nowkey rotate`: open flow C once profiles and journals are loaded.
    pending_rotate: Option<Option<String>>,
    /// A one-line note on the home screen.
    pub notice: Option<String>,
    /// The quit confirmation is showing.
    pub confirm_quit: bool,
    /// Set when the app should exit.
    pub should_quit: bool,
}

impl App {
    /// A new app and its first commands.
    pub fn new(env: FlowEnv, start: StartAt) -> (Self, Vec<Command>) {
        let mut app = Self {
            screen: Screen::Home,
            home_index: 0,
            env,
            profiles: None,
            rotations: None,
            pending_rotate: None,
            notice: None,
            confirm_quit: false,
            should_quit: false,
        };
        match start {
            StartAt::Home => {}
            StartAt::SetupSms => app.open_setup_sms(),
            StartAt::SetupHopex => app.open_setup_hopex(),
            StartAt::Rotate { profile } => app.pending_rotate = Some(profile),
        }
        (app, vec![Command::LoadProfiles, Command::LoadRotations])
    }

    /// Applies one message.
    pub fn update(&mut self, msg: Msg, now: Instant) -> Vec<Command> {
        if let Msg::Task(_, TaskOutcome::ProfilesLoaded(result)) = msg {
            self.profiles = Some(result);
            return self.open_pending_rotate();
        }
        if let Msg::Task(_, TaskOutcome::RotationsLoaded(result)) = msg {
            self.rotations = Some(result);
            return self.open_pending_rotate();
        }
        if let Msg::Key(key) = msg {
            if let Some(commands) = self.on_quit_keys(key) {
                return commands;
            }
        }
        match &mut self.screen {
            Screen::SetupSms(flow) => {
                let (mut commands, exit) = flow.update(msg, now);
                if exit == FlowExit::Home {
                    let saved = flow.step == super::setup_sms::Step::Done;
                    self.screen = Screen::Home;
                    if saved {
                        commands.push(Command::LoadProfiles);
                    }
                }
                commands
            }
            Screen::SetupHopex(flow) => {
                let (mut commands, exit) = flow.update(msg, now);
                if exit == FlowExit::Home {
                    let saved = flow.step == HopexStep::Done;
                    self.screen = Screen::Home;
                    if saved {
                        commands.push(Command::LoadProfiles);
                    }
                }
                commands
            }
            Screen::Rotate(flow) => {
                let (mut commands, exit) = flow.update(msg, now);
                if exit == FlowExit::Home {
                    self.screen = Screen::Home;
                    commands.push(Command::LoadProfiles);
                    commands.push(Command::LoadRotations);
                }
                commands
            }
            Screen::Home => match msg {
                Msg::Key(key) => self.on_home_key(key),
                _ => Vec::new(),
            },
            Screen::Profiles => {
                if matches!(msg, Msg::Key(Key::Esc | Key::Enter | Key::Char('q'))) {
                    self.screen = Screen::Home;
                }
                Vec::new()
            }
        }
    }

    /// Ctrl-C from anywhere, and the answer to the quit confirmation.
    fn on_quit_keys(&mut self, key: Key) -> Option<Vec<Command>> {
        if self.confirm_quit {
            match key.confirm_answer() {
                Some(true) => return Some(self.quit()),
                Some(false) => self.confirm_quit = false,
                None => {}
            }
            return Some(Vec::new());
        }
        if key == Key::Ctrl('c') {
            if self.holds_unsaved_secret() {
                self.confirm_quit = true;
                return Some(Vec::new());
            }
            return Some(self.quit());
        }
        None
    }

    /// True when quitting now would lose a secret the Hub will not show again.
    pub fn holds_unsaved_secret(&self) -> bool {
        match &self.screen {
            Screen::SetupSms(flow) => flow.holds_unsaved_secret(),
            Screen::SetupHopex(flow) => flow.holds_unsaved_secret(),
            Screen::Rotate(flow) => flow.holds_unsaved_secret(),
            _ => false,
        }
    }

    fn quit(&mut self) -> Vec<Command> {
        self.should_quit = true;
        vec![Command::ClearClipboard, Command::Quit]
    }

    fn on_home_key(&mut self, key: Key) -> Vec<Command> {
        let count = HomeItem::ALL.len();
        match key {
            Key::Up | Key::Char('k') => self.home_index = (self.home_index + count - 1) % count,
            Key::Down | Key::Char('j') => self.home_index = (self.home_index + 1) % count,
            Key::Char(c @ '1'..='6') => {
                self.home_index = c as usize - '1' as usize;
                return self.open(HomeItem::ALL[self.home_index]);
            }
            Key::Enter => return self.open(HomeItem::ALL[self.home_index]),
            Key::Char('q') | Key::Esc => return self.quit(),
            _ => {}
        }
        Vec::new()
    }

    fn open(&mut self, item: HomeItem) -> Vec<Command> {
        self.notice = None;
        match item {
            HomeItem::SetupSms => self.open_setup_sms(),
            HomeItem::SetupHopex => self.open_setup_hopex(),
            HomeItem::Rotate => return self.open_rotate(None),
            HomeItem::Profiles => {
                self.screen = Screen::Profiles;
                return vec![Command::LoadProfiles];
            }
            HomeItem::Quit => return self.quit(),
            other => {
                self.notice = Some(format!(
                    "\"{}\" is not in this version of nowkey yet.",
                    other.label()
                ));
            }
        }
        Vec::new()
    }

    /// The saved profile names, once loaded.
    pub fn profile_names(&self) -> Option<Result<Vec<String>, String>> {
        self.profiles.as_ref().map(|loaded| match loaded {
            Ok(file) => Ok(file.profiles.keys().cloned().collect()),
            Err(error) => Err(error.clone()),
        })
    }

    /// The rotations in progress, once their journals are read.
    pub fn rotations_in_progress(&self) -> &[Rotation] {
        match &self.rotations {
            Some(Ok(list)) => list,
            _ => &[],
        }
    }

    fn open_pending_rotate(&mut self) -> Vec<Command> {
        if self.profiles.is_none() || self.rotations.is_none() {
            return Vec::new();
        }
        match self.pending_rotate.take() {
            Some(profile) => self.open_rotate(profile),
            None => Vec::new(),
        }
    }

    /// Opens flow C: resumes the named profile's rotation, or the only one in
    /// progress, else starts at the profile list.
    fn open_rotate(&mut self, profile: Option<String>) -> Vec<Command> {
        let profiles: Vec<RotatableProfile> = match &self.profiles {
            Some(Ok(file)) => file
                .profiles
                .iter()
                .filter(|(name, _)| profile.as_ref().is_none_or(|wanted| wanted == *name))
                .filter_map(|(name, p)| {
                    Some(RotatableProfile {
                        name: name.clone(),
                        sms: p.sms.clone()?,
                        profile: p.clone(),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        let in_progress: Vec<Rotation> = self
            .rotations_in_progress()
            .iter()
            .filter(|r| profiles.iter().any(|p| p.name == r.profile))
            .cloned()
            .collect();
        let resume = match in_progress.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        };
        let mut flow = Rotate::new(self.env.clone(), profiles, resume, in_progress);
        let commands = flow.opening_commands();
        self.screen = Screen::Rotate(Box::new(flow));
        commands
    }

    fn open_setup_hopex(&mut self) {
        // The duplicate-key rule needs the keys saved profiles already hold.
        let existing = match &self.profiles {
            Some(Ok(file)) => file
                .profiles
                .iter()
                .filter_map(|(name, profile)| {
                    let hopex = profile.hopex.as_ref()?;
                    Some((
                        name.clone(),
                        hopex.environment_id.clone(),
                        hopex.repository_id.clone(),
                    ))
                })
                .collect(),
            _ => Vec::new(),
        };
        let flow = SetupHopex::new(self.env.clone(), existing);
        self.screen = Screen::SetupHopex(Box::new(flow));
    }

    fn open_setup_sms(&mut self) {
        let flow = SetupSms::new(self.env.clone(), VendorCatalog::builtin());
        self.screen = Screen::SetupSms(Box::new(flow));
    }
}
