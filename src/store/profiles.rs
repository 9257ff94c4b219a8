//! `profiles.toml`: load, save and remove saved profiles.
//!
//! The file holds no secrets (see [`crate::domain::profile`]); admins read and
//! version it, so its layout is stable and documented in the README.

use std::fs::File;

use crate::domain::profile::{validate_profile_name, Profile, ProfilesFile};
use crate::domain::profile_rules::check_profile;

use super::profiles_edit::{render_one, with_profile, without_profile, HEADER};
use super::profiles_read::{parse_profiles, read_profiles_text};
use super::safe_fs::open_for_writing;
use super::{write_atomic, ConfigDir, StoreError};

/// Reads the saved profiles.
///
/// A missing file is an empty set of profiles (first run). A file that cannot be
/// read, is a link or not a regular file, is too large, is not UTF-8 TOML, does
/// not match the format, holds a name or field the wizard would refuse, or comes
/// from a newer nowkey is an error naming the file (and the line, when known).
pub fn load_profiles(dir: &ConfigDir) -> Result<ProfilesFile, StoreError> {
    Ok(load_with_text(dir)?.0)
}

/// The profiles and the text they were read from (`None`: no file yet).
fn load_with_text(dir: &ConfigDir) -> Result<(ProfilesFile, Option<String>), StoreError> {
    dir.check_private()?;
    let path = dir.profiles_path();
    match read_profiles_text(&path)? {
        None => Ok((ProfilesFile::default(), None)),
        Some(text) => Ok((parse_profiles(&path, &text)?, Some(text))),
    }
}

/// The exact text nowkey writes for `file` as a new file: a short header, then the
/// TOML. (`nowkey profiles show` prints a profile this way.)
pub fn render_profiles(file: &ProfilesFile) -> Result<String, toml::ser::Error> {
    Ok(format!("{HEADER}\n{}", toml::to_string(file)?))
}

/// Adds the profile `name`, or replaces it, keeping every other profile.
///
/// The file is edited in place: other profiles, comments, and keys or tables this
/// nowkey does not know (written by a newer one, or by hand) stay as they were,
/// and so do the unknown keys of `name` itself. Holds an exclusive lock on
/// `<root>/profiles.lock` from the read to the atomic write, so two nowkey
/// processes saving at once cannot lose each other's profile.
pub fn save_profile(dir: &ConfigDir, name: &str, profile: Profile) -> Result<(), StoreError> {
    let path = dir.profiles_path();
    check_profile_name(name, &path)?;
    check_profile(&profile).map_err(|problem| StoreError::BadProfileField {
        name: name.to_owned(),
        path: path.clone(),
        problem,
    })?;
    dir.ensure_exists()?;
    let _lock = lock_profiles(dir)?;
    let (_, existing) = load_with_text(dir)?;
    let serialize = |err: toml::ser::Error| StoreError::Serialize {
        path: path.clone(),
        message: err.to_string(),
    };
    let text = match existing {
        None => {
            let mut file = ProfilesFile::default();
            file.profiles.insert(name.to_owned(), profile);
            render_profiles(&file).map_err(serialize)?
        }
        Some(existing) => {
            let rendered = render_one(name, &profile).map_err(serialize)?;
            with_profile(&existing, name, &rendered).ok_or_else(|| StoreError::Serialize {
                path: path.clone(),
                message: "the profile could not be placed in the file".to_owned(),
            })?
        }
    };
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })
}

/// Removes the profile `name`, keeping everything else in the file as it was.
/// Returns whether it existed; the file is only rewritten when it did.
pub fn remove_profile(dir: &ConfigDir, name: &str) -> Result<bool, StoreError> {
    dir.check_private()?;
    if std::fs::symlink_metadata(dir.profiles_path()).is_err() {
        return Ok(false);
    }
    let _lock = lock_profiles(dir)?;
    let (file, existing) = load_with_text(dir)?;
    let (Some(existing), true) = (existing, file.profiles.contains_key(name)) else {
        return Ok(false);
    };
    let path = dir.profiles_path();
    let Some(text) = without_profile(&existing, name) else {
        return Ok(false);
    };
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })?;
    Ok(true)
}

/// Refuses names the rest of nowkey would refuse, so a file never holds a
/// profile that `--profile NAME` cannot reach, and a name can never reach outside
/// its folder (`../x`) or collide with a lock or temporary file. `path` is the
/// file the name was meant for, for the message.
pub(crate) fn check_profile_name(name: &str, path: &std::path::Path) -> Result<(), StoreError> {
    match validate_profile_name(name) {
        Ok(clean) if clean == name => Ok(()),
        Ok(_) => Err(StoreError::BadProfileName {
            name: name.to_owned(),
            path: path.to_owned(),
            // validate_profile_name trims; a name with outer spaces reaching the
            // store is a caller bug, reported as the first offending character.
            reason: crate::domain::profile::ProfileNameError::BadCharacter(' '),
        }),
        Err(reason) => Err(StoreError::BadProfileName {
            name: name.to_owned(),
            path: path.to_owned(),
            reason,
        }),
    }
}

/// Takes the exclusive advisory lock; it is released when the returned file drops.
fn lock_profiles(dir: &ConfigDir) -> Result<File, StoreError> {
    let path = dir.profiles_lock_path();
    let lock = open_for_writing(&path, false)?;
    lock.lock()
        .map_err(|source| StoreError::Lock { path, source })?;
    Ok(lock)
}
