//! The help overlay and the size floor in a real terminal: `?` opens the help of
//! the step showing, Esc closes it, F1 opens it where `?` is typed into a
//! secret; a terminal smaller than 60x20 gets one line saying so, and the step
//! comes back when it grows again.

use std::time::Duration;

use crate::support::pty::{Pty, PtyOptions};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn question_mark_opens_the_help_of_each_step_and_esc_closes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", "https://api.example.com"],
        &tmp.path().join("config"),
    ));
    pty.expect("Choose your SMS Hub", WAIT);
    for (step, next) in [
        ("Help: Choose your SMS Hub", "Create an API key in the Hub"),
        (
            "Help: Create an API key in the Hub",
            "Enter the API key and secret",
        ),
    ] {
        pty.send(b"?");
        // The title shows before the rest of the frame has arrived: wait for the
        // overlay's last rows too.
        pty.wait_until(WAIT, "the whole help", |screen| {
            screen.contains(step) && screen.contains("Esc, ? or F1 closes it")
        })
        .unwrap_or_else(|why| panic!("? did not open the whole help: {why}"));
        pty.send(b"\x1b");
        pty.wait_until(WAIT, "the help to close", |screen| !screen.contains(step))
            .unwrap_or_else(|why| panic!("Esc left the help open: {why}"));
        pty.enter();
        pty.expect(next, WAIT);
    }
    // In the secret field, once it holds something, ? is typed and F1 is the help.
    pty.type_str("ABCDEFGHIJKLMNOPQRST");
    pty.send(b"\t");
    pty.type_str("se?cret");
    pty.wait_until(WAIT, "the masked secret and F1 in the footer", |screen| {
        screen.contains("7 characters, masked") && screen.contains("F1 more")
    })
    .unwrap_or_else(|why| panic!("{why}"));
    pty.send(b"\x1bOP"); // F1
    pty.expect("Help: Enter the API key and secret", WAIT);
    pty.send(b"\x1b");
    pty.wait_until(WAIT, "the help to close", |screen| {
        !screen.contains("Help: Enter")
    })
    .unwrap_or_else(|why| panic!("Esc left the help open: {why}"));
    pty.send(b"\x03");
    pty.expect("Quit nowkey?", WAIT);
    pty.send(b"y");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
}

#[test]
fn a_terminal_below_60x20_says_so_and_the_step_returns_when_it_grows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", "https://api.example.com"],
        &tmp.path().join("config"),
    ));
    pty.expect("Choose your SMS Hub", WAIT);
    pty.resize(58, 15);
    let small = pty.expect("Terminal too small: needs at least 60x20, now 58x15.", WAIT);
    assert!(!small.contains("Choose your SMS Hub"), "{small}");
    pty.resize(40, 10);
    pty.expect("now", WAIT);
    pty.wait_until(WAIT, "the new size in the message", |screen| {
        screen.contains("40x10.")
    })
    .unwrap_or_else(|why| panic!("{why}"));
    pty.resize(80, 24);
    pty.expect("Choose your SMS Hub", WAIT);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
}
