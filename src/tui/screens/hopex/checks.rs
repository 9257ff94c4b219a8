//! The checks step: the HOPEX key check (on-premises) and the ServiceNow
//! check, running side by side.

use ratatui::text::Line;

use crate::flows::setup_hopex::SetupHopex;
use crate::tui::widgets::{activity_lines, ViewContext};

pub(super) fn body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let intro = if flow.with_key() {
        "Both checks run at once; neither changes anything."
    } else {
        "nowkey asks ServiceNow; it changes nothing. SaaS has no API key to check."
    };
    let mut lines = vec![Line::raw(intro), Line::raw("")];
    if flow.with_key() {
        lines.push(Line::styled("HOPEX API key", ctx.theme.title()));
        lines.extend(activity_lines(
            "Asking HOPEX GraphQL…",
            &flow.hopex_check,
            ctx,
        ));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("ServiceNow credentials", ctx.theme.title()));
    lines.extend(activity_lines(
        "Asking ServiceNow…",
        &flow.shared.servicenow.activity,
        ctx,
    ));
    lines
}
