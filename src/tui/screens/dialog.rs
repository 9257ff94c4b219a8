//! The question shown before something that cannot be undone, with its keys
//! from the question's own binding table.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Wrap};
use ratatui::Frame;

use crate::flows::question::Question;
use crate::tui::theme::Theme;
use crate::tui::widgets::centred_box;

/// Draws a centred yes/no box over the screen.
pub fn draw_question(frame: &mut Frame<'_>, area: Rect, question: Question, theme: Theme) {
    let width = area.width.saturating_sub(4).min(64);
    let cell = centred_box(frame, area, width, 8);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" {} ", question.title()))
        .title_style(theme.title())
        .border_style(theme.warn())
        .padding(Padding::horizontal(1));
    let mut keys = Vec::new();
    for (index, binding) in question.bindings().key_help().into_iter().enumerate() {
        if index > 0 {
            keys.push(Span::raw("     "));
        }
        keys.push(Span::styled(binding.keys, theme.key()));
        keys.push(Span::styled(format!("  {}", binding.label), theme.key()));
    }
    let lines = vec![
        Line::raw(question.text().to_owned()),
        Line::raw(""),
        Line::from(keys),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        cell,
    );
}
