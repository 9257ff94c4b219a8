//! `nowkey encode`: the token from a key and a secret (stdin or the environment,
//! never argv), checked against vectors computed outside nowkey with coreutils:
//! `printf '%s' 'key:secret' | base64` and `… | sha256sum | cut -c1-12`.

use crate::support;

use support::cli::{nowkey, Run};

/// (key, secret, token, fingerprint).
const VECTORS: &[(&str, &str, &str, &str)] = &[
    ("AKEY123", "s3cr3t", "QUtFWTEyMzpzM2NyM3Q=", "84f63eced1a0"),
    (
        "Q1W2E3R4T5Y6U7I8O9P0",
        "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123",
        "UTFXMkUzUjRUNVk2VTdJOE85UDA6YUJjRGVGZ0hpSmtMbU5vUHFSc1R1VndYeVowMTIz",
        "a7d7ef9a242d",
    ),
    // UTF-8 and colons in the secret (Basic auth splits on the first ':' only).
    (
        "k",
        "pässwörd:with:colons",
        "azpww6Rzc3fDtnJkOndpdGg6Y29sb25z",
        "50e55dce01f8",
    ),
];

fn encode(args: &[&str], stdin: &str) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut all = vec!["encode"];
    all.extend_from_slice(args);
    nowkey(&all, home.path()).stdin(stdin).run()
}

#[test]
fn token_on_stdout_fingerprint_on_stderr() {
    for (key, secret, token, fingerprint) in VECTORS {
        let run = encode(&["--key", key], &format!("{secret}\n"));
        run.expect_code(0);
        assert_eq!(run.stdout, format!("{token}\n"), "only the token on stdout");
        assert!(
            run.stderr.contains(&format!("fingerprint {fingerprint}")),
            "{run:#?}"
        );
        assert!(!run.stderr.contains(token) && !run.stderr.contains(secret));
    }
}

#[test]
fn header_flag_prints_the_authorization_header() {
    let (key, secret, token, _) = VECTORS[0];
    let run = encode(&["--key", key, "--header"], secret);
    run.expect_code(0);
    assert_eq!(run.stdout, format!("Authorization: Basic {token}\n"));
}

#[test]
fn pasted_whitespace_and_crlf_are_trimmed() {
    let (key, secret, token, _) = VECTORS[1];
    let run = encode(&["--key", &format!("  {key} ")], &format!("  {secret}\r\n"));
    run.expect_code(0);
    assert_eq!(run.stdout, format!("{token}\n"));
}

#[test]
fn secret_and_key_from_the_environment() {
    let (key, secret, token, fingerprint) = VECTORS[2];
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["encode"], home.path())
        .env("NOWKEY_HUB_API_KEY", key)
        .env("NOWKEY_HUB_API_SECRET", secret)
        .run();
    run.expect_code(0);
    assert_eq!(run.stdout, format!("{token}\n"));
    assert!(run.stderr.contains(fingerprint));
}

#[test]
fn the_secret_is_never_taken_from_argv() {
    for args in [
        &["encode", "--key", "K", "--secret", "x"][..],
        &["encode", "--key", "K", "--secret=x"][..],
        &["encode", "--key", "K", "x"][..],
    ] {
        let home = tempfile::tempdir().unwrap();
        let run = nowkey(args, home.path()).stdin("s3cr3t\n").run();
        run.expect_code(2);
        assert!(run.stdout.is_empty(), "no token printed: {run:#?}");
        assert!(!run.stderr.contains("panicked"));
    }
}

/// Bad input exits 2 with one line naming the problem, prints no token and never
/// echoes the secret.
fn expect_refused(run: &Run, mentions: &str, secret: &str) {
    run.expect_code(2).expect_one_line_error();
    assert!(run.stdout.is_empty(), "nothing on stdout: {run:#?}");
    assert!(
        run.stderr.to_lowercase().contains(&mentions.to_lowercase()),
        "stderr mentions {mentions:?}: {run:#?}"
    );
    if !secret.is_empty() {
        assert!(!run.stderr.contains(secret), "secret echoed: {run:#?}");
    }
}

#[test]
fn a_key_with_a_colon_is_refused() {
    expect_refused(&encode(&["--key", "ab:cd"], "s3cr3t\n"), "':'", "s3cr3t");
}

#[test]
fn an_empty_secret_is_refused() {
    expect_refused(&encode(&["--key", "K"], ""), "API secret", "");
    expect_refused(&encode(&["--key", "K"], "\n"), "empty", "");
    expect_refused(&encode(&["--key", "K"], "   \r\n"), "empty", "");
    let home = tempfile::tempdir().unwrap();
    let run = nowkey(&["encode", "--key", "K"], home.path())
        .env("NOWKEY_HUB_API_SECRET", "")
        .run();
    expect_refused(&run, "API secret", "");
}

#[test]
fn control_characters_are_refused() {
    expect_refused(
        &encode(&["--key", "K"], "abc\x07def-SECRETPART\n"),
        "control character",
        "def-SECRETPART",
    );
    expect_refused(
        &encode(&["--key", "K"], "abc\x1b[31mred\n"),
        "control character",
        "",
    );
    expect_refused(
        &encode(&["--key", "a\tb"], "s3cr3t\n"),
        "control character",
        "s3cr3t",
    );
    expect_refused(
        &encode(&["--key", "K"], "two words\n"),
        "space",
        "two words",
    );
}

#[test]
fn a_one_mebibyte_secret_is_refused_briefly() {
    let huge = "A".repeat(1 << 20);
    let run = encode(&["--key", "K"], &format!("{huge}\n"));
    expect_refused(&run, "too long", &"A".repeat(64));
    assert!(
        run.stderr.len() < 400,
        "a short message: {}",
        run.stderr.len()
    );
    let run = encode(&["--key", "K"], &huge); // no newline at all
    expect_refused(&run, "too long", &"A".repeat(64));
}

#[test]
fn no_key_with_stdin_not_a_terminal_is_a_usage_error() {
    let run = encode(&[], "s3cr3t\n");
    expect_refused(&run, "--key", "s3cr3t");
    assert!(run.stderr.contains("NOWKEY_HUB_API_KEY"), "{run:#?}");
}

#[test]
fn on_a_terminal_the_secret_prompt_does_not_echo() {
    use support::pty::{Pty, PtyOptions};
    use support::{contains_bytes, poll};
    let (key, secret, token, fingerprint) = VECTORS[0];
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(PtyOptions::new(
        &["encode", "--key", key],
        &home.path().join("config"),
    ));
    pty.expect("API secret (hidden):", std::time::Duration::from_secs(10));
    // rpassword prints the prompt, then turns echo off: type once it is off, as a
    // person would.
    let off = poll(std::time::Duration::from_secs(5), || {
        (pty.echo_enabled() == Some(false)).then_some(())
    });
    assert!(off.is_some(), "echo is turned off for the secret");
    pty.type_str(&format!("{secret}\r"));
    let screen = pty.expect(token, std::time::Duration::from_secs(10));
    assert!(screen.contains(fingerprint), "{screen}");
    assert_eq!(pty.wait_exit(std::time::Duration::from_secs(10)), Ok(0));
    assert!(
        !contains_bytes(&pty.raw_output(), secret.as_bytes()),
        "the typed secret was echoed"
    );
}
