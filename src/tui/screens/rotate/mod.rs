//! The screens of the rotation. Every one shows which key is live right now and a short
//! explanation a support person can read aloud.

mod deletion;

pub(crate) use deletion::{poll_lines, revocation_line};
mod steps;

use ratatui::text::{Line, Span};

use crate::flows::rotate::Rotate;
use crate::tui::widgets::{spinner, ViewContext};

/// The current screen's lines.
pub fn body(flow: &Rotate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let screen = flow.screen();
    frame(
        screen.title(),
        flow.rotation.as_ref(),
        steps::content(flow, screen, width, ctx),
        flow.pending.is_some(),
        flow.refusal.as_deref(),
        ctx,
    )
}

/// A rotation screen of either key: its title, which key is live and what to
/// read aloud, the step's `content`, the journal write under way and the last
/// refusal.
pub(crate) fn frame(
    title: &str,
    rotation: Option<&crate::domain::rotation::Rotation>,
    content: Vec<Line<'static>>,
    recording: bool,
    refusal: Option<&str>,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::styled(title.to_owned(), theme.title())];
    if let Some(rotation) = rotation {
        lines.push(Line::from(vec![
            Span::styled("Live now: ", theme.title()),
            Span::styled(rotation.live_now(), theme.warn()),
        ]));
        lines.push(Line::raw(""));
        lines.push(Line::raw(rotation.explanation().to_owned()));
    }
    lines.push(Line::raw(""));
    lines.extend(content);
    if recording {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "{} Recording this step in the journal…",
            spinner(ctx.now - std::time::Duration::from_millis(300), ctx.now)
        )));
    }
    if let Some(refusal) = refusal {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("✗ {refusal}"), theme.fail()));
    }
    lines
}

/// The current secret's field, with the demo's hint when its sandbox made the
/// old key (F2 pastes it).
fn old_secret_lines(flow: &Rotate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = crate::tui::form_view::form_lines(&flow.old_secret_form, width, true, ctx);
    let paste = flow
        .step_bindings()
        .key_for(&crate::flows::rotate::RotateAction::PasteOldSecret);
    if let (Some(key), Some(pair)) = (paste, flow.sandbox_old_pair()) {
        lines.push(Line::styled(
            format!(
                "Sandbox: {key} pastes the secret of {}, which the demo's sandbox made.",
                pair.key
            ),
            ctx.theme.dim(),
        ));
    }
    lines
}
