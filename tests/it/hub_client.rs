//! The Hub client against the embedded sandbox: real sockets, real HTTP, the
//! sandbox's own key registry, message lifecycle and fault injection.

use std::time::{Duration, Instant};

use nowkey::clients::http::Timeouts;
use nowkey::clients::hub::HubClient;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::phone::E164;
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::token::HubCredentials;
use nowkey::sandbox::{Sandbox, SandboxConfig};
use serde_json::{json, Value};

/// How far apart the sandbox moves a message's status; small so tests are quick.
const STEP: Duration = Duration::from_millis(40);

async fn sandbox() -> Sandbox {
    sandbox_with(Duration::ZERO).await
}

async fn sandbox_with(key_activation_delay: Duration) -> Sandbox {
    Sandbox::start(SandboxConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        delivery_step: STEP,
        key_activation_delay,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn credentials(key: &str, secret: &str) -> HubCredentials {
    HubCredentials {
        key: clean_api_key(key).unwrap(),
        secret: clean_api_secret(secret).unwrap(),
    }
}

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_millis(400),
    }
}

/// A client with a fresh valid key.
fn client(sandbox: &Sandbox) -> HubClient {
    client_with(sandbox, Timeouts::default())
}

fn client_with(sandbox: &Sandbox, timeouts: Timeouts) -> HubClient {
    let (key, secret) = sandbox.create_hub_key();
    HubClient::new(&sandbox.base_url(), credentials(&key, &secret), timeouts).unwrap()
}

/// Registers a fault through the sandbox's admin endpoint.
async fn fault(sandbox: &Sandbox, spec: Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.base_url()))
        .json(&spec)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "fault refused: {spec}");
}

