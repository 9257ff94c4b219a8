//! Fault injection (`/_sandbox/faults`), shutdown with hung requests, and the
//! refusal to bind anything but loopback.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

struct Env {
    sb: Sandbox,
    http: Client,
    key: String,
    secret: String,
}

impl Env {
    async fn start() -> Self {
        let sb = Sandbox::start(SandboxConfig {
            delivery_step: Duration::from_millis(50),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts");
        let (key, secret) = sb.create_hub_key();
        Self {
            sb,
            http: Client::new(),
            key,
            secret,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sb.base_url())
    }

    async fn fault(&self, spec: Value) -> u64 {
        let r = self
            .http
            .post(self.url("/_sandbox/faults"))
            .json(&spec)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<Value>().await.expect("json")["id"]
            .as_u64()
            .expect("id")
    }

    fn replies(&self) -> reqwest::RequestBuilder {
        self.http
            .get(self.url("/v1/replies"))
            .basic_auth(&self.key, Some(&self.secret))
    }

    fn send(&self) -> reqwest::RequestBuilder {
        self.http
            .post(self.url("/v1/messages"))
            .basic_auth(&self.key, Some(&self.secret))
            .json(&json!({"messages": [{"content": "x", "destination_number": "+61491570156"}]}))
    }
}

#[tokio::test]
async fn latency_delays_only_matching_requests() {
    let env = Env::start().await;
    // A long latency, and "not delayed" means quicker than it: a loaded machine
    // answers a loopback request in far less than two seconds.
    env.fault(json!({"method": "GET", "path_prefix": "/v1/replies", "latency_ms": 2000}))
        .await;
    let t = Instant::now();
    let r = env.replies().send().await.expect("get");
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "latency alone keeps the real answer"
    );
    assert!(
        t.elapsed() >= Duration::from_millis(2000),
        "{:?}",
        t.elapsed()
    );
    let t = Instant::now();
    assert_eq!(
        env.send().send().await.expect("post").status(),
        StatusCode::ACCEPTED
    );
    assert!(
        t.elapsed() < Duration::from_millis(2000),
        "other paths are not delayed: {:?}",
        t.elapsed()
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn status_fault_replaces_the_answer_with_its_body_and_headers() {
    let env = Env::start().await;
    env.fault(json!({
        "method": null, "path_prefix": "/v1/replies", "status": 503,
        "body": "<html>down for maintenance</html>", "content_type": "text/html",
        "headers": {"Retry-After": "7"}, "hang": false, "drip_bytes_per_sec": null, "times": null
    }))
    .await;
    for _ in 0..2 {
        let r = env.replies().send().await.expect("get");
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()["retry-after"], "7");
        assert_eq!(r.headers()["content-type"], "text/html");
        assert_eq!(
            r.text().await.expect("text"),
            "<html>down for maintenance</html>"
        );
    }
    // Even a bad key sees the fault: the fault sits in front of auth, like a proxy.
    let r = env
        .http
        .get(env.url("/v1/replies"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        env.send().send().await.expect("post").status(),
        StatusCode::ACCEPTED
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn body_without_status_malforms_a_successful_answer() {
    let env = Env::start().await;
    env.fault(json!({"path_prefix": "/v1/replies", "body": "{\"replies\": [tru"}))
        .await;
    let r = env.replies().send().await.expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.text().await.expect("text"), "{\"replies\": [tru");
    env.http
        .delete(env.url("/_sandbox/faults"))
        .send()
        .await
        .expect("delete");
    env.fault(json!({"path_prefix": "/v1/replies", "body": ""}))
        .await;
    let r = env.replies().send().await.expect("get");
    assert_eq!(
        (r.status(), r.text().await.expect("text")),
        (StatusCode::OK, String::new())
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn hang_never_answers_until_the_client_gives_up() {
    let env = Env::start().await;
    env.fault(json!({"path_prefix": "/v1/replies", "hang": true}))
        .await;
    let t = Instant::now();
    let err = env
        .replies()
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("hangs");
    assert!(err.is_timeout(), "{err}");
    assert!(t.elapsed() < Duration::from_secs(2));
    let cleared = env
        .http
        .delete(env.url("/_sandbox/faults"))
        .send()
        .await
        .expect("delete");
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        env.replies().send().await.expect("get").status(),
        StatusCode::OK
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn shutdown_releases_hung_requests_promptly() {
    let env = Env::start().await;
    env.fault(json!({"hang": true})).await;
    let pending = tokio::spawn(env.replies().send());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let t = Instant::now();
    env.sb.shutdown().await;
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    let outcome = pending.await.expect("join");
    assert!(
        outcome
            .map(|r| r.status())
            .unwrap_or(StatusCode::SERVICE_UNAVAILABLE)
            == StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn drip_sends_the_body_slowly_and_whole() {
    let env = Env::start().await;
    let body = "x".repeat(40);
    env.fault(json!({"path_prefix": "/v1/replies", "body": body, "drip_bytes_per_sec": 100}))
        .await;
    let t = Instant::now();
    let r = env.replies().send().await.expect("get");
    let headers_after = t.elapsed();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.expect("text"), body);
    assert!(
        headers_after < Duration::from_millis(300),
        "headers come at once: {headers_after:?}"
    );
    assert!(
        t.elapsed() >= Duration::from_millis(350),
        "40 bytes at 100 B/s: {:?}",
        t.elapsed()
    );

    // The real handler's body can be dripped too.
    env.http
        .delete(env.url("/_sandbox/faults"))
        .send()
        .await
        .expect("delete");
    env.fault(json!({"path_prefix": "/v1/replies", "drip_bytes_per_sec": 40}))
        .await;
    let t = Instant::now();
    let text = env
        .replies()
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json"),
        json!({"replies": []})
    );
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn times_limits_how_many_requests_a_fault_hits() {
    let env = Env::start().await;
    env.fault(json!({"path_prefix": "/v1/", "status": 500, "times": 2}))
        .await;
    assert_eq!(
        env.replies().send().await.expect("get").status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        env.send().send().await.expect("post").status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        env.replies().send().await.expect("get").status(),
        StatusCode::OK
    );
    let list: Value = env
        .http
        .get(env.url("/_sandbox/faults"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(list, json!({"faults": []}), "a used-up fault is gone");
    env.sb.shutdown().await;
}

#[tokio::test]
async fn faults_never_touch_the_admin_endpoints() {
    let env = Env::start().await;
    env.fault(json!({"status": 500, "latency_ms": 2000})).await;
    let t = Instant::now();
    let health = env
        .http
        .get(env.url("/_sandbox/health"))
        .send()
        .await
        .expect("get");
    assert_eq!(health.status(), StatusCode::OK);
    assert!(
        t.elapsed() < Duration::from_millis(2000),
        "{:?}",
        t.elapsed()
    );
    let keys = env
        .http
        .post(env.url("/_sandbox/hub/keys"))
        .json(&json!({}))
        .send()
        .await
        .expect("post");
    assert_eq!(keys.status(), StatusCode::CREATED);
    assert_eq!(
        env.replies().send().await.expect("get").status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn invalid_fault_specs_are_refused() {
    let env = Env::start().await;
    for spec in [
        json!({"status": 1000}),
        json!({"headers": {"Bad Header": "x"}}),
        json!({"latency": 5}),
        json!({"drip_bytes_per_sec": 0}),
    ] {
        let r = env
            .http
            .post(env.url("/_sandbox/faults"))
            .json(&spec)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{spec}");
    }
    env.sb.shutdown().await;
}

#[tokio::test]
async fn a_non_loopback_bind_is_refused() {
    for bind in ["0.0.0.0:0", "192.0.2.10:0", "[::]:0"] {
        let config = SandboxConfig {
            bind: bind.parse::<SocketAddr>().expect("addr"),
            ..SandboxConfig::default()
        };
        let err = Sandbox::start(config).await.err().expect("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bind}");
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    let defaults = SandboxConfig::default();
    assert_eq!(
        defaults.bind,
        "127.0.0.1:0".parse::<SocketAddr>().expect("addr")
    );
    assert_eq!(defaults.delivery_step, Duration::from_secs(1));
    assert_eq!(defaults.key_activation_delay, Duration::ZERO);
}
