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
    pub fn resolve(explicit: Option<PathBuf>) -> Result<ConfigDir, StoreError> {
        if let Some(root) = explicit.filter(|p| !p.as_os_str().is_empty()) {
            return Ok(ConfigDir { root });
        }
        directories::ProjectDirs::from("", "", "nowkey")
            .map(|dirs| ConfigDir {
                root: dirs.config_dir().to_path_buf(),
            })
            .ok_or(StoreError::NoConfigDir)
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

    /// Creates the folder (and its parents, mode 0700) if missing.
    pub fn ensure_exists(&self) -> Result<(), StoreError> {
        super::folders::create_private_dir(&self.root).map(|_| ())
    }
}
