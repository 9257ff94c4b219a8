//! The wizard's own error screens when a server echoes the secret it was given
//! (each echo straddling the one-line cut, or ending a sentence): the SMS setup's
//! ServiceNow and Hub checks, the HOPEX setup's HOPEX and ServiceNow checks, and flow
//! C's verification of the new key. Each failure is waited for on screen (its
//! `[REDACTED]` proves the echo arrived), then the wizard is quit.

use std::time::Duration;

use serde_json::json;

use crate::leak_support::drive::{
    hopex_to_servicenow, see, see_wrapped, sms_to_servicenow, ServiceNowLogin, WAIT,
};
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, Canaries, Scan};
use crate::support::flow::Creds;
use crate::support::pty::{ClipboardRoute, Pty};
use crate::support::rotation::{save_sms_profile, title, Operator};

/// Text with `secret` after 100, 110, … 190 characters.
fn straddling(secret: &str) -> Vec<String> {
    let chatter = "Request refused by the gateway. ".repeat(10);
    (0..10)
        .map(|i| format!("{}{secret}", &chatter[..100 + 10 * i]))
        .collect()
}

/// Faults echoing `secret` on the Hub, `password` on ServiceNow, `hopex_key`
/// on HOPEX (those given).
fn echo_everything(
    lab: &Lab,
    secret: Option<&str>,
    password: Option<&str>,
    hopex_key: Option<&str>,
) {
    let fault = |path: &str, status: u16, body: serde_json::Value| {
        lab.fault(
            json!({"path_prefix": path, "status": status, "body": body.to_string(),
                         "content_type": "application/json"}),
        );
    };
    if let Some(secret) = secret {
        fault(
            "/v1/",
            400,
            json!({"message": "bad", "details": straddling(secret)}),
        );
    }
    if let Some(password) = password {
        let detail = straddling(password).swap_remove(4);
        fault(
            "/api/now/",
            403,
            json!({"error": {"message": format!("Denied for {password}"),
                                                  "detail": detail}}),
        );
    }
    if let Some(key) = hopex_key {
        let errors: Vec<_> = straddling(key)
            .into_iter()
            .map(|m| json!({"message": m}))
            .collect();
        fault("/HOPEXGraphQL/", 400, json!({"errors": errors}));
    }
}

/// Ctrl-C (and `y` when asked), then the scan of everything.
fn quit_and_scan(lab: &Lab, mut pty: Pty, flow: &str, canaries: &Canaries, failures: &[String]) {
    pty.send(b"\x03");
    if pty.wait_for("Quit nowkey?", Duration::from_secs(2)).is_ok() {
        pty.type_str("y");
    }
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    let mut scan = Scan::new(flow, canaries);
    for (n, screen) in failures.iter().enumerate() {
        scan.screen(
            "final screens",
            &format!("failure screen {}", n + 1),
            screen,
        );
    }
    scan.screen("final screens", "the screen after exit", &pty.screen());
    scan.terminal("the terminal", &pty.raw_output(), &[]);
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}

#[test]
fn flow_a_shows_echoing_servicenow_and_hub_failures_without_the_secrets() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = format!("{}.", canary_password());
    lab.servicenow_user(user, &password);
    let canaries = canaries_for(&[(&key, &secret)], Some((user, &password)), None);
    echo_everything(&lab, Some(&secret), Some(&password), None);
    let mut pty = lab.pty(
        &["setup", "sms", "--hub-url", &lab.base],
        ClipboardRoute::None,
    );
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };
    sms_to_servicenow(&mut pty, &lab.base, (&key, &secret), &sn);
    pty.enter();
    let mut failures = vec![see_wrapped(&pty, "[REDACTED]")];
    pty.send(b"\x18"); // Ctrl-X skips the optional check
    see(&pty, "Step 5 of 10");
    pty.enter();
    see(&pty, "Step 6 of 10");
    pty.enter();
    see(&pty, "Step 7 of 10");
    failures.push(see_wrapped(&pty, "[REDACTED]"));
    quit_and_scan(
        &lab,
        pty,
        "SMS setup, echoing servers",
        &canaries,
        &failures,
    );
}

#[test]
fn flow_b_shows_echoing_hopex_and_servicenow_failures_without_the_secrets() {
    let lab = Lab::new();
    let hopex_key = lab.hopex_key("svc.servicenow");
    let user = "sn.leakscan";
    let password = format!("{}.", canary_password());
    lab.servicenow_user(user, &password);
    let canaries = canaries_for(&[], Some((user, &password)), Some(&hopex_key));
    echo_everything(&lab, None, Some(&password), Some(&hopex_key));
    let base = lab.base.clone();
    let mut pty = lab.pty(
        &[
            "setup",
            "hopex",
            "--hopex-url",
            &base,
            "--servicenow-url",
            &base,
        ],
        ClipboardRoute::None,
    );
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };
    hopex_to_servicenow(&mut pty, &hopex_key, &sn);
    pty.enter();
    see(&pty, "Step 7 of 9");
    let screen = pty
        .wait_until(WAIT, "both failures", |s| {
            s.matches("[REDACTED]").count() >= 2
        })
        .unwrap_or_else(|e| panic!("{e}"));
    quit_and_scan(
        &lab,
        pty,
        "HOPEX setup, echoing servers",
        &canaries,
        &[screen],
    );
}

#[test]
fn flow_c_shows_an_echoing_hub_without_the_secrets() {
    let lab = Lab::new();
    let old = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    let new = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    save_sms_profile(&lab.config(), "prod", &lab.base, &old);
    let canaries = canaries_for(
        &[(&old.key, &old.secret), (&new.key, &new.secret)],
        None,
        None,
    );
    echo_everything(&lab, Some(&new.secret), None, None);
    let mut pty = lab.pty(&["rotate"], ClipboardRoute::None);
    let screen = {
        let mut op = Operator::new(&mut pty, &[&old, &new]);
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.see_screen(title::VERIFY, Some(2));
        op.see_wrapped("[REDACTED]")
    };
    quit_and_scan(&lab, pty, "rotation, echoing Hub", &canaries, &[screen]);
}
