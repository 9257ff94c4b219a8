//! Rotation journals: `<root>/rotations/<profile>.toml` for a profile's SMS Hub
//! key, `<root>/rotations/hopex/<profile>.toml` for its HOPEX API key (a
//! folder of its own, so no profile name can collide with another's journal).
//!
//! The wizard saves the [`Rotation`] after every step, before moving on, so a quit,
//! crash or power cut resumes at the right step. A journal holds key ids and
//! fingerprints only (the rotation types cannot hold a secret). A finished rotation
//! stays in its file until the next rotation of that profile overwrites it.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use super::safe_fs::{open_for_writing, read_bounded, JOURNAL_MAX_BYTES};
use std::sync::Arc;

use super::profiles::check_profile_name;
use crate::domain::profile::validate_profile_name;
use crate::domain::rotation::{Credential, Rotation, ROTATION_FORMAT_VERSION};

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

/// The folder of `credential`'s journals: `<root>/rotations` for Hub keys,
/// `<root>/rotations/hopex` for HOPEX keys.
fn journals_dir(dir: &ConfigDir, credential: Credential) -> PathBuf {
    match credential {
        Credential::HubKey => rotations_dir(dir),
        Credential::HopexKey => rotations_dir(dir).join("hopex"),
    }
}

/// `<root>/rotations/<profile>.toml` (a Hub key's) or
/// `<root>/rotations/hopex/<profile>.toml` (a HOPEX key's). `profile` must be a
/// valid profile name (letters, digits, `-`, `_`, `.`); the other functions
/// here check it.
pub fn journal_path(dir: &ConfigDir, profile: &str, credential: Credential) -> PathBuf {
    journals_dir(dir, credential).join(format!("{profile}.toml"))
}

/// The lock beside the journal: `<profile>.lock`.
fn lock_path(dir: &ConfigDir, profile: &str, credential: Credential) -> PathBuf {
    journals_dir(dir, credential).join(format!("{profile}.lock"))
}

/// Writes the journal of `rotation.profile`, replacing the earlier one.
///
/// Atomic and durable: when this returns `Ok`, the file (mode 0600) and its name
/// are on disk, so the wizard may move on to the next step.
///
/// Never replaces a journal nowkey cannot read (damaged, from a newer nowkey, a
/// symbolic link): that file may be the only record that ServiceNow already
/// uses a new key. Nor does it replace another rotation still in progress (one
/// started at another time, or of another old key) with this one.
pub fn save_rotation(dir: &ConfigDir, rotation: &Rotation) -> Result<(), StoreError> {
    let path = journal_path(dir, &rotation.profile, rotation.credential);
    check_profile_name(&rotation.profile, &path)?;
    if let Some(existing) = load_rotation(dir, &rotation.profile, rotation.credential)? {
        let same = existing.started_at == rotation.started_at && existing.old == rotation.old;
        if !same && !existing.phase.is_terminal() {
            return Err(StoreError::JournalInProgress {
                path,
                profile: rotation.profile.clone(),
            });
        }
    }
    ensure_rotations_dir(dir, rotation.credential)?;
    let body = toml::to_string(rotation).map_err(|err| StoreError::Serialize {
        path: path.clone(),
        message: err.to_string(),
    })?;
    let text = format!("{HEADER}\n{body}");
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })
}

/// Reads the journal of `profile`'s `credential`: `None` when there is none.
///
/// A file that cannot be read, is not a journal, belongs to another profile or
/// another kind of key, comes from a newer nowkey, or is a symbolic link is an
/// error naming the file.
pub fn load_rotation(
    dir: &ConfigDir,
    profile: &str,
    credential: Credential,
) -> Result<Option<Rotation>, StoreError> {
    let path = journal_path(dir, profile, credential);
    check_profile_name(profile, &path)?;
    dir.check_private()?;
    super::safe_fs::check_private_dir(&rotations_dir(dir), false)?;
    if !credential.is_hub() {
        super::safe_fs::check_private_dir(&journals_dir(dir, credential), false)?;
    }
    let bytes = match read_bounded(&path, JOURNAL_MAX_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(StoreError::Symlink { path }) => return Err(StoreError::JournalSymlink { path }),
        Err(StoreError::NotPrivateFile { path, why }) => {
            return Err(StoreError::JournalMalformed {
                path,
                line: None,
                message: why.to_owned(),
            })
        }
        Err(other) => return Err(other),
    };
    let text = super::toml_text::utf8(&path, bytes)?;
    parse_journal(&path, profile, credential, &text).map(Some)
}

/// What the journal folder holds: the rotations in progress, and the journals
/// that could not be read (each a rotation that may be half done).
#[derive(Debug, Clone, Default)]
pub struct JournalScan {
    /// The rotations not yet completed or abandoned, sorted by profile.
    pub in_progress: Vec<Rotation>,
    /// The journals that could not be read, sorted by profile.
    pub unreadable: Vec<UnreadableJournal>,
}

/// A journal that could not be read: its profile's key must not be rotated
/// until the file is fixed or moved aside.
#[derive(Debug, Clone)]
pub struct UnreadableJournal {
    /// The profile it belongs to (from the file's name).
    pub profile: String,
    /// Which key's journal it is (from its folder).
    pub credential: Credential,
    /// Why it could not be read; names the file and what to do.
    pub error: Arc<StoreError>,
}

impl JournalScan {
    /// Why the journal of `profile`'s `credential` could not be read, if it
    /// could not.
    pub fn unreadable_of(&self, profile: &str, credential: Credential) -> Option<&Arc<StoreError>> {
        self.unreadable
            .iter()
            .find(|u| u.profile == profile && u.credential == credential)
            .map(|u| &u.error)
    }
}

