//! The sandbox's world kept in one JSON file
//! ([`SandboxConfig::world_file`](super::SandboxConfig::world_file)),
//! so a demo profile made yesterday still works today: the Hub keys (and
//! whether the seeded one was deleted), the HOPEX keys, the ServiceNow users
//! added or changed, the ServiceNow records written (credentials, aliases,
//! Environment Registrations: their changed fields, `sys_mod_count` and
//! `sys_updated_on`), and the stored messages with their replies and delivery
//! reports. Faults and the hibernation switch are moments of a test, not part
//! of the world, and are not kept.
//!
//! **The file holds secrets in clear**: the Hub keys' secrets, the HOPEX keys,
//! the ServiceNow users' passwords, and the encrypted ServiceNow fields that
//! hold a Hub key's secret or token. They are all credentials the sandbox
//! minted itself, worthless anywhere but on this sandbox, which serves only
//! loopback. An encrypted ServiceNow field holding anything else (something a
//! client wrote, which the sandbox did not mint) is not kept: it comes back
//! empty. The file is still written with mode 0600, and the demo keeps it in
//! its own config folder.
//!
//! Loading: a missing file is a fresh world. A file that cannot be read or
//! parsed must neither stop the sandbox nor be lost: it is renamed aside to
//! `<name>.unreadable-<unix seconds>` and the world starts fresh. A link, or
//! anything else that is not a regular file, is never followed nor replaced: the
//! world starts fresh and is not saved at all.
//!
//! Saving: a background task writes the world at most once a second, only when
//! its bytes changed, and [`Sandbox::shutdown`](super::Sandbox::shutdown) writes
//! it a last time; each write replaces the file atomically (see `disk`).
//! The file also records the address the sandbox listened on, so the next run
//! can ask for it again ([`saved_world_address`]).

mod disk;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::admin::MAX_ADMIN_RECORDS;
use super::hopex::SavedHopexKey;
use super::keys::SavedHubKey;
use super::seeded_key::SEEDED_HUB_KEY;
use super::servicenow::records::SavedRecord;
use super::servicenow::User;
use super::state::{lock, AppState, Shared};
use super::store::SavedStore;
use disk::{Found, MAX_WORLD_BYTES};

/// The version of the file's layout; a file with another one is unreadable.
const FORMAT: u32 = 1;

/// How often the world is saved (when it changed).
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// The file's content.
#[derive(Serialize, Deserialize)]
struct World {
    format: u32,
    /// The listening socket address, `127.0.0.1:PORT`.
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    hub_keys: Vec<SavedHubKey>,
    /// The seeded Hub key was deleted.
    #[serde(default)]
    seeded_hub_key_deleted: bool,
    #[serde(default)]
    hopex_keys: Vec<SavedHopexKey>,
    /// Only the users that differ from the seeded directory.
    #[serde(default)]
    servicenow_users: Vec<User>,
    /// Only the records that differ from the seeded ones.
    #[serde(default)]
    servicenow_records: Vec<SavedRecord>,
    #[serde(default)]
    store: SavedStore,
}

impl World {
    /// The world as it is now. Each part is taken under its own lock, one at a
    /// time, as the handlers take them: never two at once.
    fn of(state: &AppState, address: SocketAddr) -> Self {
        let (hub_keys, seeded_hub_key_deleted) = {
            let keys = lock(&state.keys);
            (keys.snapshot(), keys.seeded_deleted())
        };
        let minted = minted_credentials(&hub_keys, seeded_hub_key_deleted);
        let hopex_keys = lock(&state.hopex).snapshot();
        let (servicenow_users, servicenow_records) = {
            let sn = lock(&state.servicenow);
            let records = sn.records.snapshot(&|v| minted.iter().any(|m| m == v));
            (sn.directory.changed_users(), records)
        };
        let store = lock(&state.store).snapshot();
        Self {
            format: FORMAT,
            address: Some(address.to_string()),
            hub_keys,
            seeded_hub_key_deleted,
            hopex_keys,
            servicenow_users,
            servicenow_records,
            store,
        }
    }

