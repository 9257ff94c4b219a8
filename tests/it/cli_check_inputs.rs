//! `nowkey check`'s inputs that cannot be trusted to be what they claim: a
//! `--secrets-stdin` document far bigger than secrets need, secrets given for a
//! profile that does not exist, a secret that is not UTF-8, and a profile
//! argument with control characters. Each is an input error (exit 2) that says
//! what is wrong, and none of them is quietly treated as "not given".

use crate::check_support;
use crate::support;
use check_support::CheckEnv;
use serde_json::json;

#[test]
fn a_secrets_document_far_bigger_than_secrets_need_is_refused() {
    let env = CheckEnv::new(10);
    let padding = "x".repeat(2 << 20);
    let document =
        json!({"prod": {"hub_api_secret": env.hub_secret, "servicenow_password": padding}});
    let run = support::cli::nowkey(
        &["check", "--no-keyring", "--secrets-stdin"],
        env.home.path(),
    )
    .stdin(document.to_string())
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("more than 1024 KiB"), "{}", run.stderr);
    assert!(!run.stderr.contains(&env.hub_secret));
}

#[test]
fn secrets_for_a_profile_that_is_not_saved_are_an_input_error_naming_it() {
    let env = CheckEnv::new(10);
    let document = json!({
        "prd": {"hub_api_secret": env.hub_secret},
        "st\u{1b}]0;x\u{7}age": {"hub_api_secret": env.hub_secret},
    });
    let run = support::cli::nowkey(
        &["check", "--no-keyring", "--secrets-stdin"],
        env.home.path(),
    )
    .stdin(document.to_string())
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("prd"), "{}", run.stderr);
    assert!(run.stderr.contains("saved: prod"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains(&env.hub_secret));
}

#[cfg(unix)]
#[test]
fn a_secret_in_the_environment_that_is_not_utf8_says_so() {
    use std::os::unix::ffi::OsStrExt;
    let env = CheckEnv::new(10);
    let run = support::cli::nowkey(&["check", "--no-keyring"], env.home.path())
        .env(
            "NOWKEY_HUB_API_SECRET",
            std::ffi::OsStr::from_bytes(b"abc\xffdef"),
        )
        .run();
    run.expect_code(2).expect_one_line_error();
    assert!(
        run.stderr
            .contains("NOWKEY_HUB_API_SECRET is set but is not valid UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_profile_argument_with_control_characters_is_refused_without_echoing_them() {
    let env = CheckEnv::new(10);
    for name in [
        "pr\u{1b}]0;owned\u{7}od",
        "a\r\n✓ Hub accepts the API key",
        "../prod",
        "",
    ] {
        let run = env.check(&["--profile", name]);
        run.expect_code(2);
        for c in ['\u{1b}', '\u{7}', '\r'] {
            assert!(!run.stderr.contains(c), "{name:?}: {:?}", run.stderr);
        }
        assert!(
            !run.stderr.lines().any(|l| l.starts_with("✓")),
            "{:?}",
            run.stderr
        );
        assert!(run.stderr.contains("--profile"), "{:?}", run.stderr);
    }
}

#[test]
fn a_url_flag_check_would_ignore_is_refused() {
    let env = CheckEnv::new(10);
    for flag in ["--hub-url", "--servicenow-url", "--hopex-url"] {
        let run = env.check(&[flag, "https://elsewhere.example"]);
        run.expect_code(2).expect_one_line_error();
        assert!(
            run.stderr
                .contains(&format!("{flag} does not apply to nowkey check")),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "nothing was checked: {}", run.stdout);
    }
    // From the environment it is only the wizard's default: check runs.
    let run = env.check(&[]);
    run.expect_code(0);
    let run = support::cli::nowkey(&["check", "--no-keyring"], env.home.path())
        .env("NOWKEY_HUB_URL", "https://elsewhere.example")
        .env("NOWKEY_HUB_API_SECRET", &env.hub_secret)
        .run();
    assert!(
        run.stdout.contains("The Hub accepted key"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_profiles_file_nowkey_cannot_use_is_an_input_error() {
    let env = CheckEnv::new(10);
    let path = env.home.path().join("config/profiles.toml");
    let good = std::fs::read_to_string(&path).expect("profiles written");
    for (what, text) in [
        ("malformed", "version = 1\n[profiles.prod.sms\n".to_owned()),
        ("newer", good.replace("version = 1", "version = 99")),
    ] {
        std::fs::write(&path, &text).expect("planted");
        let run = env.check(&[]);
        run.expect_code(2).expect_one_line_error();
        assert!(
            run.stderr.contains("profiles.toml"),
            "{what}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("still there"),
            text,
            "{what}: left as it was"
        );
    }
}
