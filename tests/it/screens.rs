//! Snapshot tests of every screen at 80x24 (ratatui TestBackend + insta), a check
//! that NO_COLOR leaves no colour in any cell, and that no screen shows the secret.

use crate::flow_support;

use flow_support::SECRET;
use ratatui::style::Color;

use flow_support::sms_screens::*;

#[test]
fn every_screen_at_80x24() {
    for (name, driver) in screens() {
        insta::assert_snapshot!(name, driver.render(80, 24, true));
    }
}

#[test]
fn every_screen_fits_200x60_without_losing_the_footer() {
    for (name, driver) in screens() {
        let text = driver.render(200, 60, true);
        let footer = text.lines().nth(59).unwrap_or_default();
        assert!(
            footer.contains("Esc") || footer.contains("Enter") || footer.contains("quit"),
            "{name}: no help footer at 200x60:\n{text}"
        );
    }
}

#[test]
fn no_screen_shows_the_secret_unless_asked() {
    let token_revealed = ["sms_4_token_revealed"];
    for (name, driver) in screens() {
        let text = driver.render(200, 60, true);
        assert!(!text.contains(SECRET), "{name} shows the secret:\n{text}");
        if let Some(token) = driver.app.screen_flow_token() {
            let shown = text.contains(&token);
            assert_eq!(
                shown,
                token_revealed.contains(&name),
                "{name}: token shown = {shown}"
            );
        }
    }
}

#[test]
fn no_color_leaves_every_cell_uncoloured() {
    for (name, driver) in screens() {
        let (_, buffer) = flow_support::render(&driver.app, driver.now, 80, 24, false);
        for cell in buffer.content() {
            assert_eq!(
                cell.fg,
                Color::Reset,
                "{name}: coloured text under NO_COLOR"
            );
            assert_eq!(
                cell.bg,
                Color::Reset,
                "{name}: coloured background under NO_COLOR"
            );
        }
        let (_, coloured) = flow_support::render(&driver.app, driver.now, 80, 24, true);
        assert!(
            coloured.content().iter().any(|c| c.bg != Color::Reset),
            "{name}: the colour theme draws no colour at all"
        );
    }
}

/// Reads the token of the open SMS flow, if any (test helper).
trait ScreenFlowToken {
    fn screen_flow_token(&self) -> Option<String>;
}

impl ScreenFlowToken for nowkey::flows::app::App {
    fn screen_flow_token(&self) -> Option<String> {
        match &self.screen {
            nowkey::flows::app::Screen::SetupSms(flow) => {
                flow.token().map(|t| t.expose().to_owned())
            }
            _ => None,
        }
    }
}

/// At the smallest size the wizard draws in (60x20), the field being typed in
/// is always on screen (a screen too long for it ends with a line saying how
/// many are hidden: `widgets::fit_to_height`).
#[test]
fn at_60x20_the_focused_field_shows_and_a_cut_is_said() {
    let all = screens()
        .into_iter()
        .chain(flow_support::hopex_screens::screens());
    for (name, driver) in all {
        let text = driver.render(60, 20, false);
        let rows: Vec<&str> = text.lines().collect();
        if let Some(field) = driver.app.screen.flow().and_then(|f| f.focused_field()) {
            if !field.hidden && driver.app.question().is_none() && !driver.app.help_open {
                let label = field.label.trim();
                assert!(
                    rows.iter()
                        .any(|row| row.contains('▸') && row.contains(label)),
                    "{name}: the focused field '{label}' is off screen at 60x20:\n{text}"
                );
            }
        }
    }
}
