//! The ServiceNow side of the sandbox: the Table API (`/api/now/table/…`) behind
//! Basic auth or an OAuth2 Bearer token (`oauth_token.do`, see `token`, for the
//! clients of the Application Registry in `oauth`), over a tiny instance with the SMS connector installed, in
//! ServiceNow's documented response shapes (`{"result":…}`; errors as
//! `{"error":{"message","detail"},"status":"failure"}`; JSON with
//! `Content-Type: application/json;charset=UTF-8`, whatever `Accept` says).
//!
//! The instance holds:
//! - users and roles (`sys_user`, `sys_user_role`, `sys_user_has_role`; see
//!   [`SEEDED_USERS`]), read-only through the Table API;
//! - Connection & Credential aliases (`sys_alias`) and credentials
//!   (`discovery_credentials`, with its children `basic_auth_credentials` and
//!   `api_key_credentials`), readable and writable by `admin` and
//!   `credential_admin` only ([`acl`]);
//! - the sandbox's own Environment Registration table
//!   ([`REGISTRATION_TABLE`], an invented name, see [`schema`]);
//! - the metadata tables `sys_db_object`, `sys_dictionary`, `sys_scope` and
//!   `sys_glide_object`, describing every table above.
//!
//! `GET` lists or reads records (`table`); `PATCH` (or `PUT`) writes one, with
//! ServiceNow's silent no-save of encrypted fields written without
//! `sysparm_input_display_value=true` (`records`). Encrypted fields are never
//! returned ([`ENCRYPTED_PLACEHOLDER`]). The seeded records are in [`seed`];
//! the simulated spoke that sends SMS with the connector's credential in
//! `spoke`.
//!
//! Rate limiting (429) is produced with an ordinary fault (see
//! [`rate_limit_fault`]); hibernation with `POST /_sandbox/servicenow/hibernate`.

pub mod acl;
mod metadata;
pub(crate) mod oauth;
mod query;
pub(crate) mod records;
mod rows;
pub mod schema;
pub mod seed;
mod seeded_users;
pub(crate) mod spoke;
mod table;
mod token;
mod users;
pub mod write;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use super::faults::FaultSpec;
use super::state::{lock, Shared};

pub use oauth::DEFAULT_TOKEN_LIFETIME;
pub use rows::ENCRYPTED_PLACEHOLDER;
pub use schema::REGISTRATION_TABLE;
pub use seeded_users::{seeded_user, SeededUser, SEEDED_USERS};
pub use table::TABLES;
pub use token::TOKEN_PATH;
pub(crate) use users::User;
use users::{random_sys_id, Directory};

use records::RecordStore;

/// The `detail` of the 401 for a user whose Basic auth is blocked.
///
/// *Unconfirmed*: ServiceNow does not document this answer's wording; this is
/// ours, kept in one place so it can be changed when the real text is known.
pub const BASIC_AUTH_BLOCKED_DETAIL: &str =
    "Basic authentication is blocked for this user: grant snc_basic_auth_api_access or set Web service access only";

/// The `message` of every 401.
pub const NOT_AUTHENTICATED_MESSAGE: &str = "User Not Authenticated";

/// The `detail` of the 401 for missing or wrong credentials.
pub const NOT_AUTHENTICATED_DETAIL: &str = "Required to provide Auth information";

/// Text the hibernation page always contains, so a client (and a test) can
/// recognise it.
pub const HIBERNATION_PAGE_MARKER: &str = "hibernating";

/// What a hibernating developer instance answers to everything: 200 and HTML,
/// which is exactly why a client must not trust the status alone.
const HIBERNATION_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Instance Hibernating page</title>
</head>
<body>
<div class="container">
<h1>Your instance is hibernating</h1>
<p>Developer instances hibernate after a period of inactivity to save resources.
This instance is hibernating and cannot process requests right now.</p>
<p>To wake it up, sign in to the ServiceNow Developer Program site with your
developer account and select <strong>Wake up instance</strong>.
Waking takes a few minutes.</p>
</div>
</body>
</html>
"#;

