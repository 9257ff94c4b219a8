//! Snapshot tests of the validation's screens at 80x24 and 200x60 (ratatui TestBackend +
//! insta): the profile list, the secrets, the checks running, the results with
//! every outcome, a check's details, the exported report; one without colour.
//! Plus: NO_COLOR leaves no colour and keeps the symbols; no secret on screen.

use crate::flow_support;

use flow_support::validate::{finished_prod, PASSWORD};
use flow_support::validate_screens::screens;
use flow_support::SECRET;
use nowkey::flows::key::Key;
use ratatui::style::Color;

#[test]
fn every_validation_screen_at_80x24() {
    for (name, driver) in screens() {
        insta::assert_snapshot!(name, driver.render(80, 24, true));
    }
}

#[test]
fn the_main_validation_screens_at_200x60() {
    let wanted = [
        "validate_secrets",
        "validate_running",
        "validate_results",
        "validate_remediation",
    ];
    for (name, driver) in screens() {
        if wanted.contains(&name) {
            insta::assert_snapshot!(format!("{name}_200x60"), driver.render(200, 60, true));
        }
    }
}

#[test]
fn results_without_colour_read_by_their_symbols() {
    let mut d = finished_prod();
    d.keys(&[Key::Down, Key::Down]);
    insta::assert_snapshot!("validate_results_no_color", d.render(80, 24, false));
    let text = d.render(80, 24, false);
    for symbol in ["✓ Token", "! Hub key age", "✗ Hub accepts", "- Hub TLS"] {
        assert!(text.contains(symbol), "{symbol} missing:\n{text}");
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
    }
}

#[test]
fn every_screen_keeps_its_footer_and_shows_no_secret() {
    for (name, driver) in screens() {
        for (width, height) in [(80u16, 24u16), (200, 60)] {
            let text = driver.render(width, height, true);
            let footer = text.lines().nth(height as usize - 1).unwrap_or_default();
            assert!(
                footer.contains("Esc"),
                "{name}: no help footer at {width}x{height}:\n{text}"
            );
            assert!(
                !text.contains(SECRET) && !text.contains(PASSWORD),
                "{name} shows a secret:\n{text}"
            );
        }
    }
}
