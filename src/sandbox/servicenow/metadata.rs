//! The metadata tables, built from the [`schema`](super::schema) on every
//! request: `sys_db_object` (one row per served table), `sys_dictionary` (one
//! row per field of each, its own fields only, as on a real instance),
//! `sys_scope` and `sys_glide_object` (the field types).
//!
//! `sys_dictionary.internal_type` is a reference to `sys_glide_object` whose
//! value is the type's name (`string`, `password2`, …), not a sys_id, as on a
//! real instance; `GET /api/now/table/sys_glide_object/{name}` finds it too.

use super::rows::{text, Field, Record};
use super::schema::{Kind, APP_SCOPE, APP_SCOPE_NAME, GLOBAL_SCOPE, TABLE_DEFS};
use super::users::derived_sys_id;

/// Each field type's label, as `sys_glide_object.label`.
const TYPE_LABELS: [(&str, &str); 8] = [
    ("GUID", "Sys ID (GUID)"),
    ("string", "String"),
    ("password2", "Password (2 Way Encrypted)"),
    ("boolean", "True/False"),
    ("integer", "Integer"),
    ("glide_date_time", "Date/Time"),
    ("sys_class_name", "System Class Name"),
    ("reference", "Reference"),
];

/// The sys_id of a scope's `sys_scope` row; the global scope's is `global`.
fn scope_sys_id(scope: &str) -> String {
    if scope == GLOBAL_SCOPE {
        GLOBAL_SCOPE.to_owned()
    } else {
        derived_sys_id(&["sys_scope", scope])
    }
}

/// The sys_id of a table's `sys_db_object` row.
fn table_sys_id(name: &str) -> String {
    derived_sys_id(&["sys_db_object", name])
}

fn reference(table: &'static str, value: String) -> Field {
    Field::Ref { table, value }
}

/// Every row of a metadata table, or `None` for another table.
pub(crate) fn rows(table: &str) -> Option<Vec<Record>> {
    let out = match table {
        "sys_db_object" => TABLE_DEFS
            .iter()
            .map(|t| {
                Record::from([
                    ("sys_id", text(table_sys_id(t.name))),
                    ("name", text(t.name)),
                    ("label", text(t.label)),
                    (
                        "super_class",
                        match t.super_class {
                            Some(s) => reference("sys_db_object", table_sys_id(s)),
                            None => text(""),
                        },
                    ),
                    ("sys_scope", reference("sys_scope", scope_sys_id(t.scope))),
                ])
            })
            .collect(),
        "sys_dictionary" => TABLE_DEFS
            .iter()
            .flat_map(|t| {
                t.fields.iter().map(|f| {
                    Record::from([
                        (
                            "sys_id",
                            text(derived_sys_id(&["sys_dictionary", t.name, f.element])),
                        ),
                        ("name", text(t.name)),
                        ("element", text(f.element)),
                        ("column_label", text(f.label)),
                        (
                            "internal_type",
                            reference("sys_glide_object", f.kind.type_name().to_owned()),
                        ),
                        ("max_length", text(f.max_length.to_string())),
                    ])
                })
            })
            .collect(),
        "sys_scope" => [(GLOBAL_SCOPE, "Global"), (APP_SCOPE, APP_SCOPE_NAME)]
            .iter()
            .map(|(scope, name)| {
                Record::from([
                    ("sys_id", text(scope_sys_id(scope))),
                    ("scope", text(*scope)),
                    ("name", text(*name)),
                ])
            })
            .collect(),
        "sys_glide_object" => Kind::ALL_NAMES
            .iter()
            .map(|name| {
                let label = TYPE_LABELS
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(*name, |(_, l)| *l);
                Record::from([
                    ("sys_id", text(derived_sys_id(&["sys_glide_object", name]))),
                    ("name", text(*name)),
                    ("label", text(label)),
                ])
            })
            .collect(),
        _ => return None,
    };
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::servicenow::schema::{fields_of, REGISTRATION_TABLE};

    const METADATA_TABLES: [&str; 4] = [
        "sys_db_object",
        "sys_dictionary",
        "sys_scope",
        "sys_glide_object",
    ];

    #[test]
    fn every_table_and_field_has_its_metadata_row() {
        let tables = rows("sys_db_object").expect("tables");
        assert_eq!(tables.len(), TABLE_DEFS.len());
        let dictionary = rows("sys_dictionary").expect("dictionary");
        let own: usize = TABLE_DEFS.iter().map(|t| t.fields.len()).sum();
        assert_eq!(dictionary.len(), own);
        for name in METADATA_TABLES {
            assert!(TABLE_DEFS.iter().any(|t| t.name == name), "{name}");
            for f in fields_of(name) {
                assert!(
                    rows(name).expect("rows")[0].contains_key(f.element),
                    "{name}.{}",
                    f.element
                );
            }
        }
        let registration_fields = dictionary
            .iter()
            .filter(|r| matches!(r.get("name"), Some(Field::Text(n)) if n == REGISTRATION_TABLE))
            .count();
        assert_eq!(registration_fields, fields_of(REGISTRATION_TABLE).len());
        assert_eq!(
            rows("sys_glide_object").expect("types").len(),
            TYPE_LABELS.len()
        );
    }
}
