//! What a web page on the same machine could make a browser send the sandbox:
//! requests naming another host (DNS rebinding) are refused everywhere, and the
//! admin endpoints take POSTs as `application/json` only (a cross-site form can
//! send `text/plain`, form and multipart bodies without asking first).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::sandbox_support::{admin, host_port, post_request, raw_request, start, Hub};

async fn key_count(sb: &nowkey::sandbox::Sandbox) -> usize {
    let (status, body) = admin(sb, Method::GET, "/_sandbox/hub/keys", None).await;
    assert_eq!(status, StatusCode::OK);
    body["keys"].as_array().expect("keys").len()
}

#[tokio::test]
async fn a_request_naming_another_host_gets_nothing_but_a_421() {
    let sb = start().await;
    let before = key_count(&sb).await;
    let port = host_port(&sb).rsplit(':').next().expect("port").to_owned();
    for host in [
        "rebind.attacker.example".to_owned(),
        format!("rebind.attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("10.0.0.1:{port}"),
    ] {
        // Creating a key would hand its secret to the page.
        let create = post_request("/_sandbox/hub/keys", &host, Some("application/json"), "{}");
        let (status, body) = raw_request(&sb, &create).await;
        assert_eq!(status, 421, "{host}: {body}");
        assert!(!body.contains("api_secret"), "{host}: {body}");
        let error: Value = serde_json::from_str(&body).expect("a JSON error");
        let message = error["message"].as_str().expect("message");
        assert!(message.contains("loopback"), "{message}");
        assert!(message.contains(&format!("'{host}'")), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
        // Every other endpoint too: the Hub's, ServiceNow's, HOPEX's, the listings.
        for path in [
            "/_sandbox/hub/keys",
            "/_sandbox/health",
            "/v1/replies",
            "/api/now/table/sys_user",
        ] {
            let get = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            let (status, body) = raw_request(&sb, &get).await;
            assert_eq!(status, 421, "{host} {path}: {body}");
        }
    }
    assert_eq!(key_count(&sb).await, before, "no key was created");

    // Credentials written into the Host are refused and never quoted back.
    let host = format!("key:CANARY-host-secret@127.0.0.1:{port}");
    let get = format!("GET /_sandbox/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let (status, body) = raw_request(&sb, &get).await;
    assert_eq!(status, 421, "{body}");
    assert!(!body.contains("CANARY"), "{body}");
    sb.shutdown().await;
}

#[tokio::test]
async fn every_loopback_spelling_is_answered_and_a_missing_host_is_a_400() {
    let sb = start().await;
    let port = host_port(&sb).rsplit(':').next().expect("port").to_owned();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_owned(),
        format!("[::1]:{port}"),
    ] {
        let get =
            format!("GET /_sandbox/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let (status, body) = raw_request(&sb, &get).await;
        assert_eq!(status, 200, "{host}: {body}");
    }
    let bare = "GET /_sandbox/health HTTP/1.0\r\n\r\n";
    let (status, body) = raw_request(&sb, bare).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("no Host header"), "{body}");
    sb.shutdown().await;
}

#[tokio::test]
async fn admin_posts_that_are_not_json_are_refused_with_a_415() {
    let sb = start().await;
    let host = host_port(&sb);
    let before = key_count(&sb).await;
    let fault = r#"{"path_prefix":"/v1/replies","status":503}"#;
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        for path in [
            "/_sandbox/hub/keys",
            "/_sandbox/faults",
            "/_sandbox/hopex/keys",
            "/_sandbox/servicenow/users",
            "/_sandbox/servicenow/hibernate",
        ] {
            let request = post_request(path, &host, content_type, fault);
            let (status, body) = raw_request(&sb, &request).await;
            assert_eq!(status, 415, "{path} {content_type:?}: {body}");
            let error: Value = serde_json::from_str(&body).expect("a JSON error");
            assert!(
                error["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("application/json")),
                "{body}"
            );
        }
    }
    assert_eq!(key_count(&sb).await, before, "no key was created");
    let (_, faults) = admin(&sb, Method::GET, "/_sandbox/faults", None).await;
    assert_eq!(faults["faults"], Value::Array(vec![]), "no fault was added");
    let hub = Hub::new(&sb);
    assert_eq!(
        hub.call(Method::GET, "/v1/replies", None).await.0,
        StatusCode::OK
    );

    // JSON, with a charset, is fine.
    let request = post_request(
        "/_sandbox/hub/keys",
        &host,
        Some("application/json; charset=utf-8"),
        "{}",
    );
    assert_eq!(raw_request(&sb, &request).await.0, 201);
    sb.shutdown().await;
}
