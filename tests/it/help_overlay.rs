//! The help overlay and the footer, on every screen state the tests build
//! (home, profiles, every step of the SMS and HOPEX setups, the rotation and
//! the validation): `?` (F1 where `?` is typed into a secret) opens the overlay,
//! which lists the step's purpose and every key that applies; Esc closes it and
//! the screen is as it was; the footer fits whole at every width.

use crate::flow_support;

use flow_support::{every_screen, Driver};
use nowkey::flows::key::Key;
use nowkey::tui::footer::footer_line;
use nowkey::tui::theme::Theme;

#[test]
fn the_help_overlay_of_every_step_at_80x24() {
    let mut opened = 0;
    for (name, mut d) in every_screen() {
        let before = d.render(80, 24, true);
        let Some(key) = d.app.help_key() else {
            // A question waits for y or n: help does not open over it.
            assert!(d.app.question().is_some(), "{name}: no help key");
            d.keys(&[Key::F(1), Key::Char('?')]);
            assert!(!d.app.help_open, "{name}: help opened over a question");
            continue;
        };
        d.keys(&[key]);
        assert!(d.app.help_open, "{name}: {key:?} did not open the help");
        let shown = d.render(80, 24, true);
        insta::assert_snapshot!(format!("help_{name}"), shown);
        let purpose_start: String = d.app.step().purpose.chars().take(30).collect();
        assert!(
            shown.contains(&purpose_start),
            "{name}: no purpose:\n{shown}"
        );
        for binding in d.app.key_help() {
            assert!(
                shown.contains(&binding.all_keys),
                "{name}: {} is not listed:\n{shown}",
                binding.all_keys
            );
        }
        // "Type, paste" only where the marked field takes typing (not a choice).
        let takes_typing = d
            .app
            .screen
            .flow()
            .and_then(|f| f.focused_field())
            .is_some_and(|field| field.input().is_some());
        assert_eq!(
            shown.contains("Type, paste"),
            takes_typing,
            "{name}: the typing row:\n{shown}"
        );
        d.keys(&[Key::Esc]);
        assert!(!d.app.help_open, "{name}: Esc did not close the help");
        assert_eq!(d.render(80, 24, true), before, "{name}: the screen changed");
        opened += 1;
    }
    assert!(opened >= 60, "only {opened} screens opened the help");
}

#[test]
fn every_footer_fits_whole_and_ends_with_the_help_key() {
    for (name, d) in every_screen() {
        for (width, height) in [(60u16, 20u16), (80, 24), (120, 30), (200, 60)] {
            let help_key = d.app.help_key();
            let line = footer_line(&d.app.key_help(), width, help_key, Theme::new(false));
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            assert!(
                line.width() <= usize::from(width),
                "{name} at {width}: the footer is {} wide: {text}",
                line.width()
            );
            let screen = d.render(width, height, false);
            let drawn = screen.lines().last().unwrap_or_default();
            assert_eq!(
                drawn.trim_end(),
                text.trim_end(),
                "{name} at {width}x{height}"
            );
            if let Some(key) = help_key {
                let key = if key == Key::F(1) { "F1" } else { "?" };
                assert!(
                    text.ends_with(&format!("{key} help"))
                        || text.ends_with(&format!("{key} more")),
                    "{name} at {width}: the footer does not end at the help key: {text}"
                );
            }
        }
    }
}

#[test]
fn the_help_key_opens_the_help_and_nothing_else_happens_while_it_shows() {
    let mut d = Driver::setup_sms(flow_support::env());
    d.keys(&[Key::Char('?')]);
    assert!(d.app.help_open);
    d.keys(&[Key::Enter, Key::Down, Key::Char('k')]);
    assert_eq!(d.flow().step, nowkey::flows::setup_sms::Step::Vendor);
    assert_eq!(
        d.flow().vendor_index,
        0,
        "a key under the overlay moved the list"
    );
    d.keys(&[Key::Char('?')]);
    assert!(!d.app.help_open, "? closes it again");
    d.keys(&[Key::F(1)]);
    assert!(d.app.help_open, "F1 opens it too");
    d.keys(&[Key::F(1)]);
    assert!(!d.app.help_open, "and closes it");
    // A paste goes to the field (and closes the overlay); it is not lost.
    d.keys(&[Key::Tab, Key::Char('?')]);
    assert!(d.app.help_open);
    d.paste("/v2");
    assert!(!d.app.help_open);
    assert!(
        d.flow().hub_url().ends_with("/v2"),
        "{}",
        d.flow().hub_url()
    );
}

