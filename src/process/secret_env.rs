//! The secret environment variables, kept from child processes: `webbrowser`
//! starts the browser with nowkey's environment and offers no way to change it,
//! so the wizard removes them from its own.

use crate::domain::check::secrets::{HOPEX_KEY_ENV, HUB_SECRET_ENV, SERVICENOW_PASSWORD_ENV};

/// Every environment variable nowkey reads a secret from.
pub const SECRET_ENV_VARS: [&str; 3] = [HUB_SECRET_ENV, SERVICENOW_PASSWORD_ENV, HOPEX_KEY_ENV];

/// Removes [`SECRET_ENV_VARS`] from the process environment. The wizard never
/// reads them (it asks for every secret on screen), so nothing it does changes.
///
/// Call it only while the process has one thread: changing the environment
/// races with any other thread reading it (`getenv` in C code included).
pub fn remove_secret_env() {
    for name in SECRET_ENV_VARS {
        std::env::remove_var(name);
    }
}
