//! Flow D's commands: each check as its own task (so a profile's checks run at
//! once, each within its own time limit), and the support report written under
//! the config folder.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Runtime;
use crate::checks::{run_check, CheckSecrets, PlannedCheck};
use crate::domain::check::report::{render_report, ReportContext};
use crate::domain::check::CheckResult;
use crate::domain::check::ProfileResults;
use crate::domain::profile::Profile;
use crate::flows::command::TaskId;
use crate::flows::msg::TaskOutcome;
use crate::store::write_atomic;

impl Runtime {
    /// Runs one check as a task; it reports [`TaskOutcome::CheckFinished`].
    pub(super) fn run_check(&mut self, task: TaskId, check: PlannedCheck, secrets: CheckSecrets) {
        let timeouts = self.timeouts;
        self.spawn(task, async move {
            TaskOutcome::CheckFinished(Box::new(run_check(&check, &secrets, timeouts).await))
        });
    }

    /// Writes the report off the event loop; it reports
    /// [`TaskOutcome::ReportExported`] with the file's path.
    pub(super) fn export_report(
        &mut self,
        task: TaskId,
        name: String,
        profile: Profile,
        results: Vec<CheckResult>,
    ) {
        let root = self.config_dir.root().to_path_buf();
        self.spawn(task, async move {
            let written = tokio::task::spawn_blocking(move || {
                write_report(&root, &name, &profile, &results, Utc::now())
            })
            .await
            .map_err(|error| format!("writing stopped unexpectedly: {error}"))
            .and_then(|written| written);
            TaskOutcome::ReportExported(written)
        });
    }
}

/// Renders the redacted report and writes it (0600, atomically) to
/// `<root>/reports/<profile>-<UTC timestamp>.md`; returns the path.
fn write_report(
    root: &Path,
    name: &str,
    profile: &Profile,
    results: &[CheckResult],
    now: DateTime<Utc>,
) -> Result<String, String> {
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
    let path = report_path(root, name, now);
    if let Some(folder) = path.parent() {
        create_private_dir(folder)
            .map_err(|error| format!("could not create {} ({error})", folder.display()))?;
    }
    write_atomic(&path, text.as_bytes())
        .map_err(|error| format!("could not write {} ({error})", path.display()))?;
    Ok(path.display().to_string())
}

/// `<root>/reports/<profile>-<YYYYMMDDTHHMMSSZ>.md`; a character a file name
/// should not hold (a hand-edited profile name) becomes `_`.
pub fn report_path(root: &Path, name: &str, now: DateTime<Utc>) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join("reports")
        .join(format!("{safe}-{}.md", now.format("%Y%m%dT%H%M%SZ")))
}

/// Creates the folder (mode 0700 on Unix) if missing.
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_report_goes_under_reports_with_a_utc_timestamp() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 5, 3).unwrap();
        assert_eq!(
            report_path(Path::new("/cfg"), "prod", now),
            PathBuf::from("/cfg/reports/prod-20261121T090503Z.md")
        );
        assert_eq!(
            report_path(Path::new("/cfg"), "a/b c", now),
            PathBuf::from("/cfg/reports/a_b_c-20261121T090503Z.md")
        );
    }

    #[test]
    fn a_written_report_is_private_and_holds_the_results() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 5, 3).unwrap();
        let path = write_report(dir.path(), "prod", &Profile::default(), &[], now).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("## Profile `prod`"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let folder = std::fs::metadata(dir.path().join("reports")).unwrap();
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
    }
}