#[test]
fn a_question_mark_is_typed_into_a_secret_that_has_begun_and_f1_opens_the_help() {
    let mut d = Driver::setup_sms(flow_support::env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.type_text(flow_support::KEY);
    d.keys(&[Key::Tab]);
    // An empty secret field: ? is the help.
    d.keys(&[Key::Char('?')]);
    assert!(d.app.help_open);
    d.keys(&[Key::Esc]);
    d.type_text("ab?c");
    assert!(
        !d.app.help_open,
        "? in a secret that has begun is part of it"
    );
    assert_eq!(d.flow().secret_field().value(), "ab?c");
    assert_eq!(d.app.help_key(), Some(Key::F(1)));
    assert!(d.render(80, 24, false).contains("F1 more"));
    d.keys(&[Key::F(1)]);
    assert!(d.app.help_open);
    let text = d.render(80, 24, false);
    assert!(text.contains("Here ? is typed into the secret"), "{text}");
    assert!(!text.contains("ab?c"), "the overlay shows no secret");
}

#[test]
fn ctrl_c_still_asks_while_the_help_shows() {
    let mut d = Driver::setup_sms(flow_support::env());
    d.walk_to_token_step();
    d.keys(&[Key::Char('?'), Key::Ctrl('c')]);
    assert!(!d.app.help_open, "the question replaces the overlay");
    assert!(d.app.quit_question.is_some());
    d.keys(&[Key::Char('y')]);
    assert!(d.app.should_quit);
}

#[test]
fn below_the_smallest_size_one_centred_line_says_so_and_the_screen_returns() {
    let d = Driver::setup_sms(flow_support::env());
    for (width, height, said) in [
        (
            59u16,
            20u16,
            "Terminal too small: needs at least 60x20, now 59x20.",
        ),
        (
            60,
            19,
            "Terminal too small: needs at least 60x20, now 60x19.",
        ),
        (50, 15, "Too small: needs 60x20, now 50x15."),
        (30, 10, "Needs 60x20, now 30x10"),
    ] {
        let text = d.render(width, height, false);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line at {width}x{height}:\n{text}");
        assert_eq!(lines[0].trim(), said, "{text}");
        let first = text.lines().position(|l| !l.trim().is_empty()).unwrap();
        assert!(first >= usize::from(height) / 2 - 1, "centred:\n{text}");
        let left = lines[0].len() - lines[0].trim_start().len();
        let right = usize::from(width) - lines[0].trim_end().chars().count();
        assert!(left.abs_diff(right) <= 1, "centred across:\n{text}");
    }
    let text = d.render(60, 20, false);
    assert!(text.contains("Choose your SMS Hub"), "{text}");
}

#[test]
fn at_the_smallest_size_the_help_scrolls_to_every_line_and_says_what_is_hidden() {
    let mut scrolled = 0;
    for (name, mut d) in every_screen() {
        let Some(key) = d.app.help_key() else {
            continue;
        };
        d.keys(&[key]);
        let first = d.render(60, 20, false);
        let max = d.app.help_scroll_max.get();
        if max == 0 {
            assert!(first.contains("Ctrl-C"), "{name}: fits whole:\n{first}");
            continue;
        }
        scrolled += 1;
        assert!(
            first.contains(&format!("↓ {max} more")),
            "{name}: says what is hidden:\n{first}"
        );
        let mut seen = first;
        for _ in 0..max {
            d.keys(&[Key::Down]);
            seen.push_str(&d.render(60, 20, false));
        }
        assert_eq!(d.app.help_scroll, max, "{name}: stops at the end");
        d.keys(&[Key::Down]);
        assert_eq!(d.app.help_scroll, max, "{name}: no scrolling past the end");
        let last = d.render(60, 20, false);
        assert!(
            last.contains("Ctrl-C"),
            "{name}: the last line shows:\n{last}"
        );
        assert!(last.contains("more above"), "{name}:\n{last}");
        for binding in d.app.key_help() {
            assert!(
                seen.contains(&binding.all_keys),
                "{name}: {} never shows:\n{seen}",
                binding.all_keys
            );
        }
        d.keys(&[Key::Home]);
        assert_eq!(d.app.help_scroll, 0);
        d.keys(&[Key::Esc, key]);
        assert_eq!(d.app.help_scroll, 0, "{name}: opens at the top again");
    }
    assert!(scrolled > 0, "some help needs scrolling at 60x20");
}
