//! Step 8: what goes into HOPEX's ServiceNow module settings, with copy actions.

use ratatui::text::{Line, Span};

use crate::flows::setup_hopex::SetupHopex;
use crate::tui::widgets::ViewContext;

pub(super) fn body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some((url, credentials)) = flow.servicenow.accepted() else {
        return vec![Line::raw("Go back and enter the ServiceNow details first.")];
    };
    let row = |label: &str, value: String, copy: &str| {
        Line::from(vec![
            Span::raw(format!("  {label:<22}")),
            Span::styled(value, theme.title()),
            Span::styled(copy.to_owned(), theme.dim()),
        ])
    };
    let mut lines = vec![
        Line::raw("In HOPEX, open the ServiceNow module settings and enter:"),
        Line::raw(""),
        row("ServiceNow URL", url.to_owned(), "   (u copies)"),
        row("Authentication mode", "Basic".to_owned(), ""),
        row("ServiceNow user", credentials.user.clone(), "   (n copies)"),
        row(
            "ServiceNow password",
            "••••••••".to_owned(),
            "   (p copies)",
        ),
    ];
    if flow.with_key() {
        lines.push(row("HOPEX API key", "••••••••".to_owned(), "   (k copies)"));
    }
    lines.push(row("Test table", "sys_user (optional)".to_owned(), ""));
    lines.push(row("Proxy, batch size", "leave as they are".to_owned(), ""));
    lines.push(Line::raw(""));
    lines.push(Line::raw("Then click Test, and Save."));
    match &flow.clipboard.last {
        Some(Ok(what)) => {
            let left = flow
                .clipboard
                .clear_at
                .map(|at| {
                    format!(
                        "  Cleared in {}s.",
                        at.saturating_duration_since(ctx.now).as_secs()
                    )
                })
                .unwrap_or_default();
            lines.push(Line::styled(format!("✓ {what}{left}"), theme.pass()));
        }
        Some(Err(why)) => lines.push(Line::styled(format!("✗ {why}"), theme.fail())),
        None => {}
    }
    lines
}
