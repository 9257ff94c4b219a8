//! Rewriting `profiles.toml` in place: a save or a removal changes only the
//! profile concerned, and keeps everything nowkey does not know (a key or table a
//! newer nowkey wrote under the same `version`, a setting an admin added) and every
//! comment. An older nowkey must never silently delete what a newer one wrote.

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::domain::profile::{Profile, ProfilesFile, PROFILES_FORMAT_VERSION};

/// First lines of a new `profiles.toml`.
pub(crate) const HEADER: &str = "\
# nowkey profiles. No secrets are stored in this file.
# Written by nowkey: comments and settings it does not know are kept when it saves.
";

/// The second header line older nowkeys wrote, no longer true: replaced on save.
const OLD_HEADER_LINE: &str =
    "# Written by nowkey: hand-made comments are not kept when nowkey saves it.\n";
const NEW_HEADER_LINE: &str =
    "# Written by nowkey: comments and settings it does not know are kept when it saves.\n";

/// The fields nowkey knows at each level of a profile. A key listed here that the
/// new value lacks is removed (an optional field now empty); any other key is kept.
#[derive(Clone, Copy)]
enum Shape {
    Profile,
    Sms,
    Hopex,
    Rotation,
}

impl Shape {
    fn known(self) -> &'static [&'static str] {
        match self {
            Shape::Profile => &["sms", "hopex"],
            Shape::Sms => &[
                "vendor",
                "hub_api_url",
                "api_key",
                "token_fingerprint",
                "key_created",
                "next_rotation_due",
                "test_number",
                "servicenow_url",
                "servicenow_user",
                "servicenow_credential",
                "servicenow_registration",
                "servicenow_registration_fields",
                "rotations",
            ],
            Shape::Hopex => &[
                "deployment",
                "version",
                "server_url",
                "schema",
                "data_flow",
                "key_name",
                "hopex_login",
                "environment_id",
                "repository_id",
                "profile_id",
                "session_mode",
                "connection_mode",
                "key_fingerprint",
                "key_created",
                "servicenow_url",
                "servicenow_user",
                "key_expires",
                "servicenow_auth",
                "servicenow_oauth_client_id",
                "rotations",
            ],
            // `old_key_rejected` is the older spelling of `old_key_revocation`: the
            // two must never be in one entry, so it is known (and dropped on save).
            Shape::Rotation => &[
                "completed",
                "old_key",
                "new_key",
                "new_fingerprint",
                "old_key_revocation",
                "old_key_rejected",
                "servicenow_proof",
                "started",
            ],
        }
    }

    fn child(self, key: &str) -> Option<Shape> {
        match (self, key) {
            (Shape::Profile, "sms") => Some(Shape::Sms),
            (Shape::Profile, "hopex") => Some(Shape::Hopex),
            (Shape::Sms | Shape::Hopex, "rotations") => Some(Shape::Rotation),
            _ => None,
        }
    }
}

/// Every key nowkey knows at some level, for the test that keeps the lists whole.
pub fn known_keys() -> Vec<&'static str> {
    [Shape::Profile, Shape::Sms, Shape::Hopex, Shape::Rotation]
        .iter()
        .flat_map(|shape| shape.known().iter().copied())
        .collect()
}

/// The text of `existing` (already parsed and checked) with profile `name` set
/// to `profile`. `rendered` is how nowkey writes that profile on its own.
pub(crate) fn with_profile(existing: &str, name: &str, rendered: &str) -> Option<String> {
    let mut doc: DocumentMut = existing.parse().ok()?;
    let new_doc: DocumentMut = rendered.parse().ok()?;
    let new_profile = new_doc.get("profiles")?.get(name)?;
    set_version(&mut doc);
    let profiles = profiles_table(&mut doc)?;
    match profiles.get_mut(name) {
        Some(old) => merge_item(old, new_profile, Some(Shape::Profile)),
        None => {
            profiles.insert(name, fresh(new_profile.clone()));
            // New profiles go in name order, as a new file lists them.
            profiles.sort_values();
        }
    }
    Some(updated_header(doc.to_string()))
}

