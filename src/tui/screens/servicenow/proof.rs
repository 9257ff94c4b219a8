//! The test sent from ServiceNow: the code and the text to send, the search of
//! the Hub's report with its deadline, the operator's answer, and the outcome.

use ratatui::text::Line;

use crate::domain::servicenow_write::ProofOutcome;
use crate::flows::servicenow_proof::{ProofAction, ProofPhase, ServiceNowProof};
use crate::tui::live_view::minutes;
use crate::tui::widgets::ViewContext;

/// The proof's lines.
pub fn lines(proof: &ServiceNowProof, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = proof.bindings();
    let key = |action: ProofAction| bindings.key_for(&action);
    let mut out = vec![
        Line::raw(format!(
            "In ServiceNow, send this text to {} with the SMS connector:",
            proof.number.as_str()
        )),
        Line::styled(format!("    {}", proof.code.message_text()), theme.title()),
        Line::raw(format!(
            "The code is {} (letters and digits: N K dash, then {}).",
            proof.code,
            proof.code.as_str()[3..]
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        )),
        Line::raw(""),
    ];
    match &proof.phase {
        ProofPhase::Ready => {
            if let Some(sent) = key(ProofAction::Watch) {
                out.push(Line::raw(format!(
                    "Press {sent} once it is sent: nowkey then looks for it in the Hub's sent-message report for {}.",
                    minutes(proof.window)
                )));
            }
            if let Some(spoke) = key(ProofAction::SpokeSent) {
                out.push(Line::styled(
                    format!("Sandbox: {spoke} has the simulated ServiceNow send it with the credential it holds."),
                    theme.dim(),
                ));
            }
        }
        ProofPhase::Watching {
            deadline,
            until,
            reads,
            ..
        } => {
            let left = deadline.saturating_duration_since(ctx.now);
            out.push(Line::styled(
                format!(
                    "Looking for {} in the Hub's report until {} UTC ({} left, {reads} read(s) so far).",
                    proof.code,
                    until.format("%H:%M:%S"),
                    minutes(left)
                ),
                theme.warn(),
            ));
            if let Some(error) = &proof.last_error {
                out.push(Line::styled(format!("  last read: {error}"), theme.dim()));
            }
        }
        ProofPhase::AskOperator { reason } => {
            out.push(Line::styled(reason.clone(), theme.warn()));
            out.push(Line::raw(format!(
                "Did a message with {} arrive on {}? (y: it arrived, n: it did not)",
                proof.code,
                proof.number.as_str()
            )));
        }
        ProofPhase::Finished { outcome, detail } => {
            let style = match outcome {
                ProofOutcome::Proven | ProofOutcome::ConfirmedByOperator => theme.pass(),
                ProofOutcome::Failed => theme.fail(),
                ProofOutcome::Skipped => theme.warn(),
            };
            let mark = match outcome {
                ProofOutcome::Proven | ProofOutcome::ConfirmedByOperator => "✓",
                ProofOutcome::Failed => "✗",
                ProofOutcome::Skipped => "–",
            };
            out.push(Line::styled(
                format!("{mark} Test sent from ServiceNow: {}.", outcome.label()),
                style,
            ));
            if !detail.is_empty() {
                out.push(Line::raw(detail.clone()));
            }
        }
    }
    if let Some(note) = &proof.spoke_note {
        out.push(Line::styled(note.clone(), theme.dim()));
    }
    out
}
