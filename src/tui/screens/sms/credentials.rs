//! Steps 4–6: the token, the clipboard, and the credential check.

use ratatui::text::{Line, Span};

use crate::flows::setup_sms::{SetupSms, SmsAction};
use crate::tui::widgets::{activity_lines, clipboard_lines, ViewContext};

pub(super) fn token_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let (Some(credentials), Some(token)) = (&flow.credentials, flow.token()) else {
        return vec![Line::raw("Go back and enter the key and secret first.")];
    };
    let mut lines = vec![
        Line::raw("ServiceNow's SMS spoke signs in to the Hub with a Basic-auth token:"),
        Line::raw("Base64 of key:secret. nowkey has built it for you."),
        Line::raw(""),
        Line::raw(format!("  API key      {}", credentials.key)),
        Line::raw(format!(
            "  API secret   {} characters, masked",
            credentials.secret.char_count()
        )),
    ];
    lines.push(token_line(flow, token.expose(), ctx));
    lines.push(Line::from(vec![
        Span::raw("  Fingerprint  "),
        Span::styled(token.fingerprint().to_string(), theme.title()),
        Span::styled("  (safe to share: identifies this token)", theme.dim()),
    ]));
    // `c` works here too: its result shows where the key was pressed.
    let copied = clipboard_status_lines(flow, ctx);
    if !copied.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(copied);
    }
    lines
}

fn token_line(flow: &SetupSms, token: &str, ctx: &ViewContext) -> Line<'static> {
    if flow.token_revealed {
        Line::from(vec![
            Span::raw("  Token        "),
            Span::styled(token.to_owned(), ctx.theme.warn()),
        ])
    } else {
        Line::from(vec![
            Span::raw("  Token        "),
            Span::raw(format!("hidden, {} characters", token.chars().count())),
            Span::styled(
                flow.step_bindings()
                    .key_for(&SmsAction::RevealToken)
                    .map(|key| format!("  ({key} reveals it)"))
                    .unwrap_or_default(),
                ctx.theme.dim(),
            ),
        ])
    }
}

pub(super) fn clipboard_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some(token) = flow.token() else {
        return vec![Line::raw("Go back and enter the key and secret first.")];
    };
    let copy = flow
        .step_bindings()
        .key_for(&SmsAction::CopyToken)
        .unwrap_or_else(|| "c".to_owned());
    let mut lines = vec![
        Line::raw("Put the token into the SMS spoke's credential in ServiceNow:"),
        Line::raw(format!("  1. Press {copy} to copy the token.")),
        Line::raw("  2. In ServiceNow, open Connections & Credentials → Credentials and"),
        Line::raw("     the credential the SMS spoke's connection uses."),
        Line::raw("  3. Paste the token into its API key / token field and save."),
        Line::raw(""),
    ];
    if flow.written > 0 {
        lines.insert(0, Line::raw(""));
        lines.insert(0, Line::styled(
            format!("✓ nowkey wrote the token and key into ServiceNow: {} record(s) saved (their sys_mod_count went up).", flow.written),
            theme.pass(),
        ));
    } else if let Some(write) = flow.step_bindings().key_for(&SmsAction::OpenWriter) {
        lines.push(Line::raw(format!(
            "Or press {write}: nowkey writes the token and the key into ServiceNow for you, after a preview (needs an admin or credential_admin user)."
        )));
    }
    lines.extend(clipboard_status_lines(flow, ctx));
    if flow.token_revealed {
        lines.push(token_line(flow, token.expose(), ctx));
    }
    lines.push(Line::styled(
        format!("  Fingerprint  {}", token.fingerprint()),
        theme.dim(),
    ));
    lines
}

/// The last copy's outcome and the auto-clear countdown.
pub(super) fn clipboard_status_lines(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let reveal = flow.step_bindings().key_for(&SmsAction::RevealToken);
    clipboard_lines(&flow.shared.clipboard, flow.step as u32, reveal, ctx)
}

pub(super) fn verify_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(format!(
            "nowkey asks {} for unconfirmed replies",
            flow.hub_url()
        )),
        Line::raw("(GET /v1/replies): a read-only request that changes nothing."),
        Line::raw(""),
    ];
    lines.extend(activity_lines(
        "Checking the credentials…",
        &flow.verify,
        ctx,
    ));
    if matches!(flow.verify, crate::flows::activity::Activity::Failed { .. }) {
        let bindings = flow.step_bindings();
        if let (Some(again), Some(back)) = (
            bindings.key_for(&SmsAction::CheckAgain),
            bindings.key_for(&SmsAction::Back),
        ) {
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!(
                "Press {again} to check again, or {back} to go back and re-enter the key and secret."
            )));
        }
    }
    lines
}
