//! The live SMS as both the SMS setup and the rotation show it: whether a reply
//! is awaited, the statuses seen, the wait for delivery with its limit, and what
//! came of the reply.

use std::time::Duration;

use ratatui::text::{Line, Span};

use crate::flows::activity::format_elapsed;
use crate::flows::live_sms::{LivePhase, LiveSms, ReplyWait, REPLY_TIMEOUT};
use crate::tui::widgets::{spinner, ViewContext};

/// `2:00` for two minutes: how long waits are said on screen.
pub fn minutes(duration: Duration) -> String {
    let secs = duration.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Whether nowkey waits for a reply after delivery, and the key that turns it
/// on or off.
pub fn reply_wait_line(
    wait_for_reply: bool,
    toggle: Option<String>,
    ctx: &ViewContext,
) -> Line<'static> {
    // The limit belongs to a wait that will happen: "off, up to 3:00" reads as a
    // wait of 3:00.
    let state = if wait_for_reply {
        format!("on, up to {}", minutes(REPLY_TIMEOUT))
    } else {
        "off".to_owned()
    };
    let toggle = toggle
        .map(|key| {
            format!(
                " ({key} turns it {})",
                if wait_for_reply { "off" } else { "on" }
            )
        })
        .unwrap_or_default();
    Line::styled(
        format!("    Wait for a reply (inbound test): {state}{toggle}."),
        ctx.theme.dim(),
    )
}

/// The statuses seen, and where the test is now.
pub fn progress_lines(live: &LiveSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = Vec::new();
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
        } => {
            let (limit, left) = live.delivery_wait(ctx.now).unwrap_or_default();
            lines.push(Line::raw(format!(
                "{} Waiting for delivery (now {status}), up to {}: {} left.",
                spinner(*started, ctx.now),
                minutes(limit),
                minutes(left)
            )));
        }
        LivePhase::Delivered { elapsed, reply, .. } => {
            lines.push(Line::styled(
                format!(
                    "✓ Delivered in {}: outbound SMS works.",
                    format_elapsed(*elapsed)
                ),
                theme.pass(),
            ));
            lines.push(reply_line(reply, ctx));
        }
        LivePhase::Failed { message, elapsed } => lines.push(Line::styled(
            format!("✗ {message} ({})", format_elapsed(*elapsed)),
            theme.fail(),
        )),
    }
    lines
}

/// What came of the reply (or the wait for it).
fn reply_line(reply: &ReplyWait, ctx: &ViewContext) -> Line<'static> {
    let theme = ctx.theme;
    match reply {
        ReplyWait::Waiting { since, .. } => {
            let left = REPLY_TIMEOUT.saturating_sub(ctx.now.saturating_duration_since(*since));
            Line::raw(format!(
                "{} Reply to the SMS from the handset to test inbound SMS: up to {}, {} left.",
                spinner(*since, ctx.now),
                minutes(REPLY_TIMEOUT),
                minutes(left)
            ))
        }
        ReplyWait::Received(text) => Line::styled(
            format!("✓ Reply received: \"{text}\". Inbound SMS works."),
            theme.pass(),
        ),
        ReplyWait::GaveUp => Line::styled(
            format!(
                "! No reply came within {}: inbound SMS is not proved.",
                minutes(REPLY_TIMEOUT)
            ),
            theme.warn(),
        ),
        ReplyWait::Stopped => Line::styled(
            "- No reply: you stopped waiting before one came; inbound SMS is not proved.",
            theme.dim(),
        ),
        ReplyWait::NotAwaited => Line::styled(
            "- No reply awaited (waiting for a reply was off): inbound SMS was not tested.",
            theme.dim(),
        ),
    }
}
