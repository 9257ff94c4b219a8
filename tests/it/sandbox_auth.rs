//! Basic auth against the key registry, and the `/_sandbox` admin key and health
//! endpoints, over real HTTP with reqwest.

use crate::sandbox_support;

use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use sandbox_support::*;

#[tokio::test]
async fn auth_accepts_good_keys_and_refuses_everything_else() {
    let sb = start().await;
    let good = Hub::new(&sb);
    assert_eq!(
        good.call(Method::GET, "/v1/replies", None).await,
        (StatusCode::OK, json!({"replies": []}))
    );

    let refused = json!({"message": "Invalid authentication credentials"});
    let wrong_secret = Hub::with(&sb, good.key.clone(), "nope".into());
    assert_eq!(
        wrong_secret.call(Method::GET, "/v1/replies", None).await,
        (StatusCode::UNAUTHORIZED, refused.clone())
    );
    let unknown = Hub::with(&sb, "UNKNOWNKEY0000000000".into(), good.secret.clone());
    assert_eq!(
        unknown.call(Method::GET, "/v1/replies", None).await.0,
        StatusCode::UNAUTHORIZED
    );

    let http = Client::new();
    let url = format!("{}/v1/replies", sb.base_url());
    let none = http.get(&url).send().await.expect("send");
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(none.json::<Value>().await.expect("json"), refused);
    for header in ["Bearer abc", "Basic !!!notbase64", "Basic a2V5LW5vLWNvbG9u"] {
        let r = http
            .get(&url)
            .header("Authorization", header)
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{header}");
    }
    // Auth is checked before the body: a bad key with a bad body is still 401.
    let r = wrong_secret
        .call(Method::POST, "/v1/messages", Some(json!({})))
        .await;
    assert_eq!(r.0, StatusCode::UNAUTHORIZED);
    sb.shutdown().await;
}

#[tokio::test]
async fn admin_created_keys_work_until_deleted() {
    let sb = start().await;
    let http = Client::new();
    let admin = format!("{}/_sandbox/hub/keys", sb.base_url());
    let created = http
        .post(&admin)
        .json(&json!({"label": "ServiceNow"}))
        .send()
        .await
        .expect("post");
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.expect("json");
    let key = body["api_key"].as_str().expect("key").to_owned();
    let secret = body["api_secret"].as_str().expect("secret").to_owned();
    assert_eq!(key.len(), 20);
    assert!(
        key.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "{key}"
    );
    assert_eq!(secret.len(), 30);
    assert!(
        secret.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{secret}"
    );

    let hub = Hub::with(&sb, key.clone(), secret.clone());
    assert_eq!(
        hub.call(Method::GET, "/v1/replies", None).await.0,
        StatusCode::OK
    );
    let del = http
        .delete(format!("{admin}/{key}"))
        .send()
        .await
        .expect("delete");
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        hub.call(Method::GET, "/v1/replies", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let again = http
        .delete(format!("{admin}/{key}"))
        .send()
        .await
        .expect("delete");
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    sb.shutdown().await;
}

#[tokio::test]
async fn admin_listing_never_contains_secrets() {
    let sb = start().await;
    let http = Client::new();
    let admin = format!("{}/_sandbox/hub/keys", sb.base_url());
    // An empty body is fine, said to be JSON (admin POSTs take nothing else).
    let no_body = http
        .post(&admin)
        .header("content-type", "application/json")
        .send()
        .await
        .expect("post");
    assert_eq!(no_body.status(), StatusCode::CREATED);
    let first: Value = no_body.json().await.expect("json");
    let (key2, secret2) = sb.create_hub_key();
    let bad = http
        .post(&admin)
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let text = http
        .get(&admin)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(
        !text.contains(first["api_secret"].as_str().expect("secret")),
        "{text}"
    );
    assert!(!text.contains(&secret2), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let list: Value = serde_json::from_str(&text).expect("json");
    let keys = list["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 2);
    let entry = keys
        .iter()
        .find(|k| k["api_key"] == key2.as_str())
        .expect("listed");
    assert_eq!(entry["active"], true);
    assert!(
        entry["created"].as_str().is_some_and(|c| c.ends_with('Z')),
        "{entry}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn new_keys_are_refused_until_the_activation_delay_passes() {
    // Long enough that a loaded machine still asks before it passes; the key then
    // becomes valid on its own, polled rather than slept for.
    let delay = Duration::from_secs(2);
    let created = Instant::now();
    let sb = start_with(delay).await;
    let hub = Hub::new(&sb);
    assert_eq!(
        hub.call(Method::GET, "/v1/replies", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let list: Value = Client::new()
        .get(format!("{}/_sandbox/hub/keys", sb.base_url()))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(list["keys"][0]["active"], false);
    assert!(
        created.elapsed() < delay,
        "the machine was too slow to ask in time"
    );
    let accepted = loop {
        let status = hub.call(Method::GET, "/v1/replies", None).await.0;
        if status == StatusCode::OK {
            break created.elapsed();
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(created.elapsed() < delay * 5, "the key never became valid");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        accepted >= delay,
        "accepted after {accepted:?}, before the {delay:?} delay"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn health_answers() {
    let sb = start().await;
    let r = Client::new()
        .get(format!("{}/_sandbox/health", sb.base_url()))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!sb.base_url().ends_with('/'));
    assert!(sb.base_url().starts_with("http://127.0.0.1:"));
    sb.shutdown().await;
}
