//! `nowkey`, `nowkey demo` and `nowkey setup sms`: the full-screen wizard.

use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use super::exit::{CommandError, Exit};
use crate::cli::GlobalArgs;
use crate::clients::http::Timeouts;
use crate::clipboard::ClipboardMode;
use crate::domain::hopex::Deployment;
use crate::domain::profile::validate_profile_name;
use crate::domain::rotation::Credential;
use crate::domain::untrusted::clean_line;
use crate::flows::app::StartAt;
use crate::flows::env::FlowEnv;
use crate::flows::sandbox_pair::{DemoKeyPair, SandboxPair};
use crate::sandbox::{saved_world_address, Sandbox, SandboxConfig, SandboxPairs};
use crate::store::{
    demo_world_path, load_profiles, load_rotation, lock_demo, move_demo_profiles, ConfigDir,
};
use crate::tui::{DemoPairsSource, LoopEnd, TuiOptions};

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
    /// Straight into a rotation (of this profile's key, if named).
    Rotate {
        /// The profile, if named.
        profile: Option<String>,
        /// Which of its keys (decided by [`check_rotatable`]).
        credential: Option<Credential>,
    },
}

/// Environment variable: the country calling code for the local-number conversion.
pub const COUNTRY_CODE_ENV: &str = "NOWKEY_COUNTRY_CODE";

/// How long the test sent from ServiceNow is looked for, in seconds.
pub const PROOF_WINDOW_ENV: &str = "NOWKEY_PROOF_WINDOW";

/// `NOWKEY_PROOF_WINDOW`, checked before the terminal is taken: 10 to 3600
/// seconds, or unset for the default.
fn proof_window_from_env() -> Result<Option<Duration>, CommandError> {
    let Some(raw) = std::env::var_os(PROOF_WINDOW_ENV) else {
        return Ok(None);
    };
    let secs = raw
        .to_str()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .filter(|secs| (10..=3600).contains(secs))
        .ok_or_else(|| {
            CommandError::usage(format!(
                "{PROOF_WINDOW_ENV}: give the seconds nowkey looks for the test sent from ServiceNow, from 10 to 3600 (e.g. 180), or unset it."
            ))
        })?;
    Ok(Some(Duration::from_secs(secs)))
}

/// How fast sandbox messages move from queued to delivered in the demo.
const DEMO_DELIVERY_STEP: Duration = Duration::from_millis(800);

