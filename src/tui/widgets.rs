//! Small drawing helpers shared by the screens: fields, result lines, spinner, help.

use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::flows::activity::{format_elapsed, Activity};
use crate::flows::text_input::TextInput;

/// What every screen needs besides the state: the clock and the theme.
#[derive(Debug, Clone, Copy)]
pub struct ViewContext {
    /// Now, for spinners, elapsed times and countdowns.
    pub now: Instant,
    /// Styles.
    pub theme: Theme,
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner frame for a request that started at `started`.
pub fn spinner(started: Instant, now: Instant) -> &'static str {
    let tenths = now.saturating_duration_since(started).as_millis() / 100;
    SPINNER[(tenths % SPINNER.len() as u128) as usize]
}

/// One labelled input line, plus its error line when it has one. Returns the lines
/// and, when focused, the cursor column within the value.
pub fn field_lines<'a>(
    label: &'a str,
    input: &TextInput,
    focused: bool,
    width: u16,
    ctx: &ViewContext,
) -> Vec<Line<'a>> {
    let theme = ctx.theme;
    let marker = if focused { "▸ " } else { "  " };
    let label_width = label.chars().count() + 2 + marker.len();
    let room = (width as usize).saturating_sub(label_width + 2).max(8);
    let text = input.display_text();
    let count = text.chars().count();
    // Show the end of a long value (where the cursor usually is).
    let visible: String = if count > room {
        let skip = count - room + 1;
        format!("…{}", text.chars().skip(skip).collect::<String>())
    } else {
        text
    };
    let value_style = if focused {
        theme.field_focused()
    } else {
        ratatui::style::Style::new()
    };
    let mut value = vec![
        Span::styled(marker, theme.field_focused()),
        Span::styled(format!("{label}: "), theme.title()),
        Span::styled(
            visible,
            value_style.add_modifier(ratatui::style::Modifier::UNDERLINED),
        ),
    ];
    if focused {
        value.push(Span::styled("▏", theme.field_focused()));
    }
    let mut lines = vec![Line::from(value)];
    if let Some(error) = &input.error {
        lines.push(Line::from(vec![
            Span::raw("    "),
            Span::styled(format!("✗ {error}"), theme.fail()),
        ]));
    }
    lines
}

/// The lines describing a request: spinner while running, then ✓ or ✗ with detail.
pub fn activity_lines(
    running_label: &str,
    activity: &Activity,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    match activity {
        Activity::Idle => Vec::new(),
        Activity::Running { started, .. } => vec![Line::from(vec![
            Span::styled(format!("{} ", spinner(*started, ctx.now)), theme.warn()),
            Span::raw(format!(
                "{running_label} {}",
                format_elapsed(ctx.now.saturating_duration_since(*started))
            )),
            Span::styled("   Esc cancels", theme.dim()),
        ])],
        Activity::Passed { detail, elapsed } => vec![Line::from(vec![
            Span::styled("✓ ", theme.pass()),
            Span::styled(detail.clone(), theme.pass()),
            Span::styled(format!(" ({})", format_elapsed(*elapsed)), theme.dim()),
        ])],
        Activity::Failed { message, elapsed } => vec![Line::from(vec![
            Span::styled("✗ ", theme.fail()),
            Span::styled(message.clone(), theme.fail()),
            Span::styled(format!(" ({})", format_elapsed(*elapsed)), theme.dim()),
        ])],
    }
}

/// Draws wrapped lines into `area`.
pub fn draw_lines(frame: &mut Frame<'_>, area: Rect, lines: Vec<Line<'_>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// A help footer: `[("Enter", "next"), ("PgUp", "back")]` → `Enter next · PgUp back`.
pub fn help_line(items: &[(&str, &str)], theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (index, (key, action)) in items.iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled((*key).to_owned(), theme.key()));
        spans.push(Span::raw(format!(" {action}")));
    }
    Line::from(spans)
}
