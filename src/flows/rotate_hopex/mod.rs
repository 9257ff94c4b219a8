//! Rotating a HOPEX API key. The rotation machine, the journal, the lock, the
//! resume and the "Live now" line are the Hub key's (see
//! [`crate::domain::rotation`] and [`crate::flows::rotation_journal`]); what
//! differs is the middle: HOPEX has no API to make or revoke keys, so the
//! operator makes the new key in HOPEX (instructions by version), nowkey checks
//! it with `_currentContext` (and that it opens the profile's repository and
//! profile), the operator puts it into HOPEX's ServiceNow module settings and
//! runs the module's Test, and only then revokes the old key, which nowkey
//! tries until HOPEX rejects it when the old key was given.

mod bindings;
mod screen;
mod steps;
mod tasks;
mod update;

pub use bindings::HopexRotateAction;
pub use screen::HopexRotateScreen;

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use super::activity::Activity;
use super::clipboard_tracker::ClipboardTracker;
use super::env::FlowEnv;
use super::form::{Form, FormField};
use super::question::Question;
use super::rotate::{DeletionCheck, NewKeyVerify};
use super::rotation_journal::{RotationJournal, RotationLockHold};
use super::task::TaskId;
use crate::domain::hopex::console::{key_instructions, KeyInstructions};
use crate::domain::hopex::version::{self, HopexVersion};
use crate::domain::hopex::Deployment;
use crate::domain::profile::{HopexProfile, Profile};
use crate::domain::rotation::{KeyRef, Rotation};
use crate::domain::token::Fingerprint;
use crate::store::{StoreError, UnreadableJournal};

/// Steps of a rotation (started … completed), as the header counts them.
pub const ROTATION_STEPS: usize = crate::domain::rotation::Phase::STEPS.len();

/// A saved profile with a HOPEX part.
#[derive(Debug, Clone)]
pub struct HopexRotatable {
    /// The profile's name.
    pub name: String,
    /// Its HOPEX settings (a copy of `profile.hopex`).
    pub hopex: HopexProfile,
    /// The whole profile, so saving keeps its other parts.
    pub profile: Profile,
}

impl HopexRotatable {
    /// The key the profile uses today, as the rotation names it; `None` for
    /// SaaS (HOPEX manages the key there) or a profile without a fingerprint.
    pub fn current_key(&self) -> Option<KeyRef> {
        if self.hopex.deployment == Deployment::Saas {
            return None;
        }
        let fingerprint = self.hopex.key_fingerprint.clone()?;
        Some(KeyRef {
            api_key: self.hopex.key_name.clone(),
            fingerprint,
            expires: self.hopex.key_expires,
        })
    }

    /// The profile's HOPEX version, as the gate read it when it was saved.
    pub fn version(&self) -> Option<HopexVersion> {
        version::parse(&self.hopex.version).ok()
    }

    /// Where and how keys are made on this profile's version.
    pub fn instructions(&self) -> Option<KeyInstructions> {
        self.version().map(|v| key_instructions(&v))
    }
}

/// The new key's form: its name, its expiration date where the version lets
/// a key have one (optional), and the key itself (masked).
fn new_key_form(can_expire: bool) -> Form {
    let mut fields = vec![FormField::text("New key's name", "")
        .with_help("Its own name, so the two keys can be told apart in HOPEX.")];
    if can_expire {
        fields.push(
            FormField::text("Expiration date", "")
                .with_help("Optional: YYYY-MM-DD, as set in HOPEX. Leave empty for none."),
        );
    }
    fields.push(FormField::secret("New API key"));
    Form::new(fields)
}

/// The name field's index in the new key's form.
const NAME_FIELD: usize = 0;

