//! nowkey's own files: each read or write runs off the event loop, as a task
//! that reports a typed result.

use std::path::PathBuf;

use chrono::Utc;

use super::Runtime;
use crate::domain::check::report::{render_report, ReportContext};
use crate::domain::check::ProfileResults;
use crate::flows::job::StoreJob;
use crate::flows::outcome::{StoreOutcome, TaskOutcome};
use crate::flows::task::TaskId;
use crate::store::{
    load_profiles, lock_rotation, save_profile, save_report, save_rotation, scan_journals,
    ConfigDir, StoreError,
};

impl Runtime {
    pub(super) fn store_job(&mut self, task: TaskId, job: StoreJob) {
        let dir = self.config_dir.clone();
        match job {
            StoreJob::LockRotation {
                profile,
                credential,
            } => {
                // A quick local file operation, done in place so the lock lives in
                // the runtime for as long as the flow needs it.
                let result = lock_rotation(&dir, &profile, credential).map(|lock| {
                    self.rotation_locks.insert((profile, credential), lock);
                });
                self.send(
                    task,
                    TaskOutcome::Store(StoreOutcome::RotationLocked(result)),
                );
            }
            StoreJob::LoadProfiles => self.blocking(
                task,
                "Reading the profiles",
                StoreOutcome::ProfilesLoaded,
                move || load_profiles(&dir),
            ),
            StoreJob::LoadRotations => self.blocking(
                task,
                "Reading the rotation journals",
                StoreOutcome::RotationsLoaded,
                move || scan_journals(&dir),
            ),
            StoreJob::SaveProfile { name, profile } => self.blocking(
                task,
                "Saving the profile",
                StoreOutcome::ProfileSaved,
                move || save_profile(&dir, &name, *profile).map(|()| dir.profiles_path()),
            ),
            StoreJob::SaveJournal(rotation) => self.blocking(
                task,
                "Recording the step",
                StoreOutcome::JournalSaved,
                move || {
                    save_rotation(&dir, &rotation)?;
                    // The log says what the journal says, in the same words:
                    // "revoked" only when the Hub rejected the old key.
                    tracing::info!(
                        profile = %rotation.profile,
                        step = rotation.title(),
                        old_key = rotation
                            .old_key_revocation
                            .map_or("not asked yet", |r| r.words()),
                        "rotation step recorded"
                    );
                    Ok(())
                },
            ),
            StoreJob::SaveReport {
                name,
                profile,
                results,
            } => self.blocking(
                task,
                "Writing the report",
                StoreOutcome::ReportSaved,
                move || write_report(&dir, &name, &profile, &results),
            ),
        }
    }

    /// Runs `work` on the blocking pool as task `task`; its result goes back
    /// wrapped by `wrap`. A blocking task that stops before it finishes (a panic,
    /// a shutdown) reports [`StoreError::Interrupted`], naming `what` it was doing.
    fn blocking<T, F>(
        &mut self,
        task: TaskId,
        what: &'static str,
        wrap: fn(Result<T, StoreError>) -> StoreOutcome,
        work: F,
    ) where
        T: Send + 'static,
        F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    {
        self.spawn(task, async move {
            let result = tokio::task::spawn_blocking(work)
                .await
                .unwrap_or(Err(StoreError::Interrupted { what }));
            TaskOutcome::Store(wrap(result))
        });
    }
}

/// Renders the redacted report of one profile's checks and files it.
fn write_report(
    dir: &ConfigDir,
    name: &str,
    profile: &crate::domain::profile::Profile,
    results: &[crate::domain::check::CheckResult],
) -> Result<PathBuf, StoreError> {
    let now = Utc::now();
    let context = ReportContext {
        tool_version: format!("nowkey {}", env!("CARGO_PKG_VERSION")),
        os: crate::checks::os_description(),
        generated_at: now,
    };
    let text = render_report(
        &context,
        &[ProfileResults {
            name,
            profile,
            results,
        }],
    );
    save_report(dir, name, &text, now)
}
