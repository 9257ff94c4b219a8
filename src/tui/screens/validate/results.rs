//! The validation's results: every check on one line (symbol, title, time, detail), the
//! tally, the action the results call for, and the selected check's details.

use std::time::Duration;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::check::Outcome;
use crate::flows::activity::{format_elapsed, Activity};
use crate::flows::validate::{CheckRow, CheckState, RotateOffer, Validate, ValidateAction};
use crate::tui::theme::Theme;
use crate::tui::widgets::{spinner, ViewContext};

/// The widest the details panel's heading rule grows.
const RULE_WIDTH: u16 = 100;

/// The checks, the tally and, when open, the selected check's details.
pub(super) fn body(flow: &Validate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let title_width = flow
        .checks
        .iter()
        .map(|row| row.planned.id.title().chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line<'static>> = flow
        .checks
        .iter()
        .enumerate()
        .map(|(index, row)| check_line(row, index == flow.cursor, title_width, width, ctx))
        .collect();
    lines.push(Line::raw(""));
    lines.push(summary(flow, theme));
    let rotate = flow.step_bindings().key_for(&ValidateAction::Rotate);
    match (flow.rotate_offer(), rotate) {
        (Some(RotateOffer::RotateNow), Some(key)) => lines.push(Line::styled(
            format!("! This key is due for rotation: press {key} to rotate it now."),
            theme.warn(),
        )),
        (Some(RotateOffer::Resume), Some(key)) => lines.push(Line::styled(
            format!("! A rotation of this key was left unfinished: press {key} to resume it."),
            theme.warn(),
        )),
        (Some(RotateOffer::HopexKeyExpiring), Some(key)) => lines.push(Line::styled(
            format!("! The HOPEX key expires soon or has expired: press {key} to rotate it now."),
            theme.warn(),
        )),
        _ => {}
    }
    lines.extend(export_lines(flow, ctx));
    if flow.detail_open {
        if let Some(row) = flow.selected_check() {
            lines.push(Line::raw(""));
            lines.extend(details(flow, row, width, theme));
        }
    }
    lines
}

/// One check: `▸ ✓ Title    0.1s  detail…`, cut to the width.
fn check_line(
    row: &CheckRow,
    selected: bool,
    title_width: usize,
    width: u16,
    ctx: &ViewContext,
) -> Line<'static> {
    let theme = ctx.theme;
    let (symbol, symbol_style, elapsed, detail) = match &row.state {
        CheckState::Waiting => ("·".to_owned(), theme.dim(), String::new(), String::new()),
        CheckState::Running { started, .. } => (
            spinner(*started, ctx.now).to_owned(),
            theme.warn(),
            format_elapsed(ctx.now.saturating_duration_since(*started)),
            "checking…".to_owned(),
        ),
        CheckState::Finished(result) => (
            result.outcome.symbol().to_owned(),
            outcome_style(result.outcome, theme),
            format_elapsed(Duration::from_millis(result.elapsed_ms)),
            result.detail.clone(),
        ),
        CheckState::Stopped { elapsed } => (
            "-".to_owned(),
            theme.dim(),
            format_elapsed(*elapsed),
            "stopped before it answered".to_owned(),
        ),
    };
    let title = format!("{:<title_width$}", row.planned.id.title());
    let used = 2 + 2 + title_width + 2 + 6 + 2;
    let room = (width as usize).saturating_sub(used);
    vec![
        Span::styled(if selected { "▸ " } else { "  " }, theme.field_focused()),
        Span::styled(format!("{symbol} "), symbol_style),
        Span::styled(
            title,
            if selected {
                theme.selected()
            } else {
                Style::new()
            },
        ),
        Span::styled(format!("  {elapsed:>6}  "), theme.dim()),
        Span::styled(cut(&detail, room), detail_style(&row.state, theme)),
    ]
    .into()
}

