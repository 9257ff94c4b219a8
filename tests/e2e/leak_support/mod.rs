//! The leak scan's tools: the canaries (every secret a run types, in every
//! spelling it could leak as) and a scanner that looks for them in files, output,
//! screens and raw terminal bytes, counts the places it looked, and reports every
//! leak at once.
//!
//! Declared by `tests/e2e/main.rs`, beside `support`, for
//! `tests/e2e/e2e_leak_scan.rs`.
#![allow(dead_code)]

pub mod drive;
pub mod sandbox;

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use crate::support::files_under;

/// How many bytes of raw terminal output are fed to the replay screen between two
/// looks at it. Smaller than any frame nowkey draws, so no screen is skipped.
const REPLAY_CHUNK: usize = 256;

/// One spelling of one secret that must never be written anywhere.
#[derive(Debug, Clone)]
pub struct Canary {
    /// What it is, e.g. "Hub secret (base64)".
    pub what: String,
    /// The bytes to look for.
    pub value: String,
}

/// Every canary of a run.
#[derive(Debug, Clone, Default)]
pub struct Canaries {
    list: Vec<Canary>,
}

fn b64(value: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(value)
}

impl Canaries {
    /// No canary yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, what: String, value: String) {
        assert!(
            value.is_ascii() && value.len() >= 8,
            "a canary is ASCII and long enough to be unique: {what}"
        );
        if !self.list.iter().any(|c| c.value == value) {
            self.list.push(Canary { what, value });
        }
    }

    /// `value` in every form nowkey's own redactor knows (one list:
    /// [`nowkey::domain::secret_forms::secret_forms`]); pieces of it (halves,
    /// first and last 16) only when `fragments`: a token's first characters
    /// spell the key id, which is shown on purpose.
    fn spellings(&mut self, what: &str, value: &str, fragments: bool) {
        for form in nowkey::domain::secret_forms::secret_forms(value) {
            let piece = ["half", "first 16", "last 16"]
                .iter()
                .any(|p| form.what.contains(p));
            if piece && !fragments {
                continue;
            }
            let label = if form.what == "as typed" {
                what.to_owned()
            } else {
                format!("{what} ({})", form.what)
            };
            self.push(label, form.value.to_string());
        }
    }

    /// A Hub key pair: the secret and the spoke token (Base64 of `key:secret`),
    /// each in every spelling (the token's Base64 is the OSC 52 payload).
    pub fn hub(&mut self, label: &str, key: &str, secret: &str) -> &mut Self {
        let token = b64(&format!("{key}:{secret}"));
        self.spellings(&format!("{label} secret"), secret, true);
        self.spellings(&format!("{label} token"), &token, false);
        self
    }

    /// A ServiceNow password, and the Basic credentials built from it.
    pub fn password(&mut self, label: &str, user: &str, password: &str) -> &mut Self {
        self.spellings(&format!("{label} password"), password, true);
        self.spellings(
            &format!("{label} Basic credentials"),
            &b64(&format!("{user}:{password}")),
            false,
        );
        self
    }

    /// Any other secret (an OAuth client secret, a token marker), in every
    /// spelling and piece.
    pub fn secret(&mut self, label: &str, value: &str) -> &mut Self {
        self.spellings(label, value, true);
        self
    }

    /// A HOPEX API key.
    pub fn hopex_key(&mut self, label: &str, key: &str) -> &mut Self {
        self.spellings(&format!("{label} key"), key, true);
        self
    }

    /// Every canary.
    pub fn list(&self) -> &[Canary] {
        &self.list
    }
}

/// The spoke token of `key:secret`, as the test computes it.
pub fn token_of(key: &str, secret: &str) -> String {
    b64(&format!("{key}:{secret}"))
}

/// The OSC 52 write that copies `text` (BEL-terminated, as nowkey sends it).
pub fn osc52_of(text: &str) -> Vec<u8> {
    format!("\x1b]52;c;{}\x07", b64(text)).into_bytes()
}

/// `haystack` with every exact occurrence of `allowed` cut out; how many there were.
fn cut(haystack: &[u8], allowed: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(haystack.len());
    let mut count = 0;
    let mut at = 0;
    while at < haystack.len() {
        if !allowed.is_empty() && haystack[at..].starts_with(allowed) {
            at += allowed.len();
            count += 1;
        } else {
            out.push(haystack[at]);
            at += 1;
        }
    }
    (out, count)
}

/// A screen as one line: each row trimmed of spaces and box-drawing borders and
/// joined without a separator, so a secret wrapped over rows is still found.
fn joined_rows(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || "│┃║|".contains(c)))
        .collect()
}

/// Where the scan looked, per kind of place, and what it found.
pub struct Scan<'a> {
    flow: String,
    canaries: &'a Canaries,
    places: BTreeMap<&'static str, usize>,
    bytes: usize,
    leaks: Vec<String>,
}

impl<'a> Scan<'a> {
    /// A scan of `flow`'s traces for `canaries`.
    pub fn new(flow: &str, canaries: &'a Canaries) -> Self {
        assert!(!canaries.list().is_empty(), "a scan needs canaries");
        Self {
            flow: flow.to_owned(),
            canaries,
            places: BTreeMap::new(),
            bytes: 0,
            leaks: Vec::new(),
        }
    }

