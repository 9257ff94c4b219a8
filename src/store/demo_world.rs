//! The demo's own world on disk, beside its profiles in `<config>/demo/`: one
//! demo at a time (a lock), the sandbox's saved state (see
//! [`crate::sandbox::SandboxConfig::world_file`]), and moving the demo profiles
//! to the sandbox's address when it could not get its old one back.

use std::fs::{File, TryLockError};
use std::path::PathBuf;

use super::safe_fs::open_for_writing;
use super::{load_profiles, save_profile, ConfigDir, StoreError};
use crate::domain::profile::Profile;

/// The file the demo sandbox keeps its world in.
pub fn demo_world_path(dir: &ConfigDir) -> PathBuf {
    dir.root().join("sandbox-world.json")
}

/// Held while a demo runs: a second `nowkey demo` on the same folder would serve
/// the same world from a second sandbox, and each would overwrite the other's.
#[derive(Debug)]
pub struct DemoLock {
    _file: File,
}

/// Takes the demo lock without waiting: [`StoreError::DemoBusy`] when another
/// demo holds it.
pub fn lock_demo(dir: &ConfigDir) -> Result<DemoLock, StoreError> {
    let path = dir.root().join("demo.lock");
    let file = open_for_writing(&path, false)?;
    match file.try_lock() {
        Ok(()) => Ok(DemoLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::DemoBusy { path }),
        Err(TryLockError::Error(source)) => Err(StoreError::Lock { path, source }),
    }
}

/// Points every demo profile address that starts with `old_base` (the sandbox's
/// last address) at `new_base` instead: the Hub API URL, the ServiceNow instance
/// and the HOPEX server. Returns the names of the profiles rewritten. Each is
/// saved as any profile is (locked, in place, keeping what nowkey does not know).
pub fn move_demo_profiles(
    dir: &ConfigDir,
    old_base: &str,
    new_base: &str,
) -> Result<Vec<String>, StoreError> {
    let file = load_profiles(dir)?;
    let mut moved = Vec::new();
    for (name, profile) in file.profiles {
        let mut updated = profile.clone();
        rebase(&mut updated, old_base, new_base);
        if updated != profile {
            save_profile(dir, &name, updated)?;
            moved.push(name);
        }
    }
    Ok(moved)
}

/// Rewrites the addresses of `profile` that are `old_base` itself or under it.
fn rebase(profile: &mut Profile, old_base: &str, new_base: &str) {
    let mut urls: Vec<&mut String> = Vec::new();
    if let Some(sms) = profile.sms.as_mut() {
        urls.push(&mut sms.hub_api_url);
        if let Some(url) = sms.servicenow_url.as_mut() {
            urls.push(url);
        }
    }
    if let Some(hopex) = profile.hopex.as_mut() {
        urls.push(&mut hopex.server_url);
        urls.push(&mut hopex.servicenow_url);
    }
    for url in urls {
        let under = url
            .strip_prefix(old_base)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'));
        if let Some(rest) = under {
            *url = format!("{new_base}{rest}");
        }
    }
}
