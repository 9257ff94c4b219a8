//! `nowkey`, `nowkey demo` and `nowkey setup sms`: the full-screen wizard.

use std::io::IsTerminal;
use std::time::Duration;

use super::exit::{CommandError, Exit};
use crate::cli::GlobalArgs;
use crate::clients::http::Timeouts;
use crate::clipboard::ClipboardMode;
use crate::domain::profile::validate_profile_name;
use crate::flows::app::StartAt;
use crate::flows::env::FlowEnv;
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::store::{load_profiles, load_rotation, ConfigDir};
use crate::tui::{LoopEnd, TuiOptions};

/// Which way into the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The home screen.
    Home,
    /// The home screen against the embedded sandbox.
    Demo,
    /// Straight into the SMS setup.
    SetupSms,
    /// Straight into the HOPEX setup.
    SetupHopex,
    /// Straight into a rotation (of this profile, if named).
    Rotate(Option<String>),
}

/// Environment variable: the country calling code for the local-number conversion.
pub const COUNTRY_CODE_ENV: &str = "NOWKEY_COUNTRY_CODE";

/// How fast sandbox messages move from queued to delivered in the demo.
const DEMO_DELIVERY_STEP: Duration = Duration::from_millis(800);

/// Before `nowkey rotate --profile NAME` takes the terminal: the profile must
/// be a saved SMS profile, and its journal, if any, one nowkey can read. An
/// unreadable journal is left as it is and the command exits 2, saying which
/// file and what to do.
pub fn check_rotatable(global: &GlobalArgs, name: &str) -> Result<(), CommandError> {
    // Checked first, so nothing typed on the command line is echoed unchecked.
    let name = validate_profile_name(name)
        .map_err(|reason| CommandError::usage(format!("--profile: {reason}")))?;
    let name = name.as_str();
    let dir = ConfigDir::resolve(global.config_dir.clone())?;
    let profiles = load_profiles(&dir)?;
    match profiles.profiles.get(name) {
        Some(profile) if profile.sms.is_some() => {}
        Some(_) => {
            return Err(CommandError::usage(format!(
                "Profile '{name}' has no SMS connector, so it has no Hub key to rotate."
            )))
        }
        None => {
            return Err(CommandError::usage(format!(
                "No saved profile is named '{name}'; nowkey profiles lists them."
            )))
        }
    }
    load_rotation(&dir, name).map_err(|error| CommandError::usage(error.to_string()))?;
    Ok(())
}

/// Runs the wizard until the operator quits.
pub fn run(global: &GlobalArgs, mode: Mode, timeouts: Timeouts) -> Result<Exit, CommandError> {
    // First, while the process still has one thread (the runtime starts below).
    crate::process::prepare_for_wizard();
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CommandError::usage(
            "The wizard needs a terminal; for scripts use encode or send-test.",
        ));
    }
    let mut config_dir = ConfigDir::resolve(global.config_dir.clone())?;
    if mode == Mode::Demo {
        // Sandbox profiles are kept apart so they never mix with real ones.
        config_dir = ConfigDir::resolve(Some(config_dir.root().join("demo")))?;
    }
    config_dir.ensure_exists()?;
    if let Err(error) = crate::logging::init(&config_dir) {
        eprintln!("nowkey: logging is off: {error}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    let end = runtime.block_on(async {
        let sandbox = if mode == Mode::Demo {
            let config = SandboxConfig {
                delivery_step: DEMO_DELIVERY_STEP,
                ..SandboxConfig::default()
            };
            Some(Sandbox::start(config).await.map_err(|e| {
                CommandError::failed(format!("The built-in sandbox could not start: {e}."))
            })?)
        } else {
            None
        };
        let env = FlowEnv {
            sandbox_url: sandbox.as_ref().map(Sandbox::base_url),
            hub_url_override: global.hub_url.clone(),
            servicenow_url: global.servicenow_url.clone(),
            hopex_url: global.hopex_url.clone(),
            over_ssh: std::env::var_os("SSH_CONNECTION").is_some()
                || std::env::var_os("SSH_TTY").is_some(),
            country_code: std::env::var(COUNTRY_CODE_ENV).ok(),
        };
        tracing::info!(sandbox = env.sandbox_url.is_some(), "wizard started");
        let options = TuiOptions {
            config_dir,
            env,
            start: match &mode {
                Mode::SetupSms => StartAt::SetupSms,
                Mode::SetupHopex => StartAt::SetupHopex,
                Mode::Rotate(profile) => StartAt::Rotate {
                    profile: profile.clone(),
                },
                Mode::Home | Mode::Demo => StartAt::Home,
            },
            clipboard_mode: ClipboardMode::from_env(),
            timeouts,
            debug_panic_key: std::env::var("NOWKEY_DEBUG_PANIC").as_deref() == Ok("1"),
        };
        let end = crate::tui::run(options)
            .await
            .map_err(|e| CommandError::failed(format!("The terminal failed: {e}.")));
        if let Some(sandbox) = sandbox {
            sandbox.shutdown().await;
        }
        end
    });
    // A blocking task stuck on a dead server (a clipboard, a file lock) must not
    // hold the exit once the terminal is back: give tasks a moment, then go.
    runtime.shutdown_timeout(Duration::from_secs(2));
    let end = end?;
    tracing::info!(?end, "wizard ended");
    Ok(match end {
        LoopEnd::Quit | LoopEnd::InputClosed => Exit::Success,
        LoopEnd::Signal => Exit::Failed,
    })
}