    /// Looks for every canary in `bytes` (binary-safe: the canaries are ASCII, and
    /// an invalid UTF-8 sequence never swallows an ASCII byte when decoded
    /// lossily). `kind` groups the place in the summary.
    pub fn bytes(&mut self, kind: &'static str, place: &str, bytes: &[u8]) {
        *self.places.entry(kind).or_default() += 1;
        self.bytes += bytes.len();
        self.search(kind, place, bytes);
    }

    fn search(&mut self, kind: &'static str, place: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        for canary in self.canaries.list() {
            if let Some(at) = text.find(&canary.value) {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(60)
                    .map_or(0, |(i, _)| i);
                let to = text[at..]
                    .char_indices()
                    .nth(canary.value.len() + 60)
                    .map_or(text.len(), |(i, _)| at + i);
                let context = text[from..to].replace(&canary.value, &format!("<{}>", canary.what));
                self.leaks.push(format!(
                    "the {} is in {place} ({kind}): …{context:?}…",
                    canary.what
                ));
            }
        }
    }

    /// [`Scan::bytes`] on text.
    pub fn text(&mut self, kind: &'static str, place: &str, text: &str) {
        self.bytes(kind, place, text.as_bytes());
    }

    /// A screen's contents, as shown and with its rows joined.
    pub fn screen(&mut self, kind: &'static str, place: &str, screen: &str) {
        self.text(kind, place, screen);
        let joined = joined_rows(screen);
        self.search(kind, &format!("{place}, rows joined"), joined.as_bytes());
    }

    /// Every regular file under `root`, recursively, and their names. Returns
    /// the files, so a test can check the ones it expects were there.
    pub fn files(&mut self, kind: &'static str, root: &Path) -> Vec<PathBuf> {
        let files = files_under(root);
        for file in &files {
            let bytes = std::fs::read(file).unwrap_or_else(|e| {
                panic!("{} could not be read for the scan: {e}", file.display())
            });
            self.bytes(kind, &file.display().to_string(), &bytes);
            let name = file.display().to_string();
            self.text("file names", &name, &name);
        }
        files
    }

    /// The raw terminal output: every byte, with the `allowed` sequences (the
    /// OSC 52 copy the operator asked for, or the token `encode` prints by
    /// design) cut out first, and every screen it drew, replayed on a fresh
    /// terminal. Returns how many allowed sequences were cut, so a test can check
    /// the allowance was used exactly.
    pub fn terminal(&mut self, place: &str, raw: &[u8], allowed: &[Vec<u8>]) -> usize {
        self.terminal_from(place, raw, 0, allowed)
    }

    /// Like [`Scan::terminal`], for what the program wrote from byte `from` on
    /// (after a secret was entered, or a revealed one hidden again): the replay
    /// draws everything before it unchecked, then checks every screen after.
    pub fn terminal_from(
        &mut self,
        place: &str,
        raw: &[u8],
        from: usize,
        allowed: &[Vec<u8>],
    ) -> usize {
        let cut_all = |bytes: &[u8]| {
            allowed
                .iter()
                .fold((bytes.to_vec(), 0), |(rest, count), sequence| {
                    let (rest, more) = cut(&rest, sequence);
                    (rest, count + more)
                })
        };
        let (before, _) = cut_all(&raw[..from]);
        let (rest, allowed_count) = cut_all(&raw[from..]);
        self.bytes("raw terminal output", place, &rest);
        let mut parser =
            vt100::Parser::new(crate::support::pty::ROWS, crate::support::pty::COLS, 0);
        parser.process(&before);
        let mut seen = HashSet::new();
        for chunk in rest.chunks(REPLAY_CHUNK) {
            parser.process(chunk);
            let screen = parser.screen().contents();
            if seen.insert(screen.clone()) {
                self.screen(
                    "replayed screens",
                    &format!("{place}, replayed screen {}", seen.len()),
                    &screen,
                );
            }
        }
        allowed_count
    }

    /// The leaks found so far.
    pub fn leaks(&self) -> &[String] {
        &self.leaks
    }

    /// Prints how many places were scanned, then panics listing every leak.
    pub fn finish(self) {
        let places: usize = self.places.values().sum();
        let detail: Vec<String> = self
            .places
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        let mut stderr = std::io::stderr().lock();
        // The summary is informative; a closed stderr must not fail the test.
        let _ = writeln!(
            stderr,
            "leak scan [{}]: {places} places, {} bytes, {} canaries: {}; {} leak(s)",
            self.flow,
            self.bytes,
            self.canaries.list().len(),
            detail.join(", "),
            self.leaks.len()
        );
        drop(stderr);
        assert!(
            self.leaks.is_empty(),
            "{}: {} leak(s):\n{}",
            self.flow,
            self.leaks.len(),
            self.leaks.join("\n")
        );
    }
}

/// A random lowercase hex string of `len` characters (for canary passwords).
pub fn random_hex(len: usize) -> String {
    let mut out = String::new();
    while out.len() < len {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(len);
    out
}

/// A canary ServiceNow password: realistic (mixed case, digits, punctuation that
/// URL-encoding and JSON change) and unique to the run.
pub fn canary_password() -> String {
    format!("CANARY-sn-{}/Pw+{}", random_hex(12), random_hex(6))
}