    /// Puts the saved world into a fresh state, within the sandbox's limits.
    fn restore_into(mut self, state: &AppState) {
        let now = Instant::now();
        let now_utc = Utc::now();
        self.hub_keys.truncate(MAX_ADMIN_RECORDS);
        self.hopex_keys.truncate(MAX_ADMIN_RECORDS);
        self.servicenow_users.truncate(MAX_ADMIN_RECORDS);
        self.servicenow_records.truncate(MAX_ADMIN_RECORDS);
        {
            let mut keys = lock(&state.keys);
            keys.restore(self.hub_keys, now);
            keys.restore_seeded_deleted(self.seeded_hub_key_deleted);
        }
        lock(&state.hopex).restore(self.hopex_keys);
        {
            let mut sn = lock(&state.servicenow);
            sn.directory.restore(self.servicenow_users);
            sn.records.restore(self.servicenow_records);
        }
        lock(&state.store).restore(self.store, now, now_utc);
    }
}

/// Every credential value the sandbox minted: each Hub key's secret and token
/// (`base64(key:secret)`), the seeded key's while it lives. The only encrypted
/// ServiceNow values the world file keeps.
fn minted_credentials(hub_keys: &[SavedHubKey], seeded_deleted: bool) -> Vec<String> {
    let mut pairs: Vec<(&str, &str)> = hub_keys
        .iter()
        .map(|k| (k.api_key.as_str(), k.secret.as_str()))
        .collect();
    if !seeded_deleted {
        pairs.push((SEEDED_HUB_KEY.api_key, SEEDED_HUB_KEY.api_secret));
    }
    pairs
        .into_iter()
        .flat_map(|(key, secret)| {
            [
                secret.to_owned(),
                STANDARD.encode(format!("{key}:{secret}")),
            ]
        })
        .collect()
}

/// The one field [`saved_world_address`] reads.
#[derive(Deserialize)]
struct AddressOnly {
    #[serde(default)]
    address: Option<String>,
}

/// The address the sandbox whose world is saved at `path` listened on, so a new
/// run can ask for the same one (and the demo profiles pointing at it keep
/// working). `None` when the file is missing, unreadable, a link, or names no
/// loopback address. Reads the file (at most 16 MiB) on the calling thread.
pub fn saved_world_address(path: &Path) -> Option<SocketAddr> {
    let Found::Bytes(bytes) = disk::read(path) else {
        return None;
    };
    let only: AddressOnly = serde_json::from_slice(&bytes).ok()?;
    let address: SocketAddr = only.address?.parse().ok()?;
    address.ip().is_loopback().then_some(address)
}

/// The world file of a running sandbox: where it goes and what was last written.
pub(crate) struct WorldFile {
    path: PathBuf,
    address: SocketAddr,
    state: Shared,
    /// Held through each save, so two saves never write the temporary file at once.
    written: Mutex<Written>,
}

#[derive(Default)]
struct Written {
    /// The bytes last written: a save that would write the same is skipped.
    bytes: Option<Vec<u8>>,
    /// The last save failed (and was logged): the next failures are not.
    failing: bool,
}

impl WorldFile {
    /// Loads the world at `path` into `state` (a fresh state). Returns the file
    /// to keep saving to, or `None` when it must not be written (see the module
    /// documentation), and what went wrong with the file, in a sentence for
    /// whoever started the sandbox, when it was not loaded.
    pub async fn open(
        path: PathBuf,
        address: SocketAddr,
        state: &Shared,
    ) -> (Option<Arc<Self>>, Option<String>) {
        let reading = path.clone();
        let (world, saving, problem) =
            match tokio::task::spawn_blocking(move || load(&reading)).await {
                Ok(loaded) => loaded,
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e,
                        "reading the sandbox's world file failed: starting fresh, not saving");
                    let problem =
                        "its world file could not be read; a fresh world started and is not saved";
                    (None, false, Some(problem.to_owned()))
                }
            };
        if let Some(world) = world {
            world.restore_into(state);
            tracing::info!(path = %path.display(), "sandbox world loaded");
        }
        let file = saving.then(|| {
            Arc::new(Self {
                path,
                address,
                state: Arc::clone(state),
                written: Mutex::new(Written::default()),
            })
        });
        (file, problem)
    }

    /// Saves the world if it changed since the last save, off the async threads.
    pub async fn save(self: &Arc<Self>) {
        let world = Arc::clone(self);
        if let Err(e) = tokio::task::spawn_blocking(move || world.save_now()).await {
            tracing::warn!(path = %self.path.display(), error = %e, "saving the sandbox's world failed");
        }
    }

    fn save_now(&self) {
        let mut written = lock(&self.written);
        let world = World::of(&self.state, self.address);
        let bytes = match serde_json::to_vec_pretty(&world) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(error = %e, "the sandbox's world could not be serialized");
                return;
            }
        };
        if written.bytes.as_deref() == Some(bytes.as_slice()) {
            return;
        }
        // Never write what the next run would refuse to read: the last good file stays.
        let result = if bytes.len() as u64 > MAX_WORLD_BYTES {
            Err(std::io::Error::other(format!(
                "the world is larger than the {} MiB a world file may be",
                MAX_WORLD_BYTES / (1024 * 1024)
            )))
        } else {
            disk::write_atomic(&self.path, &bytes)
        };
        match result {
            Ok(()) => {
                if written.failing {
                    tracing::info!(path = %self.path.display(), "sandbox world saved again");
                }
                written.failing = false;
                written.bytes = Some(bytes);
            }
            Err(e) => {
                if !written.failing {
                    tracing::warn!(path = %self.path.display(), error = %e,
                        "the sandbox's world could not be saved; retrying every second");
                }
                written.failing = true;
            }
        }
    }
}

