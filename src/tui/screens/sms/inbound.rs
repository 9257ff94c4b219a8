//! Step 7: Environment Registration for inbound SMS.

use ratatui::text::{Line, Span};

use super::credentials::clipboard_status_lines;
use crate::flows::setup_sms::{SetupSms, SmsAction};
use crate::tui::widgets::ViewContext;

pub(super) fn body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some(credentials) = &flow.credentials else {
        return vec![Line::raw("Go back and enter the key and secret first.")];
    };
    let bindings = flow.step_bindings();
    let copies = |action: SmsAction| {
        bindings
            .key_for(&action)
            .map(|key| format!("   ({key} copies it)"))
            .unwrap_or_default()
    };
    let mut lines = vec![
        Line::raw("Inbound SMS reaches ServiceNow Messenger with the same key and secret:"),
        Line::raw("  1. In ServiceNow, open Messenger → Environment Registration."),
        Line::raw(format!(
            "  2. Create a new record for {}.",
            flow.vendor().name
        )),
        Line::from(vec![
            Span::raw("  3. API key:    "),
            Span::styled(credentials.key.to_string(), theme.title()),
            Span::styled(copies(SmsAction::CopyKey), theme.dim()),
        ]),
        Line::from(vec![
            Span::raw("  4. API secret: "),
            Span::raw("•".repeat(credentials.secret.char_count().min(32))),
            Span::styled(copies(SmsAction::CopySecret), theme.dim()),
        ]),
        Line::raw("  5. Save the record."),
        Line::raw(""),
    ];
    if let Some(registration) = &flow.targets.registration {
        lines.insert(
            0,
            Line::styled(
                format!("✓ nowkey already wrote the key and secret into {registration} (step 6); the steps below are for another record, or to check it by hand."),
                theme.pass(),
            ),
        );
    }
    lines.extend(clipboard_status_lines(flow, ctx));
    lines
}
