//! Who may read and write which table, and the 403 envelopes of a refusal.
//!
//! - Credentials (`discovery_credentials` and its children) and `sys_alias`:
//!   read and written only by `admin` or [`CREDENTIAL_ADMIN_ROLE`]; anyone
//!   else gets 403 ([`READ_REFUSED_MESSAGE`] / [`WRITE_REFUSED_MESSAGE`]).
//! - The Environment Registration table: read with ordinary read rights,
//!   written only by `admin` or [`APP_ADMIN_ROLE`].
//! - Every other table (users, roles, metadata) is read with ordinary read
//!   rights and never written through the Table API (403).
//! - Without read rights a user sees `sys_user_has_role` refused (403) and the
//!   other readable tables filtered to nothing (200 with an empty list, or 404
//!   for one record), the two ways a real ACL shows.

use axum::http::StatusCode;
use axum::response::Response;

use super::schema::{is_a, ALIAS_TABLE, CREDENTIALS_TABLE, REGISTRATION_TABLE};
use super::{error, SnUser};

/// The role that may read and write credential records.
pub const CREDENTIAL_ADMIN_ROLE: &str = "credential_admin";

/// The sandbox connector's own admin role, which may write its Environment
/// Registration records (invented, like its scope).
pub const APP_ADMIN_ROLE: &str = "x_nkdemo_sms.admin";

/// The `message` of a refused read.
///
/// *Unconfirmed*: a plausible wording, not one ServiceNow documents; kept in
/// one place so it can be changed when the real text is known.
pub const READ_REFUSED_MESSAGE: &str = "User Not Authorized";

/// The `detail` of a refused read. *Unconfirmed*, like [`READ_REFUSED_MESSAGE`].
pub const READ_REFUSED_DETAIL: &str = "ACL restricts the record retrieval";

/// The `message` of a refused write.
pub const WRITE_REFUSED_MESSAGE: &str = "Operation Failed";

/// The `detail` of a refused write.
pub const WRITE_REFUSED_DETAIL: &str = "ACL Exception Update Failed due to security constraints";

/// What a user may see of a table.
pub(crate) enum ReadAccess {
    /// Everything.
    All,
    /// Nothing, and not told so: an empty list, or 404 for one record.
    Nothing,
    /// Refused outright with this answer.
    Refused(Response),
}

impl SnUser {
    fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    fn may_handle_credentials(&self) -> bool {
        self.has_role("admin") || self.has_role(CREDENTIAL_ADMIN_ROLE)
    }
}

/// Whether `table` holds credentials or aliases.
fn is_credential_table(table: &str) -> bool {
    is_a(table, CREDENTIALS_TABLE) || table == ALIAS_TABLE
}

/// What `user` may read of `table`.
pub(crate) fn read_access(user: &SnUser, table: &str) -> ReadAccess {
    if is_credential_table(table) {
        if user.may_handle_credentials() {
            ReadAccess::All
        } else {
            ReadAccess::Refused(error(
                StatusCode::FORBIDDEN,
                READ_REFUSED_MESSAGE,
                Some(READ_REFUSED_DETAIL),
            ))
        }
    } else if user.read_rights {
        ReadAccess::All
    } else if table == "sys_user_has_role" {
        ReadAccess::Refused(error(
            StatusCode::FORBIDDEN,
            "Operation Failed",
            Some("ACL Exception Record not found"),
        ))
    } else {
        ReadAccess::Nothing
    }
}

/// The 403 when `user` may not write `table`; `None` when it may.
pub(crate) fn write_refusal(user: &SnUser, table: &str) -> Option<Response> {
    let allowed = if is_credential_table(table) {
        user.may_handle_credentials()
    } else if table == REGISTRATION_TABLE {
        user.has_role("admin") || user.has_role(APP_ADMIN_ROLE)
    } else {
        false
    };
    (!allowed).then(|| {
        error(
            StatusCode::FORBIDDEN,
            WRITE_REFUSED_MESSAGE,
            Some(WRITE_REFUSED_DETAIL),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[&str], read_rights: bool) -> SnUser {
        SnUser {
            read_rights,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    #[test]
    fn credentials_need_a_credential_role_and_the_registration_an_admin() {
        let itil = user(&["itil"], true);
        let cred = user(&[CREDENTIAL_ADMIN_ROLE], true);
        let admin = user(&["admin"], true);
        assert!(matches!(
            read_access(&itil, "api_key_credentials"),
            ReadAccess::Refused(_)
        ));
        assert!(matches!(read_access(&cred, "sys_alias"), ReadAccess::All));
        assert!(write_refusal(&cred, "basic_auth_credentials").is_none());
        assert!(write_refusal(&cred, REGISTRATION_TABLE).is_some());
        assert!(write_refusal(&admin, REGISTRATION_TABLE).is_none());
        assert!(write_refusal(&user(&[APP_ADMIN_ROLE], true), REGISTRATION_TABLE).is_none());
        assert!(write_refusal(&admin, "sys_user").is_some());
        assert!(matches!(
            read_access(&user(&[], false), "sys_dictionary"),
            ReadAccess::Nothing
        ));
    }
}
