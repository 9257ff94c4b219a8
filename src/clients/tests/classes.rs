//! One test per failure class, each against a real socket.

use std::time::{Duration, Instant};

use super::{client, client_for, json_response, quick, response, Behaviour, TestServer};
use crate::clients::http::Timeouts;
use crate::clients::response::{retry_after, MAX_BODY_BYTES};
use crate::domain::remote_error::ClientError;

#[tokio::test]
async fn status_401_is_auth() {
    let server = TestServer::answering(
        401,
        &[],
        r#"{"message":"Invalid authentication credentials"}"#,
    )
    .await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
}

#[tokio::test]
async fn status_403_unauthorised_is_auth() {
    let server = TestServer::answering(403, &[], r#"{"message":"Unauthorised"}"#).await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 403 });
}

#[tokio::test]
async fn status_403_otherwise_is_permission() {
    let body = r#"{"message":"Sub-account access is not enabled for this key."}"#;
    let server = TestServer::answering(403, &[], body).await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(
        error,
        ClientError::Permission {
            message: Some("Sub-account access is not enabled for this key".into())
        }
    );
}

#[tokio::test]
async fn status_400_carries_the_servers_details() {
    let body = r#"{"message":"Request failed to parse correctly.","details":["/messages/0/destination_number: International address must be between 8 and 15 characters excluding the first '+'"]}"#;
    let server = TestServer::answering(400, &[], body).await;
    let to = crate::domain::phone::E164::parse("+61491570156").unwrap();
    let error = client_for(&server)
        .send_message(&to, "hi")
        .await
        .unwrap_err();
    let ClientError::BadRequest { message, details } = error else {
        panic!("expected BadRequest, got {error:?}");
    };
    assert_eq!(message, "Request failed to parse correctly");
    assert_eq!(details.len(), 1);
    assert!(details[0].starts_with("/messages/0/destination_number: International address"));
}

#[tokio::test]
async fn status_400_with_unreadable_body_is_still_bad_request() {
    let server = TestServer::answering(400, &[("Content-Type", "text/html")], "<h1>Bad</h1>").await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    let ClientError::BadRequest { message, details } = error else {
        panic!("expected BadRequest, got {error:?}");
    };
    assert!(message.contains("no reason"), "{message}");
    assert!(details.is_empty());
}

#[tokio::test]
async fn status_404_is_not_found() {
    let server = TestServer::answering(404, &[], r#"{"message":"Resource not found."}"#).await;
    let error = client_for(&server)
        .message_status("nope")
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::NotFound {
            message: Some("Resource not found".into())
        }
    );
}

#[tokio::test]
async fn status_429_reads_retry_after_seconds() {
    let server = TestServer::answering(429, &[("Retry-After", "7")], "").await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(
        error,
        ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        }
    );
}

#[test]
fn retry_after_reads_an_http_date_and_ignores_junk() {
    let mut headers = reqwest::header::HeaderMap::new();
    let later = chrono::Utc::now() + chrono::Duration::seconds(120);
    let date = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    headers.insert("retry-after", date.parse().unwrap());
    let wait = retry_after(&headers).unwrap();
    assert!((110..=120).contains(&wait.as_secs()), "{wait:?}");
    headers.insert(
        "retry-after",
        "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
    );
    assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    headers.insert("retry-after", "soon".parse().unwrap());
    assert_eq!(retry_after(&headers), None);
}

#[tokio::test]
async fn status_5xx_is_server_error() {
    for status in [500, 502, 503] {
        let server = TestServer::answering(status, &[], "oops").await;
        let error = client_for(&server).check_credentials().await.unwrap_err();
        assert_eq!(error, ClientError::Server { status });
    }
}

#[tokio::test]
async fn other_status_is_unexpected() {
    let server = TestServer::answering(418, &[], "").await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(error, ClientError::UnexpectedStatus { status: 418 });
}

#[tokio::test]
async fn redirect_to_another_host_is_not_followed() {
    let server =
        TestServer::answering(302, &[("Location", "http://localhost:9/v1/replies")], "").await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert_eq!(error, ClientError::UnexpectedStatus { status: 302 });
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = TestServer::start(Behaviour::Hang).await;
    let started = Instant::now();
    let error = client(&server.url(), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Timeout {
            after: quick().request
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_dripping_body_times_out() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    let server = TestServer::start(Behaviour::Drip {
        head: head.into(),
        body: vec![b' '; 1000],
        interval: Duration::from_millis(50),
    })
    .await;
    let started = Instant::now();
    let error = client(&server.url(), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Timeout {
            after: quick().request
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_refused_is_network() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = client(&format!("http://{addr}"), quick())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Network {
            detail: "connection refused".into()
        }
    );
    assert!(error.is_unreachable());
}

#[tokio::test]
async fn a_connection_closed_without_answer_is_network() {
    let server = TestServer::start(Behaviour::Close).await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    assert!(matches!(error, ClientError::Network { .. }), "{error:?}");
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_tls() {
    let server = TestServer::start(Behaviour::RespondAtOnce(json_response(400, "{}"))).await;
    let error = client(&format!("https://{}", server.addr), quick())
        .check_credentials()
        .await
        .unwrap_err();
    let ClientError::Tls { detail } = &error else {
        panic!("expected Tls, got {error:?}");
    };
    assert!(detail.contains("did not answer with TLS"), "{detail}");
}

#[tokio::test]
async fn an_unresolvable_host_is_dns_and_fails_fast() {
    // `.invalid` is reserved (RFC 2606/6761) and never resolves; the resolver
    // answers NXDOMAIN at once, so this needs no outside network.
    let timeouts = Timeouts {
        connect: Duration::from_secs(10),
        request: Duration::from_secs(10),
    };
    let started = Instant::now();
    let error = client("https://nowkey-test.invalid", timeouts)
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Dns {
            host: "nowkey-test.invalid".into()
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_200_that_is_not_the_documented_json_is_unexpected_body() {
    let cases = [
        (
            response(
                200,
                &[("Content-Type", "text/html")],
                "<html>Sign in</html>",
            ),
            "HTML",
        ),
        (response(200, &[], ""), "empty"),
        (json_response(200, r#"{"replies":[}"#), "not valid JSON"),
        (json_response(200, r#"{"status":"ok"}"#), "replies"),
    ];
    for (raw, expected) in cases {
        let server = TestServer::start(Behaviour::Respond(raw)).await;
        let error = client_for(&server).check_credentials().await.unwrap_err();
        let ClientError::UnexpectedBody { status, detail } = &error else {
            panic!("expected UnexpectedBody, got {error:?}");
        };
        assert_eq!(*status, 200);
        assert!(detail.contains(expected), "{detail} lacks {expected}");
    }
}

#[tokio::test]
async fn a_huge_body_is_cut_and_refused() {
    let body = format!(r#"{{"replies":[],"pad":"{}"}}"#, "x".repeat(MAX_BODY_BYTES));
    let server = TestServer::answering(200, &[], &body).await;
    let error = client_for(&server).check_credentials().await.unwrap_err();
    let ClientError::UnexpectedBody { detail, .. } = &error else {
        panic!("expected UnexpectedBody, got {error:?}");
    };
    assert!(detail.contains("longer than"), "{detail}");
}
