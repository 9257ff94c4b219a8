//! `nowkey check --save-to-keyring` against a real Secret Service (gnome-keyring
//! in its own D-Bus session): secrets that passed are kept, and the next check
//! finds them there; with no keyring, saving says so and nothing is written.

use crate::check_support;
use crate::support;

use std::process::Command;

use check_support::{CheckEnv, SN_PASSWORD};
use support::{contains_bytes, files_under, BIN};

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

#[test]
fn secrets_that_passed_are_kept_in_the_keyring_and_found_next_time() {
    if let Some(missing) = ["dbus-run-session", "gnome-keyring-daemon"]
        .into_iter()
        .find(|t| !on_path(t))
    {
        assert!(
            std::env::var_os("NOWKEY_CI_REQUIRE").is_none(),
            "CI needs {missing}"
        );
        println!("SKIP: needs {missing} (Debian packages dbus gnome-keyring)");
        return;
    }
    let env = CheckEnv::new(10);
    let home = env.home.path();
    // Two runs in one session: the first saves, the second has no secret but the keyring.
    let script = r#"printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
NOWKEY_HUB_API_SECRET="$HUB" NOWKEY_SERVICENOW_PASSWORD="$SNPW" NOWKEY_HOPEX_API_KEY=wrong-hopex-key-000 \
  "$0" check --json --save-to-keyring </dev/null >"$HOME/first.json" 2>"$HOME/first.err"
echo "first=$?" >"$HOME/codes"
"$0" check --json </dev/null >"$HOME/second.json" 2>"$HOME/second.err"
echo "second=$?" >>"$HOME/codes""#;
    let status = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script, BIN])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("NOWKEY_CONFIG_DIR", home.join("config"))
        .env("HUB", &env.hub_secret)
        .env("SNPW", SN_PASSWORD)
        .status()
        .expect("run dbus-run-session");
    assert!(status.success(), "the session ran");
    let read = |name: &str| std::fs::read_to_string(home.join(name)).unwrap_or_default();
    assert_eq!(
        read("codes"),
        // The second run has no HOPEX key (it failed, so it was not kept): its
        // checks are unknown and the run incomplete.
        "first=1\nsecond=4\n",
        "first: {}\nsecond: {}",
        read("first.err"),
        read("second.err")
    );
    let first_err = read("first.err");
    assert!(
        first_err.contains("Kept the Hub API secret of prod in the OS keyring."),
        "{first_err}"
    );
    assert!(
        first_err.contains("Kept the ServiceNow password of prod"),
        "{first_err}"
    );
    // The wrong HOPEX key failed its check, so it was not kept.
    assert!(
        first_err.contains("Not kept in the OS keyring: the HOPEX API key of prod"),
        "{first_err}"
    );
    let second: serde_json::Value = serde_json::from_str(&read("second.json")).expect("JSON");
    let sources = &second["profiles"][0]["secret_sources"];
    assert_eq!(sources["hub_api_secret"], "keyring", "{second}");
    assert_eq!(sources["servicenow_password"], "keyring");
    assert_eq!(sources["hopex_api_key"], serde_json::Value::Null);
    let outcome = |id: &str| {
        second["profiles"][0]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["outcome"].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(outcome("hub.credentials").as_deref(), Some("pass"));
    assert_eq!(outcome("servicenow.credentials").as_deref(), Some("pass"));
    assert_eq!(outcome("hopex.key").as_deref(), Some("unknown"));
    // The keyring's own files are encrypted: no secret in clear anywhere under home.
    for file in files_under(home) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for secret in [env.hub_secret.as_str(), SN_PASSWORD] {
            assert!(
                !contains_bytes(&bytes, secret.as_bytes()),
                "{} holds a secret",
                file.display()
            );
        }
    }
}

#[test]
fn with_no_keyring_saving_says_so_and_writes_no_file() {
    let env = CheckEnv::new(10);
    let run = support::cli::nowkey(&["check", "--save-to-keyring"], env.home.path())
        .env("NOWKEY_HUB_API_SECRET", &env.hub_secret)
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .run();
    run.expect_code(2);
    assert!(
        run.stderr.contains("never stores them in a file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("✓ Hub accepts the API key"),
        "the checks still ran: {}",
        run.stdout
    );
    for file in files_under(env.home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !contains_bytes(&bytes, env.hub_secret.as_bytes()),
            "{} holds the secret",
            file.display()
        );
    }
}
