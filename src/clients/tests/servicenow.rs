//! The ServiceNow client's happy paths, what it sends, and that the password never
//! shows anywhere.

use secrecy::SecretString;

use super::{json_response, quick, response, Behaviour, TestServer, CANARY};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow::ServiceNowCredentials;

/// The user the tests sign in as.
pub(super) const USER: &str = "sn.integration";
/// The record's sys_id.
pub(super) const SYS_ID: &str = "6816f79cc0a8016401c5a33be04be441";

/// The canary credentials for `user`.
pub(super) fn sn_credentials(user: &str) -> ServiceNowCredentials {
    ServiceNowCredentials {
        user: user.to_owned(),
        password: SecretString::from(CANARY),
        oauth: None,
    }
}

/// A client for `base` as [`USER`].
pub(super) fn sn_client(base: &str, timeouts: Timeouts) -> ServiceNowClient {
    ServiceNowClient::new(base, sn_credentials(USER), timeouts).unwrap()
}

/// The `sys_user` answer for [`USER`].
pub(super) fn user_found(active: &str) -> String {
    json_response(
        200,
        &format!(
            r#"{{"result":[{{"sys_id":"{SYS_ID}","user_name":"{USER}","active":"{active}"}}]}}"#
        ),
    )
}

/// A server answering `sys_user` with `users` and `sys_user_has_role` with `roles`.
pub(super) async fn instance(users: String, roles: String) -> TestServer {
    TestServer::start(Behaviour::Route(vec![
        ("/api/now/table/sys_user_has_role?".to_owned(), roles),
        ("/api/now/table/sys_user?".to_owned(), users),
    ]))
    .await
}

fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test]
async fn check_credentials_reads_the_user_and_its_roles() {
    let roles = json_response(
        200,
        r#"{"result":[{"role.name":"itil"},{"role.name":"admin"},{"role.name":"itil"},{"role.name":""}]}"#,
    );
    let mut server = instance(user_found("true"), roles).await;
    let user = sn_client(&server.url(), Timeouts::default())
        .check_credentials()
        .await
        .unwrap();
    assert_eq!(user.sys_id, SYS_ID);
    assert_eq!(user.user_name, USER);
    assert!(user.active);
    assert_eq!(user.roles, ["admin", "itil"]);

    // Both reads go out at once, so they may arrive in either order.
    let requests = [server.next_request().await, server.next_request().await];
    let find = |prefix: &str| {
        requests
            .iter()
            .find(|r| r.starts_with(prefix))
            .unwrap_or_else(|| panic!("no request starting {prefix}: {requests:?}"))
            .clone()
    };
    let user_read = find("GET /api/now/table/sys_user?");
    assert!(
        user_read.starts_with(
            "GET /api/now/table/sys_user?sysparm_query=user_name%3Dsn.integration&sysparm_fields=sys_id%2Cuser_name%2Cactive&sysparm_limit=1 HTTP/1.1\r\n"
        ),
        "{user_read}"
    );
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{CANARY}"));
    assert_eq!(
        header(&user_read, "authorization"),
        Some(format!("Basic {token}").as_str())
    );
    assert_eq!(header(&user_read, "accept"), Some("application/json"));
    let roles_read = find("GET /api/now/table/sys_user_has_role?");
    assert!(
        roles_read.starts_with(
            "GET /api/now/table/sys_user_has_role?sysparm_query=user.user_name%3Dsn.integration&sysparm_fields=role.name HTTP/1.1\r\n"
        ),
        "{roles_read}"
    );
}

#[tokio::test]
async fn an_inactive_user_is_returned_as_such_and_no_roles_is_fine() {
    let server = instance(user_found("false"), json_response(200, r#"{"result":[]}"#)).await;
    let user = sn_client(&server.url(), Timeouts::default())
        .check_credentials()
        .await
        .unwrap();
    assert!(!user.active);
    assert!(user.roles.is_empty());
}

#[tokio::test]
async fn the_user_name_is_percent_encoded_in_the_query() {
    let mut server = TestServer::answering(200, &[], r#"{"result":[]}"#).await;
    let client = ServiceNowClient::new(
        &server.url(),
        sn_credentials("a&b c#d"),
        Timeouts::default(),
    )
    .unwrap();
    let _ = client.check_credentials().await;
    let request = server.next_request().await;
    assert!(
        request.starts_with("GET /api/now/table/sys_user?sysparm_query=user_name%3Da%26b+c%23d&"),
        "{request}"
    );
}

#[tokio::test]
async fn a_record_for_another_user_is_never_taken_for_ours() {
    let other = json_response(
        200,
        r#"{"result":[{"sys_id":"x","user_name":"admin","active":"true"}]}"#,
    );
    let server = instance(other, json_response(200, r#"{"result":[]}"#)).await;
    let error = sn_client(&server.url(), Timeouts::default())
        .check_credentials()
        .await
        .unwrap_err();
    assert_eq!(error.class(), "unexpected_body");
}

#[test]
fn the_base_url_has_no_trailing_slash_and_plain_http_is_refused() {
    let client = sn_client("https://acme.service-now.com/", Timeouts::default());
    assert_eq!(client.base_url(), "https://acme.service-now.com");
    let error = ServiceNowClient::new(
        "http://acme.service-now.com",
        sn_credentials(USER),
        Timeouts::default(),
    )
    .unwrap_err();
    assert_eq!(error.class(), "bad_url");
    let ClientError::BadUrl { reason } =
        ServiceNowClient::new("acme", sn_credentials(USER), Timeouts::default()).unwrap_err()
    else {
        panic!("expected BadUrl");
    };
    assert!(reason.contains("service-now.com"), "{reason}");
}

#[tokio::test]
async fn the_password_is_never_in_debug_display_or_messages() {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{CANARY}"));
    let echo = format!(
        r#"{{"error":{{"message":"Basic auth blocked for {CANARY}","detail":"header was Basic {token}"}},"status":"failure"}}"#
    );
    let forbidden =
        format!(r#"{{"error":{{"message":"No {CANARY}","detail":"{token}"}},"status":"failure"}}"#);
    let cases = [
        json_response(401, &echo),
        json_response(403, &forbidden),
        json_response(400, &forbidden),
        response(
            200,
            &[("Content-Type", "text/html")],
            &format!("<p>{CANARY}</p>"),
        ),
    ];
    let credentials = sn_credentials(USER);
    assert!(!format!("{credentials:?}").contains(CANARY));
    for raw in cases {
        let server = TestServer::start(Behaviour::Respond(raw)).await;
        let client = sn_client(&server.url(), quick());
        let debug = format!("{client:?}");
        assert!(debug.contains(USER) && !debug.contains(CANARY), "{debug}");
        let error = client.check_credentials().await.unwrap_err();
        let shown = format!(
            "{error:?} {error} {}",
            error.user_message(Service::ServiceNow)
        );
        assert!(
            !shown.contains(CANARY) && !shown.contains(&token),
            "{shown}"
        );
    }
}
