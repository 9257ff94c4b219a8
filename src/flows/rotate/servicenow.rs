//! The rotation's ServiceNow parts: nowkey writing the new key into ServiceNow
//! (step 4), writing the old one back before an abandon, and the test sent from
//! ServiceNow once the old key is deleted.

use super::{Rotate, RotateAction};
use crate::domain::phone::E164;
use crate::domain::rotation::{Event, Phase, ServicenowAttempt, ServicenowWrite};
use crate::domain::servicenow_write::{ProofOutcome, RegistrationFields, WriteReceipt};
use crate::flows::activity::Activity;
use crate::flows::bindings::Bindings;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::job::{Job, StoreJob};
use crate::flows::key::Key;
use crate::flows::outcome::{StoreOutcome, TaskOutcome};
use crate::flows::servicenow_proof::{ProofAction, ServiceNowProof};
use crate::flows::servicenow_write::{
    search_terms_for, targets_of, ServiceNowWriter, Targets, WritePurpose, WriteSecrets,
    WriterAction, WriterExit, WriterStage,
};
use crate::flows::task::TaskId;

impl Rotate {
    /// `w` on step 4: open the writer for the new key.
    pub(super) fn open_writer(&mut self) {
        let (Some(chosen), Some(credentials)) = (&self.profile, &self.new_credentials) else {
            return;
        };
        let instance = chosen
            .sms
            .servicenow_url
            .clone()
            .or_else(|| self.env.servicenow_url.clone())
            .or_else(|| self.env.sandbox_url.clone());
        self.writer = Some(ServiceNowWriter::new(
            WritePurpose::New,
            instance.as_deref(),
            targets_of(&chosen.sms),
            search_terms_for(&chosen.sms.vendor),
            WriteSecrets::from_credentials(credentials),
        ));
    }

    /// Whether abandoning should first offer to write the old key back: nowkey
    /// wrote the new key somewhere, and the old secret is known.
    pub(super) fn can_restore(&self) -> bool {
        let wrote_new = self
            .rotation
            .as_ref()
            .is_some_and(|r| r.servicenow_writes.iter().any(|w| !w.restored));
        wrote_new && self.old_credentials().is_some()
    }

    /// The abandon was confirmed and the old key can be written back: open the
    /// writer for it, on the records this rotation wrote.
    pub(super) fn open_restore(&mut self) {
        let (Some(rotation), Some(old)) = (&self.rotation, self.old_credentials()) else {
            return;
        };
        let mut targets = Targets::default();
        for write in rotation.servicenow_writes.iter().filter(|w| !w.restored) {
            if write.target.table.ends_with("_credentials") {
                targets.credential = Some(write.target.clone());
            } else if let [key, secret] = write.fields.as_slice() {
                targets.registration = Some(write.target.clone());
                targets.fields = RegistrationFields::new(key, secret).ok();
            }
        }
        let instance = self
            .profile
            .as_ref()
            .and_then(|p| p.sms.servicenow_url.clone());
        let vendor = self
            .profile
            .as_ref()
            .map(|p| p.sms.vendor.clone())
            .unwrap_or_default();
        let mut writer = ServiceNowWriter::new(
            WritePurpose::Restore,
            instance.as_deref(),
            targets,
            search_terms_for(&vendor),
            WriteSecrets::from_credentials(&old),
        );
        // The admin who wrote the new key is still signed in: no need to ask again.
        if let Some(admin) = self.admin.take() {
            writer.sign_in = admin;
        }
        self.writer = Some(writer);
    }

    /// The writer's keys (and F8 while the new key is being written).
    pub(super) fn writer_bindings(
        &self,
        writer: &ServiceNowWriter,
        b: &mut Bindings<RotateAction>,
    ) {
        b.extend_with(writer.bindings(), RotateAction::Writer);
    }

    /// One of the writer's keys.
    pub(super) fn writer_action(
        &mut self,
        action: WriterAction,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let Some(writer) = self.writer.as_mut() else {
            return Vec::new();
        };
        if action == WriterAction::Write && writer.stage == WriterStage::Preview {
            // Journal what is about to be written before the first write is
            // sent: a crash after ServiceNow saved it must not go unseen.
            let attempt = ServicenowAttempt {
                at: cx.now.utc,
                targets: writer.plan.iter().map(|p| p.target.clone()).collect(),
                key: writer.key_id().to_owned(),
                restored: writer.purpose == WritePurpose::Restore,
            };
            let commands = self.commit(Event::ServicenowWriteStarted { attempt }, cx);
            self.write_after_journal = !commands.is_empty();
            return commands;
        }
        let purpose = writer.purpose;
        let (commands, exit) = writer.perform(action, cx);
        if exit == WriterExit::Leave {
            self.writer = None;
            if purpose == WritePurpose::Restore {
                // Leaving the write-back is abandoning without it: the
                // instructions then say to put the old key back by hand.
                let mut commands = commands;
                commands.extend(self.commit(Event::Abandon, cx));
                return commands;
            }
        }
        commands
    }

