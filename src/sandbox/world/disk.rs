//! The world file on disk: read without following a link and within a size cap,
//! moved aside when it cannot be read, replaced atomically with mode 0600.
//!
//! The file lives in the demo's own config folder, but a link or a special file
//! there is still refused rather than followed: whatever it points at is not ours
//! to read or replace.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest world file read. A full store is far smaller in practice; a
/// larger file is refused rather than read whole into memory.
pub(crate) const MAX_WORLD_BYTES: u64 = 16 * 1024 * 1024;

/// What is at the world file's path.
#[derive(Debug)]
pub(super) enum Found {
    /// Nothing: a fresh world.
    Missing,
    /// A regular file's bytes, at most [`MAX_WORLD_BYTES`].
    Bytes(Vec<u8>),
    /// A symbolic link: neither followed nor replaced.
    Link,
    /// Something else that is not a regular file (a folder, a FIFO…): not replaced.
    Special,
    /// A regular file that could not be read, and why.
    Unreadable(String),
}

/// Reads the world file, refusing links, special files and files over the cap.
pub(super) fn read(path: &Path) -> Found {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Found::Missing,
        Err(e) => return Found::Unreadable(e.to_string()),
    };
    if meta.file_type().is_symlink() {
        return Found::Link;
    }
    if !meta.is_file() {
        return Found::Special;
    }
    let file = match open_for_reading(path) {
        Ok(file) => file,
        Err(e) if is_link_refusal(&e) => return Found::Link,
        Err(e) => return Found::Unreadable(e.to_string()),
    };
    // The handle is what is read: check it, not the name, which may have changed.
    match file.metadata() {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Found::Special,
        Err(e) => return Found::Unreadable(e.to_string()),
    }
    let mut bytes = Vec::new();
    match file.take(MAX_WORLD_BYTES + 1).read_to_end(&mut bytes) {
        Err(e) => Found::Unreadable(e.to_string()),
        Ok(_) if bytes.len() as u64 > MAX_WORLD_BYTES => Found::Unreadable(format!(
            "larger than {} MiB",
            MAX_WORLD_BYTES / (1024 * 1024)
        )),
        Ok(_) => Found::Bytes(bytes),
    }
}

/// Opens for reading without following a link at `path` (and, on Unix, without
/// blocking on a FIFO swapped in after the check).
fn open_for_reading(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether an open failed because `O_NOFOLLOW` met a link.
fn is_link_refusal(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Renames the unreadable regular file at `path` to `<name>.unreadable-<secs>`
/// (with `-1`, `-2`… when that name is taken, so no earlier one is replaced).
/// Returns the new path. Anything but a regular file is left where it is.
pub(super) fn move_aside(path: &Path, unix_secs: i64) -> io::Result<PathBuf> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    for n in 0..100u32 {
        let mut aside = OsString::from(name);
        aside.push(format!(".unreadable-{unix_secs}"));
        if n > 0 {
            aside.push(format!("-{n}"));
        }
        let target = path.with_file_name(aside);
        match fs::symlink_metadata(&target) {
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(path, &target)?;
                return Ok(target);
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "every name to move it aside to is taken",
    ))
}

/// `<path>.tmp`: beside the file, so the rename cannot cross file systems.
fn tmp_path(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut tmp = OsString::from(name);
    tmp.push(".tmp");
    Ok(path.with_file_name(tmp))
}

/// Replaces `path` with `bytes` atomically: readers see the old file or the new
/// one. The temporary file is created fresh with mode 0600 (a stale one is
/// removed first, a link there is removed, never followed), synced, renamed over
/// `path`, and the folder synced so the rename survives a crash.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = tmp_path(path)?;
    match fs::symlink_metadata(&tmp) {
        // Left by a crash (or planted): removing a link removes the link only.
        Ok(_) => match fs::remove_file(&tmp) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = OpenOptions::new();
    // `create_new` (O_EXCL) fails on anything already there, a link included.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(&tmp)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        // Best effort: the write already failed, and a stale tmp is removed next time.
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}
