//! Snapshot tests of the screens issue 3 added, at 80x24: the SMS setup's optional
//! ServiceNow step and every step of the HOPEX setup; plus NO_COLOR and canary checks.

use crate::flow_support;

use ratatui::style::Color;

use flow_support::hopex_screens::*;

#[test]
fn every_new_screen_at_80x24() {
    for (name, driver) in screens() {
        insta::assert_snapshot!(name, driver.render(80, 24, true));
    }
}

#[test]
fn no_new_screen_shows_a_secret() {
    for (name, driver) in screens() {
        let text = driver.render(200, 60, true);
        for secret in [HOPEX_KEY, SN_PASSWORD, OAUTH_SECRET, flow_support::SECRET] {
            assert!(!text.contains(secret), "{name} shows a secret:\n{text}");
        }
    }
}

#[test]
fn no_color_leaves_the_new_screens_uncoloured() {
    for (name, driver) in screens() {
        let (_, buffer) = flow_support::render(&driver.app, driver.now, 80, 24, false);
        for cell in buffer.content() {
            assert_eq!(cell.fg, Color::Reset, "{name}");
            assert_eq!(cell.bg, Color::Reset, "{name}");
        }
    }
}
