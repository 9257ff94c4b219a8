//! Step 4: the optional ServiceNow credential check.

use ratatui::text::Line;

use crate::flows::setup_sms::SetupSms;
use crate::tui::form_view::form_lines;
use crate::tui::widgets::{activity_lines, sandbox_users_hint, ViewContext};

pub(super) fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let check = &flow.shared.servicenow;
    let mut lines = vec![
        Line::raw("Optionally, check the ServiceNow instance and the user the SMS"),
        Line::raw("spoke's connection will use, before you paste anything into it."),
        Line::styled(
            "nowkey reads the user's own sys_user record and roles; it changes nothing.",
            ctx.theme.dim(),
        ),
        Line::raw(""),
    ];
    lines.extend(form_lines(
        &check.form,
        width,
        check.activity.running_task().is_none(),
        ctx,
    ));
    lines.extend(sandbox_users_hint(&flow.env, ctx));
    lines.push(Line::raw(""));
    lines.extend(activity_lines(
        "Checking with ServiceNow…",
        &check.activity,
        ctx,
    ));
    lines
}
