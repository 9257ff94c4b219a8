//! Step 9: the live test SMS and its progress.

use ratatui::text::Line;

use crate::flows::live_sms::{LivePhase, ReplyWait};
use crate::flows::setup_sms::{SetupSms, SmsAction};
use crate::tui::live_view::{progress_lines, reply_wait_line};
use crate::tui::widgets::{field_lines, ViewContext};

pub(super) fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let live = &flow.live;
    let editing = live.editing();
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
    let toggle = bindings.key_for(&SmsAction::ToggleReplyWait);
    lines.push(reply_wait_line(flow.wait_for_reply, toggle, ctx));
    lines.push(Line::raw(""));
    lines.extend(progress_lines(live, ctx));
    if let (true, Some(skip)) = (
        matches!(
            live.phase,
            LivePhase::Delivered {
                reply: ReplyWait::Waiting { .. },
                ..
            }
        ),
        bindings.key_for(&SmsAction::Next),
    ) {
        lines.push(Line::styled(
            format!("    {skip} goes on without waiting."),
            theme.dim(),
        ));
    }
    if let (LivePhase::Failed { .. }, Some(send)) =
        (&live.phase, bindings.key_for(&SmsAction::Send))
    {
        lines.push(Line::raw(format!(
            "Correct the number above if needed; {send} sends again to the number shown."
        )));
    }
    if let Some(prove) = bindings.key_for(&SmsAction::OpenProof) {
        let done = flow
            .proof_outcome
            .map(|o| format!(" (last: {})", o.label()))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "{prove} proves ServiceNow itself sends with this key: a one-time code sent from ServiceNow, found at the Hub{done}."
        )));
    }
    if live.phase == LivePhase::Skipped {
        lines.push(Line::styled(
            "! Live test skipped: nothing has proved this key can send yet.",
            theme.warn(),
        ));
    }
    lines
}
