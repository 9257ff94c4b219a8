//! Credential rotation. The state machine and its invariant live in
//! [`crate::domain::rotation`]; this flow drives it, and records every transition
//! in the journal *before* showing it as done, so a crash at any point resumes at
//! the right step.

mod action;
mod as_flow;
mod bindings;
mod demo;
mod screens_state;
mod servicenow;
mod steps;
mod tasks;
mod update;

pub use action::RotateAction;
pub use screens_state::{
    DeletionCheck, NewKeyVerify, OldKeyAnswer, RotateScreen, DELETION_POLL, DELETION_TIMEOUT,
    VERIFY_BACKOFF_SECS,
};

use std::sync::Arc;

use secrecy::SecretString;

use super::activity::Activity;
use super::clipboard_tracker::ClipboardTracker;
use super::env::FlowEnv;
use super::form::{Form, FormField};
use super::live_sms::LiveSms;
use super::question::Question;
use super::sandbox_pair::SandboxPair;
use super::servicenow_check::ServiceNowCheck;
use super::servicenow_proof::ServiceNowProof;
use super::servicenow_write::ServiceNowWriter;
use super::task::TaskId;
use crate::domain::hub::HubTarget;
use crate::domain::paste::refuse_as_api_key;
use crate::domain::paste::{credentials_for_recorded_key, SecretMismatch};
use crate::domain::profile::{Profile, SmsProfile};
use crate::domain::rotation::{KeyRef, Rotation};
use crate::domain::token::HubCredentials;
use crate::store::{StoreError, UnreadableJournal};

/// Steps of a rotation (started … completed), as the header counts them.
pub const ROTATION_STEP_COUNT: usize = 7;

/// A saved SMS profile the operator can rotate.
#[derive(Debug, Clone)]
pub struct RotatableProfile {
    /// The profile's name.
    pub name: String,
    /// Its SMS settings (a copy of `profile.sms`).
    pub sms: SmsProfile,
    /// The whole profile, so saving keeps its other parts.
    pub profile: Profile,
}

/// The whole state of a rotation.
pub struct Rotate {
    /// Where the wizard runs.
    pub env: FlowEnv,
    /// The profiles that can be rotated.
    pub profiles: Vec<RotatableProfile>,
    /// Why the saved profiles could not be read, if they could not.
    pub profiles_error: Option<Arc<StoreError>>,
    /// Selected profile (before a rotation starts).
    pub selected: usize,
    /// The chosen profile, once a rotation started or resumed.
    pub profile: Option<RotatableProfile>,
    /// The rotation as recorded in the journal (durable).
    pub rotation: Option<Rotation>,
    /// A transition being written to the journal, and its task.
    pub pending: Option<(TaskId, Rotation)>,
    /// Why the last transition was refused or could not be recorded.
    pub refusal: Option<String>,
    /// The lock on this profile's rotation: requested, held, or refused.
    pub lock: Activity,
    /// The lock was refused because another nowkey holds it (not for another
    /// reason, such as a folder that cannot be written).
    pub lock_held_elsewhere: bool,
    /// Start: the old secret, optional (to confirm deletion later).
    pub old_secret_form: Form,
    /// The old secret, when given.
    pub old_secret: Option<SecretString>,
    /// Step 2: the new key and secret.
    pub new_key_form: Form,
    /// The new credentials, in memory only.
    pub new_credentials: Option<HubCredentials>,
    /// Step 3: verifying the new key, with retries.
    pub verify: NewKeyVerify,
    /// Step 4: the operator confirmed the spoke token and the Environment Registration.
    pub spoke_updated: bool,
    /// Step 4: see above.
    pub registration_updated: bool,
    /// Copies.
    pub clipboard: ClipboardTracker,
    /// Step 5: the live SMS with the new credentials.
    pub live: LiveSms,
    /// Step 6: confirming the Hub now rejects the old key.
    pub deletion: DeletionCheck,
    /// Step 7: saving the profile.
    pub save: Activity,
    /// Step 7: the completed rotation, recorded once the profile is saved.
    completed: Option<Rotation>,
    /// Step 7: the next rotation's due date, as the saved profile has it.
    pub next_rotation_due: Option<chrono::NaiveDate>,
    /// Step 5: wait for the reply after delivery.
    pub wait_for_reply: bool,
    /// The abandon question, while it shows.
    pub question: Option<Question>,
    /// Sandbox only: a note from the sandbox Hub, and the screen it belongs to
    /// (it is shown there only).
    sandbox_note: Option<(RotateScreen, String)>,
    /// Rotations already in progress (a chosen profile with one resumes it).
    pub in_progress: Vec<Rotation>,
    /// Sandbox only: a key the sandbox created for step 2.
    pub sandbox_key: Option<SandboxPair>,
    /// The demo only: every key pair its sandbox made (see `demo.rs`).
    demo_pairs: Vec<SandboxPair>,
    /// Journals that could not be read: their profiles are not rotated until
    /// the file is fixed or moved aside.
    pub unreadable_journals: Vec<UnreadableJournal>,
    /// Opened for one profile named on the command line (or from validation):
    /// no list to choose from.
    pub named: bool,
    /// Step 4 (or an abandon): nowkey writing the key into ServiceNow.
    pub writer: Option<ServiceNowWriter>,
    /// The admin who signed in to write the new key, kept for a write-back.
    admin: Option<ServiceNowCheck>,
    /// Remembering the records written to in the profile.
    pub targets_save: Activity,
    /// Step 6, after the deletion: the test sent from ServiceNow.
    pub proof: Option<ServiceNowProof>,
    /// The operator went on from the proof.
    proof_closed: bool,
    /// The writes start once their attempt is journaled.
    write_after_journal: bool,
}

