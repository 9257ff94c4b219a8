//! Every known ServiceNow failure class on every discovery and write call, and
//! the credential tables' 403 naming the roles it needs.

use std::time::Duration;

use secrecy::SecretString;

use super::servicenow::{sn_client, SYS_ID};
use super::{json_response, quick, response, Behaviour, TestServer, CANARY};
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::RecordRef;

const NOT_AUTHENTICATED: &str = r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#;
const BLOCKED: &str = r#"{"error":{"message":"User Not Authenticated","detail":"Basic authentication is blocked for this user: grant snc_basic_auth_api_access"},"status":"failure"}"#;
const FORBIDDEN: &str = r#"{"error":{"message":"User Not Authorized","detail":"ACL restricts the record retrieval"},"status":"failure"}"#;

/// Each new call, by name, with what it returned (`Ok(())` on success).
async fn every_call(client: &ServiceNowClient) -> Vec<(&'static str, Result<(), ClientError>)> {
    let credential = RecordRef::new("api_key_credentials", SYS_ID).unwrap();
    let alias = RecordRef::new("sys_alias", SYS_ID).unwrap();
    let registration = RecordRef::new("x_acme_sms_env_reg", SYS_ID).unwrap();
    let value = SecretString::from(CANARY);
    vec![
        (
            "find_credentials",
            client.find_credentials("sms").await.map(drop),
        ),
        (
            "find_tables",
            client.find_tables("Registration").await.map(drop),
        ),
        (
            "table_fields",
            client.table_fields("x_acme_sms_env_reg").await.map(drop),
        ),
        (
            "registration_records",
            client
                .registration_records("x_acme_sms_env_reg", &[], Some("u_api_key"))
                .await
                .map(drop),
        ),
        (
            "read_record",
            client
                .read_record(&credential, &["user_name"])
                .await
                .map(drop),
        ),
        (
            "read_alias",
            client.read_record(&alias, &["id"]).await.map(drop),
        ),
        (
            "read_registration",
            client
                .read_record(&registration, &["u_api_key"])
                .await
                .map(drop),
        ),
        (
            "write_record",
            client
                .write_record(&credential, &[("api_key", &value)])
                .await
                .map(drop),
        ),
        (
            "write_registration",
            client
                .write_record(&registration, &[("u_api_secret", &value)])
                .await
                .map(drop),
        ),
    ]
}

/// What every call fails with against a server giving `raw` to every request.
async fn failures(raw: String) -> Vec<(&'static str, ClientError)> {
    let server = TestServer::start(Behaviour::Respond(raw)).await;
    let client = sn_client(&server.url(), quick());
    every_call(&client)
        .await
        .into_iter()
        .map(|(name, result)| (name, result.expect_err(name)))
        .collect()
}

