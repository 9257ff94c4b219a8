//! The `nowkey` binary: parse the command line and dispatch.

fn main() -> std::process::ExitCode {
    nowkey::commands::main_entry()
}