async fn clear_faults(sandbox: &Sandbox) {
    reqwest::Client::new()
        .delete(format!("{}/_sandbox/faults", sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

/// Polls until the status is final or `limit` passes; returns the last status.
async fn follow(client: &HubClient, id: &str, limit: Duration) -> MessageStatus {
    let started = Instant::now();
    loop {
        let status = client.message_status(id).await.unwrap();
        if status.is_final() || started.elapsed() > limit {
            return status;
        }
        tokio::time::sleep(STEP / 2).await;
    }
}

fn number(text: &str) -> E164 {
    E164::parse(text).unwrap()
}

#[tokio::test]
async fn a_valid_key_passes_the_credential_check() {
    let sandbox = sandbox().await;
    client(&sandbox).check_credentials().await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_auth_and_never_shown() {
    let sandbox = sandbox().await;
    let (key, _) = sandbox.create_hub_key();
    let canary = "CANARYwrongSecret42";
    let client = HubClient::new(
        &sandbox.base_url(),
        credentials(&key, canary),
        Timeouts::default(),
    )
    .unwrap();
    let error = client.check_credentials().await.unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
    let shown = format!(
        "{error:?} {error} {} {client:?}",
        error.user_message(Service::Hub)
    );
    assert!(!shown.contains(canary), "{shown}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_deleted_key_is_refused() {
    let sandbox = sandbox().await;
    let (key, secret) = sandbox.create_hub_key();
    let client = HubClient::new(
        &sandbox.base_url(),
        credentials(&key, &secret),
        Timeouts::default(),
    )
    .unwrap();
    client.check_credentials().await.unwrap();
    reqwest::Client::new()
        .delete(format!("{}/_sandbox/hub/keys/{key}", sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let error = client.check_credentials().await.unwrap_err();
    assert_eq!(error.class(), "auth");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_new_key_is_refused_until_it_activates() {
    // Two seconds, so a loaded machine still asks in time; then polled, not slept.
    let delay = Duration::from_secs(2);
    let created = std::time::Instant::now();
    let sandbox = sandbox_with(delay).await;
    let client = client(&sandbox);
    assert_eq!(
        client.check_credentials().await.unwrap_err().class(),
        "auth"
    );
    assert!(
        created.elapsed() < delay,
        "the machine was too slow to ask in time"
    );
    while let Err(error) = client.check_credentials().await {
        assert_eq!(error.class(), "auth");
        assert!(created.elapsed() < delay * 5, "the key never became valid");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(created.elapsed() >= delay, "accepted before the delay");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_message_is_queued_then_delivered_and_its_reply_confirmed() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let sent = client
        .send_message(&number("+61491570156"), "nowkey test")
        .await
        .unwrap();
    assert_eq!(sent.status, MessageStatus::Queued);
    assert_eq!(sent.message_id.len(), 36);
    let status = follow(&client, &sent.message_id, Duration::from_secs(5)).await;
    assert_eq!(status, MessageStatus::Delivered);

    let started = Instant::now();
    let replies = loop {
        let replies = client.replies().await.unwrap();
        if !replies.is_empty() || started.elapsed() > Duration::from_secs(5) {
            break replies;
        }
        tokio::time::sleep(STEP).await;
    };
    let reply = replies
        .iter()
        .find(|reply| reply.message_id.as_deref() == Some(sent.message_id.as_str()))
        .expect("the sandbox replies to a delivered message");
    assert!(!reply.content.is_empty());
    client
        .confirm_replies(std::slice::from_ref(&reply.reply_id))
        .await
        .unwrap();
    let left = client.replies().await.unwrap();
    assert!(left.iter().all(|r| r.reply_id != reply.reply_id));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_magic_numbers_end_failed_rejected_or_never() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    for (to, expected) in [
        ("+61400000001", Some(MessageStatus::Failed)),
        ("+61400000002", Some(MessageStatus::Rejected)),
        ("+61400000003", None),
    ] {
        let sent = client.send_message(&number(to), "x").await.unwrap();
        let status = follow(&client, &sent.message_id, STEP * 10).await;
        match expected {
            Some(expected) => assert_eq!(status, expected, "{to}"),
            None => assert!(!status.is_final(), "{to} ended {status}"),
        }
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_unknown_message_is_not_found() {
    let sandbox = sandbox().await;
    let error = client(&sandbox)
        .message_status("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(error.class(), "not_found");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn empty_content_is_a_bad_request_with_the_sandboxs_details() {
    let sandbox = sandbox().await;
    let error = client(&sandbox)
        .send_message(&number("+61491570156"), "")
        .await
        .unwrap_err();
    let ClientError::BadRequest { details, .. } = &error else {
        panic!("expected BadRequest, got {error:?}");
    };
    assert!(details.iter().any(|d| d.contains("content")), "{details:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn injected_statuses_are_classified() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let cases = [
        (
            json!({"status": 503, "body": "down"}),
            ClientError::Server { status: 503 },
        ),
        (json!({"status": 502}), ClientError::Server { status: 502 }),
        (
            json!({"status": 429, "headers": {"Retry-After": "7"}}),
            ClientError::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
            },
        ),
        (
            json!({"status": 403, "body": "{\"message\":\"Unauthorised\"}", "content_type": "application/json"}),
            ClientError::Auth { status: 403 },
        ),
        (
            json!({"status": 403, "body": "{\"message\":\"Not for sub-accounts\"}", "content_type": "application/json"}),
            ClientError::Permission {
                message: Some("Not for sub-accounts".into()),
            },
        ),
    ];
    for (spec, expected) in cases {
        let mut spec = spec;
        spec["path_prefix"] = json!("/v1/replies");
        spec["times"] = json!(1);
        fault(&sandbox, spec.clone()).await;
        let error = client.check_credentials().await.unwrap_err();
        assert_eq!(error, expected, "{spec}");
    }
    client.check_credentials().await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_200_with_the_wrong_body_is_unexpected_body() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    for (body, content_type) in [
        ("<html><body>Please sign in</body></html>", "text/html"),
        ("", "application/json"),
        ("{\"replies\": [", "application/json"),
    ] {
        fault(
            &sandbox,
            json!({"path_prefix": "/v1/replies", "body": body, "content_type": content_type, "times": 1}),
        )
        .await;
        let error = client.check_credentials().await.unwrap_err();
        assert_eq!(error.class(), "unexpected_body", "{body:?}: {error:?}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_hung_or_dripping_server_times_out_on_time() {
    let sandbox = sandbox().await;
    let client = client_with(&sandbox, quick());
    for spec in [
        json!({"path_prefix": "/v1/replies", "hang": true}),
        json!({"path_prefix": "/v1/replies", "drip_bytes_per_sec": 2}),
        json!({"path_prefix": "/v1/replies", "latency_ms": 2000}),
    ] {
        fault(&sandbox, spec.clone()).await;
        let started = Instant::now();
        let error = client.check_credentials().await.unwrap_err();
        assert_eq!(
            error,
            ClientError::Timeout {
                after: quick().request
            },
            "{spec}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{spec}: {:?}",
            started.elapsed()
        );
        clear_faults(&sandbox).await;
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn latency_under_the_timeout_is_fine() {
    let sandbox = sandbox().await;
    let client = client_with(&sandbox, quick());
    fault(
        &sandbox,
        json!({"path_prefix": "/v1/replies", "latency_ms": 100}),
    )
    .await;
    client.check_credentials().await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_stopped_sandbox_is_unreachable() {
    let sandbox = sandbox().await;
    let client = client_with(&sandbox, quick());
    sandbox.shutdown().await;
    let error = client.check_credentials().await.unwrap_err();
    assert!(error.is_unreachable(), "{error:?}");
    assert_eq!(error.class(), "network");
}

/// A server that answers, though not in a way HTTP can follow, was reached: the
/// error says so and is not "unreachable" (exit 3 would send the operator to
/// check the network).
#[tokio::test]
async fn a_redirect_loop_or_an_oversized_header_is_an_answer_not_unreachable() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let base = sandbox.base_url();
    fault(
        &sandbox,
        json!({"path_prefix": "/v1/replies", "status": 302, "times": 100,
               "headers": {"Location": format!("{base}/v1/replies")}}),
    )
    .await;
    let error = client.check_credentials().await.unwrap_err();
    assert!(matches!(error, ClientError::Protocol { .. }), "{error:?}");
    assert!(!error.is_unreachable());
    assert!(
        error.user_message(Service::Hub).contains("redirect loop"),
        "{}",
        error.user_message(Service::Hub)
    );

    let sandbox = self::sandbox().await;
    let client = self::client(&sandbox);
    let headers: serde_json::Map<String, Value> = (0..200)
        .map(|i| (format!("X-Padding-{i}"), json!("x".repeat(64))))
        .collect();
    fault(
        &sandbox,
        json!({"path_prefix": "/v1/replies", "status": 200, "headers": headers,
               "body": "{\"replies\":[]}", "content_type": "application/json"}),
    )
    .await;
    let error = client.check_credentials().await.unwrap_err();
    assert!(matches!(error, ClientError::Protocol { .. }), "{error:?}");
    assert!(!error.is_unreachable());
}
