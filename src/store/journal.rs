//! Rotation journals: `<root>/rotations/<profile>.toml`, one per profile.
//!
//! The wizard saves the [`Rotation`] after every step, before moving on, so a quit,
//! crash or power cut resumes at the right step. A journal holds key ids and
//! fingerprints only (the rotation types cannot hold a secret). A finished rotation
//! stays in its file until the next rotation of that profile overwrites it.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use super::profiles::check_profile_name;
use crate::domain::profile::validate_profile_name;
use crate::domain::rotation::{Rotation, ROTATION_FORMAT_VERSION};

use super::{write_atomic, ConfigDir, StoreError};

/// First lines of every journal: whoever opens it should know it is safe to share.
const HEADER: &str = "\
# nowkey rotation journal. No secrets are stored in this file: only key ids and fingerprints.
# Written by nowkey after every rotation step so an interrupted rotation can resume; do not edit.
";

/// `<root>/rotations`: the folder of journals and their locks.
fn rotations_dir(dir: &ConfigDir) -> PathBuf {
    dir.root().join("rotations")
}

/// `<root>/rotations/<profile>.toml`. `profile` must be a valid profile name
/// (letters, digits, `-`, `_`, `.`); the other functions here check it.
pub fn journal_path(dir: &ConfigDir, profile: &str) -> PathBuf {
    rotations_dir(dir).join(format!("{profile}.toml"))
}

/// `<root>/rotations/<profile>.lock`.
fn lock_path(dir: &ConfigDir, profile: &str) -> PathBuf {
    rotations_dir(dir).join(format!("{profile}.lock"))
}

/// Writes the journal of `rotation.profile`, replacing any earlier one.
///
/// Atomic and durable: when this returns `Ok`, the file (mode 0600) and its name
/// are on disk, so the wizard may move on to the next step.
pub fn save_rotation(dir: &ConfigDir, rotation: &Rotation) -> Result<(), StoreError> {
    let path = journal_path(dir, &rotation.profile);
    check_profile_name(&rotation.profile, &path)?;
    ensure_rotations_dir(dir)?;
    let body = toml::to_string(rotation).map_err(|err| StoreError::Serialize {
        path: path.clone(),
        message: err.to_string(),
    })?;
    let text = format!("{HEADER}\n{body}");
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })
}

/// Reads the journal of `profile`: `None` when there is none.
///
/// A file that cannot be read, is not a journal, belongs to another profile, or
/// comes from a newer nowkey is an error naming the file.
pub fn load_rotation(dir: &ConfigDir, profile: &str) -> Result<Option<Rotation>, StoreError> {
    let path = journal_path(dir, profile);
    check_profile_name(profile, &path)?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::Read { path, source }),
    };
    parse_journal(&path, profile, &text).map(Some)
}

/// The rotations not yet completed or abandoned, sorted by profile.
///
/// Every `*.toml` in the journal folder is read: one that cannot be read or parsed
/// is an error, not skipped, since a skipped journal is a rotation left half done.
pub fn in_progress_rotations(dir: &ConfigDir) -> Result<Vec<Rotation>, StoreError> {
    let folder = rotations_dir(dir);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Read {
                path: folder,
                source,
            })
        }
    };
    let mut rotations = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| StoreError::Read {
            path: folder.clone(),
            source,
        })?;
        let path = entry.path();
        // Only journals: lock files and write_atomic's temporary files (named
        // `.<name>.toml.<random>.tmp`) end differently.
        if path.extension().and_then(|ext| ext.to_str()) != Some("toml") {
            continue;
        }
        let profile = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_owned();
        if validate_profile_name(&profile).ok().as_deref() != Some(profile.as_str()) {
            return Err(StoreError::JournalMalformed {
                path,
                line: None,
                message: "its name is not a profile name".to_owned(),
            });
        }
        let rotation = load_rotation(dir, &profile)?.ok_or_else(|| StoreError::Read {
            path: path.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the file disappeared while it was being read",
            ),
        })?;
        if !rotation.phase.is_terminal() {
            rotations.push(rotation);
        }
    }
    rotations.sort_by(|a, b| a.profile.cmp(&b.profile));
    Ok(rotations)
}

/// An exclusive hold on one profile's rotation, released when dropped (the OS
/// also releases it if the process dies, so a crash never leaves a stale lock).
#[derive(Debug)]
pub struct RotationLock {
    /// The open lock file; the lock lives as long as this handle.
    _file: File,
}

/// Takes the rotation lock of `profile` without waiting.
///
/// Another holder (another nowkey process, or another handle in this one) gives
/// [`StoreError::RotationBusy`]: two wizards rotating one key at once would each
/// trust a journal the other is rewriting.
pub fn lock_rotation(dir: &ConfigDir, profile: &str) -> Result<RotationLock, StoreError> {
    let path = lock_path(dir, profile);
    check_profile_name(profile, &path)?;
    ensure_rotations_dir(dir)?;
    let file = open_lock_file(&path).map_err(|source| StoreError::Lock {
        path: path.clone(),
        source,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(RotationLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::RotationBusy {
            profile: profile.to_owned(),
        }),
        Err(TryLockError::Error(source)) => Err(StoreError::Lock { path, source }),
    }
}

fn parse_journal(path: &Path, profile: &str, text: &str) -> Result<Rotation, StoreError> {
    let malformed = |line: Option<usize>, message: String| StoreError::JournalMalformed {
        path: path.to_owned(),
        line,
        message,
    };
    let rotation: Rotation = toml::from_str(text).map_err(|err| {
        // The parser's message and line only: its Display quotes the source text,
        // which we keep out of errors on principle.
        let line = err
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        malformed(line, err.message().trim_end().to_owned())
    })?;
    if rotation.format > ROTATION_FORMAT_VERSION {
        return Err(StoreError::JournalNewerFormat {
            path: path.to_owned(),
            found: rotation.format,
            supported: ROTATION_FORMAT_VERSION,
        });
    }
    if rotation.profile != profile {
        return Err(malformed(
            None,
            format!("it is for profile '{}', not '{profile}'", rotation.profile),
        ));
    }
    Ok(rotation)
}

/// Creates `<root>/rotations` (0700) if missing. When it is created, the folder
/// above is fsynced too, so the new folder's name survives a power cut along with
/// the journal written into it.
fn ensure_rotations_dir(dir: &ConfigDir) -> Result<(), StoreError> {
    let folder = rotations_dir(dir);
    if folder.is_dir() {
        return Ok(());
    }
    dir.ensure_exists()?;
    if super::folders::create_private_dir(&folder)? {
        #[cfg(unix)]
        File::open(dir.root())
            .and_then(|root| root.sync_all())
            .map_err(|source| StoreError::CreateDir {
                path: folder.clone(),
                source,
            })?;
    }
    Ok(())
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
