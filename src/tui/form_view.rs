//! Draws a [`Form`]: one line per field (label, value or ◂ choice ▸), then its
//! error, warning and help lines.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::widgets::ViewContext;
use crate::flows::form::{FieldKind, Form};

/// The form's lines. `active` is false while a request runs (no focus marker).
pub fn form_lines(form: &Form, width: u16, active: bool, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let label_width = form
        .fields
        .iter()
        .filter(|f| !f.hidden)
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    let room = (width as usize).saturating_sub(label_width + 8).max(8);
    let mut lines = Vec::new();
    for (index, field) in form.fields.iter().enumerate() {
        if field.hidden {
            continue;
        }
        let focused = active && index == form.focus;
        let mut spans = vec![
            Span::styled(if focused { "▸ " } else { "  " }, theme.field_focused()),
            Span::styled(format!("{:<label_width$}  ", field.label), theme.title()),
        ];
        let value_style = if focused {
            theme.field_focused()
        } else {
            ratatui::style::Style::new()
        };
        match &field.kind {
            FieldKind::Text(input) => {
                let text = input.display_text();
                let count = text.chars().count();
                let shown = if count > room {
                    format!(
                        "…{}",
                        text.chars().skip(count - room + 1).collect::<String>()
                    )
                } else {
                    text
                };
                spans.push(Span::styled(
                    shown,
                    value_style.add_modifier(Modifier::UNDERLINED),
                ));
                if focused {
                    spans.push(Span::styled("▏", theme.field_focused()));
                }
            }
            FieldKind::Choice { options, selected } => {
                let option = options.get(*selected).copied().unwrap_or("");
                if focused {
                    spans.push(Span::styled(format!("◂ {option} ▸"), value_style));
                } else {
                    spans.push(Span::raw(format!("  {option}")));
                }
            }
        }
        lines.push(Line::from(spans));
        let indent = " ".repeat(label_width + 4);
        if let Some(error) = &field.error {
            lines.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(format!("✗ {error}"), theme.fail()),
            ]));
        }
        if let Some(note) = form.confirmation(index) {
            lines.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(format!("✓ {note}"), theme.pass()),
            ]));
        }
        if let Some(warning) = &field.warning {
            lines.push(Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(format!("! {warning}"), theme.warn()),
            ]));
        }
        // The error already says what to do; the help would repeat it.
        if focused && field.error.is_none() {
            if let Some(help) = field.help {
                lines.push(Line::from(vec![
                    Span::raw(indent),
                    Span::styled(help, theme.dim()),
                ]));
            }
        }
    }
    lines
}
