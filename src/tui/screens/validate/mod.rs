//! The screens of the validation: the profile list, the secrets, and the checks as they
//! run. Every outcome reads by its symbol (✓ ! ✗ -), colour only adds to it.

mod results;
mod secrets;

use ratatui::text::Line;

use crate::flows::validate::{Validate, ValidateStep};
use crate::tui::widgets::ViewContext;

/// The current screen's lines.
pub fn body(flow: &Validate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::styled(flow.title(), theme.title()), Line::raw("")];
    match flow.step {
        ValidateStep::NoProfiles => match &flow.load_error {
            Some(error) => lines.push(Line::styled(
                format!("✗ The saved profiles could not be read: {error}"),
                theme.fail(),
            )),
            None => lines.push(Line::raw(
                "No saved profile yet: set up the SMS connector or the HOPEX integration first, then validate it here.",
            )),
        },
        ValidateStep::ChooseProfile => lines.extend(secrets::profile_list(flow, ctx)),
        ValidateStep::Secrets => lines.extend(secrets::body(flow, width, ctx)),
        ValidateStep::Results => lines.extend(results::body(flow, width, ctx)),
    }
    lines
}
