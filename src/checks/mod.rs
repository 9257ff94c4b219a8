//! The live checks of a saved profile (planned in [`crate::domain::check::plan`]):
//! each check is one async function over the clients,
//! with its own time limit, and a profile's checks run concurrently. Both
//! `nowkey check` and the TUI validation screen run checks through here, so they
//! always agree.

mod certificate;
mod hopex;
pub mod run;
mod servicenow_records;
mod servicenow_sign_in;

pub use run::{run_all, run_check, run_profile, ProfileRun};

/// `linux x86_64 (Debian GNU/Linux 12 (bookworm))`: the OS family and, where the
/// system says, its release, for support reports.
pub fn os_description() -> String {
    let base = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let release = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        });
    match release {
        Some(release) => format!("{base} ({release})"),
        None => base,
    }
}