/// Asserts every call failed with `expected`.
async fn all_fail_with(raw: String, expected: ClientError) {
    for (name, error) in failures(raw).await {
        assert_eq!(error, expected, "{name}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_auth_on_every_call() {
    all_fail_with(
        json_response(401, NOT_AUTHENTICATED),
        ClientError::Auth { status: 401 },
    )
    .await;
}

#[tokio::test]
async fn the_mfa_header_is_mfa_required_on_every_call() {
    let raw = response(
        401,
        &[
            ("Content-Type", "application/json"),
            ("X-MFA_TOKEN", "invalid"),
        ],
        NOT_AUTHENTICATED,
    );
    all_fail_with(raw, ClientError::MfaRequired).await;
}

#[tokio::test]
async fn blocked_basic_auth_is_said_on_every_call() {
    for (name, error) in failures(json_response(401, BLOCKED)).await {
        assert_eq!(error.class(), "basic_auth_blocked", "{name}");
    }
}

#[tokio::test]
async fn a_429_waits_as_asked_on_every_call() {
    let raw = response(429, &[("Retry-After", "7")], "");
    all_fail_with(
        raw,
        ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        },
    )
    .await;
}

#[tokio::test]
async fn a_hibernating_instance_is_said_on_every_call() {
    let page = "<html><body>Your instance is hibernating</body></html>";
    let raw = response(200, &[("Content-Type", "text/html")], page);
    all_fail_with(raw, ClientError::Hibernating).await;
}

#[tokio::test]
async fn a_403_on_a_credential_table_names_the_roles_and_elsewhere_is_permission() {
    let failures = failures(json_response(403, FORBIDDEN)).await;
    let permission = ClientError::Permission {
        message: Some("User Not Authorized: ACL restricts the record retrieval".into()),
    };
    for (name, error) in failures {
        let expected = match name {
            // The dictionary's 403 only drops back to the usual alias field; the
            // credential search itself is then refused.
            "find_credentials" => ClientError::CredentialAccess {
                table: "discovery_credentials".into(),
            },
            "read_record" | "write_record" => ClientError::CredentialAccess {
                table: "api_key_credentials".into(),
            },
            "read_alias" => ClientError::CredentialAccess {
                table: "sys_alias".into(),
            },
            _ => permission.clone(),
        };
        assert_eq!(error, expected, "{name}");
        if let ClientError::CredentialAccess { table } = &error {
            let message = error.user_message(Service::ServiceNow);
            assert!(
                message.contains("needs the admin or credential_admin role"),
                "{message}"
            );
            assert!(message.contains(table.as_str()), "{message}");
        }
    }
}

#[tokio::test]
async fn no_failure_of_a_new_call_shows_the_password_or_the_value_written() {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{CANARY}", super::servicenow::USER));
    let echo = format!(
        r#"{{"error":{{"message":"No {CANARY}","detail":"header Basic {token}"}},"status":"failure"}}"#
    );
    for status in [400, 401, 403, 404, 429, 500] {
        for (name, error) in failures(json_response(status, &echo)).await {
            let shown = format!(
                "{error:?} {error} {}",
                error.user_message(Service::ServiceNow)
            );
            assert!(
                !shown.contains(CANARY) && !shown.contains(&token),
                "{status} {name}: {shown}"
            );
        }
    }
}

#[test]
fn every_new_class_is_one_sentence_with_a_next_step() {
    let classes = [
        (
            ClientError::CredentialAccess {
                table: "discovery_credentials".into(),
            },
            "credential_access",
        ),
        (
            ClientError::NotSaved {
                target: format!("api_key_credentials/{SYS_ID}"),
            },
            "not_saved",
        ),
        (
            ClientError::RecordGone {
                target: format!("api_key_credentials/{SYS_ID}"),
            },
            "record_gone",
        ),
        (
            ClientError::BadQuery {
                reason: "a search term cannot contain ^; type it without".into(),
            },
            "bad_query",
        ),
        (
            ClientError::ReportUnavailable {
                status: 403,
                message: Some("Reporting is not enabled".into()),
            },
            "report_unavailable",
        ),
        (
            ClientError::ReportUnavailable {
                status: 501,
                message: None,
            },
            "report_unavailable",
        ),
    ];
    for (error, class) in classes {
        assert_eq!(error.class(), class);
        assert!(!error.is_unreachable(), "{error:?}");
        for service in [Service::ServiceNow, Service::Hub] {
            let message = error.user_message(service);
            assert!(message.ends_with('.'), "{message}");
            assert!(!message.contains('\n'), "{message}");
            assert!(!message.contains(". "), "more than one sentence: {message}");
            assert!(message.contains(": "), "no next step: {message}");
            assert!(message.chars().next().unwrap().is_uppercase(), "{message}");
            let name = service.display_name().to_lowercase();
            assert!(message.to_lowercase().contains(&name), "{message}");
        }
        let redacted =
            error
                .clone()
                .redacted(&[SYS_ID, "discovery_credentials", "not enabled", "^"]);
        let shown = format!("{redacted:?}");
        for hidden in [SYS_ID, "discovery_credentials", "not enabled", "^"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
    }
}
