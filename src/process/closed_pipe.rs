//! What a write to a closed pipe does. Rust ignores SIGPIPE, so `println!` to a
//! pipe whose reader has gone (`nowkey … | head -1`) panics with "Broken pipe";
//! a Unix tool ends quietly instead, killed by SIGPIPE (status 141).

/// Restores SIGPIPE's default action: a write to a closed pipe ends the process
/// quietly. Network writes are unaffected: Rust's sockets send with
/// `MSG_NOSIGNAL` (Linux) or `SO_NOSIGPIPE` (macOS) and get an error instead.
pub fn quit_on_closed_pipe() {
    set_sigpipe(Action::Default);
}

/// Ignores SIGPIPE again (Rust's own default): a closed pipe or socket is an
/// `EPIPE` error for the code that wrote to it.
pub fn ignore_closed_pipe() {
    set_sigpipe(Action::Ignore);
}

#[derive(Clone, Copy)]
enum Action {
    Default,
    Ignore,
}

#[cfg(unix)]
fn set_sigpipe(action: Action) {
    let handler = match action {
        Action::Default => libc::SIG_DFL,
        Action::Ignore => libc::SIG_IGN,
    };
    // SAFETY: installs one of the two built-in dispositions, no handler code of
    // ours; `signal` cannot fail for SIGPIPE with these.
    unsafe {
        libc::signal(libc::SIGPIPE, handler);
    }
}

#[cfg(not(unix))]
fn set_sigpipe(_action: Action) {
    // Windows has no SIGPIPE: a closed pipe is an error for the writer.
}
