//! `nowkey sandbox --bind 127.0.0.1:0` as a child process: its printed URL and demo
//! key, and a way to stop it with a signal.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::{poll, BIN};

/// A running `nowkey sandbox`. Killed on drop.
pub struct SandboxProcess {
    child: Child,
    /// The Hub API base URL it printed, e.g. `http://127.0.0.1:40123`.
    pub base_url: String,
    /// The demo key it printed.
    pub demo_key: String,
    /// The demo secret it printed.
    pub demo_secret: String,
    /// Everything it printed on stdout before the "Press Ctrl-C" line.
    pub banner: String,
}

impl SandboxProcess {
    /// Starts `nowkey sandbox --bind <bind>` and waits (10 s at most) for its banner.
    pub fn start(bind: &str, config_dir: &Path) -> SandboxProcess {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--bind", bind])
            .env("NOWKEY_CONFIG_DIR", config_dir)
            .env_remove("NOWKEY_HUB_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nowkey sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = String::new();
        let (mut base_url, mut demo_key, mut demo_secret) = (None, None, None);
        loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(line) => {
                    banner.push_str(&line);
                    banner.push('\n');
                    let value =
                        |prefix: &str| line.strip_prefix(prefix).map(|rest| rest.trim().to_owned());
                    if let Some(v) = value("Hub API base URL:") {
                        base_url = Some(v);
                    } else if let Some(v) = value("Demo API key:") {
                        demo_key = Some(v);
                    } else if let Some(v) = value("Demo API secret:") {
                        demo_secret = Some(v);
                    } else if line.starts_with("Press Ctrl-C") {
                        break;
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let mut err = String::new();
                    if let Some(mut stderr) = child.stderr.take() {
                        let _ = stderr.read_to_string(&mut err);
                    }
                    panic!("nowkey sandbox printed no complete banner; stdout:\n{banner}\nstderr:\n{err}");
                }
            }
        }
        SandboxProcess {
            child,
            base_url: base_url.expect("base URL line"),
            demo_key: demo_key.expect("demo key line"),
            demo_secret: demo_secret.expect("demo secret line"),
            banner,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (e.g. "INT", "TERM") with `kill(1)`.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} succeeded");
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let child = &mut self.child;
        poll(timeout, || child.try_wait().ok().flatten())
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
