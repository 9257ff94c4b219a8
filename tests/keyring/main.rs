//! The OS keyring for real: gnome-keyring's Secret Service in an isolated D-Bus
//! session, a locked one, a bus without a Secret Service, no bus at all, and a
//! bus that never answers.
//!
//! The Secret Service must be on the process's own session bus, and `keyring`
//! connects once per process, so every scenario runs this test binary again as a
//! child in the session it needs, filtered to one `#[ignore]`d inner test (see
//! store_keyring_support). The inner tests do nothing unless started that way,
//! so `cargo test -- --ignored` can never reach a real user's keyring.
//!
//! Needs `dbus-run-session`, `gnome-keyring-daemon` and `secret-tool` (Debian
//! packages dbus, gnome-keyring, libsecret-tools); those scenarios are skipped
//! without them unless NOWKEY_CI_REQUIRE is set.
#![cfg(target_os = "linux")]

mod store_keyring_support;

use std::process::Command;
use std::time::{Duration, Instant};

use nowkey::domain::profile::Profile;
use nowkey::store::{save_profile, ConfigDir, KeyringError, SecretKeyring, SecretKind};
use store_keyring_support::{
    exposed, run_inner, secret, secret_tool_lookup, secret_tool_store, Session, HOPEX_KEY,
    HUB_SECRET, HUB_SECRET_2, OTHER_SECRET, SERVICE, SN_PASSWORD,
};

// ---- outer tests: each runs one inner test in its session ----

#[test]
fn a_real_secret_service_keeps_secrets_per_profile() {
    run_inner("inner_real_store", Session::Unlocked);
}

#[test]
fn profiles_remove_deletes_the_profiles_keyring_entries() {
    run_inner("inner_profiles_remove", Session::Unlocked);
}

#[test]
fn a_locked_keyring_is_an_error_not_a_hang() {
    run_inner("inner_locked_store", Session::Locked);
}

#[test]
fn no_session_bus_means_no_keyring_quickly() {
    run_inner("inner_no_keyring", Session::NoBus);
}

#[test]
fn a_bus_without_a_secret_service_means_no_keyring() {
    run_inner("inner_no_keyring", Session::NoSecretService);
}

#[test]
fn a_bus_that_never_answers_times_out() {
    run_inner("inner_hung_keyring", Session::HungBus);
}

// ---- inner tests: each runs only in a child started above ----

