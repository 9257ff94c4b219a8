//! Pure tests: names, accounts and error mapping. Nothing here reaches a keyring;
//! tests/keyring/main.rs runs the real thing in an isolated session.

use std::io;

use super::*;

#[test]
fn suffixes_and_labels_are_stable() {
    let got: Vec<(&str, &str)> = SecretKind::ALL
        .iter()
        .map(|k| (k.account_suffix(), k.label()))
        .collect();
    assert_eq!(
        got,
        [
            ("hub_api_secret", "Hub API secret"),
            ("servicenow_password", "ServiceNow password"),
            ("servicenow_client_secret", "ServiceNow OAuth client secret"),
            ("hopex_api_key", "HOPEX API key"),
        ]
    );
    assert_eq!(SecretKind::HopexApiKey.to_string(), "HOPEX API key");
}

#[test]
fn accounts_are_profile_slash_suffix() {
    assert_eq!(
        SecretKeyring::account("prod", SecretKind::ServiceNowPassword).as_deref(),
        Ok("prod/servicenow_password")
    );
    assert_eq!(
        SecretKeyring::account("acme-test.2_b", SecretKind::HubApiSecret).as_deref(),
        Ok("acme-test.2_b/hub_api_secret")
    );
}

#[test]
fn handles_default_to_nowkey_and_three_seconds() {
    let keyring = SecretKeyring::new();
    assert_eq!(keyring.service(), "nowkey");
    assert_eq!(keyring.timeout(), Duration::from_secs(3));
    let other = SecretKeyring::with_service("nowkey-test").with_timeout(Duration::from_secs(1));
    assert_eq!(
        (other.service(), other.timeout()),
        ("nowkey-test", Duration::from_secs(1))
    );
}

#[test]
fn bad_profile_names_are_refused_before_any_keyring_call() {
    // A service no test store holds and a zero timeout: were the name not refused
    // first, these would come back as TimedOut or Unavailable instead.
    let keyring = SecretKeyring::with_service("nowkey-never-used").with_timeout(Duration::ZERO);
    let secret = SecretString::from("s3cr3t-value");
    for name in ["", " prod", "prod ", "a/b", "../x", "p:q", &"x".repeat(65)] {
        let bad = |result: Result<(), KeyringError>| {
            assert!(
                matches!(result, Err(KeyringError::BadProfileName { .. })),
                "{name:?}: {result:?}"
            )
        };
        bad(keyring.get(name, SecretKind::HubApiSecret).map(|_| ()));
        bad(keyring.set(name, SecretKind::HubApiSecret, &secret));
        bad(keyring.delete(name, SecretKind::HubApiSecret).map(|_| ()));
        bad(keyring.delete_all(name).map(|_| ()));
    }
}

fn boxed(text: &str) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(io::Error::other(text.to_owned()))
}

#[test]
fn platform_errors_map_to_what_a_person_can_act_on() {
    use ::keyring::Error as E;
    let account = "prod/hub_api_secret";
    let cases: Vec<(E, KeyringError)> = vec![
        (
            E::NoStorageAccess(boxed("SS Error: object locked")),
            KeyringError::Locked {
                detail: "SS Error: object locked".into(),
            },
        ),
        (
            E::PlatformFailure(boxed("no secret service provider or dbus session found")),
            KeyringError::Unavailable {
                detail: "no D-Bus session bus, or no Secret Service on it".into(),
            },
        ),
        (
            E::PlatformFailure(boxed(
                "zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable",
            )),
            KeyringError::Unavailable {
                detail: "no Secret Service on the D-Bus session bus".into(),
            },
        ),
        (
            E::PlatformFailure(boxed(
                "zbus error: Failed to connect to address `unix:path=/x/bus`: No such file or directory (os error 2)",
            )),
            KeyringError::Unavailable {
                detail: "no D-Bus session bus at unix:path=/x/bus, so no Secret Service".into(),
            },
        ),
        (
            E::PlatformFailure(boxed("zbus error: I/O error")),
            KeyringError::Platform {
                detail: "zbus error: I/O error".into(),
            },
        ),
        (
            E::NoDefaultStore,
            KeyringError::Unavailable {
                detail: "the platform's keyring could not be opened".into(),
            },
        ),
        (
            E::BadEncoding(b"\xffsecret".to_vec()),
            KeyringError::Unreadable {
                account: account.into(),
            },
        ),
        (
            E::Ambiguous(Vec::new()),
            KeyringError::Ambiguous {
                account: account.into(),
                count: 0,
            },
        ),
    ];
    for (from, want) in cases {
        assert_eq!(classify(from, account, None), want);
    }
}

#[test]
fn a_platform_message_never_carries_the_secret_being_written() {
    let got = classify(
        ::keyring::Error::PlatformFailure(boxed("rejected value s3cr3t-value for item")),
        "prod/hub_api_secret",
        Some("s3cr3t-value"),
    );
    assert!(!got.to_string().contains("s3cr3t-value"), "{got}");
    assert!(!format!("{got:?}").contains("s3cr3t-value"), "{got:?}");
}
