//! One test per ServiceNow failure class, each against a real socket.

use std::time::{Duration, Instant};

use super::servicenow::{instance, sn_client, user_found};
use super::{json_response, quick, response, Behaviour, TestServer};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::{means_basic_auth_blocked, rate_limit_wait};
use crate::domain::remote_error::{ClientError, Service};

const NOT_AUTHENTICATED: &str = r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#;
const BLOCKED_DETAIL: &str = "Basic authentication is blocked for this user: grant snc_basic_auth_api_access or set Web service access only";

/// What `check_credentials` fails with against a server giving `raw` to every request.
async fn failure(raw: String) -> ClientError {
    let server = TestServer::start(Behaviour::Respond(raw)).await;
    sn_client(&server.url(), quick())
        .check_credentials()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_wrong_password_is_auth() {
    let error = failure(json_response(401, NOT_AUTHENTICATED)).await;
    assert_eq!(error, ClientError::Auth { status: 401 });
}

#[tokio::test]
async fn a_401_with_the_mfa_header_is_mfa_required() {
    let raw = response(
        401,
        &[
            ("Content-Type", "application/json"),
            ("X-MFA_TOKEN", "invalid"),
        ],
        NOT_AUTHENTICATED,
    );
    assert_eq!(failure(raw).await, ClientError::MfaRequired);
}

#[tokio::test]
async fn a_401_saying_basic_auth_is_blocked_is_basic_auth_blocked() {
    let body = format!(
        r#"{{"error":{{"message":"User Not Authenticated","detail":"{BLOCKED_DETAIL}"}},"status":"failure"}}"#
    );
    assert_eq!(
        failure(json_response(401, &body)).await,
        ClientError::BasicAuthBlocked {
            detail: Some(BLOCKED_DETAIL.to_owned())
        }
    );
}

#[test]
fn the_blocked_matcher_wants_basic_auth_and_a_refusal() {
    for yes in [
        BLOCKED_DETAIL,
        "BASIC AUTH IS NOT ALLOWED for this account",
        "missing role snc_basic_auth_api_access",
        "Basic auth blocked",
    ] {
        assert!(means_basic_auth_blocked(yes), "{yes}");
    }
    for no in [
        "User Not Authenticated: Required to provide Auth information",
        "Account blocked",
        "Basic authentication failed",
    ] {
        assert!(!means_basic_auth_blocked(no), "{no}");
    }
}

#[tokio::test]
async fn a_403_on_sys_user_is_permission_with_servicenows_words() {
    let body = r#"{"error":{"message":"User Not Authorized","detail":"ACL restricts the record retrieval"},"status":"failure"}"#;
    assert_eq!(
        failure(json_response(403, body)).await,
        ClientError::Permission {
            message: Some("User Not Authorized: ACL restricts the record retrieval".into())
        }
    );
}

#[tokio::test]
async fn a_403_on_the_roles_is_permission() {
    let forbidden = json_response(
        403,
        r#"{"error":{"message":"User Not Authorized","detail":null},"status":"failure"}"#,
    );
    let server = instance(user_found("true"), forbidden).await;
    let error = sn_client(&server.url(), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Permission {
            message: Some("User Not Authorized".into())
        }
    );
}

#[tokio::test]
async fn an_empty_sys_user_result_is_acl_empty() {
    let error = failure(json_response(200, r#"{"result":[]}"#)).await;
    assert_eq!(
        error,
        ClientError::AclEmpty {
            table: "sys_user".into()
        }
    );
    // A field-level ACL that blanks the sys_id is the same problem.
    let blank = json_response(200, r#"{"result":[{"sys_id":"","active":"true"}]}"#);
    assert_eq!(failure(blank).await.class(), "acl_empty");
}

#[tokio::test]
async fn a_429_with_retry_after_is_rate_limited() {
    let raw = response(
        429,
        &[("Retry-After", "7"), ("X-RateLimit-Limit", "100")],
        r#"{"error":{"message":"Rate limit exceeded"},"status":"failure"}"#,
    );
    assert_eq!(
        failure(raw).await,
        ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
}

#[tokio::test]
async fn a_429_with_only_the_reset_header_waits_until_the_reset() {
    let reset = (chrono::Utc::now().timestamp() + 30).to_string();
    let raw = response(
        429,
        &[("X-RateLimit-Reset", &reset), ("X-RateLimit-Limit", "100")],
        "",
    );
    let ClientError::RateLimited {
        retry_after: Some(wait),
    } = failure(raw).await
    else {
        panic!("expected RateLimited with a wait");
    };
    assert!((28..=30).contains(&wait.as_secs()), "{wait:?}");
}

#[test]
fn the_reset_header_in_the_past_or_missing() {
    let mut headers = reqwest::header::HeaderMap::new();
    assert_eq!(rate_limit_wait(&headers), None);
    headers.insert("x-ratelimit-reset", "1000".parse().unwrap());
    assert_eq!(rate_limit_wait(&headers), Some(Duration::ZERO));
    let millis = (chrono::Utc::now().timestamp() + 60) * 1000;
    headers.insert("x-ratelimit-reset", millis.to_string().parse().unwrap());
    let wait = rate_limit_wait(&headers).unwrap();
    assert!((58..=60).contains(&wait.as_secs()), "{wait:?}");
}

#[tokio::test]
async fn an_html_page_saying_hibernating_is_hibernating() {
    let page =
        "<html><body><h1>Your instance is hibernating</h1><a>Sign in to wake it</a></body></html>";
    let raw = response(200, &[("Content-Type", "text/html; charset=UTF-8")], page);
    assert_eq!(failure(raw).await, ClientError::Hibernating);
    // Without a Content-Type, the leading `<` gives it away.
    let raw = response(200, &[], "<!DOCTYPE html><p>Instance Hibernates</p>");
    assert_eq!(failure(raw).await, ClientError::Hibernating);
}

#[tokio::test]
async fn other_html_is_unexpected_body() {
    let raw = response(200, &[("Content-Type", "text/html")], "<html>Log in</html>");
    let error = failure(raw).await;
    let ClientError::UnexpectedBody { status, detail } = &error else {
        panic!("expected UnexpectedBody, got {error:?}");
    };
    assert_eq!(*status, 200);
    assert!(detail.contains("HTML"), "{detail}");
}

#[tokio::test]
async fn a_5xx_is_server_error() {
    assert_eq!(
        failure(json_response(503, "{}")).await,
        ClientError::Server { status: 503 }
    );
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_tls() {
    let server = TestServer::start(Behaviour::RespondAtOnce(json_response(400, "{}"))).await;
    let error = sn_client(&format!("https://{}", server.addr), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(error.class(), "tls", "{error:?}");
}

#[tokio::test]
async fn an_unresolvable_host_is_dns() {
    let timeouts = Timeouts {
        connect: Duration::from_secs(10),
        request: Duration::from_secs(10),
    };
    let error = sn_client("https://nowkey-test.invalid", timeouts)
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Dns {
            host: "nowkey-test.invalid".into()
        }
    );
}

#[tokio::test]
async fn an_instance_that_never_answers_times_out() {
    let server = TestServer::start(Behaviour::Hang).await;
    let started = Instant::now();
    let error = sn_client(&server.url(), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Timeout {
            after: quick().request
        }
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// The classes added for ServiceNow and HOPEX.
fn new_classes() -> Vec<(ClientError, &'static str)> {
    vec![
        (ClientError::MfaRequired, "mfa_required"),
        (
            ClientError::BasicAuthBlocked {
                detail: Some(BLOCKED_DETAIL.into()),
            },
            "basic_auth_blocked",
        ),
        (
            ClientError::BasicAuthBlocked { detail: None },
            "basic_auth_blocked",
        ),
        (
            ClientError::AclEmpty {
                table: "sys_user".into(),
            },
            "acl_empty",
        ),
        (ClientError::Hibernating, "hibernating"),
        (
            ClientError::GraphQl {
                messages: vec!["Cannot query field \"x\" on type \"Query\"".into()],
            },
            "graphql",
        ),
        (ClientError::GraphQl { messages: vec![] }, "graphql"),
    ]
}

#[test]
fn every_new_class_is_one_sentence_with_a_next_step() {
    for (error, class) in new_classes() {
        assert_eq!(error.class(), class);
        assert!(!error.is_unreachable(), "{error:?}");
        for service in [Service::ServiceNow, Service::Hopex] {
            let message = error.user_message(service);
            assert!(message.ends_with('.'), "{message}");
            assert!(!message.contains('\n'), "{message}");
            assert!(!message.contains(". "), "more than one sentence: {message}");
            assert!(message.contains(": "), "no next step: {message}");
            assert!(message.chars().next().unwrap().is_uppercase(), "{message}");
        }
    }
    let blocked = ClientError::BasicAuthBlocked { detail: None }.user_message(Service::ServiceNow);
    assert!(blocked.contains("snc_basic_auth_api_access"), "{blocked}");
    assert!(blocked.contains("Web service access only"), "{blocked}");
    let acl = ClientError::AclEmpty {
        table: "sys_user".into(),
    }
    .user_message(Service::ServiceNow);
    assert!(
        acl.contains("cannot read sys_user") && acl.contains("itil"),
        "{acl}"
    );
    let hibernating = ClientError::Hibernating.user_message(Service::ServiceNow);
    assert!(hibernating.contains("developer portal"), "{hibernating}");
}
