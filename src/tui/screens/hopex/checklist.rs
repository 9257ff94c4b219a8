//! Step 4: exactly what to click and type in the HOPEX console, values filled in.

use ratatui::text::{Line, Span};

use crate::flows::setup_hopex::HopexAction;
use crate::flows::setup_hopex::{key_field, SetupHopex};
use crate::tui::widgets::ViewContext;

pub(super) fn body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let value = |index| flow.key_fields.text(index).trim().to_owned();
    let session = if flow.key_fields.choice(key_field::SESSION) == 0 {
        "Multi"
    } else {
        "Single"
    };
    let connection = if flow.key_fields.choice(key_field::CONNECTION) == 0 {
        "Read/write"
    } else {
        "Read only"
    };
    let rows: Vec<(String, String)> = vec![
        ("Name".into(), value(key_field::NAME)),
        ("Roles".into(), "Custom (leave its fields blank)".into()),
        ("HOPEX session".into(), "Open session".into()),
        ("HOPEX login".into(), value(key_field::LOGIN)),
        ("EnvironmentId".into(), value(key_field::ENVIRONMENT)),
        ("RepositoryId".into(), value(key_field::REPOSITORY)),
        ("ProfileId".into(), value(key_field::PROFILE)),
        ("Session mode".into(), session.into()),
        ("Connection mode".into(), connection.into()),
    ];
    let mut lines = vec![
        Line::raw("In the HOPEX Administration Console of the Application Server:"),
        Line::raw("  1. Open the API keys page and create a new API key."),
        Line::raw("  2. Fill in exactly:"),
    ];
    for (label, text) in rows {
        lines.push(Line::from(vec![
            Span::raw(format!("       {label:<16}")),
            Span::styled(text, theme.title()),
        ]));
    }
    lines.push(Line::raw(
        "  3. Save. Copy the key now: the console shows it only once.",
    ));
    if let Some(note) = &flow.sandbox_note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(note.clone(), theme.dim()));
    } else if let Some(key) = flow.step_bindings().key_for(&HopexAction::SandboxKey) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Sandbox: press {key} to have the sandbox console create this key."),
            theme.title(),
        ));
    }
    lines
}
