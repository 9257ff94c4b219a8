//! Draws the whole screen from the app state: header, body, help footer, dialogs.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::screens::{dialog, home, hopex, profiles, rotate, sms, validate, Help};
use super::widgets::{draw_lines, help_line, ViewContext};
use crate::flows::app::{App, Screen};
use crate::flows::setup_hopex::HOPEX_STEP_COUNT;
use crate::flows::setup_sms::STEP_COUNT;

const HOPEX_KEY_LOSS: &str = "The HOPEX API key you entered will be lost. The console shows a key only once, so you would have to create a new one.";
const ABANDON: &str =
    "The old key stays live and nothing else changes. You will then delete the NEW key in the Hub.";
/// Steps of a rotation (started … completed).
const ROTATION_STEP_COUNT: usize = 7;
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

    /// The screen's title, its step (n of count), its lines and its help.
    type Parts = (
        &'static str,
        Option<(usize, usize)>,
        Vec<Line<'static>>,
        Help,
    );
    let (title, step, lines, help): Parts = match &app.screen {
        Screen::Home => ("Home", None, home::body(app, ctx), home::help()),
        Screen::Profiles => ("Profiles", None, profiles::body(app, ctx), profiles::help()),
        Screen::SetupSms(flow) => (
            "SMS connector setup",
            flow.step.number().map(|n| (n, STEP_COUNT)),
            sms::body(flow, body.width, ctx),
            sms::help(flow),
        ),
        Screen::SetupHopex(flow) => (
            "HOPEX integration setup",
            flow.step.number().map(|n| (n, HOPEX_STEP_COUNT)),
            hopex::body(flow, body.width, ctx),
            hopex::help(flow),
        ),
        Screen::Rotate(flow) => (
            "Rotate credentials",
            flow.rotation
                .as_ref()
                .filter(|r| !r.phase.is_terminal())
                .map(|r| (r.phase.number(), ROTATION_STEP_COUNT)),
            rotate::body(flow, body.width, ctx),
            rotate::help(flow),
        ),
        Screen::Validate(flow) => (
            "Validate a configuration",
            None,
            validate::body(flow, body.width, ctx),
            validate::help(flow),
        ),
    };
    draw_header(frame, header, app, title, step, ctx);
    draw_lines(frame, body, lines);
    frame.render_widget(Paragraph::new(help_line(&help, ctx.theme)), footer);

    if app.confirm_quit {
        dialog::draw_confirm(frame, area, "Quit nowkey?", SECRET_LOSS, ctx.theme);
    } else {
        let (discard, title, text) = match &app.screen {
            Screen::SetupSms(flow) => (flow.confirm_discard, "Cancel the setup?", SECRET_LOSS),
            Screen::SetupHopex(flow) => (flow.confirm_discard, "Cancel the setup?", HOPEX_KEY_LOSS),
            Screen::Rotate(flow) => (flow.confirm_abandon, "Abandon the rotation?", ABANDON),
            _ => (false, "", ""),
        };
        if discard {
            dialog::draw_confirm(frame, area, title, text, ctx.theme);
        }
    }
}

fn draw_header(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    title: &str,
    step: Option<(usize, usize)>,
    ctx: &ViewContext,
) {
    let theme = ctx.theme;
    let mut left = Vec::new();
    if app.env.sandbox_url.is_some() {
        left.push(Span::styled(" SANDBOX ", theme.sandbox_tag()));
    }
    left.push(Span::styled(format!(" nowkey · {title}"), theme.header()));
    let right = step
        .map(|(n, count)| format!("Step {n} of {count} "))
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
