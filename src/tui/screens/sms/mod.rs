//! The screens of the SMS connector setup, one per step.

mod credentials;
mod finish;
mod hub_key;
mod inbound;
mod live_test;
mod servicenow;
mod vendor;

use ratatui::text::Line;

use crate::flows::flow::NumberedStep;
use crate::flows::setup_sms::{SetupSms, Step};
use crate::tui::widgets::ViewContext;

/// The current step's lines.
pub fn body(flow: &SetupSms, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(flow.step.title().to_owned(), ctx.theme.title()),
        Line::raw(""),
    ];
    if let Some(writer) = &flow.writer {
        lines.extend(crate::tui::screens::servicenow::writer::lines(
            writer, width, ctx,
        ));
        if writer.stage == crate::flows::servicenow_write::WriterStage::SignIn {
            lines.extend(crate::tui::widgets::sandbox_admin_hint(&flow.env, ctx));
        }
        return lines;
    }
    if let Some(proof) = &flow.proof {
        lines[0] = Line::styled("Test sent from ServiceNow", ctx.theme.title());
        lines.extend(crate::tui::screens::servicenow::proof::lines(proof, ctx));
        return lines;
    }
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