/// The text of `existing` without profile `name`; `None` when it has none.
pub(crate) fn without_profile(existing: &str, name: &str) -> Option<String> {
    let mut doc: DocumentMut = existing.parse().ok()?;
    let profiles = doc.get_mut("profiles")?.as_table_like_mut()?;
    profiles.remove(name)?;
    Some(updated_header(doc.to_string()))
}

/// The single profile as nowkey writes it, for [`with_profile`].
pub(crate) fn render_one(name: &str, profile: &Profile) -> Result<String, toml::ser::Error> {
    let mut single = ProfilesFile::default();
    single.profiles.insert(name.to_owned(), profile.clone());
    toml::to_string(&single)
}

fn set_version(doc: &mut DocumentMut) {
    let current = i64::from(PROFILES_FORMAT_VERSION);
    match doc.get_mut("version") {
        Some(Item::Value(value)) if value.as_integer() == Some(current) => {}
        Some(Item::Value(value)) => {
            let decor = value.decor().clone();
            *value = Value::from(current);
            *value.decor_mut() = decor;
        }
        _ => {
            doc.insert("version", toml_edit::value(current));
        }
    }
}

fn profiles_table(doc: &mut DocumentMut) -> Option<&mut dyn toml_edit::TableLike> {
    if doc.get("profiles").is_none() {
        let mut table = Table::new();
        table.set_implicit(true);
        doc.insert("profiles", Item::Table(table));
    }
    doc.get_mut("profiles")?.as_table_like_mut()
}

fn updated_header(text: String) -> String {
    match text.find(OLD_HEADER_LINE) {
        Some(at) if text[..at].lines().all(|line| line.starts_with('#')) => {
            format!(
                "{}{NEW_HEADER_LINE}{}",
                &text[..at],
                &text[at + OLD_HEADER_LINE.len()..]
            )
        }
        _ => text,
    }
}

/// Sets `old` to `new`, keeping `old`'s unknown keys, comments and layout where
/// the value did not change.
fn merge_item(old: &mut Item, new: &Item, shape: Option<Shape>) {
    match (old, new, shape) {
        (Item::Table(old), Item::Table(new), Some(shape)) => merge_table(old, new, shape),
        (Item::ArrayOfTables(old), Item::ArrayOfTables(new), Some(shape)) => {
            for (index, entry) in new.iter().enumerate() {
                match old.get_mut(index) {
                    Some(existing) => merge_table(existing, entry, shape),
                    None => old.push(fresh_table(entry.clone())),
                }
            }
            while old.len() > new.len() {
                old.remove(old.len() - 1);
            }
        }
        (Item::Value(old), Item::Value(new), _) => {
            if !same_value(old, new) {
                let decor = old.decor().clone();
                *old = new.clone();
                *old.decor_mut() = decor;
            }
        }
        (old, new, _) => *old = fresh(new.clone()),
    }
}

fn merge_table(old: &mut Table, new: &Table, shape: Shape) {
    for key in shape.known() {
        match (old.get_mut(key), new.get(key)) {
            (_, None) => {
                old.remove(key);
            }
            (Some(existing), Some(value)) => merge_item(existing, value, shape.child(key)),
            (None, Some(value)) => {
                old.insert(key, fresh(value.clone()));
            }
        }
    }
}

/// Equal as TOML values, whatever their quoting or spacing in the file.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        _ => a.clone().decorated("", "").to_string() == b.clone().decorated("", "").to_string(),
    }
}

/// An item from the rendered document, without the positions it had there (they
/// would interleave with this file's tables): it goes after its neighbours.
fn fresh(mut item: Item) -> Item {
    match &mut item {
        Item::Table(table) => clear_positions(table),
        Item::ArrayOfTables(array) => array.iter_mut().for_each(clear_positions),
        _ => {}
    }
    item
}

fn fresh_table(mut table: Table) -> Table {
    clear_positions(&mut table);
    table
}

fn clear_positions(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(sub) => clear_positions(sub),
            Item::ArrayOfTables(array) => array.iter_mut().for_each(clear_positions),
            _ => {}
        }
    }
}
