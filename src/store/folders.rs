//! Private folders: every folder nowkey creates is mode 0700 on Unix.

use std::path::Path;

use super::StoreError;

/// Creates `folder` and any missing parents, mode 0700 on Unix. Returns whether
/// it was created (false when it was there already, or another process made it
/// first). A folder that exists keeps its mode: the operator may have pointed
/// `--config-dir` at a shared folder on purpose, and every file nowkey writes is
/// 0600 anyway. The umask can narrow 0700 further but never widen it.
pub(crate) fn create_private_dir(folder: &Path) -> Result<bool, StoreError> {
    if folder.is_dir() {
        return Ok(false);
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(folder)
        .map_err(|source| StoreError::CreateDir {
            path: folder.to_path_buf(),
            source,
        })?;
    Ok(true)
}
