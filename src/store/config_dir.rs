//! Where nowkey keeps its files.

use std::path::{Path, PathBuf};

use super::StoreError;

/// The folder that holds everything nowkey writes (profiles, journals, log).
///
/// `Debug` shows the path only, which is not sensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDir {
    root: PathBuf,
}

impl ConfigDir {
    /// Picks the folder: `explicit` (from `--config-dir` or `NOWKEY_CONFIG_DIR`,
    /// resolved by the caller via clap), else the platform config folder
    /// (`~/.config/nowkey` on Linux, `~/Library/Application Support/nowkey` on macOS,
    /// `%APPDATA%\nowkey\config` on Windows).
    ///
    /// An empty `explicit` path counts as not given, since `NOWKEY_CONFIG_DIR=` is
    /// the usual way to unset the variable in a shell.
    ///
    /// A folder that exists must be private ([`ConfigDir::check_private`]); one
    /// that does not is created 0700 when something is first written.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<ConfigDir, StoreError> {
        let dir = match explicit.filter(|p| !p.as_os_str().is_empty()) {
            Some(root) => ConfigDir { root },
            None => directories::ProjectDirs::from("", "", "nowkey")
                .map(|dirs| ConfigDir {
                    root: dirs.config_dir().to_path_buf(),
                })
                .ok_or(StoreError::NoConfigDir)?,
        };
        dir.check_private()?;
        Ok(dir)
    }

    /// Refuses the folder when it exists and another user could plant files in
    /// it: owned by someone else, or writable by group or others
    /// ([`StoreError::UnsafeDir`], saying how to fix it). A missing folder passes.
    pub fn check_private(&self) -> Result<(), StoreError> {
        super::safe_fs::check_private_dir(&self.root, true)
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/profiles.toml`: the saved profiles (no secrets).
    pub fn profiles_path(&self) -> PathBuf {
        self.root.join("profiles.toml")
    }

    /// `<root>/nowkey.log`: the log file.
    pub fn log_path(&self) -> PathBuf {
        self.root.join("nowkey.log")
    }

    /// `<root>/profiles.lock`: held while `profiles.toml` is being rewritten.
    pub(crate) fn profiles_lock_path(&self) -> PathBuf {
        self.root.join("profiles.lock")
    }

    /// Creates the folder (and its parents, mode 0700) if missing, and checks
    /// that it is private.
    pub fn ensure_exists(&self) -> Result<(), StoreError> {
        super::folders::create_private_dir(&self.root)?;
        self.check_private()
    }
}
