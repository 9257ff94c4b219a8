//! Tests that change the whole process, so they cannot share one with the main
//! suite: environment variables (`TMUX`, `NOWKEY_LOG`), the global log
//! subscriber, and the process-wide extra trusted CAs (which the fault suite's
//! self-signed rows must never see).

mod clipboard_osc52;
mod clipboard_tmux;
mod sandbox_tls;
mod store_logging;

/// Held while a test changes `TMUX` and builds a clipboard, which reads it: the
/// OSC 52 tests need it unset (the tmux tests give their options directly).
pub static TMUX_ENV: std::sync::Mutex<()> = std::sync::Mutex::new(());
