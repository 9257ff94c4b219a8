//! The validation before the checks run: the profile list and the secrets step.

use ratatui::text::{Line, Span};

use crate::domain::check::CheckId;
use crate::domain::hopex::Deployment;
use crate::flows::validate::{secrets_used_by, Validate, ValidateAction};
use crate::tui::widgets::{field_lines, ViewContext};

/// The saved profiles, one line each with what it holds.
pub(super) fn profile_list(flow: &Validate, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let width = flow
        .profiles
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (index, p) in flow.profiles.iter().enumerate() {
        let mut parts = Vec::new();
        if let Some(sms) = &p.profile.sms {
            parts.push(format!(
                "SMS key {}, rotation due {}",
                sms.api_key, sms.next_rotation_due
            ));
        }
        if let Some(hopex) = &p.profile.hopex {
            let deployment = match hopex.deployment {
                Deployment::OnPrem => "on-premises",
                Deployment::Saas => "SaaS",
            };
            parts.push(format!("HOPEX {deployment} ({})", hopex.server_url));
        }
        if parts.is_empty() {
            parts.push("nothing saved to check".to_owned());
        }
        let text = format!("{:<width$}  {}", p.name, parts.join(" · "));
        lines.push(if index == flow.selected {
            Line::from(vec![
                Span::styled("▸ ", theme.field_focused()),
                Span::styled(text, theme.selected()),
            ])
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    lines
}

/// The masked fields, each with the checks it feeds (or skips when left empty).
pub(super) fn body(flow: &Validate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = Vec::new();
    if flow.checks.is_empty() {
        lines.push(Line::raw(
            "This profile holds no SMS or HOPEX settings: there is nothing to check.",
        ));
        return lines;
    }
    if flow.secrets.is_empty() {
        let run = flow
            .step_bindings()
            .key_for(&ValidateAction::Run)
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "These checks need no secret. {run} runs them."
        )));
    } else {
        lines.push(Line::raw(
            "Type the secrets these checks use: masked, kept in memory only, never saved.",
        ));
        lines.push(Line::raw(
            "Each is optional: leave one empty and the checks that need it do not run (their result is unknown, not a pass).",
        ));
    }
    let form = &flow.secrets.form;
    for (index, kind) in flow.secrets.kinds.iter().enumerate() {
        lines.push(Line::raw(""));
        lines.extend(field_lines(
            &form.fields[index],
            index == form.focus,
            width,
            ctx,
        ));
        let using = titles(&flow.checks_using(*kind));
        let note = match (flow.secrets.is_blank(index), using.is_empty()) {
            (_, true) => "No check of this profile uses it.".to_owned(),
            (true, false) => format!("Empty: {using} will not run (unknown)."),
            (false, false) => format!("Used by: {using}."),
        };
        // Wrapped under its own text when drawn.
        lines.push(Line::styled(format!("    {note}"), theme.dim()));
        if let Some((_, pair)) = flow
            .sandbox_secret_field()
            .filter(|(field, _)| *field == index)
        {
            let key = flow
                .step_bindings()
                .key_for(&ValidateAction::PasteSandboxSecret)
                .unwrap_or_default();
            lines.push(Line::styled(
                format!(
                    "    Sandbox: {key} pastes the secret the demo's sandbox made for {}.",
                    pair.key
                ),
                theme.dim(),
            ));
        }
    }
    let free: Vec<CheckId> = flow
        .checks
        .iter()
        .filter(|row| secrets_used_by(&row.planned.job).is_empty())
        .map(|row| row.planned.id)
        .collect();
    if !free.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "Checked without a secret: {}.",
            titles(&free)
        )));
    }
    lines
}

/// Check titles as a list, each named once.
fn titles(ids: &[CheckId]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        if !seen.contains(&id.title()) {
            seen.push(id.title());
        }
    }
    seen.join(", ")
}
