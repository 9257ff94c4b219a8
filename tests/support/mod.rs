//! Shared helpers for the command-line and end-to-end tests: a pseudo-terminal
//! harness around the real binary, a `nowkey sandbox` child process, token maths
//! done independently of nowkey, and small polling utilities.
//!
//! Declared once by each test binary's main.rs (`tests/it`, `tests/e2e`); not every
//! suite uses every helper.
#![allow(dead_code)]

pub mod cli;
pub mod flow;
pub mod pty;
pub mod rotation;
pub mod sandbox_proc;
pub mod servicenow;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_nowkey");

/// The destination every sandbox delivers (and auto-replies from).
pub const GOOD_NUMBER: &str = "+61491570156";

/// Standard padded Base64 of `key:secret`, computed here rather than by nowkey.
pub fn expected_token(key: &str, secret: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"))
}

/// Standard padded Base64 of arbitrary text.
pub fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// First 12 hex digits of SHA-256 of the token.
pub fn expected_fingerprint(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Polls `check` every 20 ms until it returns `Some`; `None` once `timeout` has
/// passed without it.
pub fn poll<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every regular file under `root`, recursively.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => out.push(path),
                _ => {}
            }
        }
    }
    out
}

/// True when `needle` occurs in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every start offset of `needle` in `haystack`.
pub fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return Vec::new();
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// A small tokio runtime for HTTP calls (and in-process servers) from a synchronous test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// `POST {base}/_sandbox/hub/keys` → `(api_key, api_secret)`.
pub fn admin_create_key(rt: &tokio::runtime::Runtime, base: &str) -> (String, String) {
    rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{base}/_sandbox/hub/keys"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("admin endpoint answers");
        assert_eq!(response.status().as_u16(), 201, "key created");
        let body: serde_json::Value = response.json().await.expect("JSON body");
        (
            body["api_key"].as_str().expect("api_key").to_owned(),
            body["api_secret"].as_str().expect("api_secret").to_owned(),
        )
    })
}

/// `POST {base}/_sandbox/faults` with `spec`.
pub fn admin_add_fault(rt: &tokio::runtime::Runtime, base: &str, spec: serde_json::Value) {
    rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{base}/_sandbox/faults"))
            .json(&spec)
            .send()
            .await
            .expect("admin endpoint answers");
        assert_eq!(response.status().as_u16(), 201, "fault registered");
    })
}

/// Whether `command` runs and succeeds here. When it does not, a test that needs
/// it is skipped with a printed reason and how to `install` it, unless
/// `NOWKEY_CI_REQUIRE` is set (CI installs it), when it fails loudly instead.
#[allow(dead_code)]
pub fn required_tool(test: &str, command: &[&str], install: &str) -> bool {
    let runs = std::process::Command::new(command[0])
        .args(&command[1..])
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        assert!(
            std::env::var_os("NOWKEY_CI_REQUIRE").is_none(),
            "NOWKEY_CI_REQUIRE is set but `{}` fails",
            command.join(" ")
        );
        println!(
            "SKIP {test}: `{}` fails here ({install})",
            command.join(" ")
        );
    }
    runs
}