    /// The proof's keys, and Enter to record its outcome.
    pub(super) fn proof_bindings(&self, proof: &ServiceNowProof, b: &mut Bindings<RotateAction>) {
        b.extend_with(proof.bindings(), RotateAction::Proof);
        b.add(
            &[Key::Enter],
            "go on",
            "Go on to save the profile; how the test ended is already in the journal.",
            RotateAction::RecordProof,
        )
        .when(proof.outcome().is_some() && self.proof_recorded());
    }

    /// One of the proof's keys.
    pub(super) fn proof_action(
        &mut self,
        action: ProofAction,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let target = self.new_key_target();
        let mut commands = match self.proof.as_mut() {
            Some(proof) => proof.perform(action, target.as_ref(), cx),
            None => Vec::new(),
        };
        commands.extend(self.journal_proof(cx));
        commands
    }

    /// Enter once the proof has an outcome: journal it.
    /// Enter once the proof's outcome is journaled: on to the profile.
    pub(super) fn record_proof(&mut self, _cx: &mut Context<'_>) -> Vec<Command> {
        if self.proof_recorded() {
            self.proof_closed = true;
        }
        Vec::new()
    }

    /// Whether the proof's current outcome is in the journal.
    pub(super) fn proof_recorded(&self) -> bool {
        self.pending.is_none() && self.proof.as_ref().is_some_and(|proof| proof.recorded)
    }

    /// Every finished attempt is journaled as soon as it ends (a failure stays in
    /// the history even when a later attempt passes or is skipped).
    pub(super) fn journal_proof(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        if self.pending.is_some() {
            return Vec::new();
        }
        let Some(proof) = self.proof.as_mut() else {
            return Vec::new();
        };
        let Some(outcome) = proof.outcome().filter(|_| !proof.recorded) else {
            return Vec::new();
        };
        proof.recorded = true;
        self.commit(Event::ServicenowProof { outcome }, cx)
    }

    /// The old key is recorded deleted (or the rotation resumed there): show a
    /// fresh code for the test sent from ServiceNow, unless it was already run.
    pub(super) fn prepare_proof(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let done = self
            .rotation
            .as_ref()
            .is_none_or(|r| r.phase != Phase::OldKeyDeleted || r.servicenow_proof.is_some());
        if done || self.proof.is_some() {
            return Vec::new();
        }
        let number = E164::parse(self.live.number_text()).ok().or_else(|| {
            let saved = self.profile.as_ref()?.sms.test_number.clone()?;
            E164::parse(&saved).ok()
        });
        match number {
            Some(number) => {
                let sandbox = self.env.sandbox_url.is_some();
                self.proof = Some(ServiceNowProof::new(
                    number,
                    sandbox,
                    cx.now.utc,
                    self.env.proof_window,
                ));
                Vec::new()
            }
            // No number to send to: the test cannot run, and that is recorded.
            None => self.commit(
                Event::ServicenowProof {
                    outcome: ProofOutcome::Skipped,
                },
                cx,
            ),
        }
    }

    /// The results of the writer's and the proof's tasks; anything else is
    /// handed back.
    pub(super) fn on_servicenow_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Result<Vec<Command>, TaskOutcome> {
        match outcome {
            TaskOutcome::Records(records) => {
                let Some(writer) = self.writer.as_mut() else {
                    return Ok(Vec::new());
                };
                let (mut commands, saved) = writer.on_records(task, records, cx);
                if let Some(receipt) = saved {
                    commands.extend(self.journal_write(receipt, cx));
                }
                Ok(commands)
            }
            TaskOutcome::Store(StoreOutcome::ProfileSaved(result))
                if self.targets_save.running_task() == Some(task) =>
            {
                let result = result
                    .map(|_| "The profile remembers these records for the next rotation.".to_owned())
                    .map_err(|error| format!("The records could not be remembered in the profile ({error}); the next rotation will ask for them again."));
                self.targets_save.finish(task, cx.now.instant, result);
                Ok(Vec::new())
            }
            other => {
                let target = self.new_key_target();
                let mut commands = match self.proof.as_mut() {
                    Some(proof) => proof.on_task(task, other, target.as_ref(), cx)?,
                    None => return Err(other),
                };
                commands.extend(self.journal_proof(cx));
                Ok(commands)
            }
        }
    }

