//! The save step and the end: what the profile holds (never a secret), shown
//! before it is written and again once it is.

use ratatui::text::Line;

use crate::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use crate::domain::profile::HopexProfile;
use crate::flows::activity::Activity;
use crate::flows::setup_hopex::SetupHopex;
use crate::tui::form_view::form_lines;
use crate::tui::widgets::{activity_lines, ViewContext};

/// The profile's values, as they will be (or were) saved: few lines, so the
/// name field below them fits on an 80x24 screen.
fn profile_lines(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let Some(hopex) = flow.profile_to_save(ctx.today).and_then(|p| p.hopex) else {
        return vec![Line::raw("Go back and enter the ServiceNow details first.")];
    };
    let on_prem = hopex.deployment == Deployment::OnPrem;
    let mut lines = vec![row(
        "Deployment",
        &if on_prem {
            format!("on-premises, {}", hopex.version)
        } else {
            "SaaS (no API key)".to_owned()
        },
    )];
    lines.push(row(
        "HOPEX server",
        &if on_prem {
            format!("{} (schema {})", hopex.server_url, hopex.schema)
        } else {
            hopex.server_url.clone()
        },
    ));
    lines.push(row("Data flow", data_flow(hopex.data_flow)));
    if on_prem {
        lines.extend(key_lines(&hopex));
    }
    let sign_in = match &hopex.servicenow_oauth_client_id {
        Some(id) => format!("OAuth2, client {id}"),
        None => "Basic".to_owned(),
    };
    lines.push(row(
        "ServiceNow",
        &format!(
            "{} at {} ({sign_in})",
            hopex.servicenow_user, hopex.servicenow_url
        ),
    ));
    lines
}

fn row(label: &str, value: &str) -> Line<'static> {
    Line::raw(format!("  {label:<17}{value}"))
}

/// The API key's settings (on-premises only): its fields and fingerprint.
fn key_lines(hopex: &HopexProfile) -> Vec<Line<'static>> {
    let session = match hopex.session_mode {
        Some(SessionMode::Multi) => "multi session",
        Some(SessionMode::Single) => "single session",
        None => "?",
    };
    let connection = match hopex.connection_mode {
        Some(ConnectionMode::ReadWrite) => "read/write",
        Some(ConnectionMode::ReadOnly) => "read only",
        None => "?",
    };
    let fingerprint = hopex.key_fingerprint.as_ref().map_or("?", |f| f.as_str());
    vec![
        row(
            "API key",
            &format!(
                "{}, as {}, {session}, {connection}",
                hopex.key_name, hopex.hopex_login
            ),
        ),
        row("EnvironmentId", &hopex.environment_id),
        row("RepositoryId", &hopex.repository_id),
        row("ProfileId", &hopex.profile_id),
        row(
            "Key fingerprint",
            &match hopex.key_expires {
                Some(last) => format!(
                    "{fingerprint} (created {}, expires {last})",
                    hopex.key_created
                ),
                None => format!("{fingerprint} (created {})", hopex.key_created),
            },
        ),
    ]
}

fn data_flow(flow: DataFlow) -> &'static str {
    match flow {
        DataFlow::HopexToServiceNow => "HOPEX → ServiceNow",
        DataFlow::ServiceNowToHopex => "ServiceNow → HOPEX",
        DataFlow::Both => "both ways",
    }
}

/// The save step: what will be saved, the name, and the save's progress.
pub(super) fn save_body(flow: &SetupHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let intro = if flow.with_key() {
        "nowkey saves these settings and the key's fingerprint: never the key or the password."
    } else {
        "nowkey saves these settings: never the password."
    };
    // The name comes first: on a small terminal the list may be cut, the field
    // being typed in must not be.
    let mut lines = vec![Line::raw(intro), Line::raw("")];
    lines.extend(form_lines(
        &flow.shared.save.name,
        width,
        !flow.shared.save.running(),
        ctx,
    ));
    lines.extend(activity_lines("Saving…", &flow.shared.save.activity, ctx));
    lines.push(Line::raw(""));
    lines.extend(profile_lines(flow, ctx));
    lines
}

/// After the save: what was saved, and what is left to do in HOPEX.
pub(super) fn done_body(flow: &SetupHopex, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Activity::Passed { detail, .. } = &flow.shared.save.activity {
        lines.push(Line::styled(format!("✓ {detail}"), ctx.theme.pass()));
    }
    lines.push(Line::raw(""));
    // What is left to do first: on a small terminal the list may be cut.
    lines.push(Line::raw(
        "In HOPEX, click Test, then Save, in the ServiceNow module settings.",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::raw(if flow.with_key() {
        "Saved, without the HOPEX key or the ServiceNow password:"
    } else {
        "Saved, without the ServiceNow password:"
    }));
    lines.extend(profile_lines(flow, ctx));
    lines
}
