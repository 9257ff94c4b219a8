//! The `nowkey` binary: harden the process, parse the command line and dispatch.

fn main() -> std::process::ExitCode {
    // Before any secret is read and before any thread starts.
    nowkey::process::harden_at_start();
    nowkey::commands::main_entry()
}
