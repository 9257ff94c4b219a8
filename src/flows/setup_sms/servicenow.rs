//! The setup's optional ServiceNow parts: nowkey writing the token and key into
//! ServiceNow (offered once the token is built, on step 6), and the test sent
//! from ServiceNow (offered once the live test was delivered, on step 9, where
//! the test number is known).

use super::{SetupSms, SmsAction, Step};
use crate::domain::phone::E164;
use crate::flows::bindings::Bindings;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::key::Key;
use crate::flows::outcome::TaskOutcome;
use crate::flows::servicenow_proof::ServiceNowProof;
use crate::flows::servicenow_write::{
    search_terms_for, ServiceNowWriter, WritePurpose, WriteSecrets, WriterExit,
};
use crate::flows::task::TaskId;

impl SetupSms {
    /// `w` on step 6: open the writer.
    pub(super) fn open_writer(&mut self) {
        let Some(credentials) = &self.credentials else {
            return;
        };
        let instance = self
            .shared
            .servicenow
            .accepted()
            .map(|(url, _)| url.to_owned())
            .or_else(|| self.env.servicenow_url.clone())
            .or_else(|| self.env.sandbox_url.clone());
        self.writer = Some(ServiceNowWriter::new(
            WritePurpose::New,
            instance.as_deref(),
            self.targets.clone(),
            search_terms_for(&self.vendor().id),
            WriteSecrets::from_credentials(credentials),
        ));
    }

    /// `p` on step 9 after delivery: show the code for the test sent from ServiceNow.
    pub(super) fn open_proof(&mut self, cx: &Context<'_>) {
        if let Ok(number) = E164::parse(self.live.number_text()) {
            let sandbox = self.env.sandbox_url.is_some();
            self.proof = Some(ServiceNowProof::new(
                number,
                sandbox,
                cx.now.utc,
                self.env.proof_window,
            ));
        }
    }

    /// While the writer or the proof is open, its keys (and Esc out of the proof).
    pub(super) fn servicenow_bindings(&self) -> Option<Bindings<SmsAction>> {
        if let Some(writer) = &self.writer {
            let mut b = Bindings::new();
            b.extend_with(writer.bindings(), SmsAction::Writer);
            return Some(b);
        }
        let proof = self.proof.as_ref()?;
        let mut b = Bindings::new();
        b.extend_with(proof.bindings(), SmsAction::Proof);
        b.add(
            &[Key::Enter, Key::Esc],
            "back to the live test",
            "Close the test sent from ServiceNow; its outcome shows on the summary.",
            SmsAction::CloseProof,
        )
        .when(proof.outcome().is_some());
        Some(b)
    }

    /// The offers on steps 6 and 9.
    pub(super) fn servicenow_offers(&self, b: &mut Bindings<SmsAction>) {
        match self.step {
            Step::Clipboard => {
                b.add(
                    &[Key::Char('w')],
                    "let nowkey write it",
                    "Sign in as a ServiceNow admin and let nowkey write the token and key into the records you confirm, after a preview.",
                    SmsAction::OpenWriter,
                )
                .minor();
            }
            Step::LiveTest if self.live.passed() => {
                b.add(
                    &[Key::Char('p')],
                    "test from ServiceNow",
                    "Prove ServiceNow itself sends with this key: send a one-time code from ServiceNow and nowkey looks for it at the Hub.",
                    SmsAction::OpenProof,
                );
            }
            _ => {}
        }
    }

    /// One of the writer's keys.
    pub(super) fn writer_action(
        &mut self,
        action: crate::flows::servicenow_write::WriterAction,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let Some(writer) = self.writer.as_mut() else {
            return Vec::new();
        };
        let (commands, exit) = writer.perform(action, cx);
        if exit == WriterExit::Leave {
            // What was written stays said, even when the writer is left half-way.
            if !writer.receipts.is_empty() {
                self.written = writer.receipts.len();
                self.written_instance = writer.admin().map(|(url, _)| url.to_owned());
            }
            self.writer = None;
        }
        commands
    }

    /// One of the proof's keys.
    pub(super) fn proof_action(
        &mut self,
        action: crate::flows::servicenow_proof::ProofAction,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let target = self.hub_target();
        match self.proof.as_mut() {
            Some(proof) => proof.perform(action, target.as_ref(), cx),
            None => Vec::new(),
        }
    }

    /// The proof is closed; its outcome stays for the summary.
    pub(super) fn close_proof(&mut self) {
        if let Some(proof) = self.proof.take() {
            self.proof_outcome = proof.outcome();
        }
    }

    /// The writer's and the proof's results; anything else is handed back.
    pub(super) fn on_servicenow_task(
        &mut self,
        task: TaskId,
        outcome: TaskOutcome,
        cx: &mut Context<'_>,
    ) -> Result<Vec<Command>, TaskOutcome> {
        if let TaskOutcome::Records(records) = outcome {
            let Some(writer) = self.writer.as_mut() else {
                return Ok(Vec::new());
            };
            let (mut commands, saved) = writer.on_records(task, records, cx);
            if saved.is_some() {
                // No journal in a setup: the write is recorded as soon as it is saved.
                commands.extend(writer.recorded(cx));
            }
            if writer.finished() {
                self.targets = writer.targets.clone();
                self.written = writer.receipts.len();
                self.written_instance = writer.admin().map(|(url, _)| url.to_owned());
                self.writer = None;
            }
            return Ok(commands);
        }
        let target = self.hub_target();
        match self.proof.as_mut() {
            Some(proof) => proof.on_task(task, outcome, target.as_ref(), cx),
            None => Err(outcome),
        }
    }
}
