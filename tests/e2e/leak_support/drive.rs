//! Driving flows A, B and D through the terminal with the canaries, split where
//! a forced-panic test stops (secrets typed and held in memory). What each step
//! shows is asserted by the flows' own e2e tests; here only enough is waited for
//! to keep in step with the program.

use std::time::Duration;

use crate::support::pty::Pty;
use crate::support::GOOD_NUMBER;

/// How long any one screen may take (generous: tests share 2 cores).
pub const WAIT: Duration = Duration::from_secs(30);

/// Waits for `text` on screen; returns the screen.
pub fn see(pty: &Pty, text: &str) -> String {
    pty.expect(text, WAIT)
}

/// The words of `screen` joined by single spaces (wrapped sentences match).
pub fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Waits until the screen, with its words joined, holds `text`.
pub fn see_wrapped(pty: &Pty, text: &str) -> String {
    let want = flat(text);
    pty.wait_until(WAIT, &format!("{text:?} (wrapped)"), |s| {
        flat(s).contains(&want)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A ServiceNow login the flows type.
pub struct ServiceNowLogin<'a> {
    /// The user.
    pub user: &'a str,
    /// The (canary) password.
    pub password: &'a str,
}

/// The SMS setup (`setup sms --hub-url <base>`), steps 1 to 4: the key and secret
/// pasted, then the ServiceNow instance, user and password typed but not yet
/// submitted. Ends on step 4 with every secret in memory.
pub fn sms_to_servicenow(pty: &mut Pty, base: &str, hub: (&str, &str), sn: &ServiceNowLogin<'_>) {
    see(pty, "Step 1 of 10");
    see(pty, "Choose your SMS Hub");
    pty.enter();
    see(pty, "Step 2 of 10");
    pty.enter();
    see(pty, "Step 3 of 10");
    see(pty, "▸ API key");
    pty.send_paste(hub.0);
    see(pty, hub.0);
    pty.enter();
    see(pty, "▸ API secret");
    pty.send_paste(&format!("{}\r\n", hub.1));
    pty.wait_until(WAIT, "the masked secret", |s| {
        s.contains(&"•".repeat(hub.1.len()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    pty.enter();
    see(pty, "Step 4 of 10");
    see(pty, "Check ServiceNow (optional)");
    pty.send(b"\x15");
    pty.type_str(base);
    pty.send(b"\t");
    pty.type_str(sn.user);
    pty.send(b"\t");
    pty.type_str(sn.password);
    see(pty, &"•".repeat(sn.password.len()));
}

/// The SMS setup from [`sms_to_servicenow`] to the end: the ServiceNow check passes, `c`
/// copies the token (OSC 52 when the clipboard allows), the Hub check, the live
/// test, saved as `profile`. Ends on "All set"; returns that screen.
pub fn sms_finish(
    pty: &mut Pty,
    sn: &ServiceNowLogin<'_>,
    copy_expect: &str,
    profile: &str,
) -> String {
    pty.enter();
    see(pty, &format!("✓ ServiceNow accepted {}", sn.user));
    pty.enter();
    see(pty, "Step 5 of 10");
    see(pty, "Fingerprint");
    pty.enter();
    see(pty, "Step 6 of 10");
    pty.type_str("c");
    see(pty, copy_expect);
    pty.enter();
    see(pty, "Step 7 of 10");
    see(pty, "✓ The Hub accepted");
    pty.enter();
    see(pty, "Step 8 of 10");
    pty.enter();
    see(pty, "Step 9 of 10");
    see(pty, "▸ Mobile number");
    pty.type_str(GOOD_NUMBER);
    see(pty, GOOD_NUMBER);
    pty.enter();
    see(pty, "✓ delivered");
    see(pty, "Reply received");
    pty.enter();
    see(pty, "Step 10 of 10");
    pty.send(b"\x15");
    pty.type_str(profile);
    see(pty, &format!("Profile name: {profile}"));
    pty.enter();
    see(pty, "All set");
    see(pty, "Saved to")
}

/// The HOPEX setup (`setup hopex --hopex-url <base> --servicenow-url <base>`) steps 1 to
/// 6: on-premises V5 CP6 HF27, the key's login `svc.servicenow` on ENV-1 /
/// REPO-1 / PROFILE-1, `hopex_key` pasted, then the ServiceNow user and password
/// typed but not submitted. Ends on step 6 with both secrets in memory.
pub fn hopex_to_servicenow(pty: &mut Pty, hopex_key: &str, sn: &ServiceNowLogin<'_>) {
    see(pty, "Step 1 of 9");
    pty.send(b"\t");
    pty.type_str("v5 cp6 hf27");
    pty.enter();
    see(pty, "Step 2 of 9");
    pty.send(b"\t\t\t");
    pty.type_str("alice");
    pty.enter();
    see(pty, "Step 3 of 9");
    pty.send(b"\t");
    pty.type_str("svc.servicenow");
    pty.send(b"\t");
    pty.type_str("ENV-1");
    pty.send(b"\t");
    pty.type_str("REPO-1");
    pty.send(b"\t");
    pty.type_str("PROFILE-1");
    pty.enter();
    see(pty, "Step 4 of 9");
    pty.enter();
    see(pty, "Step 5 of 9");
    pty.send_paste(&format!("{hopex_key}\n"));
    pty.wait_until(WAIT, "the masked key", |s| s.contains("••••••••••"))
        .unwrap_or_else(|e| panic!("{e}"));
    pty.enter();
    see(pty, "Step 6 of 9");
    pty.send(b"\t");
    pty.type_str(sn.user);
    pty.send(b"\t");
    pty.send_paste(sn.password);
    see(pty, &"•".repeat(sn.password.len()));
}

/// The HOPEX setup from [`hopex_to_servicenow`] to the end: both live checks pass, `u`
/// copies the ServiceNow URL, saved as `profile`. Ends back on Home.
pub fn hopex_finish(pty: &mut Pty, sn: &ServiceNowLogin<'_>, profile: &str) -> String {
    pty.enter();
    see(pty, "Step 7 of 9");
    see(pty, "HOPEX accepted the key (user svc.servicenow,");
    see(pty, &format!("ServiceNow accepted {}", sn.user));
    pty.enter();
    see(pty, "Step 8 of 9");
    pty.type_str("u");
    see(pty, "The ServiceNow URL was sent");
    pty.enter();
    see(pty, "Step 9 of 9");
    pty.send(b"\x15");
    pty.type_str(profile);
    pty.enter();
    let saved = see(pty, "Saved to");
    pty.enter();
    see(pty, "Set up the HOPEX integration");
    saved
}

/// The three secrets of the validation, in the order of the secrets screen.
pub struct ValidateSecrets<'a> {
    /// The Hub API secret.
    pub hub_secret: &'a str,
    /// The ServiceNow password.
    pub password: &'a str,
    /// The HOPEX API key.
    pub hopex_key: &'a str,
}

/// The validation from Home (`nowkey` with one saved profile `name`): 4 opens the
/// secrets screen; the Hub secret is typed, the password pasted, the HOPEX key
/// typed. Ends on the secrets screen, not yet run.
pub fn validate_type_secrets(pty: &mut Pty, name: &str, secrets: &ValidateSecrets<'_>) {
    see(pty, "4  Validate a configuration");
    // Home loads the profiles in the background; Validate opened before they
    // are in says there are none (and stays so), so wait for them.
    see(pty, &format!("1 saved profile(s): {name}"));
    pty.type_str("4");
    see(pty, &format!("Secrets for the checks of \"{name}\""));
    let screen = see(pty, "HOPEX API key:");
    assert!(
        screen.contains("Hub API secret:") && screen.contains("ServiceNow password:"),
        "all three secrets are asked for:\n{screen}"
    );
    pty.type_str(secrets.hub_secret);
    see(pty, &"•".repeat(secrets.hub_secret.len()));
    pty.send(b"\t");
    pty.send_paste(secrets.password);
    see(pty, &"•".repeat(secrets.password.len()));
    pty.send(b"\t");
    pty.type_str(secrets.hopex_key);
    see(pty, &"•".repeat(secrets.hopex_key.len()));
}

/// Waits until no check is running any more; returns the screen.
pub fn validate_settled(pty: &Pty) -> String {
    pty.wait_until(WAIT, "every check finished", |s| {
        s.contains(" pass · ") && !s.contains("running")
    })
    .unwrap_or_else(|e| panic!("{e}"))
}
