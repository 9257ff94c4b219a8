//! The leak scan ("Evidence", part 5): every flow and command is run with unique
//! canaries — Hub secrets the sandbox makes at random, a ServiceNow password made
//! up per run (`CANARY-sn-…`), a HOPEX key the sandbox makes — with
//! `NOWKEY_LOG=debug`, a fresh HOME and config dir, and TMPDIR inside HOME.
//! Afterwards none of them, nor the token (Base64 of `key:secret`), nor their
//! Base64, URL- and JSON-encoded spellings, may appear in:
//!
//! - any file under HOME (config dir, log, profiles, journals, reports, temp
//!   files), read as bytes, nor in any file name;
//! - the log (which must hold debug lines, so the scan means something);
//! - stdout and stderr, `--json` and Prometheus output, `--report` files;
//! - the final screens, and every screen the program drew (the raw terminal
//!   output replayed on a fresh vt100 terminal), with rows joined so a wrapped
//!   secret is still found;
//! - the raw terminal output itself, whole (so also everything after the secret
//!   was entered), except the one exact OSC 52 sequence that copies the token
//!   when the operator pressed `c`;
//! - a panic's message and backtrace.
//!
//! Where each flow is: `setup.rs` (A with its ServiceNow check, B), `rotation.rs`
//! (C, across a quit and a resume), `validate.rs` (D, echoing servers, report),
//! `commands.rs` (check, send-test, encode), `prompts.rs` (the same at their
//! hidden prompts), `panics.rs` (F12 in A to D), `tui_echoes.rs` and
//! `echo_edges.rs` (servers echoing secrets where cleaning would cut them),
//! `reveal.rs` (a token revealed by hand, then left behind), `servicenow_write.rs`
//! (nowkey writing ServiceNow as an admin, the proof, `servicenow discover` and
//! `apply`), `hopex.rs` (the HOPEX key's rotation, and `check` signing in
//! to ServiceNow with OAuth2: client secret, access and refresh tokens).
//!
//! Each test prints (stderr) how many places it scanned. `scanner.rs` shows the
//! scan can fail: every kind of planted leak is found.

#[path = "e2e_leak_scan/commands.rs"]
mod commands;
#[path = "e2e_leak_scan/echo_edges.rs"]
mod echo_edges;
#[path = "e2e_leak_scan/files.rs"]
mod files;
#[path = "e2e_leak_scan/hopex.rs"]
mod hopex;
#[path = "e2e_leak_scan/panics.rs"]
mod panics;
#[path = "e2e_leak_scan/prompts.rs"]
mod prompts;
#[path = "e2e_leak_scan/reveal.rs"]
mod reveal;
#[path = "e2e_leak_scan/rotation.rs"]
mod rotation;
#[path = "e2e_leak_scan/scanner.rs"]
mod scanner;
#[path = "e2e_leak_scan/servicenow_write.rs"]
mod servicenow_write;
#[path = "e2e_leak_scan/setup.rs"]
mod setup;
#[path = "e2e_leak_scan/tui_echoes.rs"]
mod tui_echoes;
#[path = "e2e_leak_scan/validate.rs"]
mod validate;
