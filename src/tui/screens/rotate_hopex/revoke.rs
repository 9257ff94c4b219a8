//! The old key's revocation: what to do in HOPEX (by version), the tries
//! against the deadline, and what HOPEX last said. "Revoked" is only shown once
//! HOPEX rejects the old key.

use ratatui::text::Line;

use crate::domain::hopex::console::revocation_steps;
use crate::flows::rotate_hopex::{HopexRotateAction, RotateHopex};
use crate::tui::form_view::form_lines;
use crate::tui::screens::rotate::poll_lines;
use crate::tui::widgets::ViewContext;

/// The revocation step's lines.
pub(super) fn lines(flow: &RotateHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = flow.step_bindings();
    let key = |action: HopexRotateAction| bindings.key_for(&action);
    let mut lines = Vec::new();
    let (Some(rotation), Some(chosen)) = (&flow.rotation, &flow.profile) else {
        return lines;
    };
    let old = &rotation.old.api_key;
    let running = flow.deletion.activity.running_task().is_some();
    let unresolved = flow.old_key_unresolved();
    if !unresolved {
        lines.push(Line::raw(format!(
            "In HOPEX, revoke the OLD key named {old} now:"
        )));
        if let Some(version) = chosen.version() {
            for step in revocation_steps(&version, old) {
                lines.push(Line::raw(format!("  {step}")));
            }
        }
    }
    if let Some(revoked) = key(HopexRotateAction::OldKeyRevoked) {
        if flow.old_key.is_some() {
            lines.push(Line::raw(format!(
                "Then press {revoked}: nowkey asks HOPEX whether it still accepts the old key."
            )));
        } else {
            lines.push(Line::raw(format!(
                "Then press {revoked}. Paste the old key first if you have it, so nowkey can ask HOPEX; without it the revocation is recorded as not verified."
            )));
        }
    }
    lines.extend(poll_lines(&flow.deletion, rotation, unresolved, ctx));
    if unresolved {
        let choices: Vec<String> = [
            (HopexRotateAction::CheckOldKeyAgain, "checks again"),
            (HopexRotateAction::WaitLonger, "waits another minute"),
            (HopexRotateAction::FinishAnyway, "finishes anyway"),
        ]
        .into_iter()
        .filter_map(|(action, what)| key(action).map(|k| format!("{k} {what}")))
        .collect();
        if !choices.is_empty() {
            lines.push(Line::raw(format!("{}.", choices.join(", "))));
        }
    }
    if flow.old_key.is_none() && !running {
        lines.push(Line::raw(""));
        lines.extend(form_lines(&flow.old_key_form, width, true, ctx));
    }
    if let Some(note) = flow.sandbox_note() {
        lines.push(Line::styled(note.to_owned(), theme.dim()));
    } else if let Some(revoke) = key(HopexRotateAction::SandboxRevokeOldKey) {
        lines.push(Line::styled(
            format!("Sandbox: {revoke} revokes the old key, as HOPEX's Revoke would."),
            theme.dim(),
        ));
    }
    lines
}
