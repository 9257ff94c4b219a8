//! While a question waits for its answer (abandon, discard, quit), only its
//! answers count: typing and pastes never reach the form drawn under it.

use crate::flow_support;

use flow_support::rotate_screens::{self as rotation, flow};
use flow_support::{env, Driver, KEY, SECRET};
use nowkey::flows::key::Key;

#[test]
fn typing_and_pastes_under_the_abandon_question_do_not_reach_the_new_key() {
    let mut d = rotation::started(false);
    d.keys(&[Key::F(8)]);
    assert!(d.app.question().is_some(), "F8 asks first");
    d.type_text("ab");
    d.paste("PASTEDKEY");
    assert_eq!(flow(&d).new_key_form.text(0), "");
    d.keys(&[Key::Char('n')]);
    assert!(d.app.question().is_none(), "n answers no");
    assert_eq!(flow(&d).new_key_form.text(0), "");
    // With the question gone, typing reaches the field again.
    d.type_text("x");
    assert_eq!(flow(&d).new_key_form.text(0), "x");
}

#[test]
fn typing_and_pastes_under_the_discard_question_leave_the_captured_pair_alone() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.paste(KEY);
    d.keys(&[Key::Tab]);
    d.paste(SECRET);
    d.keys(&[Key::Esc]);
    assert!(
        d.app.question().is_some(),
        "a typed secret makes Esc ask first"
    );
    d.type_text("zz");
    d.paste("more");
    d.keys(&[Key::Esc]);
    assert!(d.app.question().is_none(), "Esc answers no");
    assert_eq!(d.flow().capture.text(0), KEY);
    assert_eq!(d.flow().capture.text(1), SECRET);
}

#[test]
fn a_paste_under_the_quit_question_is_dropped() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Enter]);
    d.paste(KEY);
    d.keys(&[Key::Tab]);
    d.paste(SECRET);
    d.keys(&[Key::Ctrl('c')]);
    assert!(
        d.app.question().is_some(),
        "a typed secret makes Ctrl-C ask first"
    );
    d.paste("more");
    d.type_text("zz");
    d.keys(&[Key::Char('n')]);
    assert!(d.app.question().is_none());
    assert_eq!(d.flow().capture.text(1), SECRET);
}
