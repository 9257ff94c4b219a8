//! The saved profiles list: choose one and validate it.

use ratatui::text::Line;

use crate::flows::app::App;
use crate::flows::home::{profiles_bindings, HomeAction};
use crate::tui::widgets::ViewContext;

/// The profiles screen's lines.
pub fn body(app: &App, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::styled("Saved profiles", theme.title()), Line::raw("")];
    match &app.profile_names() {
        None => lines.push(Line::raw("Loading…")),
        Some(Err(error)) => lines.push(Line::styled(format!("✗ {error}"), theme.fail())),
        Some(Ok(names)) if names.is_empty() => lines.push(Line::raw(
            "None yet. A profile is saved at the end of \"Set up the SMS connector\".",
        )),
        Some(Ok(names)) => {
            let selected = app.profiles_index.min(names.len() - 1);
            lines.extend(names.iter().enumerate().map(|(index, name)| {
                if index == selected {
                    Line::styled(format!("▸ {name}"), theme.selected())
                } else {
                    Line::raw(format!("  {name}"))
                }
            }));
            lines.push(Line::raw(""));
            if let Some(key) = profiles_bindings(true).key_for(&HomeAction::Validate) {
                lines.push(Line::styled(
                    format!("{key} checks the selected profile's credentials."),
                    theme.dim(),
                ));
            }
            lines.push(Line::styled(
                "Details: nowkey profiles show NAME (profiles hold no secrets).",
                theme.dim(),
            ));
        }
    }
    lines
}
