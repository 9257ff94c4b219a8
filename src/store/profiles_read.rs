//! Reading `profiles.toml` as untrusted input: the file may have been edited by
//! hand, damaged, or planted. Every profile name and field must pass the rules
//! the wizard applies when it is typed ([`crate::domain::profile_rules`]); a
//! problem is reported with the line, the profile and the field, never the value.

use std::path::Path;

use toml_edit::{Item, TableLike};

use super::safe_fs::{read_bounded, PROFILES_MAX_BYTES};
use super::toml_text::{de_error, line_at, shown, utf8};
use super::StoreError;
use crate::domain::profile::{validate_profile_name, ProfilesFile, PROFILES_FORMAT_VERSION};
use crate::domain::profile_rules::{check_profile, FieldStep};

/// The text of `path` (`None` when it does not exist), read safely: no link
/// followed, at most [`PROFILES_MAX_BYTES`], UTF-8.
pub(crate) fn read_profiles_text(path: &Path) -> Result<Option<String>, StoreError> {
    match read_bounded(path, PROFILES_MAX_BYTES)? {
        None => Ok(None),
        Some(bytes) => utf8(path, bytes).map(Some),
    }
}

/// Parses and checks the text of `path`.
pub(crate) fn parse_profiles(path: &Path, text: &str) -> Result<ProfilesFile, StoreError> {
    let doc = toml_edit::Document::parse(text).map_err(|err| StoreError::Malformed {
        path: path.to_owned(),
        line: err.span().map(|span| line_at(text, span.start)),
        message: super::toml_text::message_without_value(err.message()),
    })?;
    let root: &dyn TableLike = doc.as_table();
    // First, so a newer nowkey's file is called newer rather than invalid.
    if let Some(found) = root.get("version").and_then(Item::as_integer) {
        if found > i64::from(PROFILES_FORMAT_VERSION) {
            return Err(StoreError::NewerFormat {
                path: path.to_owned(),
                found: u32::try_from(found).unwrap_or(u32::MAX),
                supported: PROFILES_FORMAT_VERSION,
            });
        }
    }
    let profiles = root.get("profiles").and_then(Item::as_table_like);
    if let Some(profiles) = profiles {
        check_names(path, text, profiles)?;
    }
    let file: ProfilesFile = toml::from_str(text).map_err(|err| {
        let (line, message) = de_error(text, Some(root), &err);
        StoreError::Malformed {
            path: path.to_owned(),
            line,
            message,
        }
    })?;
    for (name, profile) in &file.profiles {
        if let Err(problem) = check_profile(profile) {
            let line = profiles
                .and_then(|table| field_offset(table, Some(name), &problem.path))
                .map_or(1, |offset| line_at(text, offset));
            return Err(StoreError::InvalidProfile {
                path: path.to_owned(),
                line,
                profile: Some(shown(name)),
                field: Some(problem.field()),
                reason: problem.reason,
            });
        }
    }
    Ok(file)
}

/// Every profile name must be one the wizard accepts, exactly (nothing trimmed).
fn check_names(path: &Path, text: &str, profiles: &dyn TableLike) -> Result<(), StoreError> {
    for (name, _) in profiles.iter() {
        let refusal = match validate_profile_name(name) {
            Ok(clean) if clean == name => continue,
            Ok(_) => "a profile name has no spaces around it".to_owned(),
            Err(reason) => reason.to_string(),
        };
        let line = profiles
            .key(name)
            .and_then(|key| key.span())
            .map_or(1, |span| line_at(text, span.start));
        return Err(StoreError::InvalidProfile {
            path: path.to_owned(),
            line,
            profile: Some(shown(name)),
            field: None,
            reason: refusal,
        });
    }
    Ok(())
}

/// Where the field at `steps` starts in the text, below the entry `first` of
/// `root` when given (a profile's name): its key, or the nearest enclosing table
/// or key that has a position.
pub(crate) fn field_offset(
    root: &dyn TableLike,
    first: Option<&str>,
    steps: &[FieldStep],
) -> Option<usize> {
    let key_start = |table: &dyn TableLike, key: &str| {
        table.key(key).and_then(|k| k.span()).map(|span| span.start)
    };
    let (mut best, mut table) = match first {
        Some(name) => (key_start(root, name), root.get(name)?.as_table_like()?),
        None => (None, root),
    };
    let mut steps = steps.iter().peekable();
    while let Some(step) = steps.next() {
        let FieldStep::Key(key) = step else {
            return best;
        };
        best = key_start(table, key).or(best);
        let Some(item) = table.get(key) else {
            return best;
        };
        let next: Option<&dyn TableLike> = match steps.peek() {
            None => return best,
            Some(FieldStep::Index(index)) => {
                steps.next();
                match item {
                    Item::ArrayOfTables(array) => {
                        let entry = array.get(*index);
                        best = entry.and_then(|t| t.span()).map(|s| s.start).or(best);
                        entry.map(|t| t as &dyn TableLike)
                    }
                    Item::Value(value) => value
                        .as_array()
                        .and_then(|array| array.get(*index))
                        .and_then(|entry| entry.as_inline_table())
                        .map(|t| t as &dyn TableLike),
                    _ => None,
                }
            }
            Some(FieldStep::Key(_)) => item.as_table_like(),
        };
        match next {
            Some(next) => table = next,
            None => return best,
        }
    }
    best
}
