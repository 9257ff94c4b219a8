//! The tables the sandbox's ServiceNow instance has, and their fields: what
//! `sys_db_object` and `sys_dictionary` list, which fields the Table API
//! returns for a table (its own and its ancestors'), and which a PATCH writes.
//!
//! The Environment Registration table and its scope are **the sandbox's own
//! invention** ([`REGISTRATION_TABLE`] in scope [`APP_SCOPE`]): the real SMS
//! connector's table names are not public, so a client must find the table by
//! its label, as it would on a real instance.

/// A field's type, as `sys_dictionary.internal_type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `GUID`: the sys_id.
    Guid,
    /// `string`.
    Text,
    /// `password2`: encrypted, write-only.
    Encrypted,
    /// `boolean`, sent as `"true"` / `"false"`.
    Boolean,
    /// `integer`, sent as a string.
    Integer,
    /// `glide_date_time`, `YYYY-MM-DD hh:mm:ss` in UTC.
    DateTime,
    /// `sys_class_name`: the record's own (child) table.
    ClassName,
    /// `reference` to the named table.
    Reference(&'static str),
}

impl Kind {
    /// The `internal_type` name, e.g. `password2`.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Guid => "GUID",
            Kind::Text => "string",
            Kind::Encrypted => "password2",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::DateTime => "glide_date_time",
            Kind::ClassName => "sys_class_name",
            Kind::Reference(_) => "reference",
        }
    }

    /// Every type name, for `sys_glide_object`.
    pub const ALL_NAMES: [&'static str; 8] = [
        "GUID",
        "string",
        "password2",
        "boolean",
        "integer",
        "glide_date_time",
        "sys_class_name",
        "reference",
    ];
}

/// One column of a table.
#[derive(Debug)]
pub(crate) struct FieldDef {
    pub element: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub max_length: u32,
}

/// One table: its own fields only; a child table inherits its ancestors'.
#[derive(Debug)]
pub(crate) struct TableDef {
    pub name: &'static str,
    pub label: &'static str,
    pub super_class: Option<&'static str>,
    /// The `sys_scope.scope` it belongs to.
    pub scope: &'static str,
    pub fields: &'static [FieldDef],
}

/// The global scope's `scope` (and, as on a real instance, its sys_id).
pub(crate) const GLOBAL_SCOPE: &str = "global";

/// The scope of the sandbox's invented SMS connector application.
pub const APP_SCOPE: &str = "x_nkdemo_sms";

/// The name of [`APP_SCOPE`] (`sys_scope.name`).
pub const APP_SCOPE_NAME: &str = "nowkey sandbox SMS connector";

/// The sandbox's Environment Registration table: a visibly invented name, in
/// [`APP_SCOPE`], labelled [`REGISTRATION_LABEL`].
pub const REGISTRATION_TABLE: &str = "x_nkdemo_sms_environment_registration";

/// The label of [`REGISTRATION_TABLE`], what discovery searches for.
pub const REGISTRATION_LABEL: &str = "Environment Registration";

/// The base table of every credential record.
pub const CREDENTIALS_TABLE: &str = "discovery_credentials";

/// The Connection & Credential alias table.
pub const ALIAS_TABLE: &str = "sys_alias";

/// A field of `kind` with a length of `max_length`.
const fn f(element: &'static str, label: &'static str, kind: Kind, max_length: u32) -> FieldDef {
    FieldDef {
        element,
        label,
        kind,
        max_length,
    }
}

const SYS_ID: FieldDef = f("sys_id", "Sys ID", Kind::Guid, 32);
const CREATED: FieldDef = f("sys_created_on", "Created", Kind::DateTime, 40);
const UPDATED: FieldDef = f("sys_updated_on", "Updated", Kind::DateTime, 40);
const MOD_COUNT: FieldDef = f("sys_mod_count", "Updates", Kind::Integer, 40);

