//! The users every sandbox instance starts with, each showing one behaviour a
//! client must tell apart (see [`SEEDED_USERS`]).

/// One user the sandbox creates at start, with the behaviour it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeededUser {
    /// `sys_user.user_name`, the Basic-auth user.
    pub user_name: &'static str,
    /// The sandbox-only password.
    pub password: &'static str,
    /// `sys_user.sys_id` (fixed, so tests and demos can rely on it).
    pub sys_id: &'static str,
    /// `sys_user.name`, the display name.
    pub name: &'static str,
    /// `sys_user_role.name` of each granted role.
    pub roles: &'static [&'static str],
    /// The right password still gets 401 with `X-MFA_TOKEN: invalid`.
    pub mfa: bool,
    /// Basic auth is blocked for this user (unless it holds
    /// `snc_basic_auth_api_access` or is web-service-only).
    pub basic_auth_blocked: bool,
    /// Whether the user may read `sys_user` and `sys_user_has_role`.
    pub read_rights: bool,
    /// One line for humans: what this user is for.
    pub summary: &'static str,
}

/// The users every sandbox starts with (passwords are sandbox-only):
///
/// | user_name        | password                 | behaviour |
/// |------------------|--------------------------|-----------|
/// | `admin`          | `admin-sandbox-pw`       | roles admin, itil: normal 200s |
/// | `cred.admin`     | `cred-admin-sandbox-pw`  | roles credential_admin, snc_platform_rest_api_access: reads and writes credentials, not the registration |
/// | `sn.integration` | `integration-sandbox-pw` | roles itil, snc_platform_rest_api_access: 403 on credentials |
/// | `mfa.user`       | `mfa-sandbox-pw`         | 401 with `X-MFA_TOKEN: invalid` |
/// | `basic.blocked`  | `blocked-sandbox-pw`     | 401, Basic auth blocked ([`BASIC_AUTH_BLOCKED_DETAIL`](super::BASIC_AUTH_BLOCKED_DETAIL)) |
/// | `no.read`        | `noread-sandbox-pw`      | no read ACLs: `sys_user` → 200 `[]`, `sys_user_has_role` → 403 |
///
/// Any other user or a wrong password gets 401 "Required to provide Auth information".
pub const SEEDED_USERS: &[SeededUser] = &[
    SeededUser {
        user_name: "admin",
        password: "admin-sandbox-pw",
        // The sys_id of `admin` on every real out-of-the-box instance.
        sys_id: "6816f79cc0a8016401c5a33be04be441",
        name: "System Administrator",
        roles: &["admin", "itil"],
        mfa: false,
        basic_auth_blocked: false,
        read_rights: true,
        summary: "administrator: every call succeeds",
    },
    SeededUser {
        user_name: "cred.admin",
        password: "cred-admin-sandbox-pw",
        sys_id: "11363d0f8aba46c2821c94c1081c0cc6",
        name: "Credential Admin",
        roles: &["credential_admin", "snc_platform_rest_api_access"],
        mfa: false,
        basic_auth_blocked: false,
        read_rights: true,
        summary: "credential admin: reads and writes credentials, not the registration",
    },
    SeededUser {
        user_name: "sn.integration",
        password: "integration-sandbox-pw",
        sys_id: "aeae0d630edd4309aee7a0e448b3a4de",
        name: "SN Integration",
        roles: &["itil", "snc_platform_rest_api_access"],
        mfa: false,
        basic_auth_blocked: false,
        read_rights: true,
        summary: "ordinary integration user: 403 on credentials",
    },
    SeededUser {
        user_name: "mfa.user",
        password: "mfa-sandbox-pw",
        sys_id: "34df0fedf18847479fbb1013d43da923",
        name: "MFA User",
        roles: &["itil"],
        mfa: true,
        basic_auth_blocked: false,
        read_rights: true,
        summary: "multi-factor user: 401 with X-MFA_TOKEN: invalid",
    },
    SeededUser {
        user_name: "basic.blocked",
        password: "blocked-sandbox-pw",
        sys_id: "2e0f66a5493648e8ad66d3f6c2988e4c",
        name: "Basic Blocked",
        roles: &["itil"],
        mfa: false,
        basic_auth_blocked: true,
        read_rights: true,
        summary: "Basic auth blocked: 401 naming snc_basic_auth_api_access",
    },
    SeededUser {
        user_name: "no.read",
        password: "noread-sandbox-pw",
        sys_id: "6e3ef18415cc4c34b9b4384ff92fcf74",
        name: "No Read",
        roles: &[],
        mfa: false,
        basic_auth_blocked: false,
        read_rights: false,
        summary: "no read ACLs: empty sys_user, 403 on sys_user_has_role",
    },
];

/// The seeded user with this user name.
pub fn seeded_user(user_name: &str) -> Option<&'static SeededUser> {
    SEEDED_USERS.iter().find(|u| u.user_name == user_name)
}
