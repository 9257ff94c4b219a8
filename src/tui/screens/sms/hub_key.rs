//! Steps 2 and 3: creating the key in the Hub and capturing it.

use ratatui::text::{Line, Span};
use secrecy::ExposeSecret;

use crate::domain::vendors::key_creation_steps;
use crate::flows::setup_sms::{capture_field, SetupSms, SmsAction};
use crate::tui::widgets::{field_lines, ViewContext};

/// The key name the instructions suggest.
const SUGGESTED_KEY_NAME: &str = "ServiceNow";

pub(super) fn create_body(flow: &SetupSms, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let vendor = flow.vendor();
    let mut lines = vec![Line::raw(format!(
        "In the {} Hub (only account administrators can create keys):",
        vendor.name
    ))];
    for (index, step) in key_creation_steps(vendor, SUGGESTED_KEY_NAME)
        .into_iter()
        .enumerate()
    {
        lines.push(Line::raw(format!("  {}. {step}", index + 1)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Keep the Hub page open until nowkey has the secret: it is shown only once.",
        theme.warn(),
    ));
    if let Some(note) = &flow.browser_note {
        lines.push(Line::styled(note.clone(), theme.dim()));
    }
    if flow.env.sandbox_url.is_some() {
        lines.push(Line::raw(""));
        match &flow.sandbox_key {
            None if flow.sandbox_key_task.is_some() => {
                lines.push(Line::raw("Sandbox: creating a key…"))
            }
            None => {
                if let Some(key) = flow.step_bindings().key_for(&SmsAction::SandboxKey) {
                    lines.push(Line::styled(
                        format!("Sandbox: press {key} to create a key, as the Hub's Create Key button would."),
                        theme.title(),
                    ));
                }
            }
            Some(pair) => {
                lines.push(Line::styled("Sandbox Hub: your new key", theme.title()));
                lines.push(Line::raw(format!("  API key:    {}", pair.key)));
                lines.push(Line::raw(format!(
                    "  API secret: {}   (sandbox only)",
                    pair.secret.expose_secret()
                )));
            }
        }
    }
    lines
}

pub(super) fn capture_body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![
        Line::raw("Paste the API key, then the API secret, from the Hub."),
        Line::styled(
            "The secret stays in memory only: it is never written to disk or shown again.",
            theme.dim(),
        ),
        Line::raw(""),
    ];
    let capture = &flow.capture;
    let secret = &capture.fields[capture_field::SECRET];
    lines.extend(field_lines(
        &capture.fields[capture_field::KEY],
        capture.focus == capture_field::KEY,
        width,
        ctx,
    ));
    let secret_captured = secret.value().is_empty() && flow.credentials.is_some();
    if secret_captured && capture.focus == capture_field::KEY {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled("API secret: ", theme.title()),
            Span::styled("captured (type a new one to replace it)", theme.dim()),
        ]));
    } else {
        lines.extend(field_lines(
            secret,
            capture.focus == capture_field::SECRET,
            width,
            ctx,
        ));
    }
    // The count matches the bullets; when spaces typed at either end will be
    // dropped, say how many characters are kept instead of disagreeing silently.
    let shown = secret.input().map_or(0, |input| input.char_count());
    let kept = secret.value().trim().chars().count();
    if kept > 0 && secret.error.is_none() {
        let count = if kept == shown {
            format!("    {kept} characters, masked")
        } else {
            format!("    {kept} characters kept, masked (spaces at either end are dropped)")
        };
        lines.push(Line::styled(count, theme.dim()));
    }
    lines
}