/// Every table the sandbox serves.
pub(crate) static TABLE_DEFS: &[TableDef] = &[
    TableDef {
        name: "sys_user",
        label: "User",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("user_name", "User ID", Kind::Text, 40),
            f("name", "Name", Kind::Text, 151),
            f("active", "Active", Kind::Boolean, 40),
            f(
                "web_service_access_only",
                "Web service access only",
                Kind::Boolean,
                40,
            ),
        ],
    },
    TableDef {
        name: "sys_user_role",
        label: "Role",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Name", Kind::Text, 100),
            f("description", "Description", Kind::Text, 1000),
        ],
    },
    TableDef {
        name: "sys_user_has_role",
        label: "User Role",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("user", "User", Kind::Reference("sys_user"), 32),
            f("role", "Role", Kind::Reference("sys_user_role"), 32),
            f("state", "State", Kind::Text, 40),
            f("inherited", "Inherited", Kind::Boolean, 40),
        ],
    },
    TableDef {
        name: ALIAS_TABLE,
        label: "Connection & Credential Alias",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Name", Kind::Text, 100),
            f("id", "ID", Kind::Text, 100),
            f("type", "Type", Kind::Text, 40),
            CREATED,
            UPDATED,
            MOD_COUNT,
        ],
    },
    TableDef {
        name: CREDENTIALS_TABLE,
        label: "Credential",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Name", Kind::Text, 80),
            f("active", "Active", Kind::Boolean, 40),
            f("order", "Order", Kind::Integer, 40),
            f(
                "credential_alias",
                "Credential alias",
                Kind::Reference(ALIAS_TABLE),
                32,
            ),
            f("sys_class_name", "Class", Kind::ClassName, 80),
            CREATED,
            UPDATED,
            MOD_COUNT,
        ],
    },
    TableDef {
        name: "basic_auth_credentials",
        label: "Basic Auth Credentials",
        super_class: Some(CREDENTIALS_TABLE),
        scope: GLOBAL_SCOPE,
        fields: &[
            f("user_name", "User name", Kind::Text, 100),
            f("password", "Password", Kind::Encrypted, 255),
        ],
    },
    TableDef {
        name: "api_key_credentials",
        label: "API Key Credentials",
        super_class: Some(CREDENTIALS_TABLE),
        scope: GLOBAL_SCOPE,
        fields: &[f("api_key", "API Key", Kind::Encrypted, 4000)],
    },
    TableDef {
        name: REGISTRATION_TABLE,
        label: REGISTRATION_LABEL,
        super_class: None,
        scope: APP_SCOPE,
        fields: &[
            SYS_ID,
            f("u_name", "Name", Kind::Text, 100),
            f("u_hub_url", "Hub URL", Kind::Text, 1024),
            f("u_api_key", "API Key", Kind::Text, 100),
            f("u_api_secret", "API Secret", Kind::Encrypted, 255),
            f("u_active", "Active", Kind::Boolean, 40),
            CREATED,
            UPDATED,
            MOD_COUNT,
        ],
    },
    TableDef {
        name: "sys_db_object",
        label: "Table",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Name", Kind::Text, 80),
            f("label", "Label", Kind::Text, 80),
            f(
                "super_class",
                "Extends table",
                Kind::Reference("sys_db_object"),
                32,
            ),
            f("sys_scope", "Application", Kind::Reference("sys_scope"), 32),
        ],
    },
    TableDef {
        name: "sys_dictionary",
        label: "Dictionary Entry",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Table", Kind::Text, 80),
            f("element", "Column name", Kind::Text, 80),
            f("column_label", "Column label", Kind::Text, 80),
            f(
                "internal_type",
                "Type",
                Kind::Reference("sys_glide_object"),
                32,
            ),
            f("max_length", "Max length", Kind::Integer, 40),
        ],
    },
    TableDef {
        name: "sys_scope",
        label: "Application",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("scope", "Scope", Kind::Text, 18),
            f("name", "Name", Kind::Text, 100),
        ],
    },
    TableDef {
        name: "sys_glide_object",
        label: "Field class",
        super_class: None,
        scope: GLOBAL_SCOPE,
        fields: &[
            SYS_ID,
            f("name", "Name", Kind::Text, 40),
            f("label", "Label", Kind::Text, 40),
        ],
    },
];

/// The table named `name`.
pub(crate) fn table(name: &str) -> Option<&'static TableDef> {
    TABLE_DEFS.iter().find(|t| t.name == name)
}

/// Every field a record of `name` has: its root's first, its own last.
/// Empty for an unknown table.
pub(crate) fn fields_of(name: &str) -> Vec<&'static FieldDef> {
    let mut chain = Vec::new();
    let mut next = table(name);
    // The hierarchy is static and acyclic; the bound only guards a typo.
    while let Some(t) = next.filter(|_| chain.len() < TABLE_DEFS.len()) {
        chain.push(t);
        next = t.super_class.and_then(table);
    }
    chain.iter().rev().flat_map(|t| t.fields.iter()).collect()
}

/// The field `element` of `table` (its own or inherited).
pub(crate) fn field(table: &str, element: &str) -> Option<&'static FieldDef> {
    fields_of(table).into_iter().find(|f| f.element == element)
}

/// Whether a record of class `class` is a record of `table`: the same table or
/// one that extends it.
pub(crate) fn is_a(class: &str, table: &str) -> bool {
    let mut next = Some(class);
    let mut steps = 0;
    while let Some(name) = next {
        if name == table {
            return true;
        }
        steps += 1;
        if steps > TABLE_DEFS.len() {
            return false;
        }
        next = self::table(name).and_then(|t| t.super_class);
    }
    false
}

/// Whether `path` (`name`, `credential_alias.name`, …) names a field of
/// `table`, dot-walking through references.
pub(crate) fn path_valid(table: &str, path: &str) -> bool {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match (field(table, head).map(|f| f.kind), rest) {
        (Some(_), None) => true,
        (Some(Kind::Reference(target)), Some(rest)) => path_valid(target, rest),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_inherit_their_base_fields_and_are_a_base_record() {
        let names: Vec<&str> = fields_of("api_key_credentials")
            .iter()
            .map(|f| f.element)
            .collect();
        assert_eq!(names.first(), Some(&"sys_id"));
        assert_eq!(names.last(), Some(&"api_key"));
        assert!(names.contains(&"credential_alias"));
        assert!(is_a("api_key_credentials", CREDENTIALS_TABLE));
        assert!(!is_a(CREDENTIALS_TABLE, "api_key_credentials"));
        assert!(fields_of("nope").is_empty());
    }

    #[test]
    fn paths_walk_references_only() {
        assert!(path_valid("api_key_credentials", "credential_alias.name"));
        assert!(path_valid("sys_db_object", "sys_scope.scope"));
        assert!(path_valid("sys_db_object", "super_class.sys_scope.name"));
        assert!(!path_valid("sys_db_object", "name.x"));
        assert!(!path_valid(CREDENTIALS_TABLE, "api_key"));
        assert!(!path_valid("sys_alias", "nothing"));
    }

    #[test]
    fn every_reference_and_super_class_names_a_served_table() {
        for t in TABLE_DEFS {
            assert!(
                t.super_class.is_none_or(|s| table(s).is_some()),
                "{}",
                t.name
            );
            for field in t.fields {
                if let Kind::Reference(target) = field.kind {
                    assert!(table(target).is_some(), "{}.{}", t.name, field.element);
                }
                assert!(Kind::ALL_NAMES.contains(&field.kind.type_name()));
            }
        }
    }
}
