//! `POST /oauth_token.do`: the password grant of RFC 6749 §4.3, with the §5.2
//! errors as `{"error","error_description"}` (ServiceNow's own bodies are
//! unconfirmed; these are the RFC's):
//!
//! - 400 `invalid_request`: not a form, or a parameter missing;
//! - 401 `invalid_client`: unknown client id or wrong secret;
//! - 400 `unsupported_grant_type`: any grant but `password`;
//! - 400 `unauthorized_client`: the client may not use the password grant;
//! - 400 `invalid_grant`: wrong password, unknown, inactive or MFA user.
//!
//! A Basic-auth block does not apply: OAuth is the way around it.

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, PRAGMA, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::json_response;
use super::oauth::ClientRefusal;
use super::users::AuthOutcome;
use crate::sandbox::state::{lock, Shared};

/// The token endpoint's path.
pub const TOKEN_PATH: &str = "/oauth_token.do";

/// The scope every token is issued with, as ServiceNow's default.
const SCOPE: &str = "useraccount";

/// An RFC 6749 §5.2 error answer; never cached, as §5.1 asks of every answer.
fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    let mut r = json_response(
        status,
        &json!({"error": code, "error_description": description}),
    );
    no_store(&mut r);
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"oauth\""),
        );
    }
    r
}

fn no_store(r: &mut Response) {
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut()
        .insert(PRAGMA, HeaderValue::from_static("no-cache"));
}

fn invalid_request(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// True for `application/x-www-form-urlencoded` (any parameters).
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// `POST /oauth_token.do`.
pub(crate) async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return invalid_request("the body must be application/x-www-form-urlencoded");
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let Some(grant_type) = field("grant_type") else {
        return invalid_request("grant_type is missing");
    };
    let (Some(client_id), Some(client_secret)) = (field("client_id"), field("client_secret"))
    else {
        return invalid_request("client_id or client_secret is missing");
    };
    let mut servicenow = lock(&state.servicenow);
    match servicenow.oauth.check_client(client_id, client_secret) {
        Err(ClientRefusal::Unknown) => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client authentication failed",
            )
        }
        // The grant type is judged before the client's right to it.
        _ if grant_type != "password" => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only the password grant is supported",
            )
        }
        Err(ClientRefusal::NoPasswordGrant) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "this client may not use the password grant",
            )
        }
        Ok(()) => {}
    }
    let (Some(username), Some(password)) = (field("username"), field("password")) else {
        return invalid_request("username or password is missing");
    };
    let user_ok = match servicenow.directory.authenticate(username, password) {
        AuthOutcome::Ok(_) | AuthOutcome::BasicBlocked => true,
        AuthOutcome::BadCredentials | AuthOutcome::Mfa => false,
    };
    if !user_ok {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "the user name or password is not valid",
        );
    }
    let Some(issued) = servicenow.oauth.issue(client_id, username, Instant::now()) else {
        // The client was checked under this same lock a moment ago.
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "unknown client");
    };
    drop(servicenow);
    let mut r = json_response(
        StatusCode::OK,
        &json!({
            "access_token": issued.access,
            "refresh_token": issued.refresh,
            "scope": SCOPE,
            "token_type": "Bearer",
            "expires_in": issued.lifetime.as_secs(),
        }),
    );
    no_store(&mut r);
    r
}