/// Reads every journal in the journal folder.
///
/// A journal that cannot be read is listed with its error, not skipped: it may
/// be a rotation left half done, and its profile must not be rotated over it.
/// Only a folder that cannot be listed is an error.
pub fn scan_journals(dir: &ConfigDir) -> Result<JournalScan, StoreError> {
    let mut scan = JournalScan::default();
    dir.check_private()?;
    for credential in [Credential::HubKey, Credential::HopexKey] {
        scan_folder(dir, credential, &mut scan)?;
    }
    let order = |profile: &str, credential: Credential| (profile.to_owned(), !credential.is_hub());
    scan.in_progress
        .sort_by_key(|r| order(&r.profile, r.credential));
    scan.unreadable
        .sort_by_key(|u| order(&u.profile, u.credential));
    Ok(scan)
}

/// Adds the journals of one folder to `scan`.
fn scan_folder(
    dir: &ConfigDir,
    credential: Credential,
    scan: &mut JournalScan,
) -> Result<(), StoreError> {
    let folder = journals_dir(dir, credential);
    super::safe_fs::check_private_dir(&rotations_dir(dir), false)?;
    super::safe_fs::check_private_dir(&folder, false)?;
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::Read {
                path: folder,
                source,
            })
        }
    };
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
            // No profile can be rotated over it, and no name of it is safe to
            // show: skipped.
            continue;
        }
        match load_rotation(dir, &profile, credential) {
            Ok(Some(rotation)) if !rotation.phase.is_terminal() => scan.in_progress.push(rotation),
            Ok(_) => {}
            Err(error) => scan.unreadable.push(UnreadableJournal {
                profile,
                credential,
                error: Arc::new(error),
            }),
        }
    }
    Ok(())
}

/// An exclusive hold on one profile's rotation, released when dropped (the OS
/// also releases it if the process dies, so a crash never leaves a stale lock).
#[derive(Debug)]
pub struct RotationLock {
    /// The open lock file; the lock lives as long as this handle.
    _file: File,
}

/// Takes the rotation lock of `profile`'s `credential` without waiting.
///
/// Another holder (another nowkey process, or another handle in this one) gives
/// [`StoreError::RotationBusy`]: two wizards rotating one key at once would each
/// trust a journal the other is rewriting.
pub fn lock_rotation(
    dir: &ConfigDir,
    profile: &str,
    credential: Credential,
) -> Result<RotationLock, StoreError> {
    let path = lock_path(dir, profile, credential);
    check_profile_name(profile, &path)?;
    ensure_rotations_dir(dir, credential)?;
    let file = open_for_writing(&path, false)?;
    match file.try_lock() {
        Ok(()) => Ok(RotationLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::RotationBusy {
            profile: profile.to_owned(),
        }),
        Err(TryLockError::Error(source)) => Err(StoreError::Lock { path, source }),
    }
}

fn parse_journal(
    path: &Path,
    profile: &str,
    credential: Credential,
    text: &str,
) -> Result<Rotation, StoreError> {
    let malformed = |line: Option<usize>, message: String| StoreError::JournalMalformed {
        path: path.to_owned(),
        line,
        message,
    };
    let rotation: Rotation = toml::from_str(text).map_err(|err| {
        // A line, a key and what was expected: never the value, which the
        // parser's own message quotes.
        let doc = toml_edit::Document::parse(text).ok();
        let root = doc
            .as_ref()
            .map(|doc| doc.as_table() as &dyn toml_edit::TableLike);
        let (line, message) = super::toml_text::de_error(text, root, &err);
        malformed(line, message)
    })?;
    if rotation.format > ROTATION_FORMAT_VERSION {
        return Err(StoreError::JournalNewerFormat {
            path: path.to_owned(),
            found: rotation.format,
            supported: ROTATION_FORMAT_VERSION,
        });
    }
    if let Err(problem) = crate::domain::profile_rules::check_journal(&rotation) {
        let line = toml_edit::Document::parse(text).ok().and_then(|doc| {
            super::profiles_read::field_offset(doc.as_table(), None, &problem.path)
                .map(|offset| super::toml_text::line_at(text, offset))
        });
        return Err(malformed(line, problem.to_string()));
    }
    if rotation.profile != profile {
        return Err(malformed(
            None,
            format!(
                "it is for profile '{}', not '{profile}'",
                super::toml_text::shown(&rotation.profile)
            ),
        ));
    }
    if rotation.credential != credential {
        return Err(malformed(
            None,
            format!(
                "it is the journal of a rotation of the {}, not of the {}",
                rotation.credential.noun(),
                credential.noun()
            ),
        ));
    }
    Ok(rotation)
}

/// Creates `<root>/rotations` (and `credential`'s folder in it) if missing, 0700. When one is created, the folder
/// above is fsynced too, so the new folder's name survives a power cut along with
/// the journal written into it.
fn ensure_rotations_dir(dir: &ConfigDir, credential: Credential) -> Result<(), StoreError> {
    dir.ensure_exists()?;
    ensure_durable_subdir(dir.root(), &rotations_dir(dir))?;
    if !credential.is_hub() {
        ensure_durable_subdir(&rotations_dir(dir), &journals_dir(dir, credential))?;
    }
    Ok(())
}

/// Creates `folder` (0700) inside `parent` if missing, and fsyncs `parent` when
/// it did, so the new folder's name survives a power cut.
fn ensure_durable_subdir(parent: &Path, folder: &Path) -> Result<(), StoreError> {
    if super::folders::ensure_private_subdir(folder)? {
        #[cfg(unix)]
        File::open(parent)
            .and_then(|root| root.sync_all())
            .map_err(|source| StoreError::CreateDir {
                path: folder.to_owned(),
                source,
            })?;
    }
    Ok(())
}
