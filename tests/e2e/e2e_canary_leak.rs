//! The secret and the token never leak: a full run of the SMS setup with a fresh
//! sandbox key (its secret, the token and their Base64 spellings are the canaries,
//! unique to each run), then a scan of every file under the config dir (log at
//! trace level included), the final screen, and every byte written to the terminal.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::flow::{run_setup, Creds, Options, SERVICENOW_PASSWORD};
use support::pty::{ClipboardRoute, Pty, PtyOptions};
use support::sandbox_proc::SandboxProcess;
use support::{admin_create_key, b64, contains_bytes, files_under, find_all, runtime};

/// The spellings of the credentials that must never be written anywhere.
fn canaries(creds: &Creds) -> Vec<(&'static str, String)> {
    vec![
        ("secret", creds.secret.clone()),
        ("token", creds.token.clone()),
        ("base64 of the secret", b64(&creds.secret)),
        ("base64 of the token", b64(&creds.token)),
        // The SMS setup's optional ServiceNow check is done for real in the walk.
        ("ServiceNow password", SERVICENOW_PASSWORD.to_owned()),
        (
            "base64 of the ServiceNow password",
            b64(SERVICENOW_PASSWORD),
        ),
    ]
}

struct Outcome {
    creds: Creds,
    raw: Vec<u8>,
    screen: String,
}

/// Runs the whole flow with `route`, pressing c (token) and s (secret) to copy;
/// each copy's outcome must show what `copy_expect` says (token, secret).
fn run_flow(
    route: ClipboardRoute,
    copy_expect: (&str, &str),
    config: &Path,
    sandbox: &Path,
) -> Outcome {
    let hub = SandboxProcess::start("127.0.0.1:0", sandbox);
    let rt = runtime();
    let (key, secret) = admin_create_key(&rt, &hub.base_url);
    let creds = Creds::new(&key, &secret);
    let mut pty = Pty::spawn(
        PtyOptions::new(&["setup", "sms", "--hub-url", &hub.base_url], config)
            .clipboard(route)
            .env("NOWKEY_LOG", "trace"),
    );
    let screen = run_setup(
        &mut pty,
        &hub.base_url,
        &creds,
        &Options {
            copy_token_expect: Some(copy_expect.0.into()),
            copy_secret_expect: Some(copy_expect.1.into()),
            profile: "canary".into(),
        },
    );
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(Duration::from_secs(10)), Ok(0));
    Outcome {
        creds,
        raw: pty.raw_output(),
        screen,
    }
}

/// No canary in any file under `config` (recursively, as bytes), nor on the final
/// screen; the log exists and was written at trace level.
fn assert_no_leak_at_rest(config: &Path, outcome: &Outcome) {
    let log = config.join("nowkey.log");
    let log_text = std::fs::read_to_string(&log).expect("the log was written");
    assert!(
        log_text.contains("TRACE") || log_text.contains("DEBUG"),
        "NOWKEY_LOG=trace took effect, so the scan covers the chattiest log:\n{log_text}"
    );
    let files = files_under(config);
    assert!(files.contains(&log) && files.contains(&config.join("profiles.toml")));
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for (what, canary) in canaries(&outcome.creds) {
            assert!(
                !contains_bytes(&bytes, canary.as_bytes()),
                "the {what} leaked into {}",
                file.display()
            );
        }
    }
    for (what, canary) in canaries(&outcome.creds) {
        assert!(
            !outcome.screen.contains(&canary),
            "the {what} is on the final screen"
        );
    }
}

#[test]
fn no_leak_with_the_osc52_clipboard() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let outcome = run_flow(
        ClipboardRoute::Osc52,
        (
            "was sent to your terminal's clipboard",
            "was sent to your terminal's clipboard",
        ),
        &config,
        &tmp.path().join("sandbox"),
    );
    assert_no_leak_at_rest(&config, &outcome);

    // In clear, neither the secret nor the token ever reached the terminal.
    let raw = &outcome.raw;
    assert!(!contains_bytes(raw, outcome.creds.secret.as_bytes()));
    assert!(!contains_bytes(raw, outcome.creds.token.as_bytes()));
    // Their Base64 did, as the OSC 52 payload of c and s, and only there: each
    // occurrence sits exactly between `ESC ] 52 ; c ;` and BEL.
    const OPEN: &[u8] = b"\x1b]52;c;";
    for (what, encoded) in [
        ("token", b64(&outcome.creds.token)),
        ("secret", b64(&outcome.creds.secret)),
    ] {
        let hits = find_all(raw, encoded.as_bytes());
        assert!(!hits.is_empty(), "the {what} was copied with OSC 52");
        for at in hits {
            let inside = at >= OPEN.len()
                && &raw[at - OPEN.len()..at] == OPEN
                && raw.get(at + encoded.len()) == Some(&0x07);
            assert!(inside, "the {what}'s Base64 at byte {at} is outside OSC 52");
        }
    }
    // The clipboard is cleared on the way out (an empty OSC 52).
    assert!(contains_bytes(raw, b"\x1b]52;c;\x07"));
}

#[test]
fn no_leak_without_a_clipboard() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let outcome = run_flow(
        ClipboardRoute::None,
        // The token's step offers to show it; the inbound step has no such key,
        // so it only says why nothing was copied.
        ("Press r to show the token", "No clipboard works here"),
        &config,
        &tmp.path().join("sandbox"),
    );
    assert_no_leak_at_rest(&config, &outcome);
    for (what, canary) in canaries(&outcome.creds) {
        assert!(
            !contains_bytes(&outcome.raw, canary.as_bytes()),
            "the {what} reached the terminal with the clipboard off"
        );
    }
    assert!(
        !contains_bytes(&outcome.raw, b"\x1b]52;"),
        "no OSC 52 at all with NOWKEY_CLIPBOARD=none"
    );
}
