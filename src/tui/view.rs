//! Draws the whole screen from the app state: header, body, help footer, dialogs.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::screens::{dialog, home, profiles, sms, Help};
use super::widgets::{draw_lines, help_line, ViewContext};
use crate::flows::app::{App, Screen};
use crate::flows::setup_sms::STEP_COUNT;

const SECRET_LOSS: &str = "The API secret you entered will be lost. The Hub shows a secret only once, so you would have to create a new key.";

/// Draws one frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, ctx: &ViewContext) {
    let area = frame.area();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let body = inset(body);

    let (title, step, lines, help): (&str, Option<usize>, Vec<Line<'static>>, Help) =
        match &app.screen {
            Screen::Home => ("Home", None, home::body(app, ctx), home::help()),
            Screen::Profiles => ("Profiles", None, profiles::body(app, ctx), profiles::help()),
            Screen::SetupSms(flow) => (
                "SMS connector setup",
                flow.step.number(),
                sms::body(flow, body.width, ctx),
                sms::help(flow),
            ),
        };
    draw_header(frame, header, app, title, step, ctx);
    draw_lines(frame, body, lines);
    frame.render_widget(Paragraph::new(help_line(&help, ctx.theme)), footer);

    if app.confirm_quit {
        dialog::draw_confirm(frame, area, "Quit nowkey?", SECRET_LOSS, ctx.theme);
    } else if let Screen::SetupSms(flow) = &app.screen {
        if flow.confirm_discard {
            dialog::draw_confirm(frame, area, "Cancel the setup?", SECRET_LOSS, ctx.theme);
        }
    }
}

fn draw_header(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    title: &str,
    step: Option<usize>,
    ctx: &ViewContext,
) {
    let theme = ctx.theme;
    let mut left = Vec::new();
    if app.env.sandbox_url.is_some() {
        left.push(Span::styled(" SANDBOX ", theme.sandbox_tag()));
    }
    left.push(Span::styled(format!(" nowkey · {title}"), theme.header()));
    let right = step
        .map(|n| format!("Step {n} of {STEP_COUNT} "))
        .unwrap_or_default();
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
