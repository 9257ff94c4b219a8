//! The home screen: what nowkey can do, and the saved profiles count.

use ratatui::text::{Line, Span};

use crate::flows::app::{App, HomeItem};
use crate::tui::widgets::ViewContext;

/// The home screen's lines.
pub fn body(app: &App, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![
        Line::from(Span::styled(
            "Set up, rotate and validate the credentials behind ServiceNow's",
            theme.title(),
        )),
        Line::from(Span::styled(
            "SMS connector and the HOPEX ServiceNow Integration.",
            theme.title(),
        )),
        Line::raw(""),
    ];
    for (index, item) in HomeItem::ALL.iter().enumerate() {
        let selected = index == app.home_index;
        let text = format!(" {}  {} ", index + 1, item.label());
        let mut spans = vec![Span::raw(if selected { "▸" } else { " " })];
        spans.push(if selected {
            Span::styled(text, theme.selected())
        } else {
            Span::raw(text)
        });
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    for rotation in app.rotations_in_progress() {
        lines.push(Line::styled(
            format!(
                "! A rotation of \"{}\" is in progress (step {} of 7: {}). Open \"Rotate credentials\" to resume.",
                rotation.profile,
                rotation.phase.number(),
                rotation.title()
            ),
            theme.warn(),
        ));
    }
    for unreadable in app.unreadable_journals() {
        lines.push(Line::styled(
            format!(
                "✗ The rotation of \"{}\" cannot be resumed or started: {}",
                unreadable.profile, unreadable.error
            ),
            theme.fail(),
        ));
    }
    if let Some(Err(error)) = &app.rotations {
        lines.push(Line::styled(format!("! {error}"), theme.warn()));
    }
    match &app.profile_names() {
        Some(Ok(names)) if names.is_empty() => lines.push(Line::styled(
            "No saved profiles yet: start with \"Set up the SMS connector\".",
            theme.dim(),
        )),
        Some(Ok(names)) => lines.push(Line::styled(
            format!("{} saved profile(s): {}", names.len(), names.join(", ")),
            theme.dim(),
        )),
        Some(Err(error)) => lines.push(Line::styled(format!("! {error}"), theme.warn())),
        None => {}
    }
    lines
}
