//! Small drawing helpers shared by the screens: fields, result lines, spinner,
//! and wrapped text.

use std::time::Instant;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use super::wrap::wrap_lines;
use crate::clipboard::ClipboardError;
use crate::flows::activity::{format_elapsed, Activity};
use crate::flows::clipboard_tracker::{ClipboardNote, ClipboardTracker};
use crate::flows::env::FlowEnv;
use crate::flows::form::FormField;

/// What every screen needs besides the state: the clock and the theme.
#[derive(Debug, Clone, Copy)]
pub struct ViewContext {
    /// Now, for spinners, elapsed times and countdowns.
    pub now: Instant,
    /// The local day, for dates a screen previews (a key created today).
    pub today: chrono::NaiveDate,
    /// Styles.
    pub theme: Theme,
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner frame for a request that started at `started`.
pub fn spinner(started: Instant, now: Instant) -> &'static str {
    let tenths = now.saturating_duration_since(started).as_millis() / 100;
    SPINNER[(tenths % SPINNER.len() as u128) as usize]
}

/// One field as a labelled input line ("Label: value"), plus its error line
/// when it has one.
pub fn field_lines(
    field: &FormField,
    focused: bool,
    width: u16,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let label = field.label;
    let Some(input) = field.input() else {
        return Vec::new();
    };
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
    if let Some(error) = &field.error {
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

/// Draws `lines` into `area`, each wrapped under its own text.
pub fn draw_lines(frame: &mut Frame<'_>, area: Rect, lines: Vec<Line<'static>>) {
    let lines = fit_to_height(wrap_lines(lines, area.width), area.height);
    frame.render_widget(Paragraph::new(lines), area);
}

/// Wrapped lines cut to `height` rows. When some do not fit, the last row says
/// how many are hidden instead of cutting them silently: a screen that looks
/// whole but is not would hide the line someone needs (a secret's one showing,
/// a field).
pub fn fit_to_height(mut lines: Vec<Line<'static>>, height: u16) -> Vec<Line<'static>> {
    let height = usize::from(height);
    if lines.len() <= height || height == 0 {
        return lines;
    }
    let hidden = lines.len() - (height - 1);
    lines.truncate(height - 1);
    lines.push(Line::raw(format!(
        "… {hidden} more line{} below: make the terminal taller.",
        if hidden == 1 { "" } else { "s" }
    )));
    lines
}

/// What the clipboard did on step `step`, for a screen with copy actions: what
/// nowkey knows of the copy (read back, or only sent) and its countdown, or why
/// nothing was copied; with `reveal`, the key that shows the token instead,
/// always offered as the fallback. A note made on another step is not shown.
pub fn clipboard_lines(
    clipboard: &ClipboardTracker,
    step: u32,
    reveal: Option<String>,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = Vec::new();
    let fallback = |lines: &mut Vec<Line<'static>>, text: fn(&str) -> String| {
        if let Some(key) = &reveal {
            lines.push(Line::raw(format!("  {}", text(key))));
        }
    };
    match clipboard.note_on(step) {
        Some(ClipboardNote::Copied { via, label }) => {
            let (symbol, style) = if via.confirmed() {
                ("✓", theme.pass())
            } else {
                ("→", theme.warn())
            };
            lines.push(Line::styled(
                format!("{symbol} {}", via.describe(label)),
                style,
            ));
            if let Some(clear_at) = clipboard.clear_at {
                let left = clear_at.saturating_duration_since(ctx.now).as_secs();
                lines.push(Line::styled(
                    format!("  nowkey clears it from the clipboard in {left}s."),
                    theme.dim(),
                ));
            }
            fallback(&mut lines, |key| {
                format!("If it is not there, press {key} to show the token on screen.")
            });
        }
        Some(ClipboardNote::Cleared) => {
            lines.push(Line::styled(
                "✓ 30 s are up: nowkey asked for the clipboard to be cleared (anything you copied since is left alone).",
                theme.dim(),
            ));
        }
        Some(ClipboardNote::Failed(ClipboardError::Unavailable { reason })) => {
            lines.push(Line::styled(
                format!("✗ No clipboard works here ({reason})."),
                theme.fail(),
            ));
            fallback(&mut lines, |key| {
                format!("Press {key} to show the token on screen and copy it by hand.")
            });
        }
        None => {}
    }
    lines
}

/// The header's clipboard countdown, while a copied secret is due to be cleared
/// ("clipboard clears in 25s"), on every step.
pub fn clipboard_countdown(
    clear_at: Option<std::time::Instant>,
    now: std::time::Instant,
) -> Option<String> {
    clear_at.map(|at| {
        format!(
            "clipboard clears in {}s",
            at.saturating_duration_since(now).as_secs()
        )
    })
}

/// A `width` x `height` box centred in `area`, cleared for drawing over the
/// screen (a dialog, the help overlay).
pub fn centred_box(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, cell);
    cell
}

/// In the demo only, under a ServiceNow form: the sandbox's ServiceNow users to
/// type (the same hint in every flow that asks for one). Nothing otherwise.
pub fn sandbox_users_hint(env: &FlowEnv, ctx: &ViewContext) -> Vec<Line<'static>> {
    if env.sandbox_url.is_none() {
        return Vec::new();
    }
    vec![
        Line::raw(""),
        Line::styled(
            "Sandbox users: sn.integration / integration-sandbox-pw (others: see README).",
            ctx.theme.dim(),
        ),
    ]
}

/// In the sandbox, the ServiceNow users who may write the connector's records,
/// under the writer's sign-in.
pub fn sandbox_admin_hint(env: &FlowEnv, ctx: &ViewContext) -> Vec<Line<'static>> {
    if env.sandbox_url.is_none() {
        return Vec::new();
    }
    vec![Line::styled(
        "Sandbox admins: admin / admin-sandbox-pw (everything); cred.admin / cred-admin-sandbox-pw (credentials only).",
        ctx.theme.dim(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_fit_are_kept_and_a_cut_says_how_many_are_hidden() {
        let lines = |n: usize| {
            (0..n)
                .map(|i| Line::raw(format!("line {i}")))
                .collect::<Vec<_>>()
        };
        assert_eq!(fit_to_height(lines(5), 5).len(), 5);
        let cut = fit_to_height(lines(8), 5);
        assert_eq!(cut.len(), 5);
        assert_eq!(cut[3].to_string(), "line 3");
        assert_eq!(
            cut[4].to_string(),
            "… 4 more lines below: make the terminal taller."
        );
        let one = fit_to_height(lines(6), 5);
        assert!(one[4].to_string().starts_with("… 2 more lines"));
    }
}
