//! A terminal that never answers the cursor-position query (`ESC[6n`), as some
//! serial consoles and simple pty harnesses do: the wizard still opens and works.

use crate::support;

use std::time::Duration;

use support::pty::{Pty, PtyOptions};

const SCREEN: Duration = Duration::from_secs(15);

#[test]
fn the_wizard_opens_on_a_terminal_that_answers_no_query() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        PtyOptions::new(&["setup", "sms"], &tmp.path().join("config")).answering_no_query(),
    );
    let screen = pty
        .wait_for("Choose your SMS Hub", SCREEN)
        .unwrap_or_else(|e| panic!("the wizard did not open: {e}"));
    assert!(screen.contains("Step 1 of 10"), "{screen}");
    // It takes keys too: Enter goes on to step 2.
    pty.enter();
    pty.expect("Step 2 of 10", SCREEN);
}
