//! Atomic file replacement: readers see the old file or the new one, never half.

use std::io::Write;
use std::path::Path;

/// Replaces `path` with `bytes` atomically, with mode 0600 on Unix.
///
/// Writes a temporary file in the same folder (so the rename cannot cross file
/// systems), whose mode is 0600 from creation, before any content exists; then
/// `sync_all`, rename over `path`, and on Unix fsync the folder so the rename
/// itself survives a power cut. If anything fails the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"))?;

    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(file_name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;

    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}
