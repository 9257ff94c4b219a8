//! The validation (validate a configuration) end to end in a pseudo-terminal: a real
//! `nowkey sandbox` process as the Hub, a key created through its admin endpoint,
//! a hand-written `profiles.toml` holding that key's id and fingerprint, and
//! `nowkey --config-dir DIR` driven from Home → Validate. The secret is typed, the
//! Hub check passes; a 503 fault on `/v1/replies` then fails it on `r`, Enter
//! shows what to do, `e` writes the report. The secret never reaches the screen,
//! the terminal output or the report.

use crate::support;

use std::path::Path;
use std::time::Duration;

use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::token::HubCredentials;
use support::pty::{ClipboardRoute, Pty, PtyOptions};
use support::sandbox_proc::SandboxProcess;
use support::{admin_add_fault, admin_create_key, contains_bytes, files_under, runtime};

/// How long any one screen may take to appear (generous: tests share 2 cores).
const WAIT: Duration = Duration::from_secs(30);

/// Writes `<config>/profiles.toml` by hand, as an admin would: one SMS profile
/// `e2e` for `key` on `hub_url`, created 10 days ago.
fn write_profile(config: &Path, hub_url: &str, key: &str, secret: &str) {
    let credentials = HubCredentials {
        key: clean_api_key(key).expect("a sandbox key id"),
        secret: clean_api_secret(secret).expect("a sandbox secret"),
    };
    let fingerprint = credentials.token().fingerprint();
    let today = chrono::Utc::now().date_naive();
    let created = today - chrono::Days::new(10);
    let due = created + chrono::Days::new(90);
    std::fs::create_dir_all(config).expect("config dir");
    std::fs::write(
        config.join("profiles.toml"),
        format!(
            "version = 1\n\n[profiles.e2e.sms]\nvendor = \"messagemedia\"\nhub_api_url = \"{hub_url}\"\napi_key = \"{key}\"\ntoken_fingerprint = \"{}\"\nkey_created = \"{created}\"\nnext_rotation_due = \"{due}\"\n",
            fingerprint.as_str()
        ),
    )
    .expect("profiles.toml written");
}

/// Waits for `text` on screen; the secret must not be on screen with it.
fn see(pty: &Pty, text: &str, secret: &str) -> String {
    let screen = pty.expect(text, WAIT);
    assert!(
        !screen.contains(secret),
        "the secret is on screen:\n{screen}"
    );
    screen
}

/// Waits until no check is running any more.
fn settled(pty: &Pty, secret: &str) -> String {
    let screen = pty
        .wait_until(WAIT, "every check finished", |s| {
            s.contains("✓ ") && s.contains(" pass · ") && !s.contains("running")
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !screen.contains(secret),
        "the secret is on screen:\n{screen}"
    );
    screen
}

/// The screen with its rows joined, so wrapped sentences can be matched.
fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn validate_a_sandbox_key_then_see_a_hub_outage_and_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let sandbox = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
    let rt = runtime();
    let (key, secret) = admin_create_key(&rt, &sandbox.base_url);
    write_profile(&config, &sandbox.base_url, &key, &secret);

    let config_arg = config.display().to_string();
    let mut pty = Pty::spawn(
        PtyOptions::new(&["--config-dir", &config_arg], &config).clipboard(ClipboardRoute::None),
    );

    // Home → 4: the only profile opens straight on its secret.
    see(&pty, "4  Validate a configuration", &secret);
    see(&pty, "1 saved profile(s): e2e", &secret);
    pty.type_str("4");
    let screen = see(&pty, "Secrets for the checks of \"e2e\"", &secret);
    assert!(screen.contains("Hub API secret:"), "{screen}");

    // Type the secret (masked), Enter runs every check at once.
    pty.type_str(&secret);
    see(&pty, &"•".repeat(secret.chars().count()), &secret);
    see(&pty, "Used by: Hub accepts the API key", &secret);
    pty.enter();
    see(&pty, "Checks of \"e2e\"", &secret);
    let screen = see(&pty, "✓ Hub accepts the API key", &secret);
    assert!(screen.contains("The Hub accepted key"), "{screen}");
    let screen = settled(&pty, &secret);
    assert!(
        screen.contains("✓ Token matches the saved fingerprint"),
        "{screen}"
    );
    assert!(screen.contains("✓ Hub key age"), "{screen}");
    assert!(screen.contains("✗ 0 fail"), "{screen}");

    // The Hub starts failing: r runs everything again and the failure shows.
    admin_add_fault(
        &rt,
        &sandbox.base_url,
        serde_json::json!({"path_prefix": "/v1/replies", "status": 503}),
    );
    pty.type_str("r");
    let screen = see(&pty, "✗ Hub accepts the API key", &secret);
    assert!(
        screen.contains("▸ ✗ Hub accepts the API key"),
        "still selected:\n{screen}"
    );
    let screen = settled(&pty, &secret);
    assert!(screen.contains("✗ 1 fail"), "{screen}");

    // Enter on it: the details say what went wrong and what to do.
    pty.enter();
    let screen = see(&pty, "── Hub accepts the API key", &secret);
    let text = flat(&screen);
    assert!(text.contains("HTTP 503"), "{screen}");
    assert!(text.contains("What to do:"), "{screen}");
    assert!(
        text.contains(&format!("Checked at {}", sandbox.base_url)),
        "{screen}"
    );

    // e writes the redacted report under the config folder.
    pty.send(b"\x1b");
    pty.wait_until(WAIT, "the details closed", |s| !s.contains("What to do:"))
        .unwrap_or_else(|e| panic!("{e}"));
    pty.type_str("e");
    see(&pty, "Report written, with no secret in it", &secret);
    let reports: Vec<_> = files_under(&config.join("reports"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let name = reports[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("e2e-") && name.ends_with("Z.md"), "{name}");
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("`hub.credentials`"), "{report}");
    assert!(report.contains("✗ fail"), "{report}");
    assert!(!report.contains(&secret), "the report holds the secret");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&reports[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the report is private");
    }

    // Esc back to the secrets, Esc home, q quits cleanly.
    pty.send(b"\x1b");
    see(&pty, "Secrets for the checks of \"e2e\"", &secret);
    pty.send(b"\x1b");
    see(&pty, "7  Quit", &secret);
    pty.type_str("q");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    assert!(
        !contains_bytes(&pty.raw_output(), secret.as_bytes()),
        "the secret reached the terminal"
    );
    for file in files_under(&config) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !contains_bytes(&bytes, secret.as_bytes()),
            "{} holds the secret",
            file.display()
        );
    }
}
