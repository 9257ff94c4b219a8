//! The screens of the HOPEX setup, one per step.

mod checklist;
mod checks;
mod save;
mod summary;

use ratatui::text::Line;

use crate::domain::hopex::console::capture_note;
use crate::flows::setup_hopex::{HopexStep, SetupHopex};
use crate::tui::form_view::form_lines;
use crate::tui::widgets::{sandbox_users_hint, ViewContext};

/// The current step's lines.
pub fn body(flow: &SetupHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            flow.step.title(flow.with_key()).to_owned(),
            ctx.theme.title(),
        ),
        Line::raw(""),
    ];
    let capture: Option<&'static str>;
    let intro: &[&str] = match flow.step {
        HopexStep::Deployment if flow.with_key() => {
            &["The ServiceNow integration needs V5 CP6 HF27, V5 CP7 HF10, V6 SP1 CU4 or later."]
        }
        HopexStep::Deployment => {
            &["SaaS needs no API key: there is no version to check and no key to create."]
        }
        HopexStep::Connection => {
            &["Where HOPEX answers, and which way the integration moves data."]
        }
        HopexStep::KeyFields => &["The values the API key will get in the HOPEX console."],
        // One sentence per line: the view wraps it to the terminal's width.
        HopexStep::CaptureKey => {
            capture = flow.version().map(|version| capture_note(&version));
            capture.as_slice()
        }
        HopexStep::ServiceNow => {
            &["The ServiceNow user HOPEX's ServiceNow module will sign in as."]
        }
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
            lines.extend(form_lines(&flow.shared.servicenow.form, width, true, ctx));
            lines.extend(sandbox_users_hint(&flow.env, ctx));
        }
        HopexStep::Checks => lines.extend(checks::body(flow, ctx)),
        HopexStep::Summary => lines.extend(summary::body(flow, ctx)),
        HopexStep::Save => lines.extend(save::save_body(flow, width, ctx)),
        HopexStep::Done => lines.extend(save::done_body(flow, ctx)),
    }
    lines
}
