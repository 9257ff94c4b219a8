//! Opening files in the config folder without trusting what is there: another
//! local user (or a program running as the operator) may have planted a symbolic
//! link, a hard link, a device or a huge file where nowkey expects its own.
//!
//! Every file nowkey opens in the folder goes through here: opened with
//! `O_NOFOLLOW` (a link is refused, never followed), checked on the handle that was
//! opened (so nothing can be swapped in between), and read only up to what the
//! file can legitimately hold.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use super::StoreError;

/// The largest `profiles.toml` nowkey reads: thousands of profiles with long
/// rotation histories fit in far less.
pub const PROFILES_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The largest rotation journal nowkey reads: a journal is a few kilobytes.
pub const JOURNAL_MAX_BYTES: u64 = 1024 * 1024;

/// Opens `path` for appending or locking, creating it (mode 0600) if missing,
/// never truncating it. Refuses a symbolic link ([`StoreError::Symlink`]), and
/// anything but a regular file with one name ([`StoreError::NotPrivateFile`]): a
/// hard link would let appends or a chmod reach another file.
pub(crate) fn open_for_writing(path: &Path, append: bool) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        // Never truncate: lock files have no content, and truncating is a write.
        options.read(true).write(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
        // No link followed; and a FIFO planted in place of the log must not make
        // the open wait for a reader: non-blocking, it fails or is refused below.
        // Regular files ignore O_NONBLOCK.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|source| open_error(path, source))?;
    check_handle(path, &file)?;
    Ok(file)
}

/// Opens `path` for appending as [`open_for_writing`] does (no link followed, a
/// regular file with one name, created 0600): for the log.
pub fn open_private_append(path: &Path) -> Result<File, StoreError> {
    open_for_writing(path, true)
}

/// Reads `path` whole, at most `limit` bytes: `None` when it does not exist.
///
/// Refuses a symbolic link, anything but a regular file (a FIFO, a device such as
/// `/dev/zero`), and a file larger than `limit` ([`StoreError::TooLarge`]), so a
/// planted file can neither redirect the read nor exhaust memory.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, StoreError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No link followed. Opening a FIFO for reading would wait for a writer; non-blocking, the open
        // returns and the check below refuses it. Regular files ignore the flag.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(open_error(path, source)),
    };
    regular_file(path, &file)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| StoreError::Read {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            limit,
        });
    }
    Ok(Some(bytes))
}

/// Says a link is a link (the OS only says "too many levels of symbolic links"),
/// and a FIFO or device is not a file (the OS says "no such device").
fn open_error(path: &Path, source: std::io::Error) -> StoreError {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => StoreError::Symlink {
            path: path.to_owned(),
        },
        Ok(meta) if !meta.is_file() => StoreError::NotPrivateFile {
            path: path.to_owned(),
            why: "it is not a regular file",
        },
        _ => StoreError::Open {
            path: path.to_owned(),
            source,
        },
    }
}

/// The opened handle's metadata, when it is a regular file (not a FIFO or device).
fn regular_file(path: &Path, file: &File) -> Result<std::fs::Metadata, StoreError> {
    let meta = file.metadata().map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    if !meta.is_file() {
        return Err(StoreError::NotPrivateFile {
            path: path.to_owned(),
            why: "it is not a regular file",
        });
    }
    Ok(meta)
}

/// The opened handle must be a regular file with a single name.
fn check_handle(path: &Path, file: &File) -> Result<(), StoreError> {
    let meta = regular_file(path, file)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(StoreError::NotPrivateFile {
                path: path.to_owned(),
                why: "it has other names (hard links), so writing it would change another file",
            });
        }
    }
    Ok(())
}

/// Refuses a folder other users could plant files in: not owned by the user
/// running nowkey, or writable by group or others. `follow_link` is true for the
/// config folder itself (the operator may have linked it on purpose, and what
/// matters is the folder it leads to) and false for the folders nowkey makes
/// inside it, where a link can only have been planted.
pub(crate) fn check_private_dir(folder: &Path, follow_link: bool) -> Result<(), StoreError> {
    let meta = if follow_link {
        std::fs::metadata(folder)
    } else {
        std::fs::symlink_metadata(folder)
    };
    let meta = match meta {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::Read {
                path: folder.to_owned(),
                source,
            })
        }
    };
    if meta.file_type().is_symlink() {
        return Err(StoreError::Symlink {
            path: folder.to_owned(),
        });
    }
    if !meta.is_dir() {
        return Err(StoreError::UnsafeDir {
            path: folder.to_owned(),
            problem: "it is not a folder".to_owned(),
            fix: format!(
                "move it aside, or pass --config-dir with another folder than {}",
                folder.display()
            ),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid takes no arguments, touches no memory and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(StoreError::UnsafeDir {
                path: folder.to_owned(),
                problem: format!(
                    "it belongs to another user (uid {}, you are uid {me})",
                    meta.uid()
                ),
                fix: format!(
                    "use a folder of your own with --config-dir DIR, or make it yours: chown {me} {}",
                    folder.display()
                ),
            });
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o022 != 0 {
            return Err(StoreError::UnsafeDir {
                path: folder.to_owned(),
                problem: format!("other users can write in it (mode {mode:o})"),
                fix: format!("chmod 700 {}", folder.display()),
            });
        }
    }
    Ok(())
}
