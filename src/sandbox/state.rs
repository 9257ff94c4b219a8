//! The state shared by every handler: the Hub's key registry, messages and
//! events, ServiceNow's users and records, HOPEX's keys, the injected faults,
//! and the shutdown signal.
//!
//! Each part has its own mutex; none is held across an `.await`, so a plain
//! `std::sync::Mutex` is enough and cheaper than an async one.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use super::faults::FaultRegistry;
use super::hopex::HopexKeys;
use super::keys::KeyRegistry;
use super::servicenow::ServiceNowState;
use super::store::{Store, StoreLimits};
use super::SandboxConfig;

/// Everything the handlers share.
pub(crate) struct AppState {
    pub keys: Mutex<KeyRegistry>,
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultRegistry>,
    /// ServiceNow's users, roles, records and hibernation switch.
    pub servicenow: Mutex<ServiceNowState>,
    /// HOPEX API keys.
    pub hopex: Mutex<HopexKeys>,
    /// Becomes `true` when the sandbox shuts down, releasing hung requests.
    pub stopping: watch::Receiver<bool>,
}

/// How handlers hold the state.
pub(crate) type Shared = Arc<AppState>;

impl AppState {
    /// A fresh state; `base_url` is the sandbox's own address (the seeded
    /// Environment Registration names it as its Hub).
    pub fn new(config: &SandboxConfig, base_url: &str, stopping: watch::Receiver<bool>) -> Self {
        Self {
            keys: Mutex::new(KeyRegistry::new(config.key_activation_delay)),
            store: Mutex::new(Store::new(config.delivery_step, StoreLimits::default())),
            faults: Mutex::new(FaultRegistry::default()),
            servicenow: Mutex::new(ServiceNowState::new(base_url)),
            hopex: Mutex::new(HopexKeys::default()),
            stopping,
        }
    }
}

/// Locks a mutex, recovering from poisoning: a panic in one handler must not take
/// the whole simulator down, and every update here leaves the data consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
