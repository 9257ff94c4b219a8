//! The commands, and the dispatch from the command line. `main.rs` only calls
//! [`main_entry`].

pub mod encode;
pub mod exit;
pub mod interactive;
pub mod profiles;
pub mod sandbox;
pub mod secrets;
pub mod send_test;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use self::exit::{CommandError, Exit};
use crate::cli::{Cli, CommandLine, Integration};
use crate::clients::http::Timeouts;

/// Parses the command line, runs the command and returns its exit code.
pub fn main_entry() -> ExitCode {
    // clap prints usage errors and exits 2 itself; --help and --version exit 0.
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("nowkey: {}", error.message);
            error.exit.into()
        }
    }
}

fn dispatch(cli: Cli) -> Result<Exit, CommandError> {
    let global = cli.global;
    let timeouts = Timeouts {
        connect: Duration::from_secs(global.timeout.min(10)),
        request: Duration::from_secs(global.timeout),
    };
    match cli.command {
        None => interactive::run(&global, interactive::Mode::Home, timeouts),
        Some(CommandLine::Demo) => interactive::run(&global, interactive::Mode::Demo, timeouts),
        Some(CommandLine::Setup { integration }) => match integration {
            Integration::Sms => interactive::run(&global, interactive::Mode::SetupSms, timeouts),
            Integration::Hopex => Err(CommandError::usage(
                "HOPEX setup is not in this version of nowkey yet; `nowkey setup sms` is.",
            )),
        },
        Some(CommandLine::Encode(args)) => encode::run(&args).map(|()| Exit::Success),
        Some(CommandLine::SendTest(args)) => send_test::run(
            &args,
            global.hub_url.as_deref(),
            global.config_dir.clone(),
            timeouts,
        ),
        Some(CommandLine::Sandbox { bind }) => sandbox::run(bind),
        Some(CommandLine::Profiles { action }) => profiles::run(action, global.config_dir.clone()),
    }
}
