//! The screens of the HOPEX key rotation. Like the Hub key's, every one shows
//! which key is live right now and a short explanation a support person can
//! read aloud; the steps in the middle say what to do in HOPEX.

mod revoke;
mod steps;

use ratatui::text::{Line, Span};

use crate::flows::rotate_hopex::RotateHopex;
use crate::tui::widgets::{spinner, ViewContext};

/// The current screen's lines.
pub fn body(flow: &RotateHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let screen = flow.screen();
    let mut lines = vec![Line::styled(screen.title().to_owned(), theme.title())];
    if let Some(rotation) = &flow.rotation {
        lines.push(Line::from(vec![
            Span::styled("Live now: ", theme.title()),
            Span::styled(rotation.live_now(), theme.warn()),
        ]));
        lines.push(Line::raw(""));
        lines.push(Line::raw(rotation.explanation().to_owned()));
    }
    lines.push(Line::raw(""));
    lines.extend(steps::content(flow, screen, width, ctx));
    if flow.pending.is_some() {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "{} Recording this step in the journal…",
            spinner(ctx.now - std::time::Duration::from_millis(300), ctx.now)
        )));
    }
    if let Some(refusal) = &flow.refusal {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("✗ {refusal}"), theme.fail()));
    }
    lines
}
