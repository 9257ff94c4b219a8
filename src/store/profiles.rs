//! `profiles.toml`: load, save and remove saved profiles.
//!
//! The file holds no secrets (see [`crate::domain::profile`]); admins read and
//! version it, so its layout is stable and documented in the README.

use std::fs::File;
use std::path::Path;

use crate::domain::profile::{
    validate_profile_name, Profile, ProfilesFile, PROFILES_FORMAT_VERSION,
};

use super::{write_atomic, ConfigDir, StoreError};

/// First lines of every `profiles.toml` we write. Comments the operator adds by
/// hand are not kept across a save (we rewrite the whole file), so say so here.
const HEADER: &str = "\
# nowkey profiles. No secrets are stored in this file.
# Written by nowkey: hand-made comments are not kept when nowkey saves it.
";

/// Reads the saved profiles.
///
/// A missing file is an empty set of profiles (first run). A file that cannot be
/// read, is not TOML, does not match the format, or comes from a newer nowkey is
/// an error naming the file (and the line, when the parser knows it).
pub fn load_profiles(dir: &ConfigDir) -> Result<ProfilesFile, StoreError> {
    let path = dir.profiles_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ProfilesFile::default())
        }
        Err(source) => return Err(StoreError::Read { path, source }),
    };
    let file: ProfilesFile = toml::from_str(&text).map_err(|err| {
        // Only the parser's message and a line number: its full Display quotes the
        // offending source text, which we keep out of errors on principle.
        let line = err
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        StoreError::Malformed {
            path: path.clone(),
            line,
            message: err.message().trim_end().to_owned(),
        }
    })?;
    if file.version > PROFILES_FORMAT_VERSION {
        return Err(StoreError::NewerFormat {
            path,
            found: file.version,
            supported: PROFILES_FORMAT_VERSION,
        });
    }
    Ok(file)
}

/// The exact text nowkey writes for `file`: a short header, then the TOML.
pub fn render_profiles(file: &ProfilesFile) -> Result<String, toml::ser::Error> {
    Ok(format!("{HEADER}\n{}", toml::to_string(file)?))
}

/// Adds the profile `name`, or replaces it, keeping every other profile.
///
/// Holds an exclusive lock on `<root>/profiles.lock` from the read to the atomic
/// write, so two nowkey processes saving at once cannot lose each other's profile.
pub fn save_profile(dir: &ConfigDir, name: &str, profile: Profile) -> Result<(), StoreError> {
    check_profile_name(name, &dir.profiles_path())?;
    dir.ensure_exists()?;
    let _lock = lock_profiles(dir)?;
    let mut file = load_profiles(dir)?;
    // Saving upgrades an older file to the current format.
    file.version = PROFILES_FORMAT_VERSION;
    file.profiles.insert(name.to_owned(), profile);
    write_profiles(dir, &file)
}

/// Removes the profile `name`. Returns whether it existed; the file is only
/// rewritten when it did.
pub fn remove_profile(dir: &ConfigDir, name: &str) -> Result<bool, StoreError> {
    if !dir.profiles_path().exists() {
        return Ok(false);
    }
    let _lock = lock_profiles(dir)?;
    let mut file = load_profiles(dir)?;
    if file.profiles.remove(name).is_none() {
        return Ok(false);
    }
    write_profiles(dir, &file)?;
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

fn write_profiles(dir: &ConfigDir, file: &ProfilesFile) -> Result<(), StoreError> {
    let path = dir.profiles_path();
    let text = render_profiles(file).map_err(|err| StoreError::Serialize {
        path: path.clone(),
        message: err.to_string(),
    })?;
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })
}

/// Takes the exclusive advisory lock; it is released when the returned file drops.
fn lock_profiles(dir: &ConfigDir) -> Result<File, StoreError> {
    let path = dir.profiles_lock_path();
    let lock = open_lock_file(&path).map_err(|source| StoreError::Lock {
        path: path.clone(),
        source,
    })?;
    lock.lock()
        .map_err(|source| StoreError::Lock { path, source })?;
    Ok(lock)
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    // Never truncate: the lock file has no content, and truncating is a write.
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
