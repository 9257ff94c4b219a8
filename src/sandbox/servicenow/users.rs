//! The simulated instance's users and roles: the seeded accounts, the ones added
//! through `POST /_sandbox/servicenow/users`, and how Basic auth treats each.
//!
//! Passwords are kept in clear: they are sandbox-only and printed in the docs on
//! purpose. They are still compared in constant time, out of habit. The world
//! file keeps the users that are not seeded as they are ([`Directory::changed_users`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::seeded_users::{seeded_user, SeededUser, SEEDED_USERS};
use crate::sandbox::keys::constant_time_eq;

/// The role that exempts a user from the Basic-auth block.
pub(crate) const BASIC_AUTH_ROLE: &str = "snc_basic_auth_api_access";

/// Roles present on every sandbox instance, granted to someone or not, so
/// `sys_user_role` looks like a real (tiny) instance.
const BUILTIN_ROLES: &[(&str, &str)] = &[
    ("admin", "System administrator"),
    ("itil", "Fulfiller: works on tasks"),
    (
        "snc_platform_rest_api_access",
        "Access to REST APIs where the REST endpoint ACL is active",
    ),
    (BASIC_AUTH_ROLE, "Allows Basic authentication to APIs"),
    (
        super::acl::CREDENTIAL_ADMIN_ROLE,
        "Manages credentials and connection aliases",
    ),
    (
        super::acl::APP_ADMIN_ROLE,
        "Administers the sandbox SMS connector (its Environment Registrations)",
    ),
];

/// A user as the sandbox keeps it (and the world file saves it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct User {
    pub sys_id: String,
    pub user_name: String,
    pub password: String,
    pub name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub web_service_access_only: bool,
    pub mfa: bool,
    pub basic_auth_blocked: bool,
    pub read_rights: bool,
}

impl User {
    /// Blocked only while the policy applies and nothing exempts the user, as the
    /// real policy has the role and the web-service-only flag as its two ways out.
    fn basic_blocked(&self) -> bool {
        self.basic_auth_blocked
            && !self.web_service_access_only
            && !self.roles.iter().any(|r| r == BASIC_AUTH_ROLE)
    }
}

/// A `sys_user_role` row.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub sys_id: String,
    pub name: String,
    pub description: String,
}

/// What Basic auth makes of a user name and password.
#[derive(Debug)]
pub(crate) enum AuthOutcome {
    /// Authenticated as this user.
    Ok(Box<User>),
    /// Unknown user, wrong password or inactive user: the same answer for all
    /// three, as ServiceNow gives.
    BadCredentials,
    /// Right password, but the user needs a second factor.
    Mfa,
    /// Right password, but Basic auth is blocked for the user.
    BasicBlocked,
}

/// Users by user name, and roles by name.
pub(crate) struct Directory {
    users: BTreeMap<String, User>,
    roles: BTreeMap<String, Role>,
}

impl Directory {
    /// The directory with [`SEEDED_USERS`] and the built-in roles.
    pub fn seeded() -> Self {
        let mut dir = Self {
            users: BTreeMap::new(),
            roles: BTreeMap::new(),
        };
        for (name, description) in BUILTIN_ROLES {
            dir.ensure_role(name, description);
        }
        for s in SEEDED_USERS {
            dir.insert(seeded_record(s));
        }
        dir
    }

    /// The users that differ from the seeded directory: added ones, and seeded
    /// ones replaced through the admin endpoint. What the world file keeps.
    pub fn changed_users(&self) -> Vec<User> {
        self.users
            .values()
            .filter(|u| seeded_user(&u.user_name).map(seeded_record).as_ref() != Some(*u))
            .cloned()
            .collect()
    }

    /// Puts saved users back, each with its saved sys_id, replacing a seeded
    /// user of the same name. A user name Basic auth could not carry is skipped.
    pub fn restore(&mut self, users: Vec<User>) {
        for user in users {
            if user.user_name.trim().is_empty() || user.user_name.contains(':') {
                continue;
            }
            self.insert(user);
        }
    }

    /// Adds a user or replaces the one with the same user name, which keeps its
    /// sys_id (it is the same person, updated). Unknown roles are created.
    /// Returns the sys_id.
    pub fn upsert(&mut self, mut user: User) -> String {
        if let Some(old) = self.users.get(&user.user_name) {
            user.sys_id = old.sys_id.clone();
        }
        let sys_id = user.sys_id.clone();
        self.insert(user);
        sys_id
    }

    fn insert(&mut self, user: User) {
        for role in &user.roles {
            self.ensure_role(role, "");
        }
        self.users.insert(user.user_name.clone(), user);
    }

