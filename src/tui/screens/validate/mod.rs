//! The screens of flow D: the profile list, the secrets, and the checks as they
//! run. Every outcome reads by its symbol (✓ ! ✗ -), colour only adds to it.

mod results;
mod secrets;

use ratatui::text::Line;

use super::Help;
use crate::flows::validate::{CheckRow, Validate, ValidateStep};
use crate::tui::widgets::ViewContext;

/// The screen's title.
pub fn title(flow: &Validate) -> String {
    let name = flow.profile().map(|p| p.name.as_str()).unwrap_or_default();
    match flow.step {
        ValidateStep::NoProfiles => "Nothing to validate yet".to_owned(),
        ValidateStep::ChooseProfile => "Which profile to validate".to_owned(),
        ValidateStep::Secrets => format!("Secrets for the checks of \"{name}\""),
        ValidateStep::Results => format!("Checks of \"{name}\""),
    }
}

/// The current screen's lines.
pub fn body(flow: &Validate, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::styled(title(flow), theme.title()), Line::raw("")];
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

/// The current screen's help.
pub fn help(flow: &Validate) -> Help {
    match flow.step {
        ValidateStep::NoProfiles => vec![("Esc", "back")],
        ValidateStep::ChooseProfile => vec![("↑↓", "choose"), ("Enter", "open"), ("Esc", "back")],
        ValidateStep::Secrets => vec![
            ("Tab", "next field"),
            ("Enter", "run the checks"),
            ("Esc", "back"),
        ],
        ValidateStep::Results => {
            if flow.detail_open {
                return vec![("↑↓", "choose"), ("Enter/Esc", "close details")];
            }
            let mut help = vec![("↑↓", "choose")];
            if flow.selected_check().is_some_and(CheckRow::has_detail) {
                help.push(("Enter", "details"));
            }
            help.push(("r", "re-run"));
            if let Some(offer) = flow.rotate_offer() {
                help.push(("R", offer.label()));
            }
            if flow.can_export() {
                help.push(("e", "export"));
            }
            help.push(("Esc", if flow.running() > 0 { "stop" } else { "back" }));
            help
        }
    }
}
