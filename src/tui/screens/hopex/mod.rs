//! The screens of flow B, one per step.

mod checklist;
mod checks;
mod summary;

use ratatui::text::Line;

use super::Help;
use crate::flows::activity::Activity;
use crate::flows::setup_hopex::{HopexStep, SetupHopex};
use crate::tui::form_view::form_lines;
use crate::tui::widgets::{activity_lines, ViewContext};

/// The current step's lines.
pub fn body(flow: &SetupHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(flow.step.title().to_owned(), ctx.theme.title()),
        Line::raw(""),
    ];
    let intro: &[&str] = match flow.step {
        HopexStep::Deployment => {
            &["The ServiceNow integration needs V5 CP6 HF27, V5 CP7 HF10, V6 SP1 CU4 or later."]
        }
        HopexStep::Connection => {
            &["Where HOPEX answers, and which way the integration moves data."]
        }
        HopexStep::KeyFields => &["The values the API key will get in the HOPEX console."],
        HopexStep::CaptureKey => &[
            "Paste the key the console showed. It is shown once; nowkey keeps it in",
            "memory only and never writes it to disk.",
        ],
        HopexStep::ServiceNow => {
            &["The ServiceNow user HOPEX's ServiceNow module will sign in as."]
        }
        HopexStep::Save => &[
            "nowkey saves these settings and the key's fingerprint: never the key or the password.",
        ],
        _ => &[],
    };
    lines.extend(intro.iter().map(|text| Line::raw(*text)));
    if !intro.is_empty() {
        lines.push(Line::raw(""));
    }
    match flow.step {
        HopexStep::Deployment => lines.extend(form_lines(&flow.deployment, width, true, ctx)),
        HopexStep::Connection => lines.extend(form_lines(&flow.connection, width, true, ctx)),
        HopexStep::KeyFields => lines.extend(form_lines(&flow.key_fields, width, true, ctx)),
        HopexStep::Checklist => lines.extend(checklist::body(flow, ctx)),
        HopexStep::CaptureKey => {
            lines.extend(form_lines(&flow.key_form, width, true, ctx));
            if flow.key_form.text(0).is_empty() && flow.api_key.is_some() {
                lines.push(Line::styled(
                    "  Key captured (type a new one to replace it).",
                    ctx.theme.dim(),
                ));
            }
        }
        HopexStep::ServiceNow => {
            lines.extend(form_lines(&flow.servicenow.form, width, true, ctx));
            if flow.env.sandbox_url.is_some() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "Sandbox users: sn.integration / integration-sandbox-pw (others: see README).",
                    ctx.theme.dim(),
                ));
            }
        }
        HopexStep::Checks => lines.extend(checks::body(flow, ctx)),
        HopexStep::Summary => lines.extend(summary::body(flow, ctx)),
        HopexStep::Save => {
            lines.extend(form_lines(
                &flow.profile_name,
                width,
                flow.save.running_task().is_none(),
                ctx,
            ));
            lines.extend(activity_lines("Saving…", &flow.save, ctx));
        }
        HopexStep::Done => {
            if let Activity::Passed { detail, .. } = &flow.save {
                lines.push(Line::styled(format!("✓ {detail}"), ctx.theme.pass()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Neither the HOPEX key nor the ServiceNow password was saved.",
            ));
            lines.push(Line::raw(
                "In HOPEX, click Test, then Save, in the ServiceNow module settings.",
            ));
        }
    }
    lines
}

/// The current step's help footer.
pub fn help(flow: &SetupHopex) -> Help {
    let mut help: Help = match flow.step {
        HopexStep::Checks
            if flow.hopex_check.running_task().is_some()
                || flow.servicenow.activity.running_task().is_some() =>
        {
            return vec![("Esc", "stop the checks")];
        }
        HopexStep::Checks if flow.checks_passed() => vec![("Enter", "next"), ("r", "check again")],
        HopexStep::Checks => vec![("r", "check again")],
        HopexStep::Checklist if flow.env.sandbox_url.is_some() => {
            vec![("Enter", "I have the key"), ("k", "sandbox console")]
        }
        HopexStep::Checklist => vec![("Enter", "I have the key")],
        HopexStep::CaptureKey if flow.sandbox_created_key.is_some() => {
            vec![("Enter", "next"), ("F2", "paste sandbox key")]
        }
        HopexStep::Summary => vec![("Enter", "next"), ("u n p k", "copy")],
        HopexStep::Save => vec![("Enter", "save")],
        HopexStep::Done => return vec![("Enter", "home"), ("Ctrl-C", "quit")],
        HopexStep::Deployment | HopexStep::Connection | HopexStep::KeyFields => {
            vec![("Enter", "next"), ("Tab", "next field"), ("←→", "choose")]
        }
        _ => vec![("Enter", "next")],
    };
    if flow.step != HopexStep::Deployment {
        help.push(("PgUp", "back"));
    }
    help.push(("Esc", "cancel"));
    help
}
