//! Support reports written from the validation screen: `reports/<profile>-<UTC
//! time>.md` under the config folder, 0600 in a 0700 folder, written atomically.
//! The text is already redacted (it never held a secret); this only files it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::folders::ensure_private_subdir;
use super::{write_atomic, ConfigDir, StoreError};

/// `<root>/reports/<profile>-<YYYYMMDDTHHMMSSZ>.md`; a character a file name
/// should not hold (a hand-edited profile name) becomes `_`.
pub fn report_path(dir: &ConfigDir, profile: &str, now: DateTime<Utc>) -> PathBuf {
    let safe: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.root()
        .join("reports")
        .join(format!("{safe}-{}.md", now.format("%Y%m%dT%H%M%SZ")))
}

/// Writes `text` as the report of `profile` made at `now`; returns its path.
pub fn save_report(
    dir: &ConfigDir,
    profile: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<PathBuf, StoreError> {
    let path = report_path(dir, profile, now);
    dir.ensure_exists()?;
    if let Some(folder) = path.parent() {
        ensure_private_subdir(folder)?;
    }
    write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn dir(root: &std::path::Path) -> ConfigDir {
        ConfigDir::resolve(Some(root.to_path_buf())).unwrap()
    }

    #[test]
    fn the_report_goes_under_reports_with_a_utc_timestamp() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 5, 3).unwrap();
        let cfg = dir(std::path::Path::new("/cfg"));
        assert_eq!(
            report_path(&cfg, "prod", now),
            PathBuf::from("/cfg/reports/prod-20261121T090503Z.md")
        );
        assert_eq!(
            report_path(&cfg, "a/b c", now),
            PathBuf::from("/cfg/reports/a_b_c-20261121T090503Z.md")
        );
    }

    #[test]
    fn a_written_report_is_private_and_holds_the_text() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 9, 5, 3).unwrap();
        let path = save_report(&dir(tmp.path()), "prod", "## Profile `prod`\n", now).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("## Profile `prod`"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let folder = std::fs::metadata(tmp.path().join("reports")).unwrap();
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
    }
}
