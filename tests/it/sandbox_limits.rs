//! The sandbox's limits: connections that dribble or withhold a header, or sit
//! idle, are closed; no more than `max_connections` are served at once; and the
//! stored messages are bounded, the oldest dropped first.
//!
//! Closure is asserted, not its timing: each wait has a bound far above the limit
//! under test, reached only when the connection is never closed.

use std::time::Duration;

use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::sandbox_support::{admin, host_port, msg, Hub, DEST};

/// Far above every limit set here: reaching it means "never closed".
const NEVER: Duration = Duration::from_secs(30);

async fn sandbox(header_read_timeout: Duration, max_connections: usize) -> Sandbox {
    Sandbox::start(SandboxConfig {
        header_read_timeout,
        max_connections,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Reads until the server closes the connection (EOF or reset): `true`, or
/// `false` if it is still open after [`NEVER`].
async fn closed_by_server(tcp: &mut TcpStream) -> bool {
    let mut sink = vec![0u8; 4096];
    tokio::time::timeout(NEVER, async {
        loop {
            match tcp.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hundred_connections_dribbling_headers_are_all_closed() {
    let sb = sandbox(Duration::from_millis(300), 512).await;
    let addr = host_port(&sb);
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..400 {
        let addr = addr.clone();
        clients.spawn(async move {
            let tcp = TcpStream::connect(&addr).await.expect("connect");
            let (mut read, mut write) = tcp.into_split();
            // A header's start, then one byte every 50 ms for ever: never finished,
            // never closed from this side, until the server refuses a write.
            let dribble = tokio::spawn(async move {
                let start = b"GET /_sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
                for byte in start.iter().chain(std::iter::repeat(&b'a')) {
                    if write.write_all(&[*byte]).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            });
            let mut sink = vec![0u8; 1024];
            let closed = tokio::time::timeout(NEVER, async {
                loop {
                    match read.read(&mut sink).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                }
            })
            .await
            .is_ok();
            dribble.abort();
            closed
        });
    }
    let mut held = 0;
    while let Some(closed) = clients.join_next().await {
        if !closed.expect("client task") {
            held += 1;
        }
    }
    assert_eq!(held, 0, "{held} of 400 dribbling connections still held");
    sb.shutdown().await;
}

#[tokio::test]
async fn silent_and_idle_keep_alive_connections_are_closed() {
    let sb = sandbox(Duration::from_millis(300), 16).await;
    let mut silent = TcpStream::connect(host_port(&sb)).await.expect("connect");
    assert!(closed_by_server(&mut silent).await, "a silent connection");

    let mut idle = TcpStream::connect(host_port(&sb)).await.expect("connect");
    let request = format!(
        "GET /_sandbox/health HTTP/1.1\r\nHost: {}\r\n\r\n",
        host_port(&sb)
    );
    idle.write_all(request.as_bytes()).await.expect("write");
    let mut answer = vec![0u8; 1024];
    let n = idle.read(&mut answer).await.expect("answer");
    assert!(
        String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"),
        "answered first"
    );
    assert!(
        closed_by_server(&mut idle).await,
        "an idle keep-alive connection"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn a_body_dribbled_past_the_limit_gets_a_408_and_the_connection_closes() {
    let sb = sandbox(Duration::from_millis(300), 16).await;
    let tcp = TcpStream::connect(host_port(&sb)).await.expect("connect");
    let (mut read, mut write) = tcp.into_split();
    let head = format!(
        "POST /_sandbox/faults HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 100000\r\n\r\n{{",
        host_port(&sb)
    );
    write.write_all(head.as_bytes()).await.expect("write");
    // The body, one byte every 50 ms, for ever (or until refused).
    let dribble = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if write.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    let mut answer = Vec::new();
    let ended = tokio::time::timeout(NEVER, async {
        let mut chunk = vec![0u8; 1024];
        loop {
            match read.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    dribble.abort();
    assert!(ended.is_ok(), "the connection is still open");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within"), "{answer}");
    sb.shutdown().await;
}

#[tokio::test]
async fn past_the_connection_cap_a_client_waits_for_a_free_slot() {
    let sb = sandbox(NEVER * 2, 2).await;
    let first = TcpStream::connect(host_port(&sb)).await.expect("connect");
    let _second = TcpStream::connect(host_port(&sb)).await.expect("connect");
    let third = tokio::spawn({
        let base = sb.base_url();
        async move {
            reqwest::get(format!("{base}/_sandbox/health"))
                .await
                .map(|r| r.status())
        }
    });
    // Not answered while both slots are held. (Only "not yet" is checked here,
    // so a slow machine can pass this when it should not, never fail it.)
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!third.is_finished(), "answered past the cap");
    drop(first);
    let status = tokio::time::timeout(NEVER, third)
        .await
        .expect("answered once a slot is free")
        .expect("join")
        .expect("request");
    assert_eq!(status, StatusCode::OK);
    sb.shutdown().await;
}

#[tokio::test]
async fn past_a_thousand_messages_the_oldest_is_dropped() {
    let sb = sandbox(Duration::from_secs(10), 16).await;
    let hub = Hub::new(&sb);
    let oldest = hub.send_one(msg(DEST)).await;
    // 999 more fill the store; one more drops the oldest.
    for _ in 0..9 {
        let batch: Vec<_> = (0..111).map(|_| msg(DEST)).collect();
        let (status, body) = hub.send(json!(batch)).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "over 100 per request: {body}"
        );
        let batch: Vec<_> = (0..100).map(|_| msg(DEST)).collect();
        assert_eq!(hub.send(json!(batch)).await.0, StatusCode::ACCEPTED);
    }
    let batch: Vec<_> = (0..99).map(|_| msg(DEST)).collect();
    assert_eq!(hub.send(json!(batch)).await.0, StatusCode::ACCEPTED);
    let path = format!("/v1/messages/{oldest}");
    assert_eq!(
        hub.call(Method::GET, &path, None).await.0,
        StatusCode::OK,
        "1000 kept"
    );
    let newest = hub.send_one(msg(DEST)).await;
    assert_eq!(
        hub.call(Method::GET, &path, None).await.0,
        StatusCode::NOT_FOUND,
        "the oldest is dropped"
    );
    let path = format!("/v1/messages/{newest}");
    assert_eq!(hub.call(Method::GET, &path, None).await.0, StatusCode::OK);
    sb.shutdown().await;
}

#[tokio::test]
async fn past_a_thousand_keys_or_faults_admin_posts_are_refused_until_some_go() {
    let sb = sandbox(Duration::from_secs(10), 16).await;
    let keys: Vec<(String, String)> = (0..1000).map(|_| sb.create_hub_key()).collect();
    let (status, body) = admin(&sb, Method::POST, "/_sandbox/hub/keys", Some(json!({}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["message"].as_str().expect("message");
    assert!(message.contains("1000 Hub keys"), "{message}");
    assert!(!body.to_string().contains("api_secret"), "{body}");
    let gone = format!("/_sandbox/hub/keys/{}", keys[0].0);
    assert_eq!(
        admin(&sb, Method::DELETE, &gone, None).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, _) = admin(&sb, Method::POST, "/_sandbox/hub/keys", Some(json!({}))).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "room again once one is deleted"
    );

    let fault = json!({"path_prefix": "/nowhere", "status": 503});
    for _ in 0..1000 {
        let (status, body) =
            admin(&sb, Method::POST, "/_sandbox/faults", Some(fault.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = admin(&sb, Method::POST, "/_sandbox/faults", Some(fault.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        admin(&sb, Method::DELETE, "/_sandbox/faults", None).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, _) = admin(&sb, Method::POST, "/_sandbox/faults", Some(fault)).await;
    assert_eq!(status, StatusCode::CREATED);
    sb.shutdown().await;
}