/// `✓ 3 pass · ! 1 warn · ✗ 1 fail · - 2 skip · ? 1 unknown`, and what still runs.
fn summary(flow: &Validate, theme: Theme) -> Line<'static> {
    let tally = flow.tally();
    let mut spans = vec![
        Span::styled(format!("✓ {} pass", tally.pass), theme.pass()),
        Span::styled(" · ", theme.dim()),
        Span::styled(format!("! {} warn", tally.warn), theme.warn()),
        Span::styled(" · ", theme.dim()),
        Span::styled(format!("✗ {} fail", tally.fail), theme.fail()),
        Span::styled(" · ", theme.dim()),
        Span::raw(format!("- {} skip", tally.skip)),
        Span::styled(" · ", theme.dim()),
        Span::styled(format!("? {} unknown", tally.unknown), theme.warn()),
    ];
    let running = flow.running();
    if running > 0 {
        spans.push(Span::styled(format!(" · {running} running"), theme.warn()));
    }
    let stopped = flow.stopped();
    if stopped > 0 {
        spans.push(Span::styled(format!(" · {stopped} stopped"), theme.dim()));
    }
    Line::from(spans)
}

/// The selected check in full: its detail, what to do, where it looked.
fn details(flow: &Validate, row: &CheckRow, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let heading = format!("── {} ", row.planned.id.title());
    let rule = "─".repeat((width.min(RULE_WIDTH) as usize).saturating_sub(heading.chars().count()));
    let mut lines = vec![Line::styled(format!("{heading}{rule}"), theme.title())];
    match &row.state {
        CheckState::Finished(result) => {
            lines.push(Line::styled(
                format!("{} {}", result.outcome.symbol(), result.detail),
                outcome_style(result.outcome, theme),
            ));
        }
        CheckState::Stopped { .. } => {
            lines.push(Line::raw("- Stopped (Esc) before it answered."));
        }
        CheckState::Running { .. } | CheckState::Waiting => {
            lines.push(Line::raw("Still checking…"));
        }
    }
    match flow.remediation(row) {
        Some(what) => lines.push(Line::from(vec![
            Span::styled("What to do: ", theme.title()),
            Span::raw(what),
        ])),
        None if row.result().is_some() => lines.push(Line::raw("Nothing to do.")),
        None => {}
    }
    if let Some(endpoint) = &row.planned.endpoint {
        lines.push(Line::styled(format!("Checked at {endpoint}"), theme.dim()));
    }
    lines
}

/// Writing the report, and where it went.
fn export_lines(flow: &Validate, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    match &flow.export {
        Activity::Idle => Vec::new(),
        Activity::Running { started, .. } => vec![Line::styled(
            format!("{} Writing the report…", spinner(*started, ctx.now)),
            theme.warn(),
        )],
        Activity::Passed { detail: path, .. } => {
            let mut said = "✓ Report written, with no secret in it".to_owned();
            if flow.stopped() > 0 {
                said.push_str(" (the checks you stopped are not in it)");
            }
            said.push(':');
            vec![
                Line::styled(said, theme.pass()),
                Line::raw(format!("  {path}")),
            ]
        }
        Activity::Failed { message, .. } => vec![Line::styled(
            format!("✗ No report: {message}"),
            theme.fail(),
        )],
    }
}

fn outcome_style(outcome: Outcome, theme: Theme) -> Style {
    match outcome {
        Outcome::Pass => theme.pass(),
        Outcome::Warn => theme.warn(),
        Outcome::Fail => theme.fail(),
        Outcome::Skip => theme.dim(),
        Outcome::Unknown => theme.warn(),
    }
}

fn detail_style(state: &CheckState, theme: Theme) -> Style {
    match state {
        CheckState::Finished(result) if result.outcome != Outcome::Pass => {
            outcome_style(result.outcome, theme)
        }
        _ => theme.dim(),
    }
}

/// `text` cut to `room` characters, ending in `…` when cut.
fn cut(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    if room == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(room - 1).collect();
    out.push('…');
    out
}
