//! nowkey writing ServiceNow and proving it: a rotation in which nowkey writes
//! the new key into the sandbox's ServiceNow as an admin whose password is a
//! canary, and the connector's message is found at the Hub; then `nowkey
//! servicenow discover` and `apply` (dry run, `--secrets-stdin`, a wrong
//! password, a server echoing the written secret back). The admin password,
//! both Hub secrets and their tokens must appear nowhere.

use std::time::Duration;

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, Scan};
use crate::support::flow::Creds;
use crate::support::pty::ClipboardRoute;
use crate::support::rotation::{save_sms_profile, title, wait_phase, Operator};
use crate::support::servicenow::{proof_text, spoke_send, write_with_nowkey};
use crate::support::GOOD_NUMBER;

const EXIT: Duration = Duration::from_secs(15);
const ADMIN: &str = "canary.admin";
const CREDENTIAL: &str = "api_key_credentials/7c1c1c0b9ae54bcdb17ff959a70c5e6a";

#[test]
fn writing_servicenow_and_proving_it_leaves_no_secret() {
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
    let password = canary_password();
    lab.servicenow_admin(ADMIN, &password);
    let canaries = canaries_for(
        &[(&old.key, &old.secret), (&new.key, &new.secret)],
        Some((ADMIN, &password)),
        None,
    );
    let mut scan = Scan::new("servicenow write: rotate, discover, apply", &canaries);

    let mut pty = lab.pty(&["rotate"], ClipboardRoute::None);
    let done = {
        let mut op = Operator::new(&mut pty, &[&old, &new]).guard(&config, "prod");
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.see_screen(title::SERVICENOW, Some(3));
        write_with_nowkey(op.pty, &lab.base, ADMIN, &password);
        op.see_screen(title::LIVE, Some(4));
        wait_phase(&config, "prod", "servicenow_updated");
        op.pass_live_test();
        lab.delete_hub_key(&old.key);
        op.enter();
        let text = proof_text(&op.see_screen(title::PROOF, Some(6)));
        assert_eq!(spoke_send(&lab.base, GOOD_NUMBER, &text), 202);
        op.enter();
        op.see("Test sent from ServiceNow: proven");
        op.see("Recorded in the journal");
        op.enter();
        op.see_screen(title::PROFILE, Some(6));
        op.enter();
        let done = op.see_screen(title::DONE, None);
        op.keys(b"\x03");
        done
    };
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    scan.screen("final screens", "the Rotation complete screen", &done);
    scan.terminal("the rotation's terminal", &pty.raw_output(), &[]);

    let stdin =
        serde_json::json!({"hub_api_secret": new.secret, "servicenow_admin_password": password})
            .to_string();
    let runs = [
        (
            "discover --json",
            lab.cli(&[
                "servicenow",
                "discover",
                "--profile",
                "prod",
                "--servicenow-url",
                &lab.base,
                "--admin-user",
                ADMIN,
                "--json",
            ])
            .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", &password)
            .run(),
            0,
        ),
        (
            "discover (human)",
            lab.cli(&[
                "servicenow",
                "discover",
                "--profile",
                "prod",
                "--servicenow-url",
                &lab.base,
                "--admin-user",
                ADMIN,
            ])
            .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", &password)
            .run(),
            0,
        ),
        (
            "apply --dry-run",
            lab.cli(&[
                "servicenow",
                "apply",
                "--profile",
                "prod",
                "--servicenow-url",
                &lab.base,
                "--admin-user",
                ADMIN,
                "--dry-run",
            ])
            .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", &password)
            .run(),
            0,
        ),
        (
            "apply --secrets-stdin --json",
            lab.cli(&[
                "servicenow",
                "apply",
                "--yes",
                "--profile",
                "prod",
                "--servicenow-url",
                &lab.base,
                "--admin-user",
                ADMIN,
                "--secrets-stdin",
                "--json",
            ])
            .stdin(stdin.clone())
            .run(),
            0,
        ),
        (
            "apply with a wrong password",
            lab.cli(&[
                "servicenow",
                "apply",
                "--yes",
                "--profile",
                "prod",
                "--servicenow-url",
                &lab.base,
                "--admin-user",
                ADMIN,
                "--json",
            ])
            .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", format!("{password}x"))
            .env("NOWKEY_HUB_API_SECRET", &new.secret)
            .run(),
            1,
        ),
    ];
    for (what, run, code) in &runs {
        run.expect_code(*code);
        scan.text("stdout", &format!("nowkey servicenow {what}"), &run.stdout);
        scan.text("stderr", &format!("nowkey servicenow {what}"), &run.stderr);
    }
    // A server that echoes the written secret and the password back.
    lab.echo_fault(
        &format!("/api/now/table/{CREDENTIAL}"),
        &format!("{} {password}", new.token),
    );
    let echoed = lab
        .cli(&[
            "servicenow",
            "apply",
            "--yes",
            "--profile",
            "prod",
            "--servicenow-url",
            &lab.base,
            "--admin-user",
            ADMIN,
            "--secrets-stdin",
            "--json",
        ])
        .stdin(stdin)
        .run();
    echoed.expect_code(1);
    scan.text(
        "stdout",
        "nowkey servicenow apply (echoing server)",
        &echoed.stdout,
    );
    scan.text(
        "stderr",
        "nowkey servicenow apply (echoing server)",
        &echoed.stderr,
    );
    lab.clear_faults();
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}