/// The Content-Type of every ServiceNow JSON answer.
const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// The ServiceNow part of the shared state.
pub(crate) struct ServiceNowState {
    pub directory: Directory,
    /// Aliases, credentials and Environment Registrations.
    pub records: RecordStore,
    /// While true, every `/api/now/*` and token request gets the hibernation page.
    pub hibernating: bool,
    /// The Application Registry's OAuth2 clients and their live tokens.
    pub oauth: oauth::OAuthRegistry,
}

impl ServiceNowState {
    /// The seeded instance; `hub_url` is the sandbox's own address, which the
    /// seeded Environment Registration names as its Hub.
    pub fn new(hub_url: &str) -> Self {
        Self {
            directory: Directory::seeded(),
            records: RecordStore::seeded(hub_url),
            hibernating: false,
            oauth: oauth::OAuthRegistry::default(),
        }
    }
}

/// The body of `POST /_sandbox/servicenow/users`: only `user_name`, `password`
/// and `roles` are required.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUser {
    pub user_name: String,
    pub password: String,
    pub roles: Vec<String>,
    /// The display name; defaults to the user name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub mfa: bool,
    #[serde(default)]
    pub basic_auth_blocked: bool,
    #[serde(default = "yes")]
    pub read_rights: bool,
    #[serde(default)]
    pub web_service_access_only: bool,
    /// An inactive user cannot sign in (401), as on a real instance.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl NewUser {
    /// What serde cannot check.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.user_name.trim().is_empty() {
            out.push("/user_name: must not be blank".to_owned());
        }
        // Basic auth splits user from password at the first ':'.
        if self.user_name.contains(':') {
            out.push("/user_name: must not contain ':'".to_owned());
        }
        for (i, role) in self.roles.iter().enumerate() {
            if role.trim().is_empty() {
                out.push(format!("/roles/{i}: must not be blank"));
            }
        }
        out
    }

    /// The user record, with a fresh sys_id (kept from the old record on replace).
    pub fn into_user(self) -> User {
        User {
            sys_id: random_sys_id(),
            name: self.name.unwrap_or_else(|| self.user_name.clone()),
            user_name: self.user_name,
            password: self.password,
            roles: self.roles,
            active: self.active,
            web_service_access_only: self.web_service_access_only,
            mfa: self.mfa,
            basic_auth_blocked: self.basic_auth_blocked,
            read_rights: self.read_rights,
        }
    }
}

/// The `/api/now` routes, merged into the sandbox's router.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/now/table/{table}", get(table::list))
        .route(
            "/api/now/table/{table}/{sys_id}",
            get(table::get_one).patch(write::update).put(write::update),
        )
        .route(TOKEN_PATH, post(token::token))
        .route("/api/now/{*rest}", any(no_such_resource))
        .route("/api/now", any(no_such_resource))
}

/// A fault that makes `/api/now/*` answer 429 the way an instance's rate limit
/// rules do: the `Rate limit exceeded` body with `Retry-After`,
/// `X-RateLimit-Limit` and `X-RateLimit-Reset` (epoch seconds).
pub fn rate_limit_fault(retry_after_secs: u64) -> FaultSpec {
    let reset = chrono::Utc::now().timestamp().max(0).unsigned_abs() + retry_after_secs;
    let body = json!({
        "error": {
            "message": "Rate limit exceeded",
            "detail": "Too many requests: the rate limit rule for this user was exceeded",
        },
        "status": "failure",
    });
    FaultSpec {
        path_prefix: Some("/api/now".into()),
        status: Some(429),
        body: Some(body.to_string()),
        content_type: Some(JSON_CONTENT_TYPE.into()),
        headers: [
            ("Retry-After".to_owned(), retry_after_secs.to_string()),
            ("X-RateLimit-Limit".to_owned(), "100".to_owned()),
            ("X-RateLimit-Reset".to_owned(), reset.to_string()),
        ]
        .into(),
        ..FaultSpec::default()
    }
}

