//! The SMS setup end to end in a pseudo-terminal: the real binary, a real `nowkey sandbox`
//! process as the Hub, a key created through its admin endpoint, key and secret
//! pasted with bracketed paste.

use crate::support;

use std::time::Duration;

use support::flow::{assert_masked, run_setup, sandbox_pair_on_screen, see, Creds, Options, STEP};
use support::pty::{Pty, PtyOptions};
use support::sandbox_proc::SandboxProcess;
use support::{admin_create_key, b64, contains_bytes, runtime, GOOD_NUMBER};

const EXIT: Duration = Duration::from_secs(10);

/// The terminal was handed back: the output's last alternate-screen switch leaves
/// it, bracketed paste is off again, and the cursor is shown after that.
fn assert_terminal_restored(raw: &[u8]) {
    let last = |needle: &[u8]| support::find_all(raw, needle).last().copied();
    let entered = last(b"\x1b[?1049h").expect("the wizard used the alternate screen");
    let left = last(b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(
        left > entered,
        "the last switch leaves the alternate screen"
    );
    let shown = last(b"\x1b[?25h").expect("the cursor was shown again");
    assert!(shown > left, "the cursor is shown after leaving");
    let paste_off = last(b"\x1b[?2004l").expect("bracketed paste disabled");
    assert!(
        paste_off > entered,
        "bracketed paste disabled on the way out"
    );
    let tail = String::from_utf8_lossy(&raw[left..]);
    assert!(
        !tail.contains("\x1b[?25l") && !tail.contains("\x1b[?1049h"),
        "nothing hides the cursor or re-enters afterwards: {tail:?}"
    );
}

#[test]
fn first_time_setup_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let hub = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
    let rt = runtime();
    let (key, secret) = admin_create_key(&rt, &hub.base_url);
    let creds = Creds::new(&key, &secret);

    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", &hub.base_url],
        &config,
    ));
    let done = run_setup(
        &mut pty,
        &hub.base_url,
        &creds,
        &Options {
            copy_token_expect: Some("was sent to your terminal's clipboard".into()),
            copy_secret_expect: None,
            profile: "e2e-prod".into(),
        },
    );
    let profiles_path = config.join("profiles.toml");
    assert!(
        done.contains(&format!("Saved to {}", profiles_path.display())),
        "the summary names the file:\n{done}"
    );
    assert!(
        done.contains(&format!("Fingerprint      {}", creds.fingerprint)),
        "summary fingerprint:\n{done}"
    );
    assert!(done.contains(&format!("Test number      {GOOD_NUMBER}")));
    assert!(done.contains("The secret was not saved"));

    // Done holds no secret any more, so Ctrl-C quits at once.
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    let raw = pty.raw_output();
    assert_terminal_restored(&raw);
    assert!(
        !contains_bytes(&raw, creds.secret.as_bytes()),
        "the secret was never drawn"
    );
    assert!(
        contains_bytes(
            &raw,
            format!("\x1b]52;c;{}\x07", b64(&creds.token)).as_bytes()
        ),
        "c sent the token with OSC 52"
    );

    // The profile: key id, fingerprint, URL and test number; never the secret.
    let text = std::fs::read_to_string(&profiles_path).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    let sms = &doc["profiles"]["e2e-prod"]["sms"];
    assert_eq!(sms["api_key"].as_str(), Some(key.as_str()), "{text}");
    assert_eq!(
        sms["token_fingerprint"].as_str(),
        Some(creds.fingerprint.as_str()),
        "{text}"
    );
    assert_eq!(sms["hub_api_url"].as_str(), Some(hub.base_url.as_str()));
    assert_eq!(sms["test_number"].as_str(), Some(GOOD_NUMBER));
    assert!(sms.get("key_created").is_some() && sms.get("next_rotation_due").is_some());
    assert!(!text.contains(&secret), "no secret in the profile:\n{text}");
    assert!(
        !text.contains(&creds.token),
        "no token in the profile:\n{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&profiles_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "profiles.toml is 0600");
    }
}

/// Steps 1–3 with a pasted pair, ending on step 4 with the credentials captured.
fn capture_and_reach_step_4(pty: &mut Pty, creds: &Creds) {
    see(pty, "Step 1 of 10", creds);
    pty.enter();
    see(pty, "Step 2 of 10", creds);
    pty.enter();
    see(pty, "▸ API key", creds);
    pty.send_paste(&creds.key);
    pty.send(b"\t");
    see(pty, "▸ API secret", creds);
    pty.send_paste(&creds.secret);
    see(
        pty,
        &format!("{} characters, masked", creds.secret.len()),
        creds,
    );
    pty.enter();
    see(pty, "Step 4 of 10", creds);
}