/// Full API against gnome-keyring, cross-checked with `secret-tool`.
#[test]
#[ignore = "run by a_real_secret_service_keeps_secrets_per_profile"]
fn inner_real_store() {
    if !Session::Unlocked.is_current() {
        return;
    }
    let keyring = SecretKeyring::with_service(SERVICE);
    let (hub, sn, hopex) = (
        SecretKind::HubApiSecret,
        SecretKind::ServiceNowPassword,
        SecretKind::HopexApiKey,
    );

    // The first call also connects to the bus and opens an encrypted session.
    let started = Instant::now();
    assert_eq!(exposed(keyring.get("prod", hub)), None, "empty at first");
    println!(
        "REPORT first keyring call (connects): {:?}",
        started.elapsed()
    );
    keyring.set("prod", hub, &secret(HUB_SECRET)).expect("set");
    assert_eq!(
        exposed(keyring.get("prod", hub)).as_deref(),
        Some(HUB_SECRET)
    );
    keyring
        .set("prod", hub, &secret(HUB_SECRET_2))
        .expect("replace");
    assert_eq!(
        exposed(keyring.get("prod", hub)).as_deref(),
        Some(HUB_SECRET_2)
    );
    // Really in the Secret Service, under service / `<profile>/<suffix>`.
    assert_eq!(secret_tool_lookup("prod/hub_api_secret"), HUB_SECRET_2);

    // Two profiles, three kinds: no collisions.
    keyring
        .set("test", hub, &secret(OTHER_SECRET))
        .expect("set");
    keyring.set("prod", sn, &secret(SN_PASSWORD)).expect("set");
    keyring.set("prod", hopex, &secret(HOPEX_KEY)).expect("set");
    assert_eq!(
        exposed(keyring.get("prod", hub)).as_deref(),
        Some(HUB_SECRET_2)
    );
    assert_eq!(
        exposed(keyring.get("test", hub)).as_deref(),
        Some(OTHER_SECRET)
    );
    assert_eq!(
        exposed(keyring.get("prod", sn)).as_deref(),
        Some(SN_PASSWORD)
    );
    assert_eq!(
        exposed(keyring.get("prod", hopex)).as_deref(),
        Some(HOPEX_KEY)
    );
    assert_eq!(exposed(keyring.get("test", sn)), None);
    // Another service name is another set of entries.
    assert_eq!(
        exposed(SecretKeyring::with_service("nowkey-test-other").get("prod", hub)),
        None
    );

    // Delete one, then the rest of the profile; the other profile stays.
    assert_eq!(keyring.delete("prod", hub), Ok(true));
    assert_eq!(exposed(keyring.get("prod", hub)), None);
    assert_eq!(keyring.delete("prod", hub), Ok(false));
    assert_eq!(keyring.delete_all("prod"), Ok(vec![sn, hopex]));
    assert_eq!(keyring.delete_all("prod"), Ok(vec![]));
    for kind in SecretKind::ALL {
        assert_eq!(exposed(keyring.get("prod", kind)), None, "{kind}");
    }
    assert_eq!(
        exposed(keyring.get("test", hub)).as_deref(),
        Some(OTHER_SECRET)
    );

    // Entries another tool made: duplicates, and bytes that are not text.
    secret_tool_store(
        "dup/hub_api_secret",
        &["origin", "a"],
        HUB_SECRET.as_bytes(),
    );
    secret_tool_store(
        "dup/hub_api_secret",
        &["origin", "b"],
        HUB_SECRET.as_bytes(),
    );
    let err = keyring
        .get("dup", hub)
        .map(|_| ())
        .expect_err("two entries");
    assert!(
        matches!(err, KeyringError::Ambiguous { count: 2, .. }),
        "{err:?}"
    );
    keyring
        .set("dup", hub, &secret(HUB_SECRET_2))
        .expect("set replaces both");
    assert_eq!(
        exposed(keyring.get("dup", hub)).as_deref(),
        Some(HUB_SECRET_2)
    );
    secret_tool_store("bin/hub_api_secret", &[], b"\xff\xfe\x00binary");
    let err = keyring.get("bin", hub).map(|_| ()).expect_err("not text");
    assert!(matches!(err, KeyringError::Unreadable { .. }), "{err:?}");
    println!("REPORT unreadable entry: {err}");
    assert_eq!(keyring.delete("bin", hub), Ok(true));

    // How long a get takes against a live gnome-keyring.
    let mut millis: Vec<f64> = (0..15)
        .map(|_| {
            let started = Instant::now();
            assert!(exposed(keyring.get("test", hub)).is_some());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    millis.sort_by(f64::total_cmp);
    println!(
        "REPORT keyring get against gnome-keyring: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} calls)",
        millis[millis.len() / 2],
        millis[0],
        millis[millis.len() - 1],
        millis.len()
    );
}

/// `nowkey profiles remove` in the isolated session. It uses the real service
/// name `nowkey`, which is safe only because this keyring is a throwaway one.
#[test]
#[ignore = "run by profiles_remove_deletes_the_profiles_keyring_entries"]
fn inner_profiles_remove() {
    if !Session::Unlocked.is_current() {
        return;
    }
    let keyring = SecretKeyring::new();
    let config = tempfile::tempdir().expect("temp dir");
    let dir = ConfigDir::resolve(Some(config.path().to_owned())).expect("config dir");
    for name in ["prod", "test"] {
        save_profile(&dir, name, Profile::default()).expect("save profile");
        keyring
            .set(name, SecretKind::HubApiSecret, &secret(HUB_SECRET))
            .expect("set");
    }
    keyring
        .set("prod", SecretKind::HopexApiKey, &secret(HOPEX_KEY))
        .expect("set");

    let remove = |name: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_nowkey"))
            .args(["profiles", "remove", name])
            .env("NOWKEY_CONFIG_DIR", config.path())
            .output()
            .expect("nowkey runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        println!(
            "REPORT profiles remove {name}: {}",
            stderr.replace('\n', " | ")
        );
        assert!(out.status.success(), "{stderr}");
        assert!(
            out.stdout.is_empty() && !stderr.contains(HUB_SECRET),
            "{stderr}"
        );
        stderr
    };
    let stderr = remove("prod");
    assert!(
        stderr.contains("Deleted its Hub API secret and HOPEX API key from the OS keyring."),
        "{stderr}"
    );
    for kind in SecretKind::ALL {
        assert_eq!(exposed(keyring.get("prod", kind)), None, "{kind}");
    }
    assert!(exposed(keyring.get("test", SecretKind::HubApiSecret)).is_some());
    keyring.delete_all("test").expect("delete");
    let stderr = remove("test");
    assert!(
        stderr.contains("The OS keyring held no secrets for profile test."),
        "{stderr}"
    );
}

/// gnome-keyring running but never unlocked: writing needs a prompt nobody answers.
#[test]
#[ignore = "run by a_locked_keyring_is_an_error_not_a_hang"]
fn inner_locked_store() {
    if !Session::Locked.is_current() {
        return;
    }
    let timeout = Duration::from_secs(2);
    let keyring = SecretKeyring::with_service(SERVICE).with_timeout(timeout);
    let started = Instant::now();
    let result = keyring.set("prod", SecretKind::HubApiSecret, &secret(HUB_SECRET));
    let elapsed = started.elapsed();
    println!("REPORT locked set: {result:?} after {elapsed:?}");
    let err = result.expect_err("a locked keyring cannot take the secret");
    assert!(
        matches!(
            err,
            KeyringError::Locked { .. }
                | KeyringError::TimedOut { .. }
                | KeyringError::Platform { .. }
        ),
        "{err:?}"
    );
    assert!(elapsed < timeout + Duration::from_secs(2), "{elapsed:?}");
    println!("REPORT message: {err}");
}

/// `DBUS_SESSION_BUS_ADDRESS` points nowhere ("none"), or to a bus where no
/// Secret Service runs ("no-service").
#[test]
#[ignore = "run by no_session_bus_means_no_keyring_quickly and a_bus_without_a_secret_service_means_no_keyring"]
fn inner_no_keyring() {
    let expected = if Session::NoBus.is_current() {
        "(no D-Bus session bus at unix:path=/nonexistent/bus, so no Secret Service)"
    } else if Session::NoSecretService.is_current() {
        "(no Secret Service on the D-Bus session bus)"
    } else {
        return;
    };
    let keyring = SecretKeyring::with_service(SERVICE);
    let started = Instant::now();
    let got = keyring.get("prod", SecretKind::HubApiSecret).map(|_| ());
    let set = keyring.set("prod", SecretKind::HopexApiKey, &secret(HOPEX_KEY));
    let delete_all = keyring.delete_all("prod");
    let elapsed = started.elapsed();
    for result in [got, set, delete_all.map(|_| ())] {
        let err = result.expect_err("no keyring here");
        let text = err.to_string();
        println!("REPORT message: {text}");
        assert!(matches!(err, KeyringError::Unavailable { .. }), "{err:?}");
        assert!(
            text.starts_with(&format!("No OS keyring is available here {expected}: ")),
            "{text}"
        );
        assert!(
            text.ends_with("nowkey never stores them in a file."),
            "{text}"
        );
    }
    // Far under one 3 s timeout, let alone three.
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// The session bus accepts the connection and never answers.
#[test]
#[ignore = "run by a_bus_that_never_answers_times_out"]
fn inner_hung_keyring() {
    if !Session::HungBus.is_current() {
        return;
    }
    let timeout = Duration::from_millis(500);
    let keyring = SecretKeyring::with_service(SERVICE).with_timeout(timeout);
    let started = Instant::now();
    let first = keyring.get("prod", SecretKind::HubApiSecret).map(|_| ());
    let first_took = started.elapsed();
    assert_eq!(first, Err(KeyringError::TimedOut { after: timeout }));
    assert!(
        first_took >= timeout && first_took < timeout + Duration::from_secs(3),
        "{first_took:?}"
    );

    // The first call is still stuck inside the store: the next ones do not wait,
    // not even the 10 s this handle would allow.
    let patient = keyring.with_timeout(Duration::from_secs(10));
    let started = Instant::now();
    let set = patient.set("prod", SecretKind::HubApiSecret, &secret(HUB_SECRET));
    let delete = patient.delete_all("prod").map(|_| ());
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "{took:?}");
    for result in [set, delete] {
        let err = result.expect_err("still stuck");
        assert_eq!(err, KeyringError::Busy);
        println!("REPORT message: {err}");
    }
}
