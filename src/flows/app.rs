//! The whole application state: the home screen and whichever flow is open.

use std::path::PathBuf;
use std::time::Instant;

use super::command::Command;
pub use super::home::HomeItem;
use super::key::Key;
use super::msg::{Msg, TaskOutcome};
use super::rotate::{RotatableProfile, Rotate};
use super::setup_hopex::{HopexStep, SetupHopex};
use super::setup_sms::{FlowEnv, FlowExit, SetupSms};
use super::validate::{ValidatableProfile, Validate, ValidateExit};
use crate::domain::profile::ProfilesFile;
use crate::domain::rotation::Rotation;
use crate::domain::vendors::VendorCatalog;

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
    /// Flow D.
    Validate(Box<Validate>),
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
    /// Validation chosen before the profiles were read: (profile, from the
    /// Profiles screen), opened when they arrive.
    pending_validate: Option<(Option<String>, bool)>,
    /// Selected entry of the saved profiles list.
    pub profiles_index: usize,
    /// The config folder's root, for the checks that read rotation journals. Set
    /// by the event loop; empty (the platform folder) unless set.
    pub config_root: PathBuf,
    /// Where flow D goes back to: the profiles list, else home.
    validate_from_profiles: bool,
    /// The first task id of the next run of flow D (ids are never reused, so a
    /// late result of a run left behind cannot be taken for a new one's).
    next_validate_task: super::command::TaskId,
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
            pending_validate: None,
            profiles_index: 0,
            config_root: PathBuf::new(),
            validate_from_profiles: false,
            next_validate_task: 1,
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
            if let Some((profile, from_profiles)) = self.pending_validate.take() {
                self.open_validate(profile, from_profiles);
            }
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
            Screen::Validate(flow) => {
                let (mut commands, exit) = flow.update(msg, now);
                self.next_validate_task = flow.next_task_id();
                match exit {
                    ValidateExit::Stay => {}
                    ValidateExit::Back if self.validate_from_profiles => {
                        self.screen = Screen::Profiles;
                    }
                    ValidateExit::Back => self.screen = Screen::Home,
                    ValidateExit::Rotate(profile) => {
                        commands.extend(self.open_rotate(Some(profile)));
                    }
                }
                commands
            }
            Screen::Home => match msg {
                Msg::Key(key) => self.on_home_key(key),
                _ => Vec::new(),
            },
            Screen::Profiles => match msg {
                Msg::Key(key) => self.on_profiles_key(key),
                _ => Vec::new(),
            },
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
        match item {
            HomeItem::SetupSms => self.open_setup_sms(),
            HomeItem::SetupHopex => self.open_setup_hopex(),
            HomeItem::Rotate => return self.open_rotate(None),
            HomeItem::Validate => self.open_validate(None, false),
            HomeItem::Profiles => {
                self.screen = Screen::Profiles;
                return vec![Command::LoadProfiles];
            }
            HomeItem::Quit => return self.quit(),
        }
        Vec::new()
    }

    /// The saved profiles list: choose one, `v` validates it.
    fn on_profiles_key(&mut self, key: Key) -> Vec<Command> {
        let names = match self.profile_names() {
            Some(Ok(names)) => names,
            _ => Vec::new(),
        };
        match key {
            Key::Up | Key::Char('k') => self.profiles_index = self.profiles_index.saturating_sub(1),
            Key::Down | Key::Char('j') => {
                self.profiles_index = (self.profiles_index + 1).min(names.len().saturating_sub(1));
            }
            Key::Char('v') => {
                if let Some(name) = names.get(self.profiles_index) {
                    self.open_validate(Some(name.clone()), true);
                }
            }
            Key::Esc | Key::Enter | Key::Char('q') => self.screen = Screen::Home,
            _ => {}
        }
        Vec::new()
    }

    /// Opens flow D over the saved profiles, or only the named one; Esc from it
    /// goes back to the profiles list when it was opened there.
    fn open_validate(&mut self, profile: Option<String>, from_profiles: bool) {
        if self.profiles.is_none() {
            // Read in milliseconds at start: open the flow when they arrive rather
            // than say there are none.
            self.pending_validate = Some((profile, from_profiles));
            return;
        }
        let profiles = match &self.profiles {
            Some(Ok(file)) => Ok(file
                .profiles
                .iter()
                .filter(|(name, _)| profile.as_ref().is_none_or(|wanted| wanted == *name))
                .map(|(name, p)| ValidatableProfile {
                    name: name.clone(),
                    profile: p.clone(),
                })
                .collect()),
            Some(Err(error)) => Err(error.clone()),
            None => Ok(Vec::new()), // not reached: handled above
        };
        self.validate_from_profiles = from_profiles;
        let flow = Validate::new(profiles, self.config_root.clone(), self.next_validate_task);
        self.screen = Screen::Validate(Box::new(flow));
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
