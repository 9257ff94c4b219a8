//! The sandbox's `oauth_token.do` and its Application Registry over raw HTTP:
//! each RFC 6749 §5.2 refusal, the token answer, Bearer on the Table API, and
//! revoked or expired tokens.

use nowkey::sandbox::servicenow::seeded_user;
use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A token request's form fields.
type Form<'a> = Vec<(&'a str, &'a str)>;

async fn register(sb: &Sandbox, body: Value) -> (String, String) {
    let made: Value = Client::new()
        .post(format!(
            "{}/_sandbox/servicenow/oauth_clients",
            sb.base_url()
        ))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        made["client_id"].as_str().unwrap().to_owned(),
        made["client_secret"].as_str().unwrap().to_owned(),
    )
}

async fn token_request(sb: &Sandbox, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = Client::new()
        .post(format!("{}/oauth_token.do", sb.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

fn admin_password() -> &'static str {
    seeded_user("admin").unwrap().password
}

async fn table_with(sb: &Sandbox, token: &str) -> StatusCode {
    Client::new()
        .get(format!(
            "{}/api/now/table/sys_user?sysparm_limit=1",
            sb.base_url()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn each_refusal_has_its_status_and_code() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (id, secret) = register(&sb, json!({"name": "HOPEX"})).await;
    let (no_grant, no_grant_secret) = register(&sb, json!({"allow_password_grant": false})).await;
    let pw = admin_password();
    let cases: Vec<(Form, StatusCode, &str)> = vec![
        (
            vec![("grant_type", "password")],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", &id),
                ("client_secret", "x"),
                ("username", "admin"),
                ("password", pw),
            ],
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", "nobody"),
                ("client_secret", &secret),
                ("username", "admin"),
                ("password", pw),
            ],
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
            ],
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", &no_grant),
                ("client_secret", &no_grant_secret),
                ("username", "admin"),
                ("password", pw),
            ],
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("username", "admin"),
                ("password", "wrong"),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("client_id", &id),
                ("client_secret", &secret),
                ("username", "admin"),
            ],
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ];
    for (form, status, code) in cases {
        let (got, body) = token_request(&sb, &form).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{form:?}"
        );
        assert!(body["error_description"].is_string());
    }
    // Not a form.
    let r = Client::new()
        .post(format!("{}/oauth_token.do", sb.base_url()))
        .json(&json!({"grant_type": "password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_request");
}

#[tokio::test]
async fn a_token_opens_the_table_api_until_revoked_or_expired() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (id, secret) = register(&sb, json!({})).await;
    let form = [
        ("grant_type", "password"),
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
        ("username", "admin"),
        ("password", admin_password()),
    ];
    let (status, answer) = token_request(&sb, &form).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["expires_in"], 1800);
    assert!(answer["refresh_token"].is_string());
    let token = answer["access_token"].as_str().unwrap().to_owned();
    assert_eq!(table_with(&sb, &token).await, StatusCode::OK);
    assert_eq!(
        table_with(&sb, "not-a-token").await,
        StatusCode::UNAUTHORIZED
    );
    let refresh = answer["refresh_token"].as_str().unwrap();
    assert_eq!(table_with(&sb, refresh).await, StatusCode::UNAUTHORIZED);

    // The listing counts, and never shows a secret or a token.
    let listed = Client::new()
        .get(format!(
            "{}/_sandbox/servicenow/oauth_clients",
            sb.base_url()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !listed.contains(&secret) && !listed.contains(&token),
        "{listed}"
    );
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["clients"][0]["tokens_issued"], 1);
    assert_eq!(listed["clients"][0]["bearer_requests"], 1);

    let revoked: Value = Client::new()
        .delete(format!(
            "{}/_sandbox/servicenow/oauth_tokens",
            sb.base_url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(revoked["revoked"], 1);
    assert_eq!(table_with(&sb, &token).await, StatusCode::UNAUTHORIZED);

    let (dead_id, dead_secret) = register(&sb, json!({"token_lifetime_secs": 0})).await;
    let form = [
        ("grant_type", "password"),
        ("client_id", dead_id.as_str()),
        ("client_secret", dead_secret.as_str()),
        ("username", "admin"),
        ("password", admin_password()),
    ];
    let (_, answer) = token_request(&sb, &form).await;
    assert_eq!(answer["expires_in"], 0);
    let expired = answer["access_token"].as_str().unwrap();
    assert_eq!(table_with(&sb, expired).await, StatusCode::UNAUTHORIZED);
}
