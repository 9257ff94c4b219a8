//! tracing to a log file under the config dir. Never logs a secret.
//!
//! THE RULE: no API secret, token, password or HOPEX key may reach a tracing event,
//! not even at `trace` level and not even as a field's `Debug`. Log key ids,
//! fingerprints, URLs, status codes and durations instead. The log is a plain file
//! that support staff attach to tickets; treat it as public.
//!
//! The TUI owns the terminal, so nothing is logged to stdout or stderr.

use std::fs::File;
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
/// The log is opened with [`open_log`]: a link, a device or a file with other
/// names in its place is refused, never followed or changed, and logging is then
/// off (the caller says so).
///
/// Installs the global default subscriber. If one is already installed (a second
/// call, or a test harness), the new one is dropped silently and the first stays.
pub fn init(dir: &ConfigDir) -> Result<(), StoreError> {
    let file = open_log(dir)?;
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

/// Opens (creating it 0600) the log file for appending, without following a link:
/// a `nowkey.log` planted as a link to another file must not make nowkey append
/// to that file or change its mode. A log of ours left wider than 0600 by an older
/// version or by hand is narrowed, on the handle that was checked.
pub fn open_log(dir: &ConfigDir) -> Result<File, StoreError> {
    dir.ensure_exists()?;
    let path = dir.log_path();
    let file = crate::store::open_private_append(&path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let write = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let meta = file.metadata().map_err(write)?;
        // SAFETY: geteuid takes no arguments, touches no memory and cannot fail.
        let mine = meta.uid() == unsafe { libc::geteuid() };
        if mine && meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(write)?;
        }
    }
    Ok(file)
}
