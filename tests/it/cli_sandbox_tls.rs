//! `nowkey sandbox --tls` as a child process, and `--ca-file` / `NOWKEY_CA_FILE`
//! as the binary reads them: the CA file it writes, the https URL it prints, and a
//! `send-test` that passes only when that CA is trusted.

use crate::support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::cli::{nowkey, Run};
use support::{poll, BIN, GOOD_NUMBER};

/// A running `nowkey sandbox --tls`, killed on drop.
struct TlsSandbox {
    child: Child,
    banner: String,
    base_url: String,
    key: String,
    secret: String,
}

impl TlsSandbox {
    /// Starts `nowkey sandbox --tls --bind 127.0.0.1:0 <extra>` and waits for its
    /// banner.
    fn start(extra: &[&str], home: &Path) -> TlsSandbox {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--tls", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("NOWKEY_CONFIG_DIR", home.join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nowkey sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = String::new();
        while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
            banner.push_str(&line);
            banner.push('\n');
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        if !banner.contains("Press Ctrl-C") {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            panic!("no complete banner; stdout:\n{banner}\nstderr:\n{err}");
        }
        let value = |prefix: &str| {
            banner
                .lines()
                .find_map(|line| line.strip_prefix(prefix))
                .map(|rest| rest.trim().to_owned())
                .unwrap_or_else(|| panic!("no {prefix} line in:\n{banner}"))
        };
        TlsSandbox {
            base_url: value("Hub API base URL:"),
            key: value("Demo API key:"),
            secret: value("Demo API secret:"),
            banner,
            child,
        }
    }

    /// `nowkey send-test --wait 0` with the demo key, plus `before` ahead of the
    /// subcommand (global flags) and `env`.
    fn send_test(&self, home: &Path, before: &[&str], env: &[(&str, &Path)]) -> Run {
        let mut args: Vec<&str> = before.to_vec();
        args.extend([
            "send-test",
            "--hub-url",
            &self.base_url,
            "--key",
            &self.key,
            "--to",
            GOOD_NUMBER,
            "--wait",
            "0",
        ]);
        let mut command = nowkey(&args, home).env("NOWKEY_HUB_API_SECRET", &self.secret);
        for (name, value) in env {
            command = command.env(name, value);
        }
        let run = command.run();
        assert!(!run.stdout.contains(&self.secret), "secret on stdout");
        assert!(!run.stderr.contains(&self.secret), "secret on stderr");
        run
    }
}

impl Drop for TlsSandbox {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn ca_path(home: &tempfile::TempDir) -> PathBuf {
    home.path().join("sandbox-ca.pem")
}

#[test]
fn the_tls_sandbox_writes_its_ca_and_send_test_trusts_it_only_when_told() {
    let home = tempfile::tempdir().unwrap();
    let ca = ca_path(&home);
    let sandbox = TlsSandbox::start(&["--tls-ca-out", ca.to_str().unwrap()], home.path());

    assert!(
        sandbox.base_url.starts_with("https://127.0.0.1:"),
        "{}",
        sandbox.banner
    );
    let pem = std::fs::read_to_string(&ca).expect("CA file written");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert!(!pem.contains("PRIVATE KEY"), "only the public certificate");
    let shown = std::fs::canonicalize(&ca).unwrap();
    let shown = shown.display().to_string();
    for expected in [
        "expires in 365 days",
        shown.as_str(),
        "--ca-file",
        "NOWKEY_CA_FILE",
        "curl --cacert",
    ] {
        assert!(
            sandbox.banner.contains(expected),
            "{expected} in:\n{}",
            sandbox.banner
        );
    }

    let flag = ca.to_str().unwrap();
    sandbox
        .send_test(home.path(), &["--ca-file", flag], &[])
        .expect_code(0);
    sandbox
        .send_test(home.path(), &[], &[("NOWKEY_CA_FILE", &ca)])
        .expect_code(0);

    let untrusted = sandbox.send_test(home.path(), &[], &[]);
    untrusted.expect_code(3);
    assert!(
        untrusted.stderr.contains("trusted authority") && untrusted.stderr.contains("--ca-file"),
        "{untrusted:#?}"
    );
}

#[test]
fn an_expired_tls_sandbox_says_so_and_send_test_refuses_it() {
    let home = tempfile::tempdir().unwrap();
    let ca = ca_path(&home);
    let sandbox = TlsSandbox::start(
        &[
            "--tls-cert-days",
            "-3",
            "--tls-ca-out",
            ca.to_str().unwrap(),
        ],
        home.path(),
    );
    assert!(
        sandbox.banner.contains("expired 3 days ago"),
        "{}",
        sandbox.banner
    );
    let run = sandbox.send_test(home.path(), &["--ca-file", ca.to_str().unwrap()], &[]);
    run.expect_code(3);
    assert!(run.stderr.contains("certificate has expired"), "{run:#?}");
}

#[test]
fn without_tls_ca_out_the_banner_says_how_to_get_the_ca() {
    let home = tempfile::tempdir().unwrap();
    let sandbox = TlsSandbox::start(&[], home.path());
    assert!(
        sandbox.base_url.starts_with("https://"),
        "{}",
        sandbox.banner
    );
    assert!(
        sandbox.banner.contains("--tls-ca-out FILE"),
        "{}",
        sandbox.banner
    );
    assert!(
        sandbox.banner.contains("curl --insecure"),
        "{}",
        sandbox.banner
    );
}

#[test]
fn a_missing_unreadable_or_empty_ca_file_is_a_usage_error_naming_the_flag() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("nope.pem");
    let empty = home.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let garbage = home.path().join("garbage.pem");
    std::fs::write(
        &garbage,
        "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    for (file, words) in [
        (&missing, "could not be read"),
        (&empty, "no PEM certificate"),
        (&garbage, "not valid PEM"),
    ] {
        let run = nowkey(
            &["--ca-file", file.to_str().unwrap(), "profiles", "list"],
            home.path(),
        )
        .run();
        run.expect_code(2).expect_one_line_error();
        assert!(run.stderr.contains("--ca-file"), "{run:#?}");
        assert!(run.stderr.contains(words), "{words}: {run:#?}");
        // The same through the environment.
        let run = nowkey(&["profiles", "list"], home.path())
            .env("NOWKEY_CA_FILE", file)
            .run();
        run.expect_code(2).expect_one_line_error();
        assert!(run.stderr.contains("NOWKEY_CA_FILE"), "{run:#?}");
    }
}

#[test]
fn tls_ca_out_needs_tls_and_a_writable_place() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("ca.pem");
    let run = nowkey(
        &[
            "sandbox",
            "--bind",
            "127.0.0.1:0",
            "--tls-ca-out",
            file.to_str().unwrap(),
        ],
        home.path(),
    )
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("--tls"), "{run:#?}");

    let nowhere = home.path().join("no-such-dir").join("ca.pem");
    let run = nowkey(
        &[
            "sandbox",
            "--tls",
            "--bind",
            "127.0.0.1:0",
            "--tls-ca-out",
            nowhere.to_str().unwrap(),
        ],
        home.path(),
    )
    .run();
    run.expect_code(2).expect_one_line_error();
    assert!(run.stderr.contains("could not be written"), "{run:#?}");
}

#[test]
fn the_tls_sandbox_stops_cleanly_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut sandbox = TlsSandbox::start(&[], home.path());
    let status = Command::new("kill")
        .args(["-TERM", &sandbox.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let child = &mut sandbox.child;
    let exit =
        poll(Duration::from_secs(5), || child.try_wait().ok().flatten()).expect("exits within 5 s");
    assert_eq!(exit.code(), Some(0));
}
