//! The validation (Home → Validate) with all three secrets typed, against servers that
//! echo each secret back in a failing answer's body (the Hub, ServiceNow and
//! HOPEX alike); every check's details opened; `e` exports the report.

use std::time::Duration;

use crate::leak_support::drive::{
    see, see_wrapped, validate_settled, validate_type_secrets, ValidateSecrets,
};
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, Scan};
use crate::support::files_under;
use crate::support::pty::ClipboardRoute;

const EXIT: Duration = Duration::from_secs(15);

#[test]
fn flow_d_validation_with_echoing_servers_leaves_no_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    lab.servicenow_user(user, &password);
    let hopex_key = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&key, &secret), user, &hopex_key);
    let canaries = canaries_for(
        &[(&key, &secret)],
        Some((user, &password)),
        Some(&hopex_key),
    );
    // Misbehaving servers: each failure quotes the secret it was given.
    lab.echo_fault("/v1/replies", &secret);
    lab.echo_fault("/api/now/", &password);
    lab.echo_fault("/HOPEXGraphQL/", &hopex_key);

    let mut pty = lab.pty(&[], ClipboardRoute::None);
    // Tall enough that each check's details show whole below the twelve checks
    // of a profile with both integrations, so the scan reads all of them.
    pty.resize(80, 30);
    validate_type_secrets(
        &mut pty,
        "prod",
        &ValidateSecrets {
            hub_secret: &secret,
            password: &password,
            hopex_key: &hopex_key,
        },
    );
    pty.enter();
    see(&pty, "Checks of \"prod\"");
    let results = validate_settled(&pty);
    for failed in [
        "✗ Hub accepts the API key",
        "✗ ServiceNow sign-in and roles",
        "✗ HOPEX accepts the API key",
    ] {
        assert!(
            results.contains(failed),
            "the echoing server failed its check ({failed}):\n{results}"
        );
    }

    // Every check's details, one after the other (the panel follows the cursor).
    pty.enter();
    let mut details = vec![see(&pty, "What to do:")];
    assert!(
        details[0].contains("── Hub accepts the API key") && details[0].contains("[REDACTED]"),
        "the Hub's failure is shown, the echoed secret redacted:\n{}",
        details[0]
    );
    for _ in 0..12 {
        let before = pty.screen();
        pty.send(b"\x1b[B"); // Down
        std::thread::sleep(Duration::from_millis(300));
        let after = pty.screen();
        if after != before {
            details.push(after);
        }
    }
    // Back to the first check, whose details show, so closing them is seen
    // before e is typed (an Esc and an e read together would be Alt-e).
    pty.send(b"\x1b[H"); // Home
    see(&pty, "── Hub accepts the API key");
    pty.send(b"\x1b");
    pty.wait_until(Duration::from_secs(30), "the details closed", |s| {
        !s.contains("What to do:")
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // e: the report, written under the config dir.
    pty.type_str("e");
    see_wrapped(&pty, "Report written, with no secret in it");
    let reports: Vec<_> = files_under(&lab.config().join("reports"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("the report");
    assert!(
        report.contains("hub.credentials") && report.contains(&key),
        "{report}"
    );

    // Esc back to the secrets (still held, masked), Esc home, q quits.
    pty.send(b"\x1b");
    let secrets_again = see(&pty, "Secrets for the checks of \"prod\"");
    pty.send(b"\x1b");
    see(&pty, "7  Quit");
    let last = pty.screen();
    pty.type_str("q");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));

    let mut scan = Scan::new("validate, echoing servers, report", &canaries);
    scan.screen("final screens", "the results", &results);
    for (n, screen) in details.iter().enumerate() {
        scan.screen(
            "final screens",
            &format!("details screen {}", n + 1),
            screen,
        );
    }
    scan.screen(
        "final screens",
        "the secrets screen after the run",
        &secrets_again,
    );
    scan.screen("final screens", "the last screen drawn", &last);
    scan.screen("final screens", "the screen after exit", &pty.screen());
    scan.terminal("the terminal", &pty.raw_output(), &[]);
    scan.text("report", &reports[0].display().to_string(), &report);
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}
