//! tracing to a log file under the config dir. Never logs a secret.
//!
//! THE RULE: no API secret, token, password or HOPEX key may reach a tracing event,
//! not even at `trace` level and not even as a field's `Debug`. Log key ids,
//! fingerprints, URLs, status codes and durations instead. The log is a plain file
//! that support staff attach to tickets; treat it as public.
//!
//! The TUI owns the terminal, so nothing is logged to stdout or stderr.

use std::fs::{File, OpenOptions};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::store::{ConfigDir, StoreError};

/// Env var holding the log filter (`tracing` `EnvFilter` syntax, e.g.
/// `debug` or `nowkey=trace,reqwest=warn`). Defaults to `info`.
pub const LOG_ENV: &str = "NOWKEY_LOG";

/// Sends `tracing` events to `dir.log_path()` (appended, mode 0600 on Unix, no
/// ANSI colours), filtered by `NOWKEY_LOG` (default `info`; an invalid filter also
/// falls back to `info` rather than stopping the program).
///
/// Installs the global default subscriber. If one is already installed (a second
/// call, or a test harness), the new one is dropped silently and the first stays.
pub fn init(dir: &ConfigDir) -> Result<(), StoreError> {
    dir.ensure_exists()?;
    let path = dir.log_path();
    let file = open_log(&path).map_err(|source| StoreError::Write { path, source })?;
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    // Err only means a global subscriber already exists; keeping it is the intent.
    drop(installed);
    Ok(())
}

fn open_log(path: &std::path::Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // The mode above applies only when the file is created; tighten a log file
    // left wider by an older version or by hand, since it is ours.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = file.metadata()?.permissions();
        if perms.mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}