/// A JSON answer with ServiceNow's Content-Type.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    r
}

/// ServiceNow's error envelope; `detail` is `null` when absent, as it returns.
pub(crate) fn error(status: StatusCode, message: &str, detail: Option<&str>) -> Response {
    json_response(
        status,
        &json!({"error": {"message": message, "detail": detail}, "status": "failure"}),
    )
}

/// Any `/api/now` path the sandbox does not serve.
async fn no_such_resource() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "Requested URI does not represent any resource",
        None,
    )
}

/// 401 with the envelope and the `WWW-Authenticate` challenge the instance sends.
fn unauthorized(detail: &str) -> Response {
    let mut r = error(
        StatusCode::UNAUTHORIZED,
        NOT_AUTHENTICATED_MESSAGE,
        Some(detail),
    );
    r.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("BASIC realm=\"Service-now\""),
    );
    r
}

/// The user a Table API request authenticated as, with Basic auth or a live
/// Bearer token (acting as the token's user, with its roles). Extracting it
/// answers the 401s: bad or missing credentials, an unknown, revoked or
/// expired token, MFA required (`X-MFA_TOKEN: invalid`), Basic auth blocked.
#[derive(Debug, Clone)]
pub(crate) struct SnUser {
    pub read_rights: bool,
    /// The names of its roles.
    pub roles: Vec<String>,
}

impl FromRequestParts<Shared> for SnUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        if let Some(token) = bearer(parts) {
            let mut servicenow = lock(&state.servicenow);
            let ServiceNowState {
                directory, oauth, ..
            } = &mut *servicenow;
            // A user made inactive since cannot go on with the token.
            return oauth
                .user_of(token, std::time::Instant::now())
                .and_then(|name| directory.users().find(|u| u.user_name == name && u.active))
                .map(|user| Self {
                    read_rights: user.read_rights,
                    roles: user.roles.clone(),
                })
                .ok_or_else(|| unauthorized(NOT_AUTHENTICATED_DETAIL));
        }
        let Some((name, password)) = credentials(parts) else {
            return Err(unauthorized(NOT_AUTHENTICATED_DETAIL));
        };
        let outcome = lock(&state.servicenow)
            .directory
            .authenticate(&name, &password);
        match outcome {
            users::AuthOutcome::Ok(user) => Ok(Self {
                read_rights: user.read_rights,
                roles: user.roles,
            }),
            users::AuthOutcome::BadCredentials => Err(unauthorized(NOT_AUTHENTICATED_DETAIL)),
            users::AuthOutcome::BasicBlocked => Err(unauthorized(BASIC_AUTH_BLOCKED_DETAIL)),
            users::AuthOutcome::Mfa => {
                let mut r = unauthorized(NOT_AUTHENTICATED_DETAIL);
                r.headers_mut().insert(
                    HeaderName::from_static("x-mfa_token"),
                    HeaderValue::from_static("invalid"),
                );
                Err(r)
            }
        }
    }
}

/// The token of a `Bearer` Authorization header, if there is one.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The `user:password` pair of a `Basic` Authorization header, if well formed.
fn credentials(parts: &Parts) -> Option<(String, String)> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let text = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The middleware that stands in for a hibernating instance: while hibernation
/// is on, every `/api/now` and token request, authenticated or not, gets the
/// HTML page.
/// It sits inside the fault layer, so faults still apply first.
pub(crate) async fn hibernation(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let ours = path == "/api/now" || path.starts_with("/api/now/") || path == TOKEN_PATH;
    if ours && lock(&state.servicenow).hibernating {
        let mut r = (StatusCode::OK, HIBERNATION_PAGE).into_response();
        r.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html;charset=UTF-8"),
        );
        return r;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_its_marker_and_the_fault_is_valid() {
        assert!(HIBERNATION_PAGE.contains(HIBERNATION_PAGE_MARKER));
        let fault = rate_limit_fault(7);
        assert!(fault.problems().is_empty());
        assert_eq!(fault.headers["Retry-After"], "7");
    }
}
