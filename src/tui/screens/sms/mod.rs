//! The screens of flow A, one per step.

mod credentials;
mod finish;
mod hub_key;
mod inbound;
mod live_test;
mod servicenow;
mod vendor;

use ratatui::text::Line;

use super::Help;
use crate::flows::setup_sms::{SetupSms, Step};
use crate::tui::widgets::ViewContext;

/// The current step's lines.
pub fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(flow.step.title().to_owned(), ctx.theme.title()),
        Line::raw(""),
    ];
    lines.extend(match flow.step {
        Step::Vendor => vendor::body(flow, width, ctx),
        Step::CreateKey => hub_key::create_body(flow, ctx),
        Step::Capture => hub_key::capture_body(flow, width, ctx),
        Step::ServiceNow => servicenow::body(flow, width, ctx),
        Step::Token => credentials::token_body(flow, ctx),
        Step::Clipboard => credentials::clipboard_body(flow, ctx),
        Step::Verify => credentials::verify_body(flow, ctx),
        Step::Inbound => inbound::body(flow, ctx),
        Step::LiveTest => live_test::body(flow, width, ctx),
        Step::Save => finish::save_body(flow, width, ctx),
        Step::Done => finish::done_body(flow, ctx),
    });
    lines
}

/// The current step's help footer.
pub fn help(flow: &SetupSms) -> Help {
    // While a request runs, the only thing to do is wait or stop it.
    let checking = match flow.step {
        Step::Verify => flow.verify.running_task().is_some(),
        Step::ServiceNow => flow.servicenow.activity.running_task().is_some(),
        _ => false,
    };
    if checking {
        return vec![("Esc", "stop the check")];
    }
    if flow.step == Step::LiveTest
        && matches!(
            flow.live.phase,
            crate::flows::setup_sms::LivePhase::Sending { .. }
                | crate::flows::setup_sms::LivePhase::Following { .. }
        )
    {
        return vec![("Esc", "stop following the message")];
    }
    let mut help = match flow.step {
        Step::Vendor => vendor::help(flow),
        Step::CreateKey => hub_key::create_help(flow),
        Step::Capture => hub_key::capture_help(flow),
        Step::ServiceNow => servicenow::help(flow),
        Step::Token | Step::Clipboard => credentials::token_help(flow),
        Step::Verify => credentials::verify_help(flow),
        Step::Inbound => vec![("Enter", "next"), ("k", "copy key"), ("s", "copy secret")],
        Step::LiveTest => live_test::help(flow),
        Step::Save => vec![("Enter", "save")],
        Step::Done => return vec![("Enter", "home"), ("Ctrl-C", "quit")],
    };
    if flow.step != Step::Vendor {
        help.push(("PgUp", "back"));
    }
    help.push(("Esc", "cancel"));
    help
}
