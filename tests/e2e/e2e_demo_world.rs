//! The demo's world is kept between runs: `nowkey demo` in a pseudo-terminal
//! makes a sandbox key and quits; a demo profile for that key is written as the
//! setup would have; the next `nowkey demo` serves the same world at the same
//! address (the home screen lists the pair, F2 pastes its secret into the
//! validation, and the Hub check passes). With that port taken, the demo after
//! that moves, rewrites the profile's address, says so, and the check still
//! passes.

use crate::support;

use std::path::Path;
use std::time::Duration;

use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::token::HubCredentials;
use support::flow::sandbox_pair_on_screen;
use support::pty::{ClipboardRoute, Pty, PtyOptions};

const WAIT: Duration = Duration::from_secs(30);

fn demo(config: &Path) -> Pty {
    Pty::spawn(PtyOptions::new(&["demo"], config).clipboard(ClipboardRoute::None))
}

/// The address the demo's sandbox saved its world under.
fn saved_address(config: &Path) -> String {
    let text = std::fs::read_to_string(config.join("demo").join("sandbox-world.json"))
        .expect("the demo kept its world");
    let world: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    world["address"].as_str().expect("an address").to_owned()
}

/// A demo profile for `key` on `hub_url`, as the SMS setup saves one.
fn write_demo_profile(config: &Path, hub_url: &str, key: &str, secret: &str) {
    let credentials = HubCredentials {
        key: clean_api_key(key).expect("a sandbox key id"),
        secret: clean_api_secret(secret).expect("a sandbox secret"),
    };
    let today = chrono::Utc::now().date_naive();
    let due = today + chrono::Days::new(90);
    std::fs::write(
        config.join("demo").join("profiles.toml"),
        format!(
            "version = 1\n\n[profiles.yesterday.sms]\nvendor = \"messagemedia\"\nhub_api_url = \"{hub_url}\"\napi_key = \"{key}\"\ntoken_fingerprint = \"{}\"\nkey_created = \"{today}\"\nnext_rotation_due = \"{due}\"\n",
            credentials.token().fingerprint().as_str()
        ),
    )
    .expect("profiles.toml written");
}

/// Home → 4 → F2 → Enter: the Hub check passes with the sandbox's secret.
fn validate_with_f2(pty: &mut Pty, key: &str, secret: &str) {
    let home = pty.expect("Sandbox Hub keys this demo made", WAIT);
    assert!(home.contains(key), "the panel lists the pair:\n{home}");
    pty.type_str("4");
    pty.expect("F2 pastes the secret", WAIT);
    pty.send(b"\x1bOQ");
    let screen = pty.expect(&"•".repeat(secret.chars().count()), WAIT);
    assert!(!screen.contains(secret), "masked:\n{screen}");
    pty.enter();
    pty.expect("✓ Hub accepts the API key", WAIT);
}

#[test]
fn a_demo_profile_made_in_one_run_validates_in_the_next_even_after_a_move() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");

    // Run 1: the sandbox makes a key (k on step 2), then the demo ends.
    let mut pty = demo(&config);
    pty.expect("Set up the SMS connector", WAIT);
    pty.enter();
    pty.expect("Step 1 of 10", WAIT);
    pty.enter();
    pty.expect("Step 2 of 10", WAIT);
    pty.type_str("k");
    let screen = pty.expect("Sandbox Hub: your new key", WAIT);
    let (key, secret) = sandbox_pair_on_screen(&screen);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    let first = saved_address(&config);
    let first_url = format!("http://{first}");
    write_demo_profile(&config, &first_url, &key, &secret);

    // Run 2: the same world at the same address.
    let mut pty = demo(&config);
    validate_with_f2(&mut pty, &key, &secret);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    assert_eq!(saved_address(&config), first, "the same address");

    // Run 3: that port is taken; the demo moves and takes its profile along.
    let squatter = std::net::TcpListener::bind(&first).expect("the old port");
    let mut pty = demo(&config);
    validate_with_f2(&mut pty, &key, &secret);
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    drop(squatter);
    let moved = saved_address(&config);
    assert_ne!(moved, first);
    let profiles = std::fs::read_to_string(config.join("demo").join("profiles.toml")).unwrap();
    assert!(
        profiles.contains(&format!("hub_api_url = \"http://{moved}\"")),
        "{profiles}"
    );
    let said = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        said.contains(&format!(
            "the sandbox moved from {first_url} to http://{moved}"
        )) && said
            .contains("it could not listen at its last address again: Address already in use")
            && said.contains("these demo profiles now point at it: yesterday"),
        "the move is said when the demo ends:\n{said}"
    );
}

/// A world file nowkey cannot read is moved aside, the demo starts a fresh
/// world, and says so when it ends: its old profiles will not reach the new
/// sandbox, and that should not be a mystery.
#[test]
fn an_unreadable_world_is_moved_aside_and_the_demo_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let demo_dir = config.join("demo");
    std::fs::create_dir_all(&demo_dir).unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    std::fs::set_permissions(
        &demo_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let corrupt = b"{\"format\": 1, \"hub_keys\": [ \x1b]0;owned\x07 not json";
    std::fs::write(demo_dir.join("sandbox-world.json"), corrupt).unwrap();

    let mut pty = demo(&config);
    pty.expect("Set up the SMS connector", WAIT);
    pty.type_str("q");
    assert_eq!(pty.wait_exit(WAIT), Ok(0));
    let said = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        said.contains("nowkey demo: the sandbox's earlier world was not loaded: its world file could not be read (")
            && said.contains("it was moved aside to"),
        "{said}"
    );
    assert!(
        !said.contains("\u{1b}]0;owned"),
        "the file's bytes reach the terminal raw"
    );
    let aside: Vec<_> = std::fs::read_dir(&demo_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("sandbox-world.json.unreadable-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), corrupt);
}