    fn ensure_role(&mut self, name: &str, description: &str) {
        self.roles.entry(name.to_owned()).or_insert_with(|| Role {
            sys_id: derived_sys_id(&["sys_user_role", name]),
            name: name.to_owned(),
            description: description.to_owned(),
        });
    }

    /// Checks a Basic-auth pair. The password is checked first, so the MFA and
    /// blocked answers never reveal anything to someone without it.
    pub fn authenticate(&self, user_name: &str, password: &str) -> AuthOutcome {
        let Some(user) = self.users.get(user_name) else {
            return AuthOutcome::BadCredentials;
        };
        if !constant_time_eq(user.password.as_bytes(), password.as_bytes()) || !user.active {
            return AuthOutcome::BadCredentials;
        }
        if user.mfa {
            AuthOutcome::Mfa
        } else if user.basic_blocked() {
            AuthOutcome::BasicBlocked
        } else {
            AuthOutcome::Ok(Box::new(user.clone()))
        }
    }

    /// Every user, by user name.
    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.users.values()
    }

    /// Every role, by name.
    pub fn roles(&self) -> impl Iterator<Item = &Role> {
        self.roles.values()
    }

    /// The role with this name.
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles.get(name)
    }
}

/// The record a seeded user starts as.
fn seeded_record(s: &SeededUser) -> User {
    User {
        sys_id: s.sys_id.to_owned(),
        user_name: s.user_name.to_owned(),
        password: s.password.to_owned(),
        name: s.name.to_owned(),
        roles: s.roles.iter().map(|r| (*r).to_owned()).collect(),
        active: true,
        web_service_access_only: false,
        mfa: s.mfa,
        basic_auth_blocked: s.basic_auth_blocked,
        read_rights: s.read_rights,
    }
}

/// A fresh random sys_id: 32 lowercase hex digits, as ServiceNow's.
pub(crate) fn random_sys_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A stable sys_id for a derived record (a role, a user–role link), so the same
/// row keeps its sys_id across requests without being stored.
pub(crate) fn derived_sys_id(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(p.as_bytes());
        // A separator that cannot appear in names keeps ("ab","c") apart from ("a","bc").
        hasher.update([0u8]);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> User {
        User {
            sys_id: random_sys_id(),
            user_name: name.into(),
            password: "pw".into(),
            name: name.into(),
            roles: vec!["custom_role".into()],
            active: true,
            web_service_access_only: false,
            mfa: false,
            basic_auth_blocked: true,
            read_rights: true,
        }
    }

    #[test]
    fn sys_ids_are_32_hex_digits() {
        for id in [random_sys_id(), derived_sys_id(&["a", "b"])] {
            assert_eq!(id.len(), 32, "{id}");
            assert!(id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        for s in SEEDED_USERS {
            assert_eq!(s.sys_id.len(), 32, "{}", s.user_name);
        }
        assert_ne!(derived_sys_id(&["ab", "c"]), derived_sys_id(&["a", "bc"]));
    }

    #[test]
    fn only_changed_users_are_saved_and_they_come_back_with_their_sys_id() {
        let mut dir = Directory::seeded();
        assert!(dir.changed_users().is_empty());
        let added = dir.upsert(user("x"));
        let mut admin = user("admin");
        admin.password = "changed".into();
        admin.basic_auth_blocked = false;
        dir.upsert(admin);
        let saved = dir.changed_users();
        assert_eq!(saved.len(), 2);
        let mut again = Directory::seeded();
        again.restore(saved);
        assert!(matches!(
            again.authenticate("admin", "changed"),
            AuthOutcome::Ok(_)
        ));
        assert!(matches!(
            again.authenticate("sn.integration", "integration-sandbox-pw"),
            AuthOutcome::Ok(_)
        ));
        let x = again.users().find(|u| u.user_name == "x").expect("x");
        assert_eq!(x.sys_id, added);
        assert!(again.role("custom_role").is_some());
    }

    #[test]
    fn the_block_has_two_ways_out_and_replacing_keeps_the_sys_id() {
        let mut dir = Directory::seeded();
        let id = dir.upsert(user("x"));
        assert!(matches!(
            dir.authenticate("x", "pw"),
            AuthOutcome::BasicBlocked
        ));
        let mut exempt = user("x");
        exempt.web_service_access_only = true;
        assert_eq!(dir.upsert(exempt), id);
        assert!(matches!(dir.authenticate("x", "pw"), AuthOutcome::Ok(_)));
        let mut by_role = user("y");
        by_role.roles.push(BASIC_AUTH_ROLE.into());
        dir.upsert(by_role);
        assert!(matches!(dir.authenticate("y", "pw"), AuthOutcome::Ok(_)));
        assert!(dir.role("custom_role").is_some());
        assert!(matches!(
            dir.authenticate("y", "nope"),
            AuthOutcome::BadCredentials
        ));
    }
}