    /// A write ServiceNow saved: journal it before the writer goes on.
    fn journal_write(&mut self, receipt: WriteReceipt, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(writer) = self.writer.as_ref() else {
            return Vec::new();
        };
        let fields = writer
            .plan
            .iter()
            .find(|p| p.target == receipt.target)
            .map(|p| p.fields.iter().map(|f| f.field.clone()).collect())
            .unwrap_or_default();
        let write = ServicenowWrite {
            at: cx.now.utc,
            target: receipt.target.clone(),
            fields,
            key: writer.key_id().to_owned(),
            restored: writer.purpose == WritePurpose::Restore,
            mod_count: receipt.after.mod_count,
        };
        let commands = self.commit(Event::ServicenowWritten { write }, cx);
        if commands.is_empty() {
            let why = self
                .refusal
                .clone()
                .unwrap_or_else(|| "the write could not be recorded".to_owned());
            if let Some(writer) = self.writer.as_mut() {
                writer.not_recorded(format!(
                    "ServiceNow saved {} but the rotation could not record it, so nothing more is written: {why}",
                    receipt.target
                ));
            }
        }
        commands
    }

    /// After the journal recorded a step: the writer goes on, and when every
    /// record is written, the rotation records ServiceNow updated (or, for the
    /// write-back, abandons).
    pub(super) fn servicenow_after_journal(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let Some(writer) = self.writer.as_mut() else {
            return Vec::new();
        };
        if std::mem::take(&mut self.write_after_journal) {
            // The attempt is journaled: now the writes may start.
            return writer.perform(WriterAction::Write, cx).0;
        }
        if !writer.awaiting_record {
            return Vec::new();
        }
        let mut commands = writer.recorded(cx);
        if !writer.finished() {
            return commands;
        }
        let purpose = writer.purpose;
        let targets = writer.targets.clone();
        if let Some(done) = self.writer.take() {
            self.admin = Some(done.sign_in);
        }
        match purpose {
            WritePurpose::New => {
                self.spoke_updated = true;
                self.registration_updated = true;
                commands.extend(self.remember_targets(&targets, cx));
                commands.extend(self.commit(
                    Event::ServicenowUpdated {
                        spoke_token: true,
                        environment_registration: true,
                    },
                    cx,
                ));
            }
            WritePurpose::Restore => commands.extend(self.commit(Event::Abandon, cx)),
        }
        commands
    }

    /// The records written to go into the profile, so the next rotation goes
    /// straight to the preview.
    fn remember_targets(&mut self, targets: &Targets, cx: &mut Context<'_>) -> Vec<Command> {
        let instance = self
            .writer
            .as_ref()
            .and_then(|w| w.admin().map(|(url, _)| url.to_owned()))
            .or_else(|| {
                self.admin
                    .as_ref()
                    .and_then(|a| a.accepted().map(|(url, _)| url.to_owned()))
            });
        let Some(chosen) = self.profile.as_mut() else {
            return Vec::new();
        };
        let apply = |sms: &mut crate::domain::profile::SmsProfile| {
            if sms.servicenow_url.is_none() {
                sms.servicenow_url.clone_from(&instance);
            }
            sms.servicenow_credential.clone_from(&targets.credential);
            sms.servicenow_registration
                .clone_from(&targets.registration);
            sms.servicenow_registration_fields
                .clone_from(&targets.fields);
        };
        if targets_of(&chosen.sms) == *targets {
            return Vec::new();
        }
        apply(&mut chosen.sms);
        let Some(sms) = chosen.profile.sms.as_mut() else {
            return Vec::new();
        };
        apply(sms);
        let job = Job::Store(StoreJob::SaveProfile {
            name: chosen.name.clone(),
            profile: Box::new(chosen.profile.clone()),
        });
        vec![self.targets_save.start(job, cx)]
    }

    /// Whether step 6's proof screen shows: the old key is recorded deleted and
    /// the test sent from ServiceNow has not been recorded yet.
    pub(super) fn proof_pending(&self) -> bool {
        self.proof.is_some()
            && !self.proof_closed
            && self
                .rotation
                .as_ref()
                .is_some_and(|r| r.phase == Phase::OldKeyDeleted)
    }

    /// What the final screen says about the test sent from ServiceNow.
    pub fn proof_summary(&self) -> Option<String> {
        let outcome: ProofOutcome = self.rotation.as_ref()?.servicenow_proof?;
        Some(format!("Test sent from ServiceNow: {}.", outcome.label()))
    }
}

impl Rotate {
    /// A pending targets save is not a step: its activity is kept apart.
    pub fn targets_note(&self) -> Option<&Activity> {
        match &self.targets_save {
            Activity::Idle => None,
            other => Some(other),
        }
    }
}
