//! The HOPEX client: endpoint forms, what it sends, the fallback, and that the key
//! never shows anywhere.

use secrecy::SecretString;

use super::{json_response, quick, Behaviour, TestServer, CANARY};
use crate::clients::hopex::HopexClient;
use crate::clients::http::Timeouts;
use crate::domain::hopex::HopexContext;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::service_url::graphql_endpoint;

/// The `_currentContext` answer.
pub(super) const CONTEXT: &str = r#"{"data":{"_currentContext":{"userId":"u-1","databaseId":"repo-7","profileId":"p-3","language":"00(6K3nrY8Z"}}}"#;
/// HOPEX's answer on a build without `_currentContext`.
pub(super) const UNKNOWN_FIELD: &str = r#"{"errors":[{"message":"Cannot query field \"_currentContext\" on type \"Query\".","locations":[{"line":1,"column":9}]}]}"#;

/// A client for `server_url` (schema ITPM) with the canary key.
pub(super) fn hopex_client(server_url: &str, timeouts: Timeouts) -> HopexClient {
    HopexClient::new(server_url, "ITPM", SecretString::from(CANARY), timeouts).unwrap()
}

fn endpoint(server: &str, schema: &str) -> String {
    graphql_endpoint(server, schema).unwrap().to_string()
}

fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn server_bases_get_the_graphql_path() {
    assert_eq!(
        endpoint("https://hopex.acme.com", "ITPM"),
        "https://hopex.acme.com/HOPEXGraphQL/api/ITPM"
    );
    assert_eq!(
        endpoint("https://acme.hopexcloud.com/", "BPA"),
        "https://acme.hopexcloud.com/HOPEXGraphQL/api/BPA"
    );
    assert_eq!(
        endpoint("https://proxy.acme.com/mega", "ITPM"),
        "https://proxy.acme.com/mega/HOPEXGraphQL/api/ITPM"
    );
}

#[test]
fn full_endpoints_are_kept_whatever_their_case() {
    assert_eq!(
        endpoint("https://acme.hopexcloud.com/HOPEXGraphQL/api/Risk", "ITPM"),
        "https://acme.hopexcloud.com/HOPEXGraphQL/api/Risk"
    );
    assert_eq!(
        endpoint("https://hopex.acme.com/hopexgraphql/api/ITPM/", "BPA"),
        "https://hopex.acme.com/hopexgraphql/api/ITPM"
    );
    assert_eq!(
        endpoint("https://hopex.acme.com/hopexgraphql/API", "BPA"),
        "https://hopex.acme.com/hopexgraphql/API/BPA"
    );
    assert_eq!(
        endpoint("https://hopex.acme.com/HOPEXGraphQL", "BPA"),
        "https://hopex.acme.com/HOPEXGraphQL/api/BPA"
    );
}

#[test]
fn bad_urls_and_schemas_are_refused() {
    for (url, schema) in [
        ("http://hopex.acme.com", "ITPM"),
        ("hopex.acme.com", "ITPM"),
        ("https://hopex.acme.com", ""),
        ("https://hopex.acme.com", "IT/PM"),
    ] {
        let error = graphql_endpoint(url, schema).unwrap_err();
        assert_eq!(error.class(), "bad_url", "{url} {schema}");
    }
    assert!(graphql_endpoint("http://127.0.0.1:9", "ITPM").is_ok());
    let error = HopexClient::new(
        "https://hopex.acme.com",
        "ITPM",
        SecretString::from("bad\nkey"),
        Timeouts::default(),
    )
    .unwrap_err();
    assert_eq!(error.class(), "bad_request");
}

#[tokio::test]
async fn check_key_posts_current_context_with_the_key() {
    let mut server = TestServer::answering(200, &[], CONTEXT).await;
    let client = hopex_client(&server.url(), Timeouts::default());
    assert_eq!(
        client.endpoint(),
        format!("{}/HOPEXGraphQL/api/ITPM", server.url())
    );
    let context = client.check_key().await.unwrap();
    assert_eq!(
        context,
        HopexContext {
            user_id: Some("u-1".into()),
            repository_id: Some("repo-7".into()),
            profile_id: Some("p-3".into()),
            language: Some("00(6K3nrY8Z".into()),
            via_fallback: false,
        }
    );
    let request = server.next_request().await;
    assert!(
        request.starts_with("POST /HOPEXGraphQL/api/ITPM HTTP/1.1\r\n"),
        "{request}"
    );
    assert_eq!(header(&request, "x-api-key"), Some(CANARY));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let (_, body) = request.split_once("\r\n\r\n").unwrap();
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"query":"query { _currentContext { userId databaseId profileId language } }","variables":{}})
    );
}

#[tokio::test]
async fn an_unknown_current_context_falls_back_to_itpm_on_the_same_server() {
    let mut server = TestServer::start(Behaviour::Route(vec![
        ("_currentContext".into(), json_response(200, UNKNOWN_FIELD)),
        (
            "application".into(),
            json_response(200, r#"{"data":{"application":[{"id":"a","name":"CRM"}]}}"#),
        ),
    ]))
    .await;
    let base = format!("{}/hopexgraphql/api/BPA", server.url());
    let context = hopex_client(&base, Timeouts::default())
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
    let first = server.next_request().await;
    assert!(first.starts_with("POST /hopexgraphql/api/BPA "), "{first}");
    let second = server.next_request().await;
    assert!(
        second.starts_with("POST /hopexgraphql/api/ITPM "),
        "{second}"
    );
    assert!(
        second.contains("query { application { id name } }"),
        "{second}"
    );
    assert_eq!(header(&second, "x-api-key"), Some(CANARY));
}

#[tokio::test]
async fn the_key_is_never_in_debug_display_or_messages() {
    let echo = format!(r#"{{"errors":[{{"message":"bad key {CANARY}"}}]}}"#);
    let client_debug = format!("{:?}", hopex_client("https://hopex.acme.com", quick()));
    assert!(!client_debug.contains(CANARY), "{client_debug}");
    for raw in [
        json_response(200, &echo),
        json_response(400, &echo),
        json_response(401, &echo),
        json_response(200, &format!("not json {CANARY}")),
    ] {
        let server = TestServer::start(Behaviour::Respond(raw)).await;
        let error = hopex_client(&server.url(), quick())
            .check_key()
            .await
            .unwrap_err();
        let shown = format!("{error:?} {error} {}", error.user_message(Service::Hopex));
        assert!(!shown.contains(CANARY), "{shown}");
    }
    let error = ClientError::GraphQl {
        messages: vec![format!("x {CANARY}")],
    }
    .redacted(&[CANARY]);
    assert!(!format!("{error:?}").contains(CANARY));
}
