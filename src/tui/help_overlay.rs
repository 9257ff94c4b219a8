//! The help overlay (`?` or F1): what the step is for, then every key that
//! applies now with one line each, then the keys that work everywhere.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use super::widgets::centred_box;
use super::wrap::wrap_lines;
use crate::flows::bindings::KeyHelp;
use crate::flows::flow::StepInfo;
use crate::flows::form::FormField;
use crate::flows::key::Key;

/// Draws the overlay over `area`, scrolled down `scroll` rows where it does not
/// fit; returns how far it can scroll at this size.
#[allow(clippy::too_many_arguments)] // one call site, each argument a different part
pub fn draw_help(
    frame: &mut Frame<'_>,
    area: Rect,
    step: &StepInfo,
    bindings: &[KeyHelp],
    field: Option<&FormField>,
    help_key: Key,
    scroll: u16,
    theme: Theme,
) -> u16 {
    // As wide as an 80-column terminal, so nothing of the screen under it shows
    // beside it there; centred on a wider one.
    let width = area.width.min(80);
    let inner = width.saturating_sub(4);
    let lines = wrap_lines(help_lines(step, bindings, field, help_key, theme), inner);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let max_scroll = (lines.len() as u16).saturating_sub(height.saturating_sub(2));
    let scroll = scroll.min(max_scroll);
    let below = max_scroll - scroll;
    let cell = centred_box(frame, area, width, height);
    let title = if step.title.is_empty() {
        " Help ".to_owned()
    } else {
        format!(" Help: {} ", step.title)
    };
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title)
        .title_style(theme.title())
        .padding(Padding::horizontal(1));
    if max_scroll > 0 {
        // Too small to show it whole: say how much is hidden and how to reach it.
        let more = match (scroll, below) {
            (0, _) => format!(" ↓ {below} more: ↑↓ PgUp PgDn scroll "),
            (_, 0) => format!(" ↑ {scroll} more above: ↑ PgUp Home "),
            _ => format!(" ↑ {scroll} above, ↓ {below} below: ↑↓ scroll "),
        };
        block = block.title_bottom(Line::styled(more, theme.key()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), cell);
    max_scroll
}

/// The key column of the row that says where typing goes.
const TYPING_KEYS: &str = "Type, paste";

/// The overlay's lines, before wrapping.
pub fn help_lines(
    step: &StepInfo,
    bindings: &[KeyHelp],
    field: Option<&FormField>,
    help_key: Key,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(step.purpose.to_owned()), Line::raw("")];
    let keys_width = bindings
        .iter()
        .map(|b| b.all_keys.chars().count())
        .chain(["?, F1".len(), "Ctrl-C".len()])
        .chain(field.and_then(FormField::input).map(|_| TYPING_KEYS.len()))
        .max()
        .unwrap_or(0)
        .min(18);
    let row = |keys: &str, text: &str| {
        Line::from(vec![
            Span::styled(format!("{keys:<keys_width$}"), theme.key()),
            Span::raw(format!("  {text}")),
        ])
    };
    for binding in bindings {
        lines.push(row(&binding.all_keys, binding.help));
    }
    // A choice takes no typing: its keys (←/→) are in the table above.
    let field = field.filter(|field| field.input().is_some());
    if let Some(field) = field {
        let typing = if field.is_masked() {
            "Into the field marked ▸ (masked: never shown); Ctrl-U clears it."
        } else {
            "Into the field marked ▸; ← → Home End move in it, Ctrl-U clears it."
        };
        lines.push(row(TYPING_KEYS, typing));
    }
    lines.push(Line::raw(""));
    let close = match help_key {
        Key::F(1) => "F1",
        _ => "?, F1",
    };
    lines.push(row(close, "This help; Esc, ? or F1 closes it."));
    if help_key == Key::F(1) {
        lines.push(row(
            "",
            "Here ? is typed into the secret: it may hold any character. F1 opens this help.",
        ));
    }
    lines.push(row(
        "Ctrl-C",
        "Quit nowkey (it asks first when a secret would be lost).",
    ));
    lines
}
