//! The rotation (key rotation) to completion, across two runs: the first takes the old
//! secret, captures the new key, copies the new token (`c`, OSC 52) and confirms
//! the ServiceNow update, then leaves with the rotation in progress; the files
//! (journal included) are scanned while it is in progress; the second resumes,
//! takes the new secret again, passes the live test, takes the old secret again
//! on the deletion step and completes.

use std::time::Duration;

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{osc52_of, Scan};
use crate::support::flow::Creds;
use crate::support::pty::ClipboardRoute;
use crate::support::rotation::{journal_path, save_sms_profile, title, wait_phase, Operator};

const EXIT: Duration = Duration::from_secs(15);

#[test]
fn flow_c_rotation_to_completion_leaves_no_secret() {
    let lab = Lab::new();
    let config = lab.config();
    let old = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    let new = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    save_sms_profile(&config, "prod", &lab.base, &old);
    let canaries = canaries_for(
        &[(&old.key, &old.secret), (&new.key, &new.secret)],
        None,
        None,
    );
    let mut scan = Scan::new("rotation: rotate (old and new keys)", &canaries);

    // First run: up to the live test, then leave.
    let mut first = lab.pty(&["rotate"], ClipboardRoute::Osc52);
    {
        let mut op = Operator::new(&mut first, &[&old, &new]).guard(&config, "prod");
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.see_screen(title::SERVICENOW, Some(3));
        op.keys(b"c");
        op.see_wrapped("was sent to your terminal's clipboard");
        op.confirm_servicenow();
        wait_phase(&config, "prod", "servicenow_updated");
        op.keys(b"\x1b");
        op.see("is in progress");
        op.keys(b"q");
    }
    let first_last = first.screen();
    assert_eq!(first.wait_exit(EXIT), Ok(0));
    let copies = scan.terminal(
        "the first run's terminal",
        &first.raw_output(),
        &[osc52_of(&new.token)],
    );
    assert_eq!(copies, 1, "c copied the new token once with OSC 52");
    scan.screen("final screens", "the first run's last screen", &first_last);
    scan.screen(
        "final screens",
        "the screen after the first run",
        &first.screen(),
    );

    // At rest with the rotation in progress: the journal and everything else.
    let mid = scan.files("files mid-rotation", &lab.home());
    assert!(mid.contains(&journal_path(&config, "prod")), "{mid:?}");

    // Second run: resume, re-enter both secrets where asked, complete.
    let mut second = lab.pty(&["rotate", "--resume"], ClipboardRoute::None);
    let done = {
        let mut op = Operator::new(&mut second, &[&old, &new]).guard(&config, "prod");
        op.reenter_new_secret(&new);
        op.see_screen(title::LIVE, Some(4));
        op.pass_live_test();
        wait_phase(&config, "prod", "live_test_passed");
        op.see("Current secret");
        op.paste(&old.secret);
        op.see(&"•".repeat(old.secret.len()));
        lab.delete_hub_key(&old.key);
        op.enter();
        op.skip_proof();
        op.see_screen(title::PROFILE, Some(6));
        op.see("✓ The Hub rejects the old key");
        op.enter();
        let done = op.see_screen(title::DONE, None);
        wait_phase(&config, "prod", "completed");
        op.enter();
        op.see("Rotate the SMS Hub key");
        op.keys(b"\x03");
        done
    };
    let second_last = second.screen();
    assert_eq!(second.wait_exit(EXIT), Ok(0));
    scan.screen("final screens", "the Rotation complete screen", &done);
    scan.screen(
        "final screens",
        "the second run's last screen",
        &second_last,
    );
    scan.screen(
        "final screens",
        "the screen after the second run",
        &second.screen(),
    );
    scan.terminal("the second run's terminal", &second.raw_output(), &[]);
    for args in [
        vec!["profiles", "show", "prod", "--json"],
        vec!["profiles", "list"],
    ] {
        let run = lab.cli(&args).run();
        run.expect_code(0);
        scan.text("stdout", &format!("nowkey {}", args.join(" ")), &run.stdout);
        scan.text("stderr", &format!("nowkey {}", args.join(" ")), &run.stderr);
    }
    let files = lab.scan_at_rest(&mut scan, true);
    assert!(files.contains(&journal_path(&config, "prod")), "{files:?}");
    scan.finish();
}
