//! Process-wide hardening, done once before any secret is read: no core dumps
//! (which would hold every secret in memory), Unix behaviour on a closed pipe for
//! the command-line tools, and, before the wizard starts, an environment its
//! children (the browser) cannot read secrets from.

mod closed_pipe;
mod core_dumps;
mod secret_env;

pub use closed_pipe::{ignore_closed_pipe, quit_on_closed_pipe};
pub use core_dumps::disable_core_dumps;
pub use secret_env::{remove_secret_env, SECRET_ENV_VARS};

/// First thing in `main`, while the process has one thread: turns core dumps off
/// and lets a write to a closed pipe end the process quietly (status 141), as
/// `head` and friends expect of a Unix tool.
pub fn harden_at_start() {
    disable_core_dumps();
    quit_on_closed_pipe();
}

/// Before the wizard starts its runtime (the process still has one thread):
/// removes the secret variables, so no child inherits them, and ignores SIGPIPE
/// again, so a dropped X11 or D-Bus connection is an error the wizard handles
/// rather than a signal that kills it with the terminal still raw.
pub fn prepare_for_wizard() {
    remove_secret_env();
    ignore_closed_pipe();
}
