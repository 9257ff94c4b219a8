//! `nowkey profiles list|show|remove`.

use std::path::PathBuf;

use super::exit::{CommandError, Exit};
use crate::cli::ProfilesAction;
use crate::domain::profile::ProfilesFile;
use crate::store::{load_profiles, remove_profile, render_profiles, ConfigDir};

/// Runs one profiles action.
pub fn run(action: ProfilesAction, config_dir: Option<PathBuf>) -> Result<Exit, CommandError> {
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
                return Err(unknown(&name));
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
                Ok(Exit::Success)
            } else {
                Err(unknown(&name))
            }
        }
    }
}

fn unknown(name: &str) -> CommandError {
    CommandError::usage(format!(
        "No profile named {name}: see nowkey profiles list."
    ))
}

fn to_json(value: &Result<serde_json::Value, serde_json::Error>) -> String {
    match value {
        Ok(value) => serde_json::to_string_pretty(value).unwrap_or_default(),
        Err(_) => "null".to_owned(),
    }
}
