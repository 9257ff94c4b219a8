//! Opening a flow from the home menu, the profiles list, the command line or
//! another flow, with what it needs from the saved profiles and journals.

use std::sync::Arc;

use super::{App, HomeItem, Screen};
use crate::domain::hopex::Deployment;
use crate::domain::rotation::{Credential, Rotation};
use crate::domain::vendors::VendorCatalog;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::now::Now;
use crate::flows::rotate::{RotatableProfile, Rotate};
use crate::flows::rotate_hopex::{HopexRotatable, RotateHopex};
use crate::flows::sandbox_pair::SandboxPair;
use crate::flows::setup_hopex::SetupHopex;
use crate::flows::setup_sms::SetupSms;
use crate::flows::validate::{ValidatableProfile, Validate};
use crate::store::{JournalScan, StoreError, UnreadableJournal};

impl App {
    pub(super) fn open(&mut self, item: HomeItem, now: Now) -> Vec<Command> {
        match item {
            HomeItem::SetupSms => self.open_setup_sms(),
            HomeItem::SetupHopex => self.open_setup_hopex(),
            HomeItem::Rotate => return self.open_rotate(None, Some(Credential::HubKey), now),
            HomeItem::RotateHopex => {
                return self.open_rotate(None, Some(Credential::HopexKey), now)
            }
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
            Some((profile, credential)) => self.open_rotate(profile, credential, now),
            None => Vec::new(),
        }
    }

    /// Which key a rotation opened for `profile` replaces, when the caller did
    /// not say: the only one the named profile has; with both, the one whose
    /// rotation is in progress, else the Hub key (as before HOPEX keys rotated).
    fn rotated_credential(&self, profile: Option<&str>) -> Credential {
        let (Some(name), Some(Ok(file))) = (profile, &self.profiles) else {
            return Credential::HubKey;
        };
        let Some(saved) = file.profiles.get(name) else {
            return Credential::HubKey;
        };
        match (&saved.sms, &saved.hopex) {
            (None, Some(_)) => Credential::HopexKey,
            (Some(_), Some(_))
                if self
                    .rotations_in_progress()
                    .iter()
                    .any(|r| r.profile == name && r.credential == Credential::HopexKey) =>
            {
                Credential::HopexKey
            }
            _ => Credential::HubKey,
        }
    }

    /// Opens a rotation: resumes the named profile's rotation, or the only one in
    /// progress, else starts at the profile list.
    pub(super) fn open_rotate(
        &mut self,
        profile: Option<String>,
        credential: Option<Credential>,
        now: Now,
    ) -> Vec<Command> {
        // Both are read in milliseconds at start: open the flow when they arrive,
        // rather than say there are no profiles or start over a rotation in progress.
        let (Some(read), Some(journals)) = (&self.profiles, &self.rotations) else {
            self.pending_rotate = Some((profile, credential));
            return Vec::new();
        };
        let credential = credential.unwrap_or_else(|| self.rotated_credential(profile.as_deref()));
        if credential == Credential::HopexKey {
            return self.open_rotate_hopex(profile, now);
        }
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
        let names: Vec<String> = profiles.iter().flatten().map(|p| p.name.clone()).collect();
        let (in_progress, unreadable) = self.journals_of(&names, Credential::HubKey, journals);
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

    /// The rotations in progress and the unreadable journals of `credential`
    /// for the profiles `names`. A journal folder that cannot be read leaves
    /// every profile's rotation unknown: none may start over it.
    fn journals_of(
        &self,
        names: &[String],
        credential: Credential,
        journals: &Result<JournalScan, Arc<StoreError>>,
    ) -> (Vec<Rotation>, Vec<UnreadableJournal>) {
        let in_progress = self
            .rotations_in_progress()
            .iter()
            .filter(|r| r.credential == credential && names.contains(&r.profile))
            .cloned()
            .collect();
        let unreadable = match journals {
            Ok(scan) => scan
                .unreadable
                .iter()
                .filter(|u| u.credential == credential)
                .cloned()
                .collect(),
            Err(error) => names
                .iter()
                .map(|name| UnreadableJournal {
                    profile: name.clone(),
                    credential,
                    error: Arc::clone(error),
                })
                .collect(),
        };
        (in_progress, unreadable)
    }

    /// Opens the HOPEX key's rotation: resumes the named profile's, or the
    /// only one in progress, else starts at the list of on-premises profiles.
    fn open_rotate_hopex(&mut self, profile: Option<String>, now: Now) -> Vec<Command> {
        let (Some(read), Some(journals)) = (&self.profiles, &self.rotations) else {
            return Vec::new();
        };
        let named = profile.is_some();
        let profiles: Result<Vec<HopexRotatable>, _> = match read {
            Ok(file) => Ok(file
                .profiles
                .iter()
                .filter(|(name, _)| profile.as_ref().is_none_or(|wanted| wanted == *name))
                .filter_map(|(name, p)| {
                    Some(HopexRotatable {
                        name: name.clone(),
                        hopex: p.hopex.clone()?,
                        profile: p.clone(),
                    })
                })
                // SaaS has no key of the customer's: listed only when named,
                // so the screen can say so.
                .filter(|p| named || p.hopex.deployment != Deployment::Saas)
                .collect()),
            Err(error) => Err(Arc::clone(error)),
        };
        let names: Vec<String> = profiles.iter().flatten().map(|p| p.name.clone()).collect();
        let (in_progress, unreadable) = self.journals_of(&names, Credential::HopexKey, journals);
        let resume = match in_progress.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        };
        let mut flow = RotateHopex::new(self.env.clone(), profiles, resume, in_progress)
            .with_unreadable_journals(unreadable, named);
        let commands = flow.opening_commands(&mut Context::new(now, &mut self.ids));
        self.screen = Screen::RotateHopex(Box::new(flow));
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