/// The whole state of a HOPEX key rotation.
pub struct RotateHopex {
    /// Where the wizard runs.
    pub env: FlowEnv,
    /// The profiles with a HOPEX part.
    pub profiles: Vec<HopexRotatable>,
    /// Why the saved profiles could not be read, if they could not.
    pub profiles_error: Option<Arc<StoreError>>,
    /// Selected profile (before a rotation starts).
    pub selected: usize,
    /// Opened for one named profile: no list to choose from.
    pub named: bool,
    /// The chosen profile, once a rotation started or resumed.
    pub profile: Option<HopexRotatable>,
    /// The rotation as recorded in the journal (durable).
    pub rotation: Option<Rotation>,
    /// A transition being written to the journal, and its task.
    pub pending: Option<(TaskId, Rotation)>,
    /// Why the last transition was refused or could not be recorded.
    pub refusal: Option<String>,
    /// The lock on this profile's HOPEX rotation.
    pub lock: Activity,
    /// The lock was refused because another nowkey holds it.
    pub lock_held_elsewhere: bool,
    /// HOPEX rotations already in progress.
    pub in_progress: Vec<Rotation>,
    /// HOPEX journals that could not be read.
    pub unreadable_journals: Vec<UnreadableJournal>,
    /// Start (and the revocation step): the old key, optional, masked.
    pub old_key_form: Form,
    /// The old key, when given (memory only).
    pub old_key: Option<SecretString>,
    /// Step 2: the new key's name, expiry and the key.
    pub new_key_form: Form,
    /// The new key (memory only).
    pub new_key: Option<SecretString>,
    /// Step 3: checking the new key, with retries.
    pub verify: NewKeyVerify,
    /// Step 3: the key opens another repository or profile than the saved one.
    pub context_problem: Option<String>,
    /// Step 3: the operator enters another new key (the first was refused or
    /// opens the wrong repository or profile); step 2's form shows again.
    pub replacing: bool,
    /// Step 4: the operator ticked that the module settings hold the new key.
    pub settings_saved: bool,
    /// Copies.
    pub clipboard: ClipboardTracker,
    /// Step 6: asking HOPEX whether it still accepts the old key.
    pub deletion: DeletionCheck,
    /// Step 7: saving the profile.
    pub save: Activity,
    /// Step 7: the completed rotation, recorded once the profile is saved.
    completed: Option<Rotation>,
    /// The abandon question, while it shows.
    pub question: Option<Question>,
    /// Sandbox only: a note from the sandbox console, and the screen it belongs to.
    sandbox_note: Option<(HopexRotateScreen, String)>,
}

impl std::fmt::Debug for RotateHopex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotateHopex")
            .field("rotation", &self.rotation)
            .field("new_key", &self.new_key.as_ref().map(|_| "[REDACTED]"))
            .field("old_key", &self.old_key.as_ref().map(|_| "[REDACTED]"))
            .finish_non_exhaustive()
    }
}

impl RotateHopex {
    /// The flow over `profiles` (or why none could be read), resuming `resume`
    /// when given; `in_progress` are the HOPEX rotations in progress.
    pub fn new(
        env: FlowEnv,
        profiles: Result<Vec<HopexRotatable>, Arc<StoreError>>,
        resume: Option<Rotation>,
        in_progress: Vec<Rotation>,
    ) -> Self {
        let mut flow = Self {
            env,
            profiles_error: profiles.as_ref().err().map(Arc::clone),
            profiles: profiles.unwrap_or_default(),
            selected: 0,
            named: false,
            profile: None,
            rotation: None,
            pending: None,
            refusal: None,
            lock: Activity::Idle,
            lock_held_elsewhere: false,
            in_progress,
            unreadable_journals: Vec::new(),
            old_key_form: Form::new(vec![FormField::secret("Current API key").with_help(
                "Optional. With it, nowkey can confirm HOPEX rejects the old key once you revoke it.",
            )]),
            old_key: None,
            new_key_form: new_key_form(false),
            new_key: None,
            verify: NewKeyVerify::default(),
            context_problem: None,
            replacing: false,
            settings_saved: false,
            clipboard: ClipboardTracker::default(),
            deletion: DeletionCheck::default(),
            save: Activity::Idle,
            completed: None,
            question: None,
            sandbox_note: None,
        };
        if let Some(rotation) = resume {
            flow.selected = flow
                .profiles
                .iter()
                .position(|p| p.name == rotation.profile)
                .unwrap_or(0);
            flow.profile = flow.profiles.get(flow.selected).cloned();
            flow.prepare_reentry(&rotation);
            flow.rotation = Some(rotation);
        }
        flow
    }

    /// Journals that could not be read, and whether the flow was opened for one
    /// named profile.
    pub fn with_unreadable_journals(
        mut self,
        unreadable: Vec<UnreadableJournal>,
        named: bool,
    ) -> Self {
        self.unreadable_journals = unreadable;
        self.named = named && self.profiles.len() == 1;
        self
    }

