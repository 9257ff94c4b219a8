//! What `apply` shows before it writes, and the question it asks at a terminal.

use std::io::Write as _;

use super::apply::ApplyDocument;
use crate::commands::exit::CommandError;
use crate::domain::servicenow_write::TargetKind;

/// The preview: table, record, sys_id, fields and whether each changes, never a
/// value; on stdout, or on stderr when stdout is kept for `--json`.
pub(super) fn print_preview(document: &ApplyDocument, to_stderr: bool) {
    let action = if document.dry_run {
        "would write (dry run: nothing is written)"
    } else {
        "will write"
    };
    let mut lines = vec![format!(
        "nowkey {action} key {} of profile {} into ServiceNow {} as {}; no value is shown:",
        document.api_key, document.profile, document.instance, document.admin_user
    )];
    for entry in &document.writes {
        let p = &entry.plan;
        let what = match p.kind {
            TargetKind::Credential => "spoke credential",
            TargetKind::Registration => "Environment Registration",
        };
        lines.push(format!(
            "  {what}: {} ({}, sys_mod_count {}, updated {})",
            p.record_name, p.target, p.before.mod_count, p.before.updated_on
        ));
        for f in &p.fields {
            lines.push(format!(
                "      {} ← {}: {}",
                f.field,
                f.value.describe(),
                f.change.describe()
            ));
        }
    }
    for line in lines {
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

/// Asks on the terminal; anything but y/yes is no.
pub(super) fn confirmed() -> Result<bool, CommandError> {
    eprint!("Write these records now? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CommandError::usage(format!("Could not read the answer: {e}.")))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
