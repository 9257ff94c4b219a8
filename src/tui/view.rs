//! Draws the whole screen from the app state: header, body, help footer, and
//! over them the help overlay or a question. Below the smallest size the
//! wizard can draw, one centred line says so instead.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::footer::footer_line;
use super::help_overlay::draw_help;
use super::screens::{dialog, home, hopex, profiles, rotate, rotate_hopex, sms, validate};
use super::widgets::{clipboard_countdown, draw_lines, ViewContext};
use super::wrap::wrap_lines;
use crate::flows::app::{App, Screen};

/// The smallest terminal the wizard draws in: every screen's text and its footer
/// fit at this size.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 20;

/// Draws one frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, ctx: &ViewContext) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let body = inset(body);
    let lines = match &app.screen {
        Screen::Home => home::body(app, ctx),
        Screen::Profiles => profiles::body(app, ctx),
        Screen::SetupSms(flow) => sms::body(flow, body.width, ctx),
        Screen::SetupHopex(flow) => hopex::body(flow, body.width, ctx),
        Screen::Rotate(flow) => rotate::body(flow, body.width, ctx),
        Screen::RotateHopex(flow) => rotate_hopex::body(flow, body.width, ctx),
        Screen::Validate(flow) => validate::body(flow, body.width, ctx),
    };
    let step = app.step();
    draw_header(frame, header, app, ctx);
    draw_lines(frame, body, lines);
    let help_key = app.help_key();
    // One binding table per frame, for the footer and the overlay alike.
    let keys = app.key_help();
    frame.render_widget(
        Paragraph::new(footer_line(&keys, area.width, help_key, ctx.theme)),
        footer,
    );
    if let Some(question) = app.question() {
        dialog::draw_question(frame, area, question, ctx.theme);
    } else if app.help_open {
        let field = app.screen.flow().and_then(|f| f.focused_field());
        let max_scroll = draw_help(
            frame,
            area,
            &step,
            &keys,
            field,
            help_key.unwrap_or(crate::flows::key::Key::F(1)),
            app.help_scroll,
            ctx.theme,
        );
        app.help_scroll_max.set(max_scroll);
    }
}

/// One centred line: the terminal is smaller than the wizard can draw in. It
/// recovers on its own: the next frame after a resize draws the screen again.
fn draw_too_small(frame: &mut Frame<'_>, area: Rect) {
    let text = too_small_text(area.width, area.height);
    let lines = wrap_lines(vec![Line::raw(text)], area.width);
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rows = Rect {
        y: area.y + top,
        height: area.height.saturating_sub(top),
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        rows,
    );
}

/// The too-small message in the longest wording that fits on one line (it wraps
/// only below 22 columns).
fn too_small_text(width: u16, height: u16) -> String {
    let needs = format!("{MIN_WIDTH}x{MIN_HEIGHT}");
    let now = format!("{width}x{height}");
    [
        format!("Terminal too small: needs at least {needs}, now {now}."),
        format!("Too small: needs {needs}, now {now}."),
        format!("Needs {needs}, now {now}"),
    ]
    .into_iter()
    .find(|text| text.chars().count() <= usize::from(width))
    .unwrap_or_else(|| format!("Needs {needs}, now {now}"))
}

fn draw_header(frame: &mut Frame<'_>, area: Rect, app: &App, ctx: &ViewContext) {
    let theme = ctx.theme;
    let step = app.step();
    let title = if step.flow.is_empty() {
        step.title.as_str()
    } else {
        step.flow
    };
    let mut left = Vec::new();
    if app.env.sandbox_url.is_some() {
        left.push(Span::styled(" SANDBOX ", theme.sandbox_tag()));
    }
    left.push(Span::styled(format!(" nowkey · {title}"), theme.header()));
    let position = step
        .position
        .map(|(n, count)| format!("Step {n} of {count} "))
        .unwrap_or_default();
    // The countdown follows the operator from step to step; the copy's own note
    // stays on the step it was made on.
    let right = match clipboard_countdown(app.clipboard_clears_at(), ctx.now) {
        Some(countdown) => format!("{countdown} · {position}"),
        None => position,
    };
    let used: usize = left
        .iter()
        .map(|s| s.content.chars().count())
        .sum::<usize>()
        + right.chars().count();
    let gap = (area.width as usize).saturating_sub(used);
    left.push(Span::styled(" ".repeat(gap), theme.header()));
    left.push(Span::styled(right, theme.header()));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(1),
    }
}
