//! Running the binary as a plain (non-terminal) process with a clean environment.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{poll, BIN};

/// How long one run may take before the test gives up on it.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// What a finished run left behind.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// stdout, lossily decoded.
    pub stdout: String,
    /// stderr, lossily decoded.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

impl Run {
    /// Panics with the whole run unless it exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code; run: {self:#?}"
        );
        self
    }

    /// Panics unless stderr is exactly one non-empty line starting `nowkey: ` and
    /// holds no panic message.
    pub fn expect_one_line_error(&self) -> &Self {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "one line on stderr; run: {self:#?}");
        assert!(lines[0].starts_with("nowkey: "), "prefixed; run: {self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "no panic; run: {self:#?}"
        );
        self
    }
}

/// A command line to run: `nowkey <args>` with only PATH, HOME and
/// NOWKEY_CONFIG_DIR (under `home`) in its environment, plus what is added.
pub struct Nowkey {
    command: Command,
    stdin: Option<Vec<u8>>,
}

/// `nowkey <args>` with `home` as HOME and `home/config` as its config dir.
pub fn nowkey(args: &[&str], home: &Path) -> Nowkey {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NOWKEY_CONFIG_DIR", home.join("config"))
        .env("NOWKEY_CLIPBOARD", "none")
        // Never the developer's real keyring: with no address, the D-Bus client
        // would fall back to the desktop's session bus.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .current_dir(home);
    Nowkey {
        command,
        stdin: None,
    }
}

impl Nowkey {
    /// Adds an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Feeds `bytes` on stdin (then closes it). Without it stdin is empty.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Runs to completion (killing it after [`RUN_LIMIT`]).
    pub fn run(mut self) -> Run {
        let started = Instant::now();
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nowkey");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = self.stdin.take().unwrap_or_default();
        // A writer thread, so a program that stops reading cannot block the test.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let read_all = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let stdout = read_all(Box::new(child.stdout.take().expect("stdout")));
        let stderr = read_all(Box::new(child.stderr.take().expect("stderr")));
        let status = match poll(RUN_LIMIT, || child.try_wait().ok().flatten()) {
            Some(status) => status,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("nowkey did not finish within {RUN_LIMIT:?}");
            }
        };
        let _ = writer.join();
        let output = Output {
            status,
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
        };
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            elapsed: started.elapsed(),
        }
    }
}