#[test]
fn esc_with_a_captured_secret_asks_and_ctrl_c_then_y_quits_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    // Nothing is contacted before step 7, so no Hub is needed here.
    let creds = Creds::new("KEYFORESCTEST01", "EscTestSecret-9f3a1c77e2");
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", "http://127.0.0.1:9"],
        &config,
    ));
    capture_and_reach_step_4(&mut pty, &creds);

    // Esc asks before throwing the secret away; n stays on the step.
    pty.send(b"\x1b");
    see(&pty, "Cancel the setup?", &creds);
    see(&pty, "The API secret you entered will be lost", &creds);
    pty.type_str("n");
    pty.wait_until(STEP, "the dialog to close", |s| {
        !s.contains("Cancel the setup?") && s.contains("Step 4 of 10")
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // Ctrl-C asks too; y quits with success and hands the terminal back.
    pty.send(b"\x03");
    let screen = see(&pty, "Quit nowkey?", &creds);
    assert!(
        screen.contains("Step 4 of 10"),
        "still on step 4:\n{screen}"
    );
    pty.type_str("y");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    let raw = pty.raw_output();
    assert_terminal_restored(&raw);
    assert!(!contains_bytes(&raw, creds.secret.as_bytes()));
    assert!(
        !config.join("profiles.toml").exists(),
        "nothing saved on quit"
    );
}

#[test]
fn ctrl_c_without_a_secret_quits_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let creds = Creds::new("unused", "unused-secret");
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", "http://127.0.0.1:9"],
        &config,
    ));
    see(&pty, "Step 1 of 10", &creds);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));
    assert_terminal_restored(&pty.raw_output());
}

#[test]
fn demo_from_home_with_the_sandbox_key() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let mut pty = Pty::spawn(PtyOptions::new(&["demo"], &config));
    let placeholder = Creds::new("none-yet", "none-yet-secret");
    let home = see(&pty, "Set up the SMS connector", &placeholder);
    assert!(home.contains("SANDBOX"), "the demo is bannered:\n{home}");
    pty.enter();
    see(&pty, "Step 1 of 10", &placeholder);
    let screen = see(&pty, "built-in sandbox", &placeholder);
    assert!(
        screen.contains("http://127.0.0.1:"),
        "sandbox URL:\n{screen}"
    );
    pty.enter();

    // Step 2: k creates a key in the embedded sandbox and shows it, as a Hub would.
    see(&pty, "Step 2 of 10", &placeholder);
    pty.type_str("k");
    let screen = see(&pty, "Sandbox Hub: your new key", &placeholder);
    let (key, secret) = sandbox_pair_on_screen(&screen);
    let creds = Creds::new(&key, &secret);
    pty.enter();

    // Step 3: F2 pastes the sandbox key into each field.
    see(&pty, "▸ API key", &creds);
    pty.send(b"\x1bOQ");
    see(&pty, &creds.key, &creds);
    pty.send(b"\t");
    see(&pty, "▸ API secret", &creds);
    pty.send(b"\x1bOQ");
    see(
        &pty,
        &format!("{} characters, masked", creds.secret.len()),
        &creds,
    );
    pty.enter();
    // Step 4: the demo pre-fills the sandbox's ServiceNow; Ctrl-X skips the check.
    see(&pty, "Step 4 of 10", &creds);
    see(&pty, "Check ServiceNow (optional)", &creds);
    pty.send(b"\x18");
    let screen = see(&pty, "Step 5 of 10", &creds);
    let screen = if screen.contains("Fingerprint") {
        screen
    } else {
        see(&pty, "Fingerprint", &creds)
    };
    assert!(screen.contains(&creds.fingerprint), "{screen}");
    for n in 6..=8 {
        pty.enter();
        see(&pty, &format!("Step {n} of 10"), &creds);
        if n == 7 {
            see(&pty, "✓ The Hub accepted", &creds);
        }
    }
    pty.enter();
    see(&pty, "▸ Mobile number", &creds);
    pty.type_str(GOOD_NUMBER);
    pty.enter();
    see(&pty, "✓ delivered", &creds);
    see(&pty, "Reply received", &creds);
    pty.enter();
    see(&pty, "Step 10 of 10", &creds);
    pty.enter(); // keep "default"
    see(&pty, "Saved to", &creds);
    pty.enter(); // back home
                 // The demo's home lists the pairs its sandbox made (the sandbox's own
                 // throwaway secret, on purpose), and nothing else of the key.
    let home = pty.expect("1 saved profile(s): default", Duration::from_secs(30));
    let panel = home
        .split("Sandbox Hub keys this demo made")
        .nth(1)
        .unwrap_or_else(|| panic!("the demo panel:\n{home}"));
    assert!(
        panel.contains(&creds.key) && panel.contains(&creds.secret),
        "{home}"
    );
    let outside = home.replace(panel, "");
    assert_masked(&outside, &creds);
    pty.type_str("q");
    assert_eq!(pty.wait_exit(EXIT), Ok(0));

    // Demo profiles live apart from real ones.
    let demo = std::fs::read_to_string(config.join("demo").join("profiles.toml")).unwrap();
    assert!(demo.contains(&creds.fingerprint), "{demo}");
    assert!(!demo.contains(&creds.secret));
    assert!(!config.join("profiles.toml").exists(), "no real profile");
}

