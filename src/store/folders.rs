//! Private folders: every folder nowkey creates is mode 0700 on Unix.

use std::path::Path;

use super::StoreError;

/// Creates `folder` and any missing parents, mode 0700 on Unix. Returns whether
/// it was created (false when it was there already, or another process made it
/// first). A folder that exists keeps its mode, but the config folder and every
/// folder in it must be private: [`check_private_dir`] is the caller's (the config
/// folder may be a link the operator made; the folders inside it may not). The
/// umask can narrow 0700 further but never widen it.
///
/// [`check_private_dir`]: super::safe_fs::check_private_dir
pub(crate) fn create_private_dir(folder: &Path) -> Result<bool, StoreError> {
    if std::fs::symlink_metadata(folder).is_ok() {
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

/// Creates `folder` inside the config folder (0700) if missing, and refuses it
/// when it is a link or not private. Returns whether it was created.
pub(crate) fn ensure_private_subdir(folder: &Path) -> Result<bool, StoreError> {
    let created = create_private_dir(folder)?;
    super::safe_fs::check_private_dir(folder, false)?;
    Ok(created)
}
