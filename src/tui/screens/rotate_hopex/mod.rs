//! The screens of the HOPEX key rotation. Like the Hub key's, every one shows
//! which key is live right now and a short explanation a support person can
//! read aloud; the steps in the middle say what to do in HOPEX.

mod revoke;
mod steps;

use ratatui::text::Line;

use crate::flows::rotate_hopex::RotateHopex;
use crate::tui::screens::rotate::frame;
use crate::tui::widgets::ViewContext;

/// The current screen's lines, in the frame every rotation screen shares.
pub fn body(flow: &RotateHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
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
