//! Step 9 and the summary: what is saved (never a secret), and where.

use ratatui::text::Line;

use crate::flows::activity::Activity;
use crate::flows::setup_sms::SetupSms;
use crate::tui::widgets::{activity_lines, field_lines, ViewContext};

fn profile_lines(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let Some(sms) = flow.profile_to_save(ctx.today).and_then(|p| p.sms) else {
        return vec![Line::raw("Go back and enter the key and secret first.")];
    };
    let mut lines = vec![
        Line::raw(format!("  Hub              {}", flow.vendor().name)),
        Line::raw(format!("  API URL          {}", sms.hub_api_url)),
        Line::raw(format!("  API key          {}", sms.api_key)),
        Line::raw(format!("  Fingerprint      {}", sms.token_fingerprint)),
        Line::raw(format!("  Key created      {}", sms.key_created)),
        Line::raw(format!("  Rotation due     {}", sms.next_rotation_due)),
        Line::raw(format!(
            "  Test number      {}",
            sms.test_number.as_deref().unwrap_or("(no passing test)")
        )),
    ];
    match (&sms.servicenow_credential, &sms.servicenow_registration) {
        (Some(credential), Some(registration)) => {
            lines.push(Line::raw(format!("  Credential       {credential}")));
            lines.push(Line::raw(format!("  Registration     {registration}")));
        }
        _ if flow.written > 0 => lines.push(Line::raw(format!(
            "  ServiceNow       {} record(s) written by nowkey, not both: see step 6",
            flow.written
        ))),
        _ => lines.push(Line::raw("  ServiceNow       not written by nowkey")),
    }
    lines
}

pub(super) fn save_body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw("nowkey saves this profile. It holds no secret: the key id and the"),
        Line::raw("token's fingerprint only, so it can check for drift later."),
        Line::raw(""),
    ];
    lines.extend(profile_lines(flow, ctx));
    lines.push(Line::raw(""));
    lines.extend(field_lines(
        &flow.shared.save.name.fields[0],
        !flow.shared.save.running(),
        width,
        ctx,
    ));
    lines.extend(activity_lines("Saving…", &flow.shared.save.activity, ctx));
    lines
}

pub(super) fn done_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = Vec::new();
    if let Activity::Passed { detail, .. } = &flow.shared.save.activity {
        lines.push(Line::styled(format!("✓ {detail}"), theme.pass()));
    }
    lines.push(Line::raw(""));
    lines.extend(profile_lines(flow, ctx));
    lines.push(Line::raw(""));
    if let Some(outcome) = flow.proof_outcome {
        lines.push(Line::raw(format!(
            "Test sent from ServiceNow: {}.",
            outcome.label()
        )));
    }
    lines.push(Line::raw(
        "The secret was not saved. If ServiceNow ever needs it again, create a new key.",
    ));
    lines
}
