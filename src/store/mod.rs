//! Profiles and rotation journals on disk: atomic writes, mode 0600, no secrets;
//! and the secrets `nowkey check` may keep in the OS keyring instead ([`SecretKeyring`]).
//!
//! Everything nowkey writes lives under one [`ConfigDir`] (chosen with
//! `--config-dir` / `NOWKEY_CONFIG_DIR`, else the platform's config folder), so an
//! admin can find, back up or version it in one place.

mod atomic;
mod config_dir;
mod demo_world;
mod error;
mod folders;
pub mod journal;
mod keyring;
mod profiles;
mod profiles_edit;
mod profiles_read;
mod reports;
mod safe_fs;
mod toml_text;

pub use self::keyring::{
    KeyringError, SecretKeyring, SecretKind, DEFAULT_KEYRING_TIMEOUT, KEYRING_SERVICE,
};
pub use atomic::write_atomic;
pub use config_dir::ConfigDir;
pub use demo_world::{demo_world_path, lock_demo, move_demo_profiles, DemoLock};
pub use error::StoreError;
pub use journal::{
    journal_path, load_rotation, lock_rotation, save_rotation, scan_journals, JournalScan,
    RotationLock, UnreadableJournal,
};
pub use profiles::{load_profiles, remove_profile, render_profiles, save_profile};
pub use profiles_edit::known_keys as known_profile_keys;
pub use reports::{report_path, save_report};
pub use safe_fs::{open_private_append, JOURNAL_MAX_BYTES, PROFILES_MAX_BYTES};
