//! The ServiceNow client against the embedded sandbox: its seeded users (each a
//! failure class), hibernation and fault injection.

use std::time::Duration;

use nowkey::clients::http::Timeouts;
use nowkey::clients::servicenow::ServiceNowClient;
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::servicenow::ServiceNowCredentials;
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

fn client(sandbox: &Sandbox, user: &str, password: &str) -> ServiceNowClient {
    let credentials = ServiceNowCredentials {
        user: user.to_owned(),
        password: SecretString::from(password),
        oauth: None,
    };
    ServiceNowClient::new(&sandbox.base_url(), credentials, quick()).unwrap()
}

/// `POST {base}{path}` with a JSON body; panics unless the sandbox says 2xx.
async fn admin(sandbox: &Sandbox, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{path} refused: {body}");
    response.json().await.unwrap_or(Value::Null)
}

async fn fault(sandbox: &Sandbox, spec: Value) {
    admin(sandbox, "/_sandbox/faults", spec).await;
}

async fn check(sandbox: &Sandbox, user: &str, password: &str) -> Result<(), ClientError> {
    client(sandbox, user, password)
        .check_credentials()
        .await
        .map(drop)
}

#[tokio::test]
async fn the_seeded_integration_users_sign_in() {
    let sandbox = sandbox().await;
    for (user, password) in [
        ("admin", "admin-sandbox-pw"),
        ("sn.integration", "integration-sandbox-pw"),
    ] {
        let found = client(&sandbox, user, password)
            .check_credentials()
            .await
            .unwrap_or_else(|e| panic!("{user}: {e:?}"));
        assert_eq!(found.user_name, user);
        assert!(!found.sys_id.is_empty());
        assert!(found.active);
    }
}

#[tokio::test]
async fn a_created_user_signs_in_with_its_roles() {
    let sandbox = sandbox().await;
    admin(
        &sandbox,
        "/_sandbox/servicenow/users",
        json!({"user_name":"hopex.sync","password":"hopex-sync-pw","roles":["itil","rest_service"]}),
    )
    .await;
    let found = client(&sandbox, "hopex.sync", "hopex-sync-pw")
        .check_credentials()
        .await
        .unwrap();
    assert_eq!(found.roles, ["itil", "rest_service"]);
}

#[tokio::test]
async fn each_seeded_problem_user_is_its_own_class() {
    let sandbox = sandbox().await;
    assert_eq!(
        check(&sandbox, "sn.integration", "wrong-pw").await,
        Err(ClientError::Auth { status: 401 })
    );
    assert_eq!(
        check(&sandbox, "mfa.user", "mfa-sandbox-pw").await,
        Err(ClientError::MfaRequired)
    );
    let blocked = check(&sandbox, "basic.blocked", "blocked-sandbox-pw")
        .await
        .unwrap_err();
    let ClientError::BasicAuthBlocked { detail } = &blocked else {
        panic!("expected BasicAuthBlocked, got {blocked:?}");
    };
    assert!(detail
        .as_deref()
        .is_some_and(|d| d.contains("snc_basic_auth_api_access")));
    assert_eq!(
        check(&sandbox, "no.read", "noread-sandbox-pw").await,
        Err(ClientError::AclEmpty {
            table: "sys_user".into()
        })
    );
}

#[tokio::test]
async fn a_hibernating_instance_says_so_and_wakes_up() {
    let sandbox = sandbox().await;
    admin(
        &sandbox,
        "/_sandbox/servicenow/hibernate",
        json!({"on": true}),
    )
    .await;
    let error = check(&sandbox, "admin", "admin-sandbox-pw")
        .await
        .unwrap_err();
    assert_eq!(error, ClientError::Hibernating);
    assert!(error
        .user_message(Service::ServiceNow)
        .contains("developer portal"));
    admin(
        &sandbox,
        "/_sandbox/servicenow/hibernate",
        json!({"on": false}),
    )
    .await;
    check(&sandbox, "admin", "admin-sandbox-pw").await.unwrap();
}

#[tokio::test]
async fn faults_on_the_table_api_are_classified() {
    let sandbox = sandbox().await;
    let reset = (chrono::Utc::now().timestamp() + 20).to_string();
    let cases = [
        (
            json!({"path_prefix":"/api/now/","status":429,"headers":{"Retry-After":"7"},"times":1}),
            ClientError::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
            },
        ),
        (
            json!({"path_prefix":"/api/now/table/sys_user_has_role","status":403,"times":1,
                   "content_type":"application/json",
                   "body":"{\"error\":{\"message\":\"User Not Authorized\"},\"status\":\"failure\"}"}),
            ClientError::Permission {
                message: Some("User Not Authorized".into()),
            },
        ),
        (
            json!({"path_prefix":"/api/now/","status":503,"times":1}),
            ClientError::Server { status: 503 },
        ),
        (
            json!({"path_prefix":"/api/now/","hang":true,"times":1}),
            ClientError::Timeout {
                after: quick().request,
            },
        ),
        (
            json!({"path_prefix":"/api/now/","status":200,"content_type":"text/html",
                   "body":"<html>Sign in</html>","times":1}),
            ClientError::UnexpectedBody {
                status: 200,
                detail: "an HTML page instead of JSON; a proxy, login page or wrong URL".into(),
            },
        ),
    ];
    for (spec, expected) in cases {
        fault(&sandbox, spec.clone()).await;
        let error = check(&sandbox, "admin", "admin-sandbox-pw")
            .await
            .unwrap_err();
        assert_eq!(error, expected, "{spec}");
    }
    fault(
        &sandbox,
        json!({"path_prefix":"/api/now/","status":429,"headers":{"X-RateLimit-Reset":reset},"times":1}),
    )
    .await;
    let error = check(&sandbox, "admin", "admin-sandbox-pw")
        .await
        .unwrap_err();
    let ClientError::RateLimited {
        retry_after: Some(wait),
    } = error
    else {
        panic!("expected RateLimited with a wait, got {error:?}");
    };
    assert!((18..=20).contains(&wait.as_secs()), "{wait:?}");
}