#[test]
fn sigterm_restores_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let creds = Creds::new("KEYFORSIGTERM01", "SigtermSecret-4b1d9e0a77");
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", "http://127.0.0.1:9"],
        &tmp.path().join("config"),
    ));
    capture_and_reach_step_4(&mut pty, &creds);
    let pid = pty.pid().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let code = pty.wait_exit(EXIT).expect("exits by itself after SIGTERM");
    assert_ne!(code, 0, "a signal is not a success");
    let raw = pty.raw_output();
    assert_terminal_restored(&raw);
    assert!(!contains_bytes(&raw, creds.secret.as_bytes()));
}

#[test]
fn a_panic_restores_the_terminal_and_prints_no_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let creds = Creds::new("KEYFORPANIC0001", "PanicSecret-77c2a9e4d1");
    let mut pty = Pty::spawn(
        PtyOptions::new(
            &["setup", "sms", "--hub-url", "http://127.0.0.1:9"],
            &tmp.path().join("config"),
        )
        .env("NOWKEY_DEBUG_PANIC", "1"),
    );
    capture_and_reach_step_4(&mut pty, &creds);
    pty.send(b"\x1b[24~"); // F12: the hidden panic switch
    let code = pty.wait_exit(EXIT).expect("exits after the panic");
    assert_eq!(code, 101, "Rust's panic exit code");
    let raw = pty.raw_output();
    assert_terminal_restored(&raw);
    // The panic message is printed after leaving the alternate screen, so it is
    // visible on the normal screen.
    let left = support::find_all(&raw, b"\x1b[?1049l")
        .last()
        .copied()
        .unwrap();
    assert!(
        contains_bytes(&raw[left..], b"forced panic"),
        "the panic message follows the restore"
    );
    assert!(!contains_bytes(&raw, creds.secret.as_bytes()));
    assert!(!contains_bytes(&raw, creds.token.as_bytes()));
}

#[test]
fn a_hung_hub_leaves_the_screen_responsive_and_esc_cancels() {
    let tmp = tempfile::tempdir().unwrap();
    let hub = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
    let rt = runtime();
    let (key, secret) = admin_create_key(&rt, &hub.base_url);
    support::admin_add_fault(
        &rt,
        &hub.base_url,
        serde_json::json!({"path_prefix": "/v1/replies", "hang": true}),
    );
    let creds = Creds::new(&key, &secret);
    let mut pty = Pty::spawn(PtyOptions::new(
        &["setup", "sms", "--hub-url", &hub.base_url],
        &tmp.path().join("config"),
    ));
    capture_and_reach_step_4(&mut pty, &creds);
    pty.send(b"\x18"); // Ctrl-X skips the optional ServiceNow check
    see(&pty, "Step 5 of 10", &creds);
    pty.enter();
    see(&pty, "Step 6 of 10", &creds);
    pty.enter();
    see(&pty, "Checking the credentials", &creds);
    // The spinner's clock keeps moving while the request hangs.
    let first = pty.screen();
    pty.wait_until(STEP, "the elapsed time to advance", |s| {
        s.contains("Checking the credentials") && s != first
    })
    .unwrap_or_else(|e| panic!("{e}"));
    pty.send(b"\x1b");
    see(
        &pty,
        "You stopped the check before the Hub answered.",
        &creds,
    );
    let screen = pty.screen();
    assert!(
        !screen.contains("Cancel the setup?"),
        "Esc cancelled the request, not the setup:\n{screen}"
    );
    // Clear the fault: r checks again and passes.
    rt.block_on(async {
        reqwest::Client::new()
            .delete(format!("{}/_sandbox/faults", hub.base_url))
            .send()
            .await
            .unwrap()
    });
    pty.type_str("r");
    see(&pty, "✓ The Hub accepted", &creds);
}