impl std::fmt::Debug for Rotate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rotate")
            .field("rotation", &self.rotation)
            .field("new_credentials", &self.new_credentials)
            .finish_non_exhaustive()
    }
}

impl Rotate {
    /// The flow, optionally resuming `in_progress` (a rotation read from the journal).
    /// `profiles` is the profiles that can be rotated, or why none could be read.
    pub fn new(
        env: FlowEnv,
        profiles: Result<Vec<RotatableProfile>, Arc<StoreError>>,
        resume: Option<Rotation>,
        in_progress: Vec<Rotation>,
    ) -> Self {
        let mut flow = Self {
            env,
            selected: 0,
            profile: None,
            rotation: None,
            pending: None,
            refusal: None,
            lock: Activity::Idle,
            lock_held_elsewhere: false,
            old_secret_form: Form::new(vec![FormField::secret("Current secret")
                .with_help("Optional. With it, nowkey can confirm the Hub rejects the old key once you delete it.")]),
            old_secret: None,
            new_key_form: Form::new(vec![
                FormField::text("New API key", "").refusing(refuse_as_api_key),
                FormField::secret("New API secret"),
            ]),
            new_credentials: None,
            verify: NewKeyVerify::default(),
            spoke_updated: false,
            registration_updated: false,
            clipboard: ClipboardTracker::default(),
            live: LiveSms::new(None),
            deletion: DeletionCheck::default(),
            save: Activity::Idle,
            completed: None,
            next_rotation_due: None,
            wait_for_reply: false,
            question: None,
            sandbox_note: None,
            sandbox_key: None,
            demo_pairs: Vec::new(),
            unreadable_journals: Vec::new(),
            named: false,
            writer: None,
            admin: None,
            targets_save: Activity::Idle,
            proof: None,
            proof_closed: false,
            write_after_journal: false,
            profiles_error: profiles.as_ref().err().map(Arc::clone),
            profiles: profiles.unwrap_or_default(),
            in_progress,
        };
        if let Some(rotation) = resume {
            flow.selected = flow
                .profiles
                .iter()
                .position(|p| p.name == rotation.profile)
                .unwrap_or(0);
            flow.profile = flow.profiles.get(flow.selected).cloned();
            let number = flow
                .profile
                .as_ref()
                .and_then(|p| p.sms.test_number.clone());
            flow.live = LiveSms::new(number.as_deref());
            flow.prepare_reentry(&rotation);
            flow.rotation = Some(rotation);
        }
        flow
    }

    /// Journals that could not be read, and whether the flow was opened for one
    /// named profile (then the list is not shown).
    pub fn with_unreadable_journals(
        mut self,
        unreadable: Vec<UnreadableJournal>,
        named: bool,
    ) -> Self {
        self.unreadable_journals = unreadable;
        self.named = named && self.profiles.len() == 1;
        self
    }

