//! A reader that goes away (`nowkey … | head -1`): every command ends quietly,
//! killed by SIGPIPE (status 141 in a shell) or with status 0, never with a
//! "failed printing to stdout" panic. stdout is a pipe whose read end is closed
//! before the program starts, so its first write finds no reader.

use crate::support;

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

use support::flow::Creds;
use support::rotation::save_sms_profile;
use support::sandbox_proc::SandboxProcess;
use support::{admin_create_key, runtime, BIN, GOOD_NUMBER};

const SIGPIPE: i32 = 13;

/// Runs `nowkey args` with `stdin` fed and stdout a pipe nobody reads; asserts
/// it ended quietly.
fn assert_quiet_on_closed_pipe(args: &[&str], home: &Path, env: &[(&str, &str)], stdin: &str) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NOWKEY_CONFIG_DIR", home.join("config"))
        .env("NOWKEY_CLIPBOARD", "none")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .current_dir(home)
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("spawn nowkey");
    let mut input = child.stdin.take().expect("stdin");
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let output = child.wait_with_output().expect("nowkey ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let status = output.status;
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "nowkey {args:?} panicked on a closed pipe: {stderr}"
    );
    assert!(
        status.signal() == Some(SIGPIPE) || status.code() == Some(0),
        "nowkey {args:?} ended with {status:?}, not SIGPIPE or 0: {stderr}"
    );
}

#[test]
fn encode_ends_quietly_when_its_reader_is_gone() {
    let home = tempfile::tempdir().unwrap();
    assert_quiet_on_closed_pipe(
        &["encode", "--key", "closed-pipe-key"],
        home.path(),
        &[],
        "closed-pipe-secret\n",
    );
}

#[test]
fn sandbox_profiles_send_test_and_check_end_quietly_when_their_reader_is_gone() {
    let home = tempfile::tempdir().unwrap();
    assert_quiet_on_closed_pipe(&["sandbox", "--bind", "127.0.0.1:0"], home.path(), &[], "");

    let hub = SandboxProcess::start("127.0.0.1:0", &home.path().join("sandbox"));
    let rt = runtime();
    let (key, secret) = admin_create_key(&rt, &hub.base_url);
    let creds = Creds::new(&key, &secret);
    save_sms_profile(&home.path().join("config"), "piped", &hub.base_url, &creds);

    assert_quiet_on_closed_pipe(&["profiles", "list", "--json"], home.path(), &[], "");
    assert_quiet_on_closed_pipe(
        &["profiles", "show", "piped", "--json"],
        home.path(),
        &[],
        "",
    );
    let secret_env = [("NOWKEY_HUB_API_SECRET", secret.as_str())];
    assert_quiet_on_closed_pipe(
        &[
            "send-test",
            "--profile",
            "piped",
            "--to",
            GOOD_NUMBER,
            "--wait",
            "0",
            "--json",
        ],
        home.path(),
        &secret_env,
        "",
    );
    assert_quiet_on_closed_pipe(
        &["check", "--profile", "piped", "--json", "--no-keyring"],
        home.path(),
        &secret_env,
        "",
    );
}
