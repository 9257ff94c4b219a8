//! One test per HOPEX failure class, each against a real socket.

use std::time::{Duration, Instant};

use super::hopex::{hopex_client, UNKNOWN_FIELD};
use super::{json_response, quick, response, Behaviour, TestServer};
use crate::clients::http::Timeouts;
use crate::domain::remote_error::ClientError;

async fn failure(raw: String) -> ClientError {
    let server = TestServer::start(Behaviour::Respond(raw)).await;
    hopex_client(&server.url(), quick())
        .check_key()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_401_or_403_is_auth_whatever_the_body() {
    assert_eq!(
        failure(response(401, &[], "")).await,
        ClientError::Auth { status: 401 }
    );
    let body = r#"{"errors":[{"message":"Profile has no access"}]}"#;
    assert_eq!(
        failure(json_response(403, body)).await,
        ClientError::Auth { status: 403 }
    );
}

#[tokio::test]
async fn graphql_errors_are_graphql() {
    let body =
        r#"{"data":null,"errors":[{"message":"Syntax Error: Unexpected Name."},{"locations":[]}]}"#;
    let error = failure(json_response(200, body)).await;
    let ClientError::GraphQl { messages } = &error else {
        panic!("expected GraphQl, got {error:?}");
    };
    assert_eq!(messages[0], "Syntax Error: Unexpected Name");
    assert_eq!(messages.len(), 2);
    let error = failure(json_response(400, body)).await;
    assert_eq!(error.class(), "graphql");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_unexpected_body() {
    for raw in [
        response(200, &[("Content-Type", "text/html")], "<html>Login</html>"),
        response(200, &[], ""),
        json_response(200, r#"{"data":{"_currentContext":null}}"#),
        json_response(200, r#"{"hello":1}"#),
    ] {
        let error = failure(raw).await;
        assert_eq!(error.class(), "unexpected_body", "{error:?}");
    }
}

#[tokio::test]
async fn other_statuses_follow_the_shared_rules() {
    assert_eq!(
        failure(response(500, &[], "boom")).await,
        ClientError::Server { status: 500 }
    );
    assert_eq!(failure(response(404, &[], "")).await.class(), "not_found");
    assert_eq!(
        failure(response(429, &[("Retry-After", "3")], "")).await,
        ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(3))
        }
    );
}

#[tokio::test]
async fn a_failing_fallback_reports_its_own_error() {
    let server = TestServer::start(Behaviour::Route(vec![
        ("_currentContext".into(), json_response(200, UNKNOWN_FIELD)),
        ("application".into(), response(401, &[], "")),
    ]))
    .await;
    let error = hopex_client(&server.url(), quick())
        .check_key()
        .await
        .unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = TestServer::start(Behaviour::Hang).await;
    let started = Instant::now();
    let error = hopex_client(&server.url(), quick())
        .check_key()
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

#[tokio::test]
async fn https_to_a_plain_http_server_is_tls() {
    let server = TestServer::start(Behaviour::RespondAtOnce(json_response(400, "{}"))).await;
    let error = hopex_client(&format!("https://{}", server.addr), quick())
        .check_key()
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
    let error = hopex_client("https://nowkey-test.invalid", timeouts)
        .check_key()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Dns {
            host: "nowkey-test.invalid".into()
        }
    );
}
