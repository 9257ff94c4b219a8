//! `nowkey check`: validates saved profiles non-interactively (the validation). Every
//! check of a profile runs at once, each within its own time limit; `--all`
//! checks several profiles at a time.

mod keyring;
pub mod output;
pub mod secrets;

use std::path::{Path, PathBuf};

use chrono::Utc;

use self::output::Checked;
use self::secrets::{find_secrets, Found, Lookup, StdinSecrets};
use super::exit::{CommandError, Exit};
use crate::checks::{run_all, ProfileRun};
use crate::cli::{CheckArgs, CheckFormat};
use crate::clients::http::Timeouts;
use crate::domain::check::plan::plan_profile;
use crate::domain::check::prometheus::render_metrics;
use crate::domain::check::report::{render_report, ReportContext};
use crate::domain::check::secrets::CheckSecrets;
use crate::domain::check::ProfileResults;
use crate::domain::check::{verdict, Verdict};
use crate::store::{load_profiles, write_atomic, ConfigDir};

/// Runs `nowkey check`; returns the exit code.
pub fn run(
    args: &CheckArgs,
    config_dir: Option<PathBuf>,
    timeouts: Timeouts,
) -> Result<Exit, CommandError> {
    let dir = ConfigDir::resolve(config_dir)?;
    let file = load_profiles(&dir)?;
    let names = chosen_profiles(args, file.profiles.keys().map(String::as_str).collect())?;
    let stdin = if args.secrets_stdin {
        let stdin = StdinSecrets::read()?;
        let saved: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
        let unknown = stdin.unknown_profiles(&saved);
        if !unknown.is_empty() {
            return Err(CommandError::usage(format!(
                "--secrets-stdin gives secrets for {} that no saved profile is named: {}; saved: {}.",
                if unknown.len() == 1 { "a profile" } else { "profiles" },
                unknown.join(", "),
                saved.join(", ")
            )));
        }
        Some(stdin)
    } else {
        None
    };
    let keyring = keyring::Keyring::unless(args.no_keyring);
    let keyring_get =
        |profile: &str, kind: secrets::Kind| keyring.as_ref().and_then(|k| k.get(profile, kind));
    let single = names.len() == 1;
    let mut found: Vec<Found> = Vec::new();
    for name in &names {
        let lookup = Lookup {
            stdin: stdin.as_ref(),
            environment: single,
            keyring: keyring
                .is_some()
                .then_some(&keyring_get as secrets::KeyringLookup<'_>),
            prompt: single && !args.secrets_stdin,
        };
        found.push(find_secrets(name, &file.profiles[name], &lookup)?);
    }
    let jobs: Vec<(String, Vec<_>, CheckSecrets)> = names
        .iter()
        .zip(&found)
        .map(|(name, found)| {
            let plan = plan_profile(name, &file.profiles[name], dir.root().to_path_buf());
            (name.clone(), plan, found.secrets.clone())
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    let runs: Vec<ProfileRun> = runtime.block_on(run_all(jobs, timeouts, args.jobs as usize));
    let now = Utc::now();
    let checked: Vec<Checked<'_>> = runs
        .iter()
        .zip(&found)
        .map(|(run, found)| Checked {
            name: &run.profile,
            profile: &file.profiles[&run.profile],
            found,
            results: &run.results,
        })
        .collect();
    let mut exit = match verdict(runs.iter().flat_map(|r| r.results.iter())) {
        Verdict::Healthy => Exit::Success,
        Verdict::Failed => Exit::Failed,
        Verdict::Unreachable => Exit::Unreachable,
        Verdict::Incomplete => Exit::Incomplete,
    };
    let format = if args.json {
        CheckFormat::Json
    } else {
        args.format
    };
    match format {
        CheckFormat::Human => {
            let text = output::human(&checked, now);
            // On a terminal, wrapped at words: the terminal's own wrap cuts an
            // address or a word in two.
            match terminal_width() {
                Some(width) => print!("{}", output::wrap_for_terminal(&text, width)),
                None => print!("{text}"),
            }
        }
        CheckFormat::Json => {
            let document = output::document(&checked, exit as u8, now);
            // A document of strings, numbers and dates always serialises.
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
        }
        CheckFormat::Prometheus => {
            let metrics: Vec<ProfileResults<'_>> = checked
                .iter()
                .map(|c| ProfileResults {
                    name: c.name,
                    profile: c.profile,
                    results: c.results,
                })
                .collect();
            print!("{}", render_metrics(&metrics, now));
        }
    }
    if let Some(path) = &args.report {
        if let Err(error) = write_report(path, &checked, now) {
            eprintln!("nowkey: {}", error.message);
            exit = worse(exit, error.exit);
        } else {
            eprintln!(
                "Report written to {} (redacted: fingerprints, never secrets).",
                path.display()
            );
        }
    }
    if args.save_to_keyring {
        if let Err(error) = keyring::save_passed(keyring.as_ref(), &checked) {
            eprintln!("nowkey: {}", error.message);
            exit = worse(exit, error.exit);
        }
    }
    Ok(exit)
}

/// The width of the terminal stdout is, when it is one.
fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| columns)
        .filter(|c| *c >= 20)
}

/// The profiles to check: `--profile`, `--all`, else the only one saved.
fn chosen_profiles(args: &CheckArgs, saved: Vec<&str>) -> Result<Vec<String>, CommandError> {
    if saved.is_empty() {
        return Err(CommandError::usage(
            "No profile is saved yet: run nowkey setup sms or nowkey setup hopex first.",
        ));
    }
    if let Some(name) = &args.profile {
        if !saved.contains(&name.as_str()) {
            return Err(CommandError::usage(format!(
                "No profile named {name}; saved: {}.",
                saved.join(", ")
            )));
        }
        return Ok(vec![name.clone()]);
    }
    if args.all || saved.len() == 1 {
        return Ok(saved.into_iter().map(str::to_owned).collect());
    }
    Err(CommandError::usage(format!(
        "Several profiles are saved ({}): name one with --profile, or check them all with --all.",
        saved.join(", ")
    )))
}

fn write_report(
    path: &Path,
    checked: &[Checked<'_>],
    now: chrono::DateTime<Utc>,
) -> Result<(), CommandError> {
    let profiles: Vec<ProfileResults<'_>> = checked
        .iter()
        .map(|c| ProfileResults {
            name: c.name,
            profile: c.profile,
            results: c.results,
        })
        .collect();
    let context = ReportContext {
        tool_version: format!("nowkey {}", env!("CARGO_PKG_VERSION")),
        os: crate::checks::os_description(),
        generated_at: now,
    };
    let text = render_report(&context, &profiles);
    write_atomic(path, text.as_bytes()).map_err(|e| {
        CommandError::failed(format!(
            "Could not write the report to {} ({e}): choose a folder you can write to.",
            path.display()
        ))
    })
}

/// The worse of two exit codes: failed beats unreachable beats usage beats
/// incomplete beats success.
fn worse(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Success => 0,
        Exit::Incomplete => 1,
        Exit::Usage => 2,
        Exit::Unreachable => 3,
        Exit::Failed => 4,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}
