//! The end-to-end suites: the real `nowkey` binary driven in pseudo-terminals
//! (portable-pty, screens parsed by vt100), against a sandbox child process. Kept
//! apart from `tests/it` so their timing-sensitive terminals never share a
//! process with the rest of the suite.

#[path = "../support/mod.rs"]
mod support;

mod leak_support;

mod e2e_browser;
mod e2e_canary_leak;
mod e2e_check_output;
mod e2e_closed_pipe;
#[cfg(target_os = "linux")]
mod e2e_core_dumps;
mod e2e_demo_world;
mod e2e_first_time_setup;
mod e2e_help;
mod e2e_hopex_rotation;
mod e2e_hopex_setup;
mod e2e_leak_scan;
mod e2e_rotation;
mod e2e_rotation_crash;
mod e2e_servicenow_write;
mod e2e_silent_terminal;
mod e2e_terminal_safety;
mod e2e_validate;