    /// Why the chosen (or named) profile's HOPEX journal could not be read.
    pub fn journal_error(&self) -> Option<&Arc<StoreError>> {
        let name = match (&self.profile, self.named) {
            (Some(chosen), _) => chosen.name.as_str(),
            (None, true) => self.profiles.first()?.name.as_str(),
            (None, false) => return None,
        };
        self.unreadable_journals
            .iter()
            .find(|u| u.profile == name)
            .map(|u| &u.error)
    }

    /// The profile the screen is about: the chosen one, else the selected one.
    pub fn shown_profile(&self) -> Option<&HopexRotatable> {
        self.profile
            .as_ref()
            .or_else(|| self.profiles.get(self.selected))
    }

    /// The sandbox's note for the screen showing, if it made one there.
    pub fn sandbox_note(&self) -> Option<&str> {
        let screen = self.screen();
        self.sandbox_note
            .as_ref()
            .filter(|(made_on, _)| *made_on == screen)
            .map(|(_, note)| note.as_str())
    }

    /// Keeps `note` from the sandbox for `screen` (it is shown there only).
    fn set_sandbox_note(&mut self, screen: HopexRotateScreen, note: String) {
        self.sandbox_note = Some((screen, note));
    }

    /// The new key's fingerprint, once captured in memory.
    pub fn new_fingerprint(&self) -> Option<Fingerprint> {
        self.new_key
            .as_ref()
            .map(|key| Fingerprint::of_secret(key.expose_secret()))
    }

    /// The rotation and its journal write, as the shared journal code sees them.
    pub(super) fn journal(&mut self) -> RotationJournal<'_> {
        RotationJournal {
            rotation: &mut self.rotation,
            pending: &mut self.pending,
            refusal: &mut self.refusal,
        }
    }

    /// The lock, as the shared lock code sees it.
    pub(super) fn lock_hold(&mut self) -> RotationLockHold<'_> {
        RotationLockHold {
            lock: &mut self.lock,
            held_elsewhere: &mut self.lock_held_elsewhere,
        }
    }

    /// The expiration date's index in the new key's form, where it has one.
    pub fn expires_field(&self) -> Option<usize> {
        (self.new_key_form.fields.len() == 3).then_some(1)
    }

    /// The key's index in the new key's form (the last field).
    pub fn key_field(&self) -> usize {
        self.new_key_form.fields.len().saturating_sub(1)
    }

    /// Builds the new key's form for the chosen profile's version.
    fn prepare_new_key_form(&mut self) {
        self.new_key_form = new_key_form(self.can_expire());
    }

    /// On resume the new key's name and expiry are known from the journal:
    /// show them, and put the focus on the key, which must be pasted again.
    fn prepare_reentry(&mut self, rotation: &Rotation) {
        self.prepare_new_key_form();
        if let Some(new) = &rotation.new {
            self.new_key_form.set_text(NAME_FIELD, &new.api_key);
            if let (Some(index), Some(date)) = (self.expires_field(), new.expires) {
                self.new_key_form.set_text(index, &date.to_string());
            }
            self.new_key_form.focus = self.key_field();
        }
    }

    /// Pre-fills the new key's name from profile `index`: the old name with
    /// today's date, so the two keys can be told apart in HOPEX.
    fn suggest_new_name(&mut self, today: chrono::NaiveDate) {
        let Some(chosen) = &self.profile else {
            return;
        };
        let suggestion = suggested_name(&chosen.hopex.key_name, today);
        self.prepare_new_key_form();
        self.new_key_form.set_text(NAME_FIELD, &suggestion);
    }
}

/// `<old name>-<YYYYMMDD>`, replacing an earlier date suffix, cut to the name
/// rules' length.
pub fn suggested_name(old: &str, today: chrono::NaiveDate) -> String {
    let suffix = today.format("%Y%m%d").to_string();
    let base = match old.rsplit_once('-') {
        Some((head, tail)) if tail.len() == 8 && tail.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => old,
    };
    let room = crate::domain::hopex::rules::MAX_KEY_NAME.saturating_sub(suffix.len() + 1);
    let base: String = base.chars().take(room).collect();
    format!("{base}-{suffix}")
}
