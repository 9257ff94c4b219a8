//! Steps 4–6: the token, the clipboard, and the credential check.

use ratatui::text::{Line, Span};

use crate::flows::setup_sms::SetupSms;
use crate::tui::screens::Help;
use crate::tui::widgets::{activity_lines, ViewContext};

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
            Span::styled("  (r reveals it)", ctx.theme.dim()),
        ])
    }
}

pub(super) fn clipboard_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let Some(token) = flow.token() else {
        return vec![Line::raw("Go back and enter the key and secret first.")];
    };
    let mut lines = vec![
        Line::raw("Put the token into the SMS spoke's credential in ServiceNow:"),
        Line::raw("  1. Press c to copy the token."),
        Line::raw("  2. In ServiceNow, open Connections & Credentials → Credentials and"),
        Line::raw("     the credential the SMS spoke's connection uses."),
        Line::raw("  3. Paste the token into its API key / token field and save."),
        Line::raw(""),
    ];
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
    let theme = ctx.theme;
    let mut lines = Vec::new();
    match &flow.clipboard.last {
        Some(Ok(what)) => {
            let mut spans = vec![Span::styled(format!("✓ {what}"), theme.pass())];
            if let Some(clear_at) = flow.clipboard.clear_at {
                let left = clear_at.saturating_duration_since(ctx.now).as_secs();
                spans.push(Span::styled(
                    format!("  Cleared from the clipboard in {left}s."),
                    theme.dim(),
                ));
            }
            lines.push(Line::from(spans));
        }
        Some(Err(why)) => {
            lines.push(Line::styled(format!("✗ {why}"), theme.fail()));
            lines.push(Line::raw(
                "  Press r to show the token on screen and copy it by hand.",
            ));
        }
        None => {}
    }
    lines
}

pub(super) fn token_help(_flow: &SetupSms) -> Help {
    vec![("Enter", "next"), ("c", "copy"), ("r", "reveal/hide")]
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
        lines.push(Line::raw(""));
        lines.push(Line::raw(
            "Press r to check again, or PgUp to go back and re-enter the key and secret.",
        ));
    }
    lines
}

pub(super) fn verify_help(flow: &SetupSms) -> Help {
    if flow.verify.passed() {
        vec![("Enter", "next")]
    } else {
        vec![("r", "check again")]
    }
}
