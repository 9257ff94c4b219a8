//! Step 8: what goes into HOPEX's ServiceNow module settings, with copy actions.

use ratatui::text::{Line, Span};

use crate::flows::setup_hopex::{HopexAction, Setting, SetupHopex};
use crate::tui::widgets::{clipboard_lines, ViewContext};

pub(super) fn body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some((url, credentials)) = flow.shared.servicenow.accepted() else {
        return vec![Line::raw("Go back and enter the ServiceNow details first.")];
    };
    let bindings = flow.step_bindings();
    let copies = |setting: Setting| {
        bindings
            .key_for(&HopexAction::Copy(setting))
            .map(|key| format!("   ({key} copies)"))
            .unwrap_or_default()
    };
    let row = |label: &str, value: String, copy: String| {
        Line::from(vec![
            Span::raw(format!("  {label:<22}")),
            Span::styled(value, theme.title()),
            Span::styled(copy, theme.dim()),
        ])
    };
    let mut lines = vec![
        Line::raw("In HOPEX, open the ServiceNow module settings and enter:"),
        Line::raw(""),
        row("ServiceNow URL", url.to_owned(), copies(Setting::Url)),
    ];
    match &credentials.oauth {
        Some(client) => {
            lines.push(row(
                "Authentication mode",
                "OAuth2".to_owned(),
                String::new(),
            ));
            lines.push(row(
                "Client ID",
                client.client_id.clone(),
                copies(Setting::ClientId),
            ));
            lines.push(row(
                "Client secret",
                "••••••••".to_owned(),
                copies(Setting::ClientSecret),
            ));
        }
        None => lines.push(row(
            "Authentication mode",
            "Basic (documented as for non-production)".to_owned(),
            String::new(),
        )),
    }
    lines.extend([
        row(
            "ServiceNow user",
            credentials.user.clone(),
            copies(Setting::User),
        ),
        row(
            "ServiceNow password",
            "••••••••".to_owned(),
            copies(Setting::Password),
        ),
    ]);
    if flow.with_key() {
        lines.push(row(
            "HOPEX API key",
            "••••••••".to_owned(),
            copies(Setting::ApiKey),
        ));
    }
    lines.push(row(
        "Test table",
        "sys_user (optional)".to_owned(),
        String::new(),
    ));
    lines.push(row(
        "Proxy, batch size",
        "leave as they are".to_owned(),
        String::new(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::raw("Then click Test, and Save."));
    if credentials.oauth.is_none() {
        lines.push(Line::raw(
            "For production, HOPEX recommends OAuth2: go back to the ServiceNow step to choose it.",
        ));
    }
    lines.extend(clipboard_lines(
        &flow.shared.clipboard,
        flow.step as u32,
        None,
        ctx,
    ));
    lines
}
