//! The live checks of flow D: each check is one async function over the clients,
//! with its own time limit, and a profile's checks run concurrently. Both
//! `nowkey check` and the TUI validation screen run checks through here, so they
//! always agree.

mod certificate;
pub mod plan;
pub mod run;
pub mod secrets;

pub use plan::{plan_profile, CheckJob, PlannedCheck};
pub use run::{run_all, run_check, run_profile, ProfileRun};
pub use secrets::CheckSecrets;
