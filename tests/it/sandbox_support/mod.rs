//! Shared helpers for the sandbox integration tests: an in-process sandbox with a
//! 50 ms delivery step and an authenticated reqwest client for one account.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

pub mod servicenow;

use std::time::{Duration, Instant};

use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

pub const STEP: Duration = Duration::from_millis(50);

pub const DEST: &str = "+61491570156";

pub async fn start() -> Sandbox {
    start_with(Duration::ZERO).await
}

pub async fn start_with(key_activation_delay: Duration) -> Sandbox {
    Sandbox::start(SandboxConfig {
        delivery_step: STEP,
        key_activation_delay,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// One authenticated client of one sandbox account.
pub struct Hub {
    pub http: Client,
    pub base: String,
    pub key: String,
    pub secret: String,
}

impl Hub {
    pub fn new(sb: &Sandbox) -> Self {
        let (key, secret) = sb.create_hub_key();
        Self::with(sb, key, secret)
    }

    pub fn with(sb: &Sandbox, key: String, secret: String) -> Self {
        Self {
            http: Client::new(),
            base: sb.base_url(),
            key,
            secret,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .basic_auth(&self.key, Some(&self.secret));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn send(&self, messages: Value) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/v1/messages",
            Some(json!({ "messages": messages })),
        )
        .await
    }

    pub async fn send_one(&self, msg: Value) -> String {
        let (status, body) = self.send(json!([msg])).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        body["messages"][0]["message_id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    pub async fn status_of(&self, id: &str) -> String {
        let (status, body) = self
            .call(Method::GET, &format!("/v1/messages/{id}"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["status"].as_str().expect("status").to_owned()
    }

    /// Polls until the status is `want`, failing after two seconds.
    pub async fn wait_for(&self, id: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let now = self.status_of(id).await;
            if now == want {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{id} stuck at {now}, wanted {want}"
            );
            tokio::time::sleep(STEP / 2).await;
        }
    }

    pub async fn list(&self, path: &str, field: &str) -> Vec<Value> {
        let (status, body) = self.call(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body[field].as_array().expect("array").clone()
    }

    pub async fn reports_for(&self, id: &str) -> Vec<String> {
        self.list("/v1/delivery_reports", "delivery_reports")
            .await
            .iter()
            .filter(|r| r["message_id"] == id)
            .map(|r| r["status"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

pub fn msg(dest: &str) -> Value {
    json!({"content": "Hello from the sandbox test", "destination_number": dest, "delivery_report": true})
}

pub async fn details_of(hub: &Hub, messages: Value) -> Vec<String> {
    let (status, body) = hub.send(messages).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["message"],
        "Request failed to parse correctly. Please ensure input is valid and try again."
    );
    serde_json::from_value(body["details"].clone()).expect("details")
}

/// Calls a `/_sandbox` admin endpoint (no auth); the body is parsed as JSON
/// (`Null` when empty or not JSON).
pub async fn admin(
    sb: &Sandbox,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Client::new().request(method, format!("{}{path}", sb.base_url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("admin request");
    let status = resp.status();
    let text = resp.text().await.expect("admin body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Registers a fault, failing the test if the sandbox refuses it.
pub async fn add_fault(sb: &Sandbox, spec: Value) {
    let (status, body) = admin(sb, Method::POST, "/_sandbox/faults", Some(spec)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// The sandbox's `host:port`, as a raw request's `Host` names it.
pub fn host_port(sb: &Sandbox) -> String {
    sb.base_url().trim_start_matches("http://").to_owned()
}

/// Sends `request` as written (so its Host and Content-Type are whatever the test
/// says) on a fresh connection and reads until the server closes it: the status
/// code and the body. The request should say `Connection: close`.
pub async fn raw_request(sb: &Sandbox, request: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(host_port(sb))
        .await
        .expect("connect");
    tcp.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    tcp.read_to_end(&mut answer).await.expect("read");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A POST with a JSON-looking body, the given Host and Content-Type (`None`: no
/// such header).
pub fn post_request(path: &str, host: &str, content_type: Option<&str>, body: &str) -> String {
    let content_type = content_type
        .map(|ct| format!("Content-Type: {ct}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{content_type}Content-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
}
