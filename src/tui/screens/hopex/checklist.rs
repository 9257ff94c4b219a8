//! Step 4: exactly what to click and type in the HOPEX console the version
//! uses, values filled in.

use ratatui::text::{Line, Span};

use crate::domain::hopex::console::{creation_lines, ChecklistLine};
use crate::flows::setup_hopex::HopexAction;
use crate::flows::setup_hopex::SetupHopex;
use crate::tui::widgets::ViewContext;

pub(super) fn body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some(version) = flow.version() else {
        return vec![Line::raw("Go back and enter the HOPEX version first.")];
    };
    let mut lines: Vec<Line<'static>> = creation_lines(&version, &flow.new_key_values())
        .into_iter()
        .map(|line| match line {
            ChecklistLine::Step(text) => Line::raw(text),
            ChecklistLine::Field { label, value } => Line::from(vec![
                Span::raw(format!("       {label:<23} ")),
                Span::styled(value, theme.title()),
            ]),
        })
        .collect();
    if let Some(note) = &flow.sandbox_note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(note.clone(), theme.dim()));
    } else if let Some(key) = flow.step_bindings().key_for(&HopexAction::SandboxKey) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Sandbox: press {key} to have the sandbox console create this key."),
            theme.title(),
        ));
    }
    lines
}
