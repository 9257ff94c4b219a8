//! Step 9: the live test SMS and its progress.

use ratatui::text::{Line, Span};

use crate::flows::activity::format_elapsed;
use crate::flows::live_sms::{LivePhase, ReplyWait};
use crate::flows::setup_sms::{SetupSms, SmsAction};
use crate::tui::widgets::{field_lines, spinner, ViewContext};

pub(super) fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let live = &flow.live;
    let editing = live.phase == LivePhase::Editing;
    let mut lines = vec![
        Line::raw("Send a real SMS with the new credentials to a mobile you can check."),
        Line::raw(""),
    ];
    let bindings = flow.step_bindings();
    let number = &live.number.fields[0];
    lines.extend(field_lines(number, editing, width, ctx));
    if number.error.is_none() {
        let convert = bindings
            .key_for(&SmsAction::ConvertNumber)
            .map(|key| {
                format!(
                    " {key} converts a local number with +{}.",
                    flow.country_code()
                )
            })
            .unwrap_or_default();
        lines.push(Line::styled(
            format!("    + then 8–15 digits.{convert}"),
            theme.dim(),
        ));
    }
    let toggle = bindings
        .key_for(&SmsAction::ToggleReplyWait)
        .map(|key| format!(" ({key})"))
        .unwrap_or_default();
    lines.push(Line::styled(
        format!(
            "    Wait for a reply to test inbound SMS: {}{toggle}",
            if flow.wait_for_reply { "yes" } else { "no" }
        ),
        theme.dim(),
    ));
    lines.push(Line::raw(""));
    for (status, at) in &live.history {
        let style = if status.is_success() {
            theme.pass()
        } else if status.is_failure() {
            theme.fail()
        } else {
            ratatui::style::Style::new()
        };
        // Only a final status earns a tick; the ones on the way are plain steps.
        let mark = if status.is_failure() {
            "✗"
        } else if status.is_success() {
            "✓"
        } else {
            "·"
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {status}"), style),
            Span::styled(format!("  at {}", format_elapsed(*at)), theme.dim()),
        ]));
    }
    match &live.phase {
        LivePhase::Editing | LivePhase::Skipped => {}
        LivePhase::Sending { started, .. } => lines.push(Line::raw(format!(
            "{} Sending… {}",
            spinner(*started, ctx.now),
            format_elapsed(ctx.now.saturating_duration_since(*started))
        ))),
        LivePhase::Following {
            status, started, ..
        } => lines.push(Line::raw(format!(
            "{} Waiting for delivery (now {status})… {}",
            spinner(*started, ctx.now),
            format_elapsed(ctx.now.saturating_duration_since(*started))
        ))),
        LivePhase::Delivered { elapsed, reply, .. } => {
            lines.push(Line::styled(
                format!(
                    "✓ Delivered in {}: outbound SMS works.",
                    format_elapsed(*elapsed)
                ),
                theme.pass(),
            ));
            match reply {
                ReplyWait::Waiting { since, .. } => lines.push(Line::raw(format!(
                    "{} Reply to the SMS from the handset to test inbound… {}{}",
                    spinner(*since, ctx.now),
                    format_elapsed(ctx.now.saturating_duration_since(*since)),
                    bindings
                        .key_for(&SmsAction::Next)
                        .map(|key| format!("  ({key} skips)"))
                        .unwrap_or_default()
                ))),
                ReplyWait::Received(text) => lines.push(Line::styled(
                    format!("✓ Reply received: \"{text}\". Inbound SMS works."),
                    theme.pass(),
                )),
                ReplyWait::GaveUp => {}
            }
        }
        LivePhase::Failed { message, elapsed } => {
            lines.push(Line::styled(
                format!("✗ {message} ({})", format_elapsed(*elapsed)),
                theme.fail(),
            ));
        }
    }
    if live.phase == LivePhase::Skipped {
        lines.push(Line::styled(
            "! Live test skipped: nothing has proved this key can send yet.",
            theme.warn(),
        ));
    }
    lines
}
