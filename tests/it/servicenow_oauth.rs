//! The ServiceNow client signing in with OAuth2 against the sandbox: Bearer on
//! the Table API, every token refusal end to end, a revoked or expired token.

use std::time::Duration;

use nowkey::clients::http::Timeouts;
use nowkey::clients::sandbox_admin::create_servicenow_oauth_client;
use nowkey::clients::servicenow::ServiceNowClient;
use nowkey::domain::remote_error::{ClientError, OAuthError, Service};
use nowkey::domain::servicenow::{OAuthClient, ServiceNowCredentials};
use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

const USER: &str = "oauth.only";
const PASSWORD: &str = "OAUTHpw-canary-71";

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_secs(2),
    }
}

async fn admin(sandbox: &Sandbox, method: Method, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{path} refused");
    response.json().await.unwrap_or(Value::Null)
}

/// A sandbox with a user whose Basic auth is blocked: only a Bearer token
/// gets it in.
async fn sandbox() -> Sandbox {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    admin(
        &sandbox,
        Method::POST,
        "/_sandbox/servicenow/users",
        json!({"user_name": USER, "password": PASSWORD, "roles": ["itil"], "basic_auth_blocked": true}),
    )
    .await;
    sandbox
}

async fn oauth_client(sandbox: &Sandbox, body: Value) -> OAuthClient {
    let made = admin(
        sandbox,
        Method::POST,
        "/_sandbox/servicenow/oauth_clients",
        body,
    )
    .await;
    OAuthClient {
        client_id: made["client_id"].as_str().unwrap().to_owned(),
        client_secret: SecretString::from(made["client_secret"].as_str().unwrap()),
    }
}

fn client(sandbox: &Sandbox, password: &str, oauth: Option<OAuthClient>) -> ServiceNowClient {
    let credentials = ServiceNowCredentials {
        user: USER.to_owned(),
        password: SecretString::from(password),
        oauth,
    };
    ServiceNowClient::new(&sandbox.base_url(), credentials, quick()).unwrap()
}

/// The sandbox's count of tokens issued and Bearer requests, for the one client.
async fn counts(sandbox: &Sandbox) -> (u64, u64) {
    let listed = reqwest::get(format!(
        "{}/_sandbox/servicenow/oauth_clients",
        sandbox.base_url()
    ))
    .await
    .unwrap()
    .json::<Value>()
    .await
    .unwrap();
    let c = &listed["clients"][0];
    (
        c["tokens_issued"].as_u64().unwrap(),
        c["bearer_requests"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn a_user_blocked_for_basic_auth_signs_in_with_a_bearer_token() {
    let sandbox = sandbox().await;
    let basic = client(&sandbox, PASSWORD, None).check_credentials().await;
    assert_eq!(basic.unwrap_err().class(), "basic_auth_blocked");
    let registered = create_servicenow_oauth_client(&sandbox.base_url(), "HOPEX", quick())
        .await
        .unwrap();
    let user = client(&sandbox, PASSWORD, Some(registered))
        .check_credentials()
        .await
        .unwrap();
    assert_eq!(
        (user.user_name.as_str(), user.roles.as_slice()),
        (USER, &["itil".to_owned()][..])
    );
    // One token; both reads came with it.
    assert_eq!(counts(&sandbox).await, (1, 2));
}

#[tokio::test]
async fn every_refusal_of_the_token_request_is_classified() {
    let sandbox = sandbox().await;
    let good = oauth_client(&sandbox, json!({})).await;
    let wrong_secret = OAuthClient {
        client_id: good.client_id.clone(),
        client_secret: SecretString::from("not-the-secret"),
    };
    let no_grant = oauth_client(&sandbox, json!({"allow_password_grant": false})).await;
    let cases = [
        (wrong_secret, PASSWORD, 401, OAuthError::InvalidClient),
        (
            good.clone(),
            "wrong-password",
            400,
            OAuthError::InvalidGrant,
        ),
        (
            no_grant.clone(),
            PASSWORD,
            400,
            OAuthError::UnauthorizedClient,
        ),
    ];
    for (oauth, password, status, error) in cases {
        let got = client(&sandbox, password, Some(oauth))
            .check_credentials()
            .await;
        assert_eq!(
            got.unwrap_err(),
            ClientError::OAuthRefused { status, error }
        );
    }
}

#[tokio::test]
async fn a_revoked_token_is_replaced_once_and_an_expired_one_is_refused() {
    let sandbox = sandbox().await;
    let oauth = oauth_client(&sandbox, json!({})).await;
    let client = client(&sandbox, PASSWORD, Some(oauth));
    client.check_credentials().await.unwrap();
    admin(
        &sandbox,
        Method::DELETE,
        "/_sandbox/servicenow/oauth_tokens",
        json!({}),
    )
    .await;
    client.check_credentials().await.unwrap();
    // The kept token was refused: a second token, and the reads went through.
    assert_eq!(counts(&sandbox).await.0, 2);

    // Tokens born expired: the Table API refuses even a new one.
    let other = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let born_dead = oauth_client(&other, json!({"token_lifetime_secs": 0})).await;
    let credentials = ServiceNowCredentials {
        user: "admin".to_owned(),
        password: SecretString::from(
            nowkey::sandbox::servicenow::seeded_user("admin")
                .unwrap()
                .password,
        ),
        oauth: Some(born_dead),
    };
    let error = ServiceNowClient::new(&other.base_url(), credentials, quick())
        .unwrap()
        .find_tables("sms")
        .await
        .unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
}

#[tokio::test]
async fn no_secret_shows_when_the_client_fails() {
    let sandbox = sandbox().await;
    let oauth = oauth_client(&sandbox, json!({})).await;
    let secret = oauth.client_secret.expose_secret().to_owned();
    let client = client(&sandbox, PASSWORD, Some(oauth));
    // A read the user may not make, after a token was issued.
    let error = client.find_credentials("sms").await.unwrap_err();
    let shown = [
        format!("{error:?}"),
        error.to_string(),
        error.user_message(Service::ServiceNow),
        format!("{client:?}"),
    ];
    for text in shown {
        assert!(
            !text.contains(&secret) && !text.contains(PASSWORD),
            "{text}"
        );
    }
}
