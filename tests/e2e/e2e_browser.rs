//! `o` on step 2 of the SMS setup opens the Hub in the browser named by
//! `BROWSER`, here a script: the browser gets none of nowkey's secret variables,
//! and a browser command that never returns is given up on, with the address to
//! open by hand.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use support::poll;
use support::pty::{Pty, PtyOptions};
use support::rotation::flat;

const SCREEN: Duration = Duration::from_secs(15);

/// The first brand's Hub (MessageMedia), which `o` opens.
const HUB_ADDRESS: &str = "https://hub.messagemedia.com/";

/// Writes an executable shell script `dir/name`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write the script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// Waits until `text` is on screen, line wrapping aside; returns the screen's
/// words joined by single spaces.
fn see(pty: &Pty, text: &str) -> String {
    pty.wait_until(SCREEN, &format!("{text:?} on screen"), |screen| {
        flat(screen).contains(text)
    })
    .map(|screen| flat(&screen))
    .unwrap_or_else(|e| panic!("{e}"))
}

/// `nowkey setup sms` with `BROWSER` and `env`, on step 2, after `o`.
fn press_open(config: &Path, browser: &Path, env: &[(&str, &str)]) -> Pty {
    let mut options =
        PtyOptions::new(&["setup", "sms"], config).env("BROWSER", &browser.to_string_lossy());
    for (key, value) in env {
        options = options.env(key, value);
    }
    let mut pty = Pty::spawn(options);
    pty.expect("Choose your SMS Hub", SCREEN);
    pty.enter();
    pty.expect("Step 2 of 10", SCREEN);
    pty.send(b"o");
    pty
}

#[test]
fn the_browser_inherits_no_secret_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("browser-env");
    let browser = script(
        tmp.path(),
        "env-dumping-browser",
        &format!("env > '{0}.part' && mv '{0}.part' '{0}'", dump.display()),
    );
    let canaries = [
        ("NOWKEY_HUB_API_SECRET", "hub-secret-canary-7f3a"),
        (
            "NOWKEY_SERVICENOW_PASSWORD",
            "servicenow-password-canary-91c2",
        ),
        ("NOWKEY_HOPEX_API_KEY", "hopex-key-canary-4d8e"),
    ];
    let pty = press_open(&tmp.path().join("config"), &browser, &canaries);
    let env = poll(SCREEN, || std::fs::read_to_string(&dump).ok())
        .unwrap_or_else(|| panic!("the browser never ran; the screen:\n{}", pty.screen()));
    assert!(
        env.contains("BROWSER="),
        "the dump is the browser's environment:\n{env}"
    );
    for (name, canary) in canaries {
        assert!(
            !env.contains(canary) && !env.contains(&format!("{name}=")),
            "the browser inherited {name}:\n{env}"
        );
    }
    see(&pty, &format!("Asked your browser to open {HUB_ADDRESS}"));
}

#[test]
fn a_browser_that_never_returns_is_given_up_on_with_the_address_to_open_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    // Named like a text browser, which the opener runs in the foreground and
    // waits for; this one never finishes on its own.
    let browser = script(tmp.path(), "lynx", "exec sleep 60");
    let pty = press_open(&tmp.path().join("config"), &browser, &[]);
    see(&pty, &format!("Opening {HUB_ADDRESS} in your browser"));
    see(
        &pty,
        &format!("The browser did not answer within 5 s: open {HUB_ADDRESS} by hand."),
    );
}
