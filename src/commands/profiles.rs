//! `nowkey profiles list|show|remove`.

use std::path::PathBuf;

use super::exit::{CommandError, Exit};
use crate::cli::ProfilesAction;
use crate::domain::profile::ProfilesFile;
use crate::domain::profile_rules::shown;
use crate::store::{
    load_profiles, remove_profile, render_profiles, ConfigDir, SecretKeyring, SecretKind,
    StoreError,
};

/// Runs one profiles action. A damaged, planted or unsafe file or folder is an
/// input error (exit 2), as a bad argument is.
pub fn run(action: ProfilesAction, config_dir: Option<PathBuf>) -> Result<Exit, CommandError> {
    run_action(action, config_dir).map_err(|error| match error {
        Failure::Store(error) if error.is_input_error() => CommandError::usage(error.to_string()),
        Failure::Store(error) => CommandError::from(error),
        Failure::Command(error) => error,
    })
}

/// Why an action stopped: the store's error (kept typed, to pick the exit code)
/// or the command's own.
enum Failure {
    Store(StoreError),
    Command(CommandError),
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Store(error)
    }
}

impl From<CommandError> for Failure {
    fn from(error: CommandError) -> Self {
        Failure::Command(error)
    }
}

fn run_action(action: ProfilesAction, config_dir: Option<PathBuf>) -> Result<Exit, Failure> {
    let dir = ConfigDir::resolve(config_dir)?;
    match action {
        ProfilesAction::List { json } => {
            let file = load_profiles(&dir)?;
            if json {
                println!("{}", to_json(&serde_json::to_value(&file.profiles)));
            } else if file.profiles.is_empty() {
                eprintln!("No saved profiles in {}.", dir.profiles_path().display());
            } else {
                for (name, profile) in &file.profiles {
                    match &profile.sms {
                        Some(sms) => println!(
                            "{name}\tSMS {}\tkey {}\tfingerprint {}\trotation due {}",
                            sms.vendor, sms.api_key, sms.token_fingerprint, sms.next_rotation_due
                        ),
                        None => println!("{name}"),
                    }
                }
            }
            Ok(Exit::Success)
        }
        ProfilesAction::Show { name, json } => {
            let file = load_profiles(&dir)?;
            let Some(profile) = file.profiles.get(&name) else {
                return Err(unknown(&name).into());
            };
            if json {
                println!("{}", to_json(&serde_json::to_value(profile)));
            } else {
                let mut single = ProfilesFile::default();
                single.profiles.insert(name, profile.clone());
                let text = render_profiles(&single)
                    .map_err(|e| CommandError::failed(format!("Could not show it: {e}.")))?;
                print!("{text}");
            }
            Ok(Exit::Success)
        }
        ProfilesAction::Remove { name } => {
            if remove_profile(&dir, &name)? {
                eprintln!("Removed profile {name}.");
                eprintln!("{}", forget_secrets(&SecretKeyring::new(), &name));
                Ok(Exit::Success)
            } else {
                Err(unknown(&name).into())
            }
        }
    }
}

/// Best effort: deletes the secrets `nowkey check` may have kept in the OS
/// keyring for the removed profile, and says what happened. A keyring that cannot
/// be reached is not an error: the profile is gone either way, and the line tells
/// the operator what may be left behind.
fn forget_secrets(keyring: &SecretKeyring, name: &str) -> String {
    match keyring.delete_all(name) {
        Ok(deleted) if deleted.is_empty() => {
            format!("The OS keyring held no secrets for profile {name}.")
        }
        Ok(deleted) => format!(
            "Deleted its {} from the OS keyring.",
            join_labels(deleted.iter().map(|kind| kind.label()))
        ),
        Err(err) => format!(
            "Its secrets in the OS keyring, if any, were not deleted: {}; delete the '{}' entries {} in your keyring manager.",
            lowercase_first(&err.what()),
            keyring.service(),
            join_labels(
                SecretKind::ALL
                    .iter()
                    .map(|kind| format!("{name}/{}", kind.account_suffix()))
            ),
        ),
    }
}

/// The sentence with its first letter in lower case, to continue another one.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "a", "a and b", "a, b and c".
fn join_labels<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let items: Vec<S> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_owned(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// The name comes from the command line: shown escaped, so a control sequence
/// typed or pasted there is never echoed to the terminal.
fn unknown(name: &str) -> CommandError {
    CommandError::usage(format!(
        "No profile named {}: see nowkey profiles list.",
        shown(name)
    ))
}

fn to_json(value: &Result<serde_json::Value, serde_json::Error>) -> String {
    match value {
        Ok(value) => serde_json::to_string_pretty(value).unwrap_or_default(),
        Err(_) => "null".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(join_labels(["a"].iter()), "a");
        assert_eq!(join_labels(["a", "b"].iter()), "a and b");
        assert_eq!(join_labels(["a", "b", "c"].iter()), "a, b and c");
    }

    #[test]
    fn a_keyring_that_cannot_be_used_is_one_line_not_an_error() {
        // Refused before any keyring call, so this never touches a real keyring.
        let keyring = SecretKeyring::with_service("nowkey-never-used").with_timeout(Duration::ZERO);
        let line = forget_secrets(&keyring, "bad name");
        assert!(
            line.starts_with("Its secrets in the OS keyring, if any, were not deleted: profile 'bad name' cannot name a keyring entry;"),
            "{line}"
        );
        assert!(line.ends_with("delete the 'nowkey-never-used' entries bad name/hub_api_secret, bad name/servicenow_password, bad name/servicenow_client_secret and bad name/hopex_api_key in your keyring manager."), "{line}");
    }
}