/// Saves the world every [`SAVE_EVERY`] (when it changed) until the sandbox
/// stops, then once more: that last save is all a sandbox dropped without
/// [`Sandbox::shutdown`](super::Sandbox::shutdown) gets.
pub(crate) async fn keep_saving(world: Arc<WorldFile>, mut stopping: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(SAVE_EVERY);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => world.save().await,
            // Stopping, or the sandbox is gone (the sender dropped). The guard
            // `wait_for` returns is dropped inside, so the task stays `Send`.
            () = async { let _ = stopping.wait_for(|stop| *stop).await; } => break,
        }
    }
    world.save().await;
}

/// Reads and parses the world file: the world, if there was a good one,
/// whether the file may be written, and what went wrong when it was not loaded.
fn load(path: &Path) -> (Option<World>, bool, Option<String>) {
    let fresh = |saving: bool, problem: String| (None, saving, Some(problem));
    match disk::read(path) {
        Found::Missing => (None, true, None),
        Found::Bytes(bytes) => match parse(&bytes) {
            Ok(world) => (Some(world), true, None),
            Err(reason) => {
                let (saving, problem) = set_aside(path, &reason);
                fresh(saving, problem)
            }
        },
        Found::Unreadable(reason) => {
            let (saving, problem) = set_aside(path, &reason);
            fresh(saving, problem)
        }
        Found::Link => {
            tracing::warn!(path = %path.display(),
                "the sandbox's world file is a symbolic link: not following it; \
                 starting fresh and saving nothing");
            fresh(false, "its world file is a symbolic link, which is not followed: a fresh world started and is not saved".to_owned())
        }
        Found::Special => {
            tracing::warn!(path = %path.display(),
                "the sandbox's world file is not a regular file: leaving it alone; \
                 starting fresh and saving nothing");
            fresh(false, "its world file is not a regular file, so it was left alone: a fresh world started and is not saved".to_owned())
        }
    }
}

fn parse(bytes: &[u8]) -> Result<World, String> {
    let world: World = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if world.format != FORMAT {
        return Err(format!(
            "its format is {}, this nowkey reads format {FORMAT}",
            world.format
        ));
    }
    Ok(world)
}

/// Moves an unreadable world file out of the way: true when it is out of the
/// way, so a fresh world may be saved in its place without losing it; and what
/// happened, in a sentence.
fn set_aside(path: &Path, reason: &str) -> (bool, String) {
    match disk::move_aside(path, Utc::now().timestamp()) {
        Ok(aside) => {
            tracing::warn!(path = %path.display(), aside = %aside.display(), reason,
                "the sandbox's world file could not be read: moved aside, starting fresh");
            (true, format!("its world file could not be read ({reason}): it was moved aside to {} and a fresh world started", aside.display()))
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), reason, error = %e,
                "the sandbox's world file could not be read nor moved aside: \
                 starting fresh and saving nothing, so it is not overwritten");
            (false, format!("its world file could not be read ({reason}) nor moved aside ({e}): a fresh world started and is not saved, so the file is left as it was"))
        }
    }
}
