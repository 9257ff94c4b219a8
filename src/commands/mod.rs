//! The commands, and the dispatch from the command line. `main.rs` only calls
//! [`main_entry`].

pub mod check;
pub mod encode;
pub mod exit;
pub mod interactive;
pub mod profiles;
pub mod sandbox;
pub mod secrets;
pub mod send_test;
pub mod servicenow;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use self::exit::{CommandError, Exit};
use crate::cli::{Cli, CommandLine, Integration};
use crate::clients::http::Timeouts;
use crate::clients::trust::{read_ca_file, trust_extra_roots};
use crate::sandbox::SandboxTls;

/// Parses the command line, runs the command and returns its exit code.
pub fn main_entry() -> ExitCode {
    // clap prints usage errors and exits 2 itself; --help and --version exit 0.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    // A saved profile's Hub URL beats NOWKEY_HUB_URL, but not an explicit --hub-url.
    let hub_url_from_env = matches.value_source("hub_url") == Some(ValueSource::EnvVariable);
    let typed = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    let result = unused_url_flag(&cli, typed).and_then(|()| dispatch(cli, hub_url_from_env));
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("nowkey: {}", error.message);
            error.exit.into()
        }
    }
}

/// A URL flag typed for a command that does not use it is an input error: the
/// command would otherwise run against other addresses than the one typed, and
/// look as if it had checked that one. (From the environment they are only the
/// wizard's defaults, and are left alone.)
fn unused_url_flag(cli: &Cli, typed: impl Fn(&str) -> bool) -> Result<(), CommandError> {
    let Some(command) = &cli.command else {
        return Ok(());
    };
    let (name, uses): (&str, &[&str]) = match command {
        CommandLine::Demo | CommandLine::Setup { .. } | CommandLine::Rotate { .. } => {
            return Ok(());
        }
        CommandLine::SendTest(_) => ("send-test", &["hub_url"]),
        CommandLine::Check(_) => ("check", &[]),
        CommandLine::Encode(_) => ("encode", &[]),
        CommandLine::Profiles { .. } => ("profiles", &[]),
        CommandLine::Servicenow { .. } => ("servicenow", &["servicenow_url"]),
        CommandLine::Sandbox { .. } => ("sandbox", &[]),
    };
    for (id, flag) in [
        ("hub_url", "--hub-url"),
        ("servicenow_url", "--servicenow-url"),
        ("hopex_url", "--hopex-url"),
    ] {
        if typed(id) && !uses.contains(&id) {
            let why = if name == "check" {
                "it checks the addresses saved in each profile (nowkey profiles show NAME lists them; nowkey setup changes them)"
            } else {
                "it talks to no such address"
            };
            return Err(CommandError::usage(format!(
                "{flag} does not apply to nowkey {name}: {why}. Leave it out."
            )));
        }
    }
    Ok(())
}

fn dispatch(cli: Cli, hub_url_from_env: bool) -> Result<Exit, CommandError> {
    let global = cli.global;
    // Before any client is built: every one of them must trust these roots.
    if let Some(path) = &global.ca_file {
        trust_ca_file(path)?;
    }
    let timeouts = Timeouts {
        connect: Duration::from_secs(global.timeout.min(10)),
        request: Duration::from_secs(global.timeout),
    };
    match cli.command {
        None => interactive::run(&global, interactive::Mode::Home, timeouts),
        Some(CommandLine::Demo) => interactive::run(&global, interactive::Mode::Demo, timeouts),
        Some(CommandLine::Setup { integration }) => match integration {
            Integration::Sms => interactive::run(&global, interactive::Mode::SetupSms, timeouts),
            Integration::Hopex => {
                interactive::run(&global, interactive::Mode::SetupHopex, timeouts)
            }
        },
        Some(CommandLine::Rotate {
            profile,
            key,
            resume: _,
        }) => {
            // A rotation in progress is always resumed (never started over), so
            // --resume documents intent and needs no separate path.
            let credential = match &profile {
                Some(name) => Some(interactive::check_rotatable(
                    &global,
                    name,
                    key.map(crate::cli::RotatedKey::credential),
                )?),
                None => None,
            };
            let mode = interactive::Mode::Rotate {
                profile,
                credential,
            };
            interactive::run(&global, mode, timeouts)
        }
        Some(CommandLine::Encode(args)) => encode::run(&args).map(|()| Exit::Success),
        Some(CommandLine::SendTest(args)) => {
            let (flag, env) = if hub_url_from_env {
                (None, global.hub_url.as_deref())
            } else {
                (global.hub_url.as_deref(), None)
            };
            send_test::run(&args, flag, env, global.config_dir.clone(), timeouts)
        }
        Some(CommandLine::Sandbox {
            bind,
            key_activation_delay,
            tls,
            tls_cert_days,
            tls_ca_out,
        }) => sandbox::run(
            bind,
            Duration::from_secs(key_activation_delay),
            tls.then_some(SandboxTls {
                cert_days: tls_cert_days,
            }),
            tls_ca_out,
        ),
        Some(CommandLine::Check(args)) => check::run(&args, global.config_dir.clone(), timeouts),
        Some(CommandLine::Profiles { action }) => profiles::run(action, global.config_dir.clone()),
        Some(CommandLine::Servicenow { action }) => servicenow::run(action, &global, timeouts),
    }
}

/// The saved SMS profile `name` from the config folder, with the folder; an
/// input error naming the list command when there is none (the name escaped,
/// never echoed raw).
pub fn load_sms_profile(
    config_dir: Option<std::path::PathBuf>,
    name: &str,
) -> Result<(crate::store::ConfigDir, crate::domain::profile::SmsProfile), CommandError> {
    let dir = crate::store::ConfigDir::resolve(config_dir)?;
    let file = crate::store::load_profiles(&dir)?;
    let sms = file
        .profiles
        .get(name)
        .and_then(|p| p.sms.clone())
        .ok_or_else(|| {
            CommandError::usage(format!(
                "No SMS profile named {}: see nowkey profiles list.",
                crate::domain::profile_rules::shown(name)
            ))
        })?;
    Ok((dir, sms))
}

/// Trusts the CA certificates of `--ca-file` / `NOWKEY_CA_FILE` for the whole run.
fn trust_ca_file(path: &Path) -> Result<(), CommandError> {
    let shown = path.display();
    let pem = read_ca_file(path).map_err(|e| {
        CommandError::usage(format!(
            "The CA file given by --ca-file (or NOWKEY_CA_FILE), {shown}, {e}."
        ))
    })?;
    let count = trust_extra_roots(&pem).map_err(|e| {
        let detail = match e {
            crate::domain::remote_error::ClientError::Tls { detail } => detail,
            other => other.to_string(),
        };
        CommandError::usage(format!(
            "The CA file given by --ca-file (or NOWKEY_CA_FILE), {shown}, is not usable ({detail}): give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)."
        ))
    })?;
    tracing::info!(path = %shown, count, "trusting extra CA certificates");
    Ok(())
}
