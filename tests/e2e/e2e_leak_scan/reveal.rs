//! With no clipboard, the operator reveals the token on screen (r) to copy it by
//! hand: on screen then, by design. Once they move on to the Hub check, it must
//! be gone: nothing the program writes from step 7 on, no screen it draws, no
//! file and not the log may hold it.

use crate::leak_support::drive::{see, sms_to_servicenow, ServiceNowLogin, WAIT};
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, token_of, Scan};
use crate::support::pty::ClipboardRoute;
use crate::support::GOOD_NUMBER;

#[test]
fn a_revealed_token_is_gone_once_the_operator_moves_on() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let token = token_of(&key, &secret);
    let user = "sn.leakscan";
    let password = canary_password();
    let canaries = canaries_for(&[(&key, &secret)], Some((user, &password)), None);
    let mut pty = lab.pty(
        &["setup", "sms", "--hub-url", &lab.base],
        ClipboardRoute::None,
    );
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };
    sms_to_servicenow(&mut pty, &lab.base, (&key, &secret), &sn);
    pty.send(b"\x18"); // Ctrl-X: no ServiceNow check this time
    see(&pty, "Step 5 of 10");
    pty.type_str("r");
    see(&pty, &token[..40]);
    pty.enter();
    see(&pty, "Step 6 of 10");
    pty.enter();
    see(&pty, "Step 7 of 10");
    let moved_on = pty.raw_output().len();
    see(&pty, "✓ The Hub accepted");
    pty.enter();
    see(&pty, "Step 8 of 10");
    pty.enter();
    see(&pty, "▸ Mobile number");
    pty.type_str(GOOD_NUMBER);
    pty.enter();
    see(&pty, "Reply received");
    pty.enter();
    see(&pty, "Step 10 of 10");
    pty.enter();
    let done = see(&pty, "Saved to");
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    let raw = pty.raw_output();

    // The control: revealed, the token was drawn, and the scan sees it there.
    let mut control = Scan::new("control", &canaries);
    control.terminal("the whole terminal", &raw, &[]);
    assert!(
        control.leaks().iter().any(|l| l.contains("token is in")),
        "the revealed token was drawn and found: {:?}",
        control.leaks()
    );

    let mut scan = Scan::new("SMS setup, token revealed then left behind", &canaries);
    scan.terminal_from("the terminal from step 7", &raw, moved_on, &[]);
    scan.screen("final screens", "the Saved screen", &done);
    scan.screen("final screens", "the screen after exit", &pty.screen());
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}