    /// Why the journal of the profile chosen (or named) could not be read: that
    /// profile is not rotated, and its journal is left as it is.
    pub fn journal_error(&self) -> Option<&Arc<StoreError>> {
        let name = match (&self.profile, self.named) {
            (Some(chosen), _) => chosen.name.as_str(),
            (None, true) => self.profiles.first()?.name.as_str(),
            (None, false) => return None,
        };
        self.unreadable_error(name)
    }

    /// Why `profile`'s journal could not be read, if it could not.
    pub fn unreadable_error(&self, profile: &str) -> Option<&Arc<StoreError>> {
        self.unreadable_journals
            .iter()
            .find(|u| u.profile == profile)
            .map(|u| &u.error)
    }

    /// The sandbox's note for the screen showing, if it made one there.
    pub fn sandbox_note(&self) -> Option<&str> {
        let screen = self.screen();
        self.sandbox_note
            .as_ref()
            .filter(|(made_on, _)| *made_on == screen)
            .map(|(_, note)| note.as_str())
    }

    /// The Hub API URL of the profile being rotated.
    pub fn hub_url(&self) -> &str {
        self.profile
            .as_ref()
            .map(|p| p.sms.hub_api_url.as_str())
            .unwrap_or_default()
    }

    /// The Hub and the new credentials, once both are known.
    pub fn new_key_target(&self) -> Option<HubTarget> {
        Some(HubTarget {
            url: self.hub_url().to_owned(),
            credentials: self.new_credentials.clone()?,
        })
    }

    /// The form that takes typing on this screen, if any (none while a step is
    /// being recorded in the journal).
    pub fn focused_form(&self) -> Option<&Form> {
        if self.pending.is_some() {
            return None;
        }
        if let Some(writer) = &self.writer {
            return writer.typing_form();
        }
        match self.screen() {
            RotateScreen::ChooseProfile | RotateScreen::StartNamed => Some(&self.old_secret_form),
            RotateScreen::CreateNewKey | RotateScreen::ReenterSecret => Some(&self.new_key_form),
            RotateScreen::LiveTest if self.live.editing() => Some(&self.live.number),
            RotateScreen::DeleteOldKey
                if self.old_secret.is_none() && self.deletion.activity.running_task().is_none() =>
            {
                Some(&self.old_secret_form)
            }
            _ => None,
        }
    }

    fn focused_form_mut(&mut self) -> Option<&mut Form> {
        if self.pending.is_some() {
            return None;
        }
        if self.writer.is_some() {
            return self
                .writer
                .as_mut()
                .and_then(ServiceNowWriter::typing_form_mut);
        }
        match self.screen() {
            RotateScreen::ChooseProfile | RotateScreen::StartNamed => {
                Some(&mut self.old_secret_form)
            }
            RotateScreen::CreateNewKey | RotateScreen::ReenterSecret => {
                Some(&mut self.new_key_form)
            }
            RotateScreen::LiveTest if self.live.editing() => Some(&mut self.live.number),
            RotateScreen::DeleteOldKey
                if self.old_secret.is_none() && self.deletion.activity.running_task().is_none() =>
            {
                Some(&mut self.old_secret_form)
            }
            _ => None,
        }
    }

    /// On resume the new key's id is known from the journal: show it, and put the
    /// focus on the secret, which must be pasted again.
    pub(super) fn prepare_reentry(&mut self, rotation: &Rotation) {
        if let Some(new) = &rotation.new {
            self.new_key_form.set_text(0, &new.api_key);
            self.new_key_form.focus = 1;
        }
    }
}

/// The credentials of a recorded key (a profile's, a journal's) with the secret
/// typed in field `index` of `form`: taken only when the token they make has
/// the recorded fingerprint. A refusal is shown beside the field; `other_key`
/// words the one where the secret belongs to another key.
fn recorded_credentials(
    form: &mut Form,
    index: usize,
    key: &KeyRef,
    other_key: impl FnOnce() -> String,
) -> Option<HubCredentials> {
    let checked = credentials_for_recorded_key(&key.api_key, form.text(index), &key.fingerprint)
        .map_err(|mismatch| match mismatch {
            SecretMismatch::Input(error) => error.to_string(),
            SecretMismatch::OtherKey => other_key(),
        });
    form.check(index, checked)
}
