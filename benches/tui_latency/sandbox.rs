//! `nowkey sandbox` as a child process, and its fault injection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `nowkey sandbox --bind 127.0.0.1:0`: its URL, demo key and secret.
pub struct Sandbox {
    child: Child,
    /// The Hub API base URL it printed.
    pub base: String,
    /// The demo key it printed.
    pub key: String,
    /// The demo secret it printed.
    pub secret: String,
}

impl Sandbox {
    /// Starts it and reads its banner.
    pub fn start(bin: &Path, config: &Path) -> Sandbox {
        let mut child = Command::new(bin)
            .args(["sandbox", "--bind", "127.0.0.1:0"])
            .env("NOWKEY_CONFIG_DIR", config)
            .env_remove("NOWKEY_HUB_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn nowkey sandbox");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (mut base, mut key, mut secret) = (None, None, None);
        for line in stdout.lines() {
            let line = line.expect("sandbox banner");
            let value = |prefix: &str| line.strip_prefix(prefix).map(|v| v.trim().to_owned());
            if let Some(v) = value("Hub API base URL:") {
                base = Some(v);
            } else if let Some(v) = value("Demo API key:") {
                key = Some(v);
            } else if let Some(v) = value("Demo API secret:") {
                secret = Some(v);
            } else if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        Sandbox {
            child,
            base: base.expect("base URL line"),
            key: key.expect("demo key line"),
            secret: secret.expect("demo secret line"),
        }
    }

    /// `POST /_sandbox/faults` with `json` (plain HTTP/1.1 over a socket).
    pub fn add_fault(&self, json: &str) {
        let hostport = self
            .base
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let mut stream = TcpStream::connect(hostport).expect("connect to the sandbox");
        write!(
            stream,
            "POST /_sandbox/faults HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
            json.len()
        )
        .expect("send the fault");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("the answer");
        assert!(
            response.starts_with("HTTP/1.1 201"),
            "fault refused: {response}"
        );
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
