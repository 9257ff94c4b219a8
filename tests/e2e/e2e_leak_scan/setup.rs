//! Flows A (SMS setup, with its optional ServiceNow check) and B (HOPEX setup),
//! each walked to the end in a pty, then `nowkey profiles` on what they saved.

use std::time::Duration;

use crate::leak_support::drive::{
    hopex_finish, hopex_to_servicenow, sms_finish, sms_to_servicenow, ServiceNowLogin,
};
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, osc52_of, token_of, Scan};
use crate::support::pty::ClipboardRoute;

const EXIT: Duration = Duration::from_secs(15);

/// `nowkey profiles list --json` and `profiles show <name> [--json]`: their
/// output is scanned too.
fn scan_profiles_commands(lab: &Lab, scan: &mut Scan<'_>, name: &str) {
    for args in [
        vec!["profiles", "list", "--json"],
        vec!["profiles", "show", name, "--json"],
        vec!["profiles", "show", name],
    ] {
        let run = lab.cli(&args).run();
        run.expect_code(0);
        let what = args.join(" ");
        assert!(
            !run.stdout.trim().is_empty(),
            "{what} shows {name}: {run:#?}"
        );
        scan.text("stdout", &format!("nowkey {what}"), &run.stdout);
        scan.text("stderr", &format!("nowkey {what}"), &run.stderr);
    }
}

#[test]
fn flow_a_sms_setup_with_servicenow_leaves_no_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    lab.servicenow_user(user, &password);
    let canaries = canaries_for(&[(&key, &secret)], Some((user, &password)), None);
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };

    let mut pty = lab.pty(
        &["setup", "sms", "--hub-url", &lab.base],
        ClipboardRoute::Osc52,
    );
    sms_to_servicenow(&mut pty, &lab.base, (&key, &secret), &sn);
    let done = sms_finish(
        &mut pty,
        &sn,
        "was sent to your terminal's clipboard",
        "canary",
    );
    let last = pty.screen();
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));

    let mut scan = Scan::new("SMS setup: setup sms + ServiceNow", &canaries);
    scan.screen("final screens", "the All set screen", &done);
    scan.screen("final screens", "the last screen drawn", &last);
    scan.screen("final screens", "the screen after exit", &pty.screen());
    let copies = scan.terminal(
        "the terminal",
        &pty.raw_output(),
        &[osc52_of(&token_of(&key, &secret))],
    );
    assert_eq!(
        copies, 1,
        "c copied the token once with OSC 52, the one place it may be sent"
    );
    let files = lab.scan_at_rest(&mut scan, true);
    assert!(
        files.contains(&lab.config().join("profiles.toml")),
        "{files:?}"
    );
    scan_profiles_commands(&lab, &mut scan, "canary");
    scan.finish();
}

#[test]
fn flow_b_hopex_setup_leaves_no_secret() {
    let lab = Lab::new();
    let hopex_key = lab.hopex_key("svc.servicenow");
    let user = "sn.leakscan";
    let password = canary_password();
    lab.servicenow_user(user, &password);
    let canaries = canaries_for(&[], Some((user, &password)), Some(&hopex_key));
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };

    let mut pty = lab.pty(
        &[
            "setup",
            "hopex",
            "--hopex-url",
            &lab.base,
            "--servicenow-url",
            &lab.base,
        ],
        ClipboardRoute::Osc52,
    );
    hopex_to_servicenow(&mut pty, &hopex_key, &sn);
    let saved = hopex_finish(&mut pty, &sn, "hopex-canary");
    let last = pty.screen();
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));

    let mut scan = Scan::new("HOPEX setup: setup hopex", &canaries);
    scan.screen("final screens", "the Saved screen", &saved);
    scan.screen("final screens", "the last screen drawn", &last);
    scan.screen("final screens", "the screen after exit", &pty.screen());
    scan.terminal("the terminal", &pty.raw_output(), &[]);
    let files = lab.scan_at_rest(&mut scan, true);
    assert!(
        files.contains(&lab.config().join("profiles.toml")),
        "{files:?}"
    );
    scan_profiles_commands(&lab, &mut scan, "hopex-canary");
    scan.finish();
}
