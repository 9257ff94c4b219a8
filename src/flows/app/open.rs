//! Opening a flow from the home menu, the profiles list, the command line or
//! another flow, with what it needs from the saved profiles and journals.

use std::sync::Arc;

use super::{App, HomeItem, Screen};
use crate::domain::rotation::Rotation;
use crate::domain::vendors::VendorCatalog;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::now::Now;
use crate::flows::rotate::{RotatableProfile, Rotate};
use crate::flows::sandbox_pair::SandboxPair;
use crate::flows::setup_hopex::SetupHopex;
use crate::flows::setup_sms::SetupSms;
use crate::flows::validate::{ValidatableProfile, Validate};
use crate::store::{StoreError, UnreadableJournal};

impl App {
    pub(super) fn open(&mut self, item: HomeItem, now: Now) -> Vec<Command> {
        match item {
            HomeItem::SetupSms => self.open_setup_sms(),
            HomeItem::SetupHopex => self.open_setup_hopex(),
            HomeItem::Rotate => return self.open_rotate(None, now),
            HomeItem::Validate => self.open_validate(None, false),
            HomeItem::Profiles => {
                self.screen = Screen::Profiles;
                return self.reload();
            }
            HomeItem::Quit => return self.quit(),
        }
        Vec::new()
    }

    /// Opens the validation over the saved profiles, or only the named one; it
    /// goes back to the profiles list when it was opened there.
    pub(super) fn open_validate(&mut self, profile: Option<String>, from_profiles: bool) {
        let profiles = match &self.profiles {
            // Read in milliseconds at start: open the flow when they arrive rather
            // than say there are none.
            None => {
                self.pending_validate = Some((profile, from_profiles));
                return;
            }
            Some(Ok(file)) => Ok(file
                .profiles
                .iter()
                .filter(|(name, _)| profile.as_ref().is_none_or(|wanted| wanted == *name))
                .map(|(name, p)| ValidatableProfile {
                    name: name.clone(),
                    profile: p.clone(),
                })
                .collect()),
            Some(Err(error)) => Err(Arc::clone(error)),
        };
        self.back_to_profiles = from_profiles;
        let flow = Validate::new(profiles, self.config_root.clone())
            .with_demo_pairs(self.demo_sandbox_pairs());
        self.screen = Screen::Validate(Box::new(flow));
    }

    /// The saved profile names, once loaded.
    pub fn profile_names(&self) -> Option<Result<Vec<String>, Arc<StoreError>>> {
        self.profiles.as_ref().map(|loaded| match loaded {
            Ok(file) => Ok(file.profiles.keys().cloned().collect()),
            Err(error) => Err(Arc::clone(error)),
        })
    }

    /// The rotations in progress, once their journals are read.
    pub fn rotations_in_progress(&self) -> &[Rotation] {
        match &self.rotations {
            Some(Ok(scan)) => &scan.in_progress,
            _ => &[],
        }
    }

    /// The journals that could not be read, once the folder was read.
    pub fn unreadable_journals(&self) -> &[UnreadableJournal] {
        match &self.rotations {
            Some(Ok(scan)) => &scan.unreadable,
            _ => &[],
        }
    }

    pub(super) fn open_pending_rotate(&mut self, now: Now) -> Vec<Command> {
        if self.profiles.is_none() || self.rotations.is_none() {
            return Vec::new();
        }
        match self.pending_rotate.take() {
            Some(profile) => self.open_rotate(profile, now),
            None => Vec::new(),
        }
    }

    /// Opens a rotation: resumes the named profile's rotation, or the only one in
    /// progress, else starts at the profile list.
    pub(super) fn open_rotate(&mut self, profile: Option<String>, now: Now) -> Vec<Command> {
        // Both are read in milliseconds at start: open the flow when they arrive,
        // rather than say there are no profiles or start over a rotation in progress.
        let (Some(read), Some(journals)) = (&self.profiles, &self.rotations) else {
            self.pending_rotate = Some(profile);
            return Vec::new();
        };
        let profiles: Result<Vec<RotatableProfile>, _> = match read {
            Ok(file) => Ok(file
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
                .collect()),
            Err(error) => Err(Arc::clone(error)),
        };
        let in_progress: Vec<Rotation> = self
            .rotations_in_progress()
            .iter()
            .filter(|r| profiles.iter().flatten().any(|p| p.name == r.profile))
            .cloned()
            .collect();
        // A journal folder that cannot be read leaves every profile's rotation
        // unknown: none may start over it.
        let unreadable: Vec<UnreadableJournal> = match journals {
            Ok(scan) => scan.unreadable.clone(),
            Err(error) => profiles
                .iter()
                .flatten()
                .map(|p| UnreadableJournal {
                    profile: p.name.clone(),
                    error: Arc::clone(error),
                })
                .collect(),
        };
        let resume = match in_progress.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        };
        let named = profile.is_some();
        let mut flow = Rotate::new(self.env.clone(), profiles, resume, in_progress)
            .with_unreadable_journals(unreadable, named)
            .with_demo_pairs(self.demo_sandbox_pairs());
        let commands = flow.opening_commands(&mut Context::new(now, &mut self.ids));
        self.screen = Screen::Rotate(Box::new(flow));
        commands
    }

    /// The demo's key pairs, for a flow that pastes their secrets with F2.
    fn demo_sandbox_pairs(&self) -> Vec<SandboxPair> {
        self.demo_pairs
            .iter()
            .map(|made| made.pair.clone())
            .collect()
    }

    pub(super) fn open_setup_hopex(&mut self) {
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

    pub(super) fn open_setup_sms(&mut self) {
        let flow = SetupSms::new(self.env.clone(), VendorCatalog::builtin());
        self.screen = Screen::SetupSms(Box::new(flow));
    }
}
