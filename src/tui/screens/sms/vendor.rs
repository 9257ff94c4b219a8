//! Step 1: the brand list and the API URL.

use ratatui::text::{Line, Span};

use crate::flows::setup_sms::{SetupSms, SmsAction};
use crate::tui::widgets::{field_lines, ViewContext};

pub(super) fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::raw(
        "Which brand of SMS Hub does this ServiceNow instance use?",
    )];
    for (index, vendor) in flow.catalog.all().iter().enumerate() {
        let selected = index == flow.vendor_index;
        let text = format!(" {} ", vendor.name);
        lines.push(Line::from(vec![
            Span::raw(if selected { " ▸" } else { "  " }),
            if selected && !flow.api_url_focused {
                Span::styled(text, theme.selected())
            } else if selected {
                Span::styled(text, theme.title())
            } else {
                Span::raw(text)
            },
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(field_lines(
        &flow.api_url.fields[0],
        flow.api_url_focused,
        width,
        ctx,
    ));
    let vendor = flow.vendor();
    let note = if flow.env.sandbox_url.is_some() {
        "This is the built-in sandbox: nothing reaches a real Hub.".to_owned()
    } else if flow.env.hub_url_override.is_some() {
        "Set by --hub-url / NOWKEY_HUB_URL.".to_owned()
    } else {
        // Said only while the key does it: on the brand list, not in the field.
        let change = flow
            .step_bindings()
            .key_for(&SmsAction::ToggleUrlField)
            .filter(|_| !flow.api_url_focused)
            .map(|key| format!(" {key} to change it"));
        match (vendor.api_base_confirmed, change) {
            (true, Some(change)) => {
                format!(
                    "{} (e.g. https://eu.app.api.sinch.com for the EU).",
                    change.trim()
                )
            }
            (true, None) => {
                "Type another address, e.g. https://eu.app.api.sinch.com for the EU.".to_owned()
            }
            (false, change) => format!(
                "{}'s own API host is not published; this is the MessageMedia default.{}",
                vendor.name,
                change.map(|c| format!("{c}.")).unwrap_or_default()
            ),
        }
    };
    lines.push(Line::styled(format!("    {note}"), theme.dim()));
    lines
}
