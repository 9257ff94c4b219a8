//! The confirmation shown before a captured secret would be lost.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::theme::Theme;

/// Draws a centred yes/no box over the screen.
pub fn draw_confirm(frame: &mut Frame<'_>, area: Rect, title: &str, text: &str, theme: Theme) {
    let width = area.width.saturating_sub(4).min(64);
    let [row] = Layout::vertical([Constraint::Length(8)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, cell);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(format!(" {title} "))
        .title_style(theme.title())
        .border_style(theme.warn())
        .padding(Padding::horizontal(1));
    let lines = vec![
        Line::raw(text.to_owned()),
        Line::raw(""),
        Line::styled("y  yes, discard it     n  no, go back", theme.key()),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        cell,
    );
}
