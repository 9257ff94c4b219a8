//! The HOPEX client against the embedded sandbox: keys from its admin endpoint, the
//! `_currentContext` check, the ITPM fallback and fault injection.

use std::time::Duration;

use nowkey::clients::hopex::HopexClient;
use nowkey::clients::http::Timeouts;
use nowkey::domain::hopex::HopexContext;
use nowkey::domain::remote_error::ClientError;
use nowkey::sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;
use serde_json::{json, Value};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default()).await.unwrap()
}

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_millis(400),
    }
}

async fn post(sandbox: &Sandbox, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{path} refused: {body}");
    response.json().await.unwrap_or(Value::Null)
}

/// A new key for environment `env-1`, repository `repo-1`, profile `prof-1`.
async fn new_key(sandbox: &Sandbox, no_current_context: bool) -> String {
    let created = post(
        sandbox,
        "/_sandbox/hopex/keys",
        json!({"environment_id":"env-1","repository_id":"repo-1","profile_id":"prof-1",
               "no_current_context":no_current_context}),
    )
    .await;
    created["api_key"].as_str().unwrap().to_owned()
}

fn client(server_url: &str, schema: &str, key: &str) -> HopexClient {
    HopexClient::new(server_url, schema, SecretString::from(key), quick()).unwrap()
}

#[tokio::test]
async fn a_new_key_reports_its_repository_and_profile() {
    let sandbox = sandbox().await;
    let key = new_key(&sandbox, false).await;
    let context = client(&sandbox.base_url(), "ITPM", &key)
        .check_key()
        .await
        .unwrap();
    assert_eq!(context.repository_id.as_deref(), Some("repo-1"));
    assert_eq!(context.profile_id.as_deref(), Some("prof-1"));
    assert!(!context.via_fallback);
}

#[tokio::test]
async fn a_full_endpoint_url_is_used_as_given() {
    let sandbox = sandbox().await;
    let key = new_key(&sandbox, false).await;
    let endpoint = format!("{}/HOPEXGraphQL/api/BPA", sandbox.base_url());
    let hopex = client(&endpoint, "ITPM", &key);
    assert_eq!(hopex.endpoint(), endpoint);
    hopex.check_key().await.unwrap();
}

#[tokio::test]
async fn a_wrong_key_is_auth() {
    let sandbox = sandbox().await;
    let error = client(&sandbox.base_url(), "ITPM", "not-a-key")
        .check_key()
        .await
        .unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
}

#[tokio::test]
async fn a_build_without_current_context_falls_back() {
    let sandbox = sandbox().await;
    let key = new_key(&sandbox, true).await;
    let context = client(&sandbox.base_url(), "BPA", &key)
        .check_key()
        .await
        .unwrap();
    assert_eq!(
        context,
        HopexContext {
            via_fallback: true,
            ..HopexContext::default()
        }
    );
}

#[tokio::test]
async fn faults_on_the_graphql_api_are_classified() {
    let sandbox = sandbox().await;
    let key = new_key(&sandbox, false).await;
    let hopex = client(&sandbox.base_url(), "ITPM", &key);
    let cases = [
        (
            json!({"path_prefix":"/HOPEXGraphQL/","status":403,"times":1}),
            "auth",
        ),
        (
            json!({"path_prefix":"/HOPEXGraphQL/","status":200,"content_type":"application/json",
                   "body":"{\"errors\":[{\"message\":\"Session could not be opened\"}]}","times":1}),
            "graphql",
        ),
        (
            json!({"path_prefix":"/HOPEXGraphQL/","status":200,"content_type":"text/html",
                   "body":"<html>Maintenance</html>","times":1}),
            "unexpected_body",
        ),
        (
            json!({"path_prefix":"/HOPEXGraphQL/","status":500,"times":1}),
            "server_error",
        ),
        (
            json!({"path_prefix":"/HOPEXGraphQL/","hang":true,"times":1}),
            "timeout",
        ),
    ];
    for (spec, class) in cases {
        post(&sandbox, "/_sandbox/faults", spec.clone()).await;
        let error = hopex.check_key().await.unwrap_err();
        assert_eq!(error.class(), class, "{spec}: {error:?}");
    }
    hopex.check_key().await.unwrap();
}