/// Before `nowkey rotate --profile NAME [--key hub|hopex]` takes the terminal:
/// the profile must be saved and hold the key (`key`, or the only key it has;
/// with both, the one whose rotation is in progress), an on-premises HOPEX key
/// for a HOPEX rotation (SaaS: HOPEX manages it, so the command says so and
/// stops), and its journal, if any, one nowkey can read. An unreadable journal
/// is left as it is and the command exits 2, saying which file and what to do.
/// Returns which key is rotated.
pub fn check_rotatable(
    global: &GlobalArgs,
    name: &str,
    key: Option<Credential>,
) -> Result<Credential, CommandError> {
    // Checked first, so nothing typed on the command line is echoed unchecked.
    let name = validate_profile_name(name)
        .map_err(|reason| CommandError::usage(format!("--profile: {reason}")))?;
    let name = name.as_str();
    let dir = ConfigDir::resolve(global.config_dir.clone())?;
    let profiles = load_profiles(&dir)?;
    let Some(profile) = profiles.profiles.get(name) else {
        return Err(CommandError::usage(format!(
            "No saved profile is named '{name}'; nowkey profiles lists them."
        )));
    };
    let read = |credential| {
        load_rotation(&dir, name, credential)
            .map_err(|error| CommandError::usage(error.to_string()))
    };
    let credential = match (key, &profile.sms, &profile.hopex) {
        (Some(Credential::HubKey), None, _) | (None, None, None) => {
            return Err(CommandError::usage(format!(
                "Profile '{name}' has no SMS connector, so it has no Hub key to rotate."
            )))
        }
        (Some(Credential::HopexKey), _, None) => {
            return Err(CommandError::usage(format!(
                "Profile '{name}' has no HOPEX integration, so it has no HOPEX API key to rotate."
            )))
        }
        (Some(credential), _, _) => credential,
        (None, Some(_), None) => Credential::HubKey,
        (None, None, Some(_)) => Credential::HopexKey,
        (None, Some(_), Some(_)) => {
            // Both keys: a rotation in progress says which; else the operator does.
            let in_progress =
                |credential| read(credential).map(|r| r.is_some_and(|r| !r.phase.is_terminal()));
            match (in_progress(Credential::HubKey)?, in_progress(Credential::HopexKey)?) {
                (true, false) => Credential::HubKey,
                (false, true) => Credential::HopexKey,
                _ => {
                    return Err(CommandError::usage(format!(
                        "Profile '{name}' has both an SMS Hub key and a HOPEX API key: say which to rotate with --key hub or --key hopex."
                    )))
                }
            }
        }
    };
    if let (Credential::HopexKey, Some(hopex)) = (credential, &profile.hopex) {
        if hopex.deployment == Deployment::Saas {
            return Err(CommandError::usage(format!(
                "Profile '{name}' uses HOPEX SaaS: HOPEX manages the integration's key there, so there is no API key for nowkey to rotate."
            )));
        }
        if hopex.key_fingerprint.is_none() {
            return Err(CommandError::usage(format!(
                "Profile '{name}' has no saved HOPEX key fingerprint, so nowkey cannot tell the old key from the new one: run nowkey setup hopex for it first."
            )));
        }
    }
    read(credential)?;
    Ok(credential)
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
    // One demo per folder: two would serve one world and overwrite each other's.
    let _demo_lock = match mode {
        Mode::Demo => Some(lock_demo(&config_dir)?),
        _ => None,
    };
    if let Err(error) = crate::logging::init(&config_dir) {
        eprintln!("nowkey: logging is off: {error}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    let proof_window = proof_window_from_env()?;
    let mut demo_notes = Vec::new();
    let end = runtime.block_on(async {
        let sandbox = if mode == Mode::Demo {
            let demo = start_demo_sandbox(&config_dir).await?;
            demo_notes = demo.notes;
            Some(demo.sandbox)
        } else {
            None
        };
        let demo_pairs = sandbox.as_ref().map(|sandbox| {
            let view = sandbox.pairs_view();
            DemoPairsSource(Arc::new(move || demo_key_pairs(&view)))
        });
        let env = FlowEnv {
            sandbox_url: sandbox.as_ref().map(Sandbox::base_url),
            hub_url_override: global.hub_url.clone(),
            servicenow_url: global.servicenow_url.clone(),
            hopex_url: global.hopex_url.clone(),
            over_ssh: std::env::var_os("SSH_CONNECTION").is_some()
                || std::env::var_os("SSH_TTY").is_some(),
            country_code: std::env::var(COUNTRY_CODE_ENV).ok(),
            proof_window,
        };
        tracing::info!(sandbox = env.sandbox_url.is_some(), "wizard started");
        let options = TuiOptions {
            config_dir,
            env,
            start: match &mode {
                Mode::SetupSms => StartAt::SetupSms,
                Mode::SetupHopex => StartAt::SetupHopex,
                Mode::Rotate {
                    profile,
                    credential,
                } => StartAt::Rotate {
                    profile: profile.clone(),
                    credential: *credential,
                },
                Mode::Home | Mode::Demo => StartAt::Home,
            },
            clipboard_mode: ClipboardMode::from_env(),
            timeouts,
            debug_panic_key: std::env::var("NOWKEY_DEBUG_PANIC").as_deref() == Ok("1"),
            demo_pairs,
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
    // Said once the terminal is back, where it stays readable. They may quote
    // a path or a parser's words about a file anyone could have edited.
    for note in demo_notes {
        eprintln!("nowkey demo: {}", clean_line(&note));
    }
    let end = end?;
    tracing::info!(?end, "wizard ended");
    Ok(match end {
        LoopEnd::Quit | LoopEnd::InputClosed => Exit::Success,
        LoopEnd::Signal => Exit::Failed,
    })
}

/// The demo's sandbox, and what did not go as planned with its world.
struct DemoSandbox {
    sandbox: Sandbox,
    /// Said when the demo ends: its world file could not be loaded, or it could
    /// not get its old address back (and which demo profiles were moved).
    notes: Vec<String>,
}

/// Starts the demo's sandbox on its kept world (`<config>/demo/sandbox-world.json`),
/// at the address it had last time, so the demo profiles made then still reach
/// it. When that port is taken it takes another and moves the demo profiles that
/// pointed at the old address.
async fn start_demo_sandbox(config_dir: &ConfigDir) -> Result<DemoSandbox, CommandError> {
    let world = demo_world_path(config_dir);
    let last = saved_world_address(&world);
    let config = |bind| SandboxConfig {
        bind,
        delivery_step: DEMO_DELIVERY_STEP,
        world_file: Some(world.clone()),
        ..SandboxConfig::default()
    };
    let any_port = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let first = Sandbox::start(config(last.unwrap_or(any_port))).await;
    let (sandbox, moved_from) = match (first, last) {
        (Ok(sandbox), _) => (sandbox, None),
        (Err(error), Some(last)) => {
            tracing::warn!(%last, %error, "the demo sandbox cannot listen at its last address");
            let sandbox = Sandbox::start(config(any_port))
                .await
                .map_err(could_not_start)?;
            (sandbox, Some((last, error)))
        }
        (Err(error), None) => return Err(could_not_start(error)),
    };
    let moved = moved_from.map(|(last, why)| {
        let (old, new) = (format!("http://{last}"), sandbox.base_url());
        let moved = format!("the sandbox moved from {old} to {new} (it could not listen at its last address again: {why})");
        match move_demo_profiles(config_dir, &old, &new) {
            Ok(names) if names.is_empty() => format!("{moved}."),
            Ok(names) => format!(
                "{moved}; these demo profiles now point at it: {}.",
                names.join(", ")
            ),
            Err(error) => format!(
                "{moved}, and the demo profiles could not be moved with it: {error}"
            ),
        }
    });
    if let Some(note) = &moved {
        tracing::warn!(note = note.as_str(), "demo sandbox moved");
    }
    let problem = sandbox
        .world_problem()
        .map(|problem| format!("the sandbox's earlier world was not loaded: {problem}."));
    let notes = problem.into_iter().chain(moved).collect();
    Ok(DemoSandbox { sandbox, notes })
}

fn could_not_start(error: std::io::Error) -> CommandError {
    CommandError::failed(format!("The built-in sandbox could not start: {error}."))
}

/// The key pairs the demo's sandbox made, newest first, cleaned for the
/// screen: they come from a file on disk, which anyone could have edited.
fn demo_key_pairs(view: &SandboxPairs) -> Vec<DemoKeyPair> {
    view.hub_pairs()
        .into_iter()
        .map(|made| DemoKeyPair {
            pair: SandboxPair {
                key: clean_line(&made.api_key),
                secret: clean_line(secrecy::ExposeSecret::expose_secret(&made.api_secret)).into(),
            },
            created: made.created,
        })
        .collect()
}
