//! The ServiceNow client with an OAuth2 client: the token request it sends,
//! Bearer on every Table API call, the token kept across clones and calls,
//! asked again when it expires or is refused, and never shown.

use secrecy::SecretString;

use super::servicenow::{user_found, SYS_ID, USER};
use super::{json_response, path_of, Behaviour, TestServer, CANARY};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow::{OAuthClient, ServiceNowCredentials};

/// The client id (not a secret).
pub(super) const CLIENT_ID: &str = "ac0dd1e5c0a8016401c5a33be04be441";
/// The client secret: must never show.
pub(super) const CLIENT_SECRET: &str = "CLIENTs3cr3tQx7";
/// The access token the test server issues: must never show.
pub(super) const ACCESS: &str = "ACCESSt0kenZz1w";
/// The refresh token the test server issues: must never show.
pub(super) const REFRESH: &str = "REFRESHt0kenYy2";

/// Every secret of these tests.
pub(super) const SECRETS: [&str; 4] = [CANARY, CLIENT_SECRET, ACCESS, REFRESH];

/// A client for `base` signing in as [`USER`] through the OAuth client.
pub(super) fn oauth_client(base: &str) -> ServiceNowClient {
    let credentials = ServiceNowCredentials {
        user: USER.to_owned(),
        password: SecretString::from(CANARY),
        oauth: Some(OAuthClient {
            client_id: CLIENT_ID.to_owned(),
            client_secret: SecretString::from(CLIENT_SECRET),
        }),
    };
    ServiceNowClient::new(base, credentials, Timeouts::default()).unwrap()
}

/// A token answer with this `expires_in` (JSON text).
pub(super) fn token_answer(expires_in: &str) -> String {
    json_response(
        200,
        &format!(
            r#"{{"access_token":"{ACCESS}","refresh_token":"{REFRESH}","scope":"useraccount","token_type":"Bearer","expires_in":{expires_in}}}"#
        ),
    )
}

/// Every request the server has seen so far.
fn seen(server: &mut TestServer) -> Vec<String> {
    std::iter::from_fn(|| server.requests.try_recv().ok()).collect()
}

fn count(requests: &[String], path: &str) -> usize {
    requests.iter().filter(|r| path_of(r) == path).count()
}

fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// An instance that answers the Table API whatever the Authorization.
async fn open_instance(expires_in: &str) -> TestServer {
    let roles = json_response(200, r#"{"result":[{"role.name":"itil"}]}"#);
    TestServer::start(Behaviour::Route(vec![
        ("POST /oauth_token.do".to_owned(), token_answer(expires_in)),
        ("/api/now/table/sys_user_has_role?".to_owned(), roles),
        ("/api/now/table/sys_user?".to_owned(), user_found("true")),
    ]))
    .await
}

#[tokio::test]
async fn the_token_is_asked_with_the_password_grant_and_sent_as_bearer() {
    let mut server = open_instance("1800").await;
    let user = oauth_client(&server.url())
        .check_credentials()
        .await
        .unwrap();
    assert_eq!(
        (user.sys_id.as_str(), user.roles.as_slice()),
        (SYS_ID, &["itil".to_owned()][..])
    );
    let requests = seen(&mut server);
    // One token for both reads made at once.
    assert_eq!(count(&requests, "/oauth_token.do"), 1, "{requests:?}");
    let token_request = requests
        .iter()
        .find(|r| path_of(r) == "/oauth_token.do")
        .unwrap();
    assert!(token_request.starts_with("POST "));
    assert_eq!(
        header(token_request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(token_request, "authorization"), None);
    let body = token_request.split_once("\r\n\r\n").unwrap().1;
    let form: std::collections::BTreeMap<String, String> =
        url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(form["grant_type"], "password");
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert_eq!(form["username"], USER);
    assert_eq!(form["password"], CANARY);
    let table: Vec<&String> = requests
        .iter()
        .filter(|r| path_of(r).starts_with("/api/now/table/"))
        .collect();
    assert_eq!(table.len(), 2);
    for request in table {
        let expected = format!("Bearer {ACCESS}");
        assert_eq!(header(request, "authorization"), Some(expected.as_str()));
    }
}

#[tokio::test]
async fn the_token_is_kept_across_calls_and_clones() {
    let mut server = open_instance("\"1800\"").await;
    let client = oauth_client(&server.url());
    client.check_credentials().await.unwrap();
    client.clone().check_credentials().await.unwrap();
    let requests = seen(&mut server);
    assert_eq!(count(&requests, "/oauth_token.do"), 1, "{requests:?}");
    assert_eq!(count(&requests, "/api/now/table/sys_user"), 2);
}

#[tokio::test]
async fn an_expired_token_is_asked_for_again() {
    // Born expired: every call needs a new one (the two reads of one check
    // each ask, as neither may use a token already past its time).
    let mut server = open_instance("0").await;
    let client = oauth_client(&server.url());
    client.check_credentials().await.unwrap();
    assert_eq!(count(&seen(&mut server), "/oauth_token.do"), 2);
    client.check_credentials().await.unwrap();
    assert_eq!(count(&seen(&mut server), "/oauth_token.do"), 2);
}

#[tokio::test]
async fn a_kept_token_refused_is_asked_for_again_and_the_call_tried_once_more() {
    // The Table API refuses every token: the first check's token is new, so
    // it fails at once; the second check's is kept, so it is asked again
    // and the read retried once, and no more.
    let mut server = TestServer::start(Behaviour::Route(vec![
        ("POST /oauth_token.do".to_owned(), token_answer("1800")),
        (
            "/api/now/table/".to_owned(),
            json_response(
                401,
                r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#,
            ),
        ),
    ]))
    .await;
    let client = oauth_client(&server.url());
    let table = || client.find_tables("sms");
    assert_eq!(
        table().await.unwrap_err(),
        ClientError::Auth { status: 401 }
    );
    let first = seen(&mut server);
    assert_eq!(count(&first, "/oauth_token.do"), 1);
    assert_eq!(count(&first, "/api/now/table/sys_db_object"), 1);
    assert_eq!(
        table().await.unwrap_err(),
        ClientError::Auth { status: 401 }
    );
    let second = seen(&mut server);
    assert_eq!(count(&second, "/oauth_token.do"), 1, "{second:?}");
    assert_eq!(count(&second, "/api/now/table/sys_db_object"), 2);
}

#[tokio::test]
async fn no_secret_or_token_shows_in_any_output() {
    let echo = format!("{CANARY} {CLIENT_SECRET} Bearer {ACCESS} {REFRESH}");
    let refusals = [
        json_response(
            403,
            &format!(
                r#"{{"error":{{"message":"No: {echo}","detail":"{echo}"}},"status":"failure"}}"#
            ),
        ),
        json_response(400, &format!(r#"{{"error":{{"message":"{echo}"}}}}"#)),
        json_response(404, &format!(r#"{{"error":{{"message":"{echo}"}}}}"#)),
        json_response(200, &format!(r#"{{"result":"{echo}"}}"#)),
        json_response(200, &format!(r#"<p>{echo}</p>"#)),
    ];
    for refusal in refusals {
        let server = TestServer::start(Behaviour::Route(vec![
            ("POST /oauth_token.do".to_owned(), token_answer("1800")),
            ("/api/now/table/".to_owned(), refusal.clone()),
        ]))
        .await;
        let client = oauth_client(&server.url());
        let error = client.find_tables("sms").await.unwrap_err();
        let shown = [
            format!("{error:?}"),
            error.to_string(),
            error.user_message(Service::ServiceNow),
            format!("{client:?}"),
        ];
        for text in &shown {
            for secret in SECRETS {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}
