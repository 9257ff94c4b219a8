//! The old key's deletion: what to do in the Hub, the tries against the
//! deadline, and what the Hub last said. "Deleted" and "revoked" are only shown
//! once the Hub rejects the old key.

use ratatui::text::Line;

use crate::domain::rotation::{Credential, Revocation, Rotation};
use crate::flows::rotate::{DeletionCheck, OldKeyAnswer, Rotate, RotateAction};
use crate::tui::theme::Theme;
use crate::tui::widgets::{spinner, ViewContext};

/// The deletion step's lines.
pub(super) fn lines(flow: &Rotate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = flow.step_bindings();
    let key = |action: RotateAction| bindings.key_for(&action);
    let mut lines = Vec::new();
    let Some(rotation) = &flow.rotation else {
        return lines;
    };
    let old = &rotation.old.api_key;
    let running = flow.deletion.activity.running_task().is_some();
    let unresolved = flow.old_key_unresolved();
    if !unresolved {
        lines.push(Line::raw(format!(
            "In the Hub, delete the OLD key {old} now (API Settings → API → the key → Delete)."
        )));
    }
    if let Some(deleted) = key(RotateAction::OldKeyDeleted) {
        if flow.old_secret.is_some() {
            lines.push(Line::raw(format!(
                "Then press {deleted}: nowkey asks the Hub whether it still accepts the old key."
            )));
        } else {
            lines.push(Line::raw(format!(
                "Then press {deleted}. Paste the old secret first if you have it, so nowkey can"
            )));
            lines.push(Line::raw(
                "ask the Hub; without it the revocation is recorded as not verified.",
            ));
        }
    }
    lines.extend(poll_lines(&flow.deletion, rotation, unresolved, ctx));
    if unresolved {
        let choices: Vec<String> = [
            (RotateAction::CheckOldKeyAgain, "checks again"),
            (RotateAction::WaitLonger, "waits another minute"),
            (RotateAction::FinishAnyway, "finishes anyway"),
        ]
        .into_iter()
        .filter_map(|(action, what)| key(action).map(|k| format!("{k} {what}")))
        .collect();
        if !choices.is_empty() {
            lines.push(Line::raw(format!("{}.", choices.join(", "))));
        }
    }
    let form_shown = flow.old_secret.is_none() && !running;
    if form_shown {
        lines.push(Line::raw(""));
        lines.extend(super::old_secret_lines(flow, width, ctx));
    }
    if let Some(note) = flow.sandbox_note() {
        lines.push(Line::styled(note.to_owned(), theme.dim()));
    } else if let Some(delete) = key(RotateAction::SandboxDeleteOldKey) {
        lines.push(Line::styled(
            format!("Sandbox: {delete} deletes the old key, as the Hub's Delete button would."),
            theme.dim(),
        ));
    }
    lines
}

/// One line on what nowkey saw of the old key, for the last two screens of
/// either key's rotation.
pub(crate) fn revocation_line(rotation: &Rotation, theme: Theme) -> Line<'static> {
    let old = &rotation.old.api_key;
    let (issuer, issuer_start, remove) = match rotation.credential {
        Credential::HubKey => ("the Hub", "The Hub", "Delete it in the Hub"),
        Credential::HopexKey => ("HOPEX", "HOPEX", "Revoke it in HOPEX"),
    };
    match rotation.old_key_revocation {
        Some(Revocation::Confirmed) => Line::styled(
            format!("✓ {issuer_start} rejects the old key {old}: revocation confirmed."),
            theme.pass(),
        ),
        Some(Revocation::StillAccepted) => Line::styled(
            format!("! Still accepted: {issuer} accepted the old key {old} at the last try. {remove}; nowkey check warns until a rotation confirms a revocation."),
            theme.warn(),
        ),
        Some(Revocation::NotVerified) | None => Line::styled(
            format!("! Not verified: {issuer} did not confirm that the old key {old} is revoked. Make sure it is {} in {issuer}.", if rotation.credential.is_hub() { "deleted" } else { "revoked" }),
            theme.warn(),
        ),
    }
}

/// While nowkey asks the issuer about the old key, and what it last answered:
/// shared by both keys' rotations, in the issuer's words.
pub(crate) fn poll_lines(
    deletion: &DeletionCheck,
    rotation: &Rotation,
    unresolved: bool,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let old = &rotation.old.api_key;
    let running = deletion.activity.running_task().is_some();
    let (issuer, issuer_start, not_yet) = match rotation.credential {
        Credential::HubKey => ("the Hub", "The Hub", "it is not deleted, or the deletion"),
        Credential::HopexKey => ("HOPEX", "HOPEX", "it is not revoked, or the revocation"),
    };
    let mut lines = Vec::new();
    if let (true, Some((deadline_utc, deadline))) = (running, deletion.deadline) {
        let left = deadline.saturating_duration_since(ctx.now).as_secs();
        let started = ctx.now - std::time::Duration::from_millis(300);
        lines.push(Line::raw(format!(
            "{} Asking {issuer} about the old key: try {}, until {} UTC ({left} s left).",
            spinner(started, ctx.now),
            deletion.tries,
            deadline_utc.format("%H:%M:%S"),
        )));
    }
    if let (Some((answer, at)), false) = (&deletion.last, running) {
        let at = at.format("%H:%M:%S");
        match answer {
            OldKeyAnswer::Accepted => lines.push(Line::styled(
                format!("! {issuer_start} still accepted the old key {old} at {at} UTC (still accepted): {not_yet} has not taken effect yet."),
                theme.warn(),
            )),
            OldKeyAnswer::Unreachable(why) => lines.push(Line::styled(
                format!("✗ nowkey could not ask {issuer} about the old key at {at} UTC: {why}"),
                theme.fail(),
            )),
            OldKeyAnswer::Rejected => {}
        }
    } else if unresolved {
        lines.push(Line::styled(
            format!("! {issuer_start} still accepted the old key {old} at the last try (still accepted)."),
            theme.warn(),
        ));
    }
    lines
}
