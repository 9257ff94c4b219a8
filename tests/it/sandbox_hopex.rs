//! The sandbox's HOPEX GraphQL endpoint over real HTTP: the key registry, the
//! status codes a client classifies by, `_currentContext` and its documented
//! fallback to `application { id name }`, and faults.

use crate::sandbox_support;

use std::time::{Duration, Instant};

use nowkey::sandbox::hopex::SEEDED_APPLICATIONS;
use nowkey::sandbox::Sandbox;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use sandbox_support::{add_fault, admin, start};

const CONTEXT_QUERY: &str = "query { _currentContext { userId databaseId profileId language } }";
const APPLICATION_QUERY: &str = "query { application { id name } }";

/// Registers a key through the admin endpoint.
async fn new_key(sb: &Sandbox, body: Value) -> String {
    let (status, answer) = admin(sb, Method::POST, "/_sandbox/hopex/keys", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["api_key"].as_str().expect("api_key").to_owned()
}

fn ids() -> Value {
    json!({"environment_id": "env-1", "repository_id": "repo-1", "profile_id": "prof-1"})
}

/// `POST {path}` with an optional key and a raw body.
async fn post_raw(sb: &Sandbox, path: &str, key: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut req = Client::new()
        .post(format!("{}{path}", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(body.to_owned());
    if let Some(k) = key {
        req = req.header("x-api-key", k);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn query(sb: &Sandbox, schema: &str, key: Option<&str>, q: &str) -> (StatusCode, Value) {
    let body = json!({"query": q, "variables": {}}).to_string();
    post_raw(sb, &format!("/HOPEXGraphQL/api/{schema}"), key, &body).await
}

fn first_error(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_good_key_reads_its_context() {
    let sb = start().await;
    let mut body = ids();
    body["login"] = json!("svc.integration");
    let key = new_key(&sb, body).await;
    assert_eq!(key.len(), 40);
    assert!(key.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(
        query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await,
        (
            StatusCode::OK,
            json!({"data": {"_currentContext": {
                "userId": "svc.integration", "databaseId": "repo-1",
                "profileId": "prof-1", "language": "EN"}}})
        )
    );
    // Only the requested fields, however the query is laid out.
    let (status, answer) = query(
        &sb,
        "ITPM",
        Some(&key),
        "\n{\n  _currentContext{\n    databaseId\n  }\n}\n",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer,
        json!({"data": {"_currentContext": {"databaseId": "repo-1"}}})
    );
}

#[tokio::test]
async fn without_a_login_the_user_id_is_generated_and_stable() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    let q = "{ _currentContext { userId } }";
    let (_, a) = query(&sb, "ITPM", Some(&key), q).await;
    let (_, b) = query(&sb, "BPA", Some(&key), q).await;
    let user = a["data"]["_currentContext"]["userId"]
        .as_str()
        .expect("userId");
    assert!(!user.is_empty());
    assert_eq!(a, b);
}

#[tokio::test]
async fn wrong_missing_and_deleted_keys_get_401() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    assert_eq!(
        query(&sb, "ITPM", Some("nope"), CONTEXT_QUERY).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        query(&sb, "ITPM", None, CONTEXT_QUERY).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::OK
    );
    let path = format!("/_sandbox/hopex/keys/{key}");
    assert_eq!(
        admin(&sb, Method::DELETE, &path, None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        admin(&sb, Method::DELETE, &path, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_lowercase_path_and_any_schema_case_work() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    let body = json!({"query": CONTEXT_QUERY}).to_string();
    let (status, answer) = post_raw(&sb, "/hopexgraphql/api/itpm", Some(&key), &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["_currentContext"]["profileId"], "prof-1");
    assert_eq!(
        query(&sb, "dataprivacy", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unknown_schema_is_404_even_with_a_good_key() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    assert_eq!(
        query(&sb, "Nope", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        query(&sb, "ITPMX", None, CONTEXT_QUERY).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    for body in [
        "query { _currentContext { userId } }",
        "{\"query\":",
        "{\"variables\":{}}",
    ] {
        let (status, answer) = post_raw(&sb, "/HOPEXGraphQL/api/ITPM", Some(&key), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(!first_error(&answer).is_empty(), "{answer}");
    }
}

#[tokio::test]
async fn an_unknown_field_is_a_graphql_error_with_status_200() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    let (status, answer) = query(&sb, "ITPM", Some(&key), "{ businessProcess { id } }").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        answer,
        json!({"errors": [{"message": "Cannot query field \"businessProcess\" on type \"Query\"."}]})
    );
    let (status, answer) = query(&sb, "BPA", Some(&key), APPLICATION_QUERY).await;
    assert_eq!(status, StatusCode::OK);
    assert!(first_error(&answer).contains("\"application\""), "{answer}");
    assert!(answer.get("data").is_none());
}

#[tokio::test]
async fn an_old_build_key_fails_current_context_but_answers_application() {
    let sb = start().await;
    let mut body = ids();
    body["no_current_context"] = json!(true);
    let key = new_key(&sb, body).await;
    let (status, answer) = query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first_error(&answer),
        "Cannot query field \"_currentContext\" on type \"Query\"."
    );
    let (status, answer) = query(&sb, "ITPM", Some(&key), APPLICATION_QUERY).await;
    assert_eq!(status, StatusCode::OK);
    let expected: Vec<Value> = SEEDED_APPLICATIONS
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(answer, json!({"data": {"application": expected}}));
}

#[tokio::test]
async fn the_key_endpoint_checks_its_body_and_lists_without_keys() {
    let sb = start().await;
    for bad in [
        json!({"environment_id": "e", "repository_id": "r"}),
        json!({"environment_id": " ", "repository_id": "r", "profile_id": "p"}),
        json!({"environment_id": "e", "repository_id": "r", "profile_id": "p", "role": "x"}),
    ] {
        let (status, _) = admin(&sb, Method::POST, "/_sandbox/hopex/keys", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let key = new_key(&sb, ids()).await;
    let (status, listing) = admin(&sb, Method::GET, "/_sandbox/hopex/keys", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listing["keys"][0]["repository_id"], "repo-1");
    assert!(
        !listing.to_string().contains(&key),
        "the listing never shows a key"
    );
    let direct = sb.create_hopex_key("e2", "r2", "p2");
    let (_, answer) = query(
        &sb,
        "ITPM",
        Some(&direct),
        "{ _currentContext { databaseId } }",
    )
    .await;
    assert_eq!(answer["data"]["_currentContext"]["databaseId"], "r2");
}

#[tokio::test]
async fn a_latency_fault_on_hopexgraphql_applies() {
    let sb = start().await;
    let key = new_key(&sb, ids()).await;
    add_fault(
        &sb,
        json!({"path_prefix": "/HOPEXGraphQL", "latency_ms": 2000, "times": 1}),
    )
    .await;
    let t = Instant::now();
    let (status, _) = query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await;
    assert!(
        t.elapsed() >= Duration::from_millis(2000),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(status, StatusCode::OK, "latency keeps the real answer");
    add_fault(
        &sb,
        json!({"path_prefix": "/HOPEXGraphQL", "status": 503, "times": 1}),
    )
    .await;
    assert_eq!(
        query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let t = Instant::now();
    assert_eq!(
        query(&sb, "ITPM", Some(&key), CONTEXT_QUERY).await.0,
        StatusCode::OK
    );
    assert!(
        t.elapsed() < Duration::from_millis(2000),
        "both faults used up: {:?}",
        t.elapsed()
    );
}

/// A key with an expiry works through its last day and is refused after it,
/// exactly as an unknown key is.
#[tokio::test]
async fn an_expired_key_is_refused_like_an_unknown_one() {
    let sb = start().await;
    let today = chrono::Utc::now().date_naive();
    let with_expiry = |day: chrono::NaiveDate| {
        let mut body = ids();
        body["expires"] = json!(day.format("%Y-%m-%d").to_string());
        body
    };
    let expired = new_key(&sb, with_expiry(today - chrono::Days::new(1))).await;
    let last_day = new_key(&sb, with_expiry(today)).await;
    let later = new_key(&sb, with_expiry(today + chrono::Days::new(30))).await;
    let unknown = query(&sb, "ITPM", Some("no-such-key"), CONTEXT_QUERY).await;
    assert_eq!(unknown.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        query(&sb, "ITPM", Some(&expired), CONTEXT_QUERY).await,
        unknown
    );
    for key in [&last_day, &later] {
        let (status, answer) = query(&sb, "ITPM", Some(key), CONTEXT_QUERY).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["data"]["_currentContext"]["databaseId"], "repo-1");
        assert_eq!(answer["data"]["_currentContext"]["profileId"], "prof-1");
    }
}

/// A key's name and expiry are listed (they are not secret); a name follows
/// HOPEX's key-name rules and an expiry must be a date.
#[tokio::test]
async fn names_and_expiry_dates_are_checked_and_listed() {
    let sb = start().await;
    for bad in [
        json!({"environment_id": "e", "repository_id": "r", "profile_id": "p", "name": "a\u{7}b"}),
        json!({"environment_id": "e", "repository_id": "r", "profile_id": "p", "name": " "}),
        json!({"environment_id": "e", "repository_id": "r", "profile_id": "p", "expires": "30/06/2099"}),
    ] {
        let (status, _) = admin(&sb, Method::POST, "/_sandbox/hopex/keys", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let mut body = ids();
    body["name"] = json!(" ServiceNow ");
    body["expires"] = json!("2099-06-30");
    let key = new_key(&sb, body).await;
    let (_, listing) = admin(&sb, Method::GET, "/_sandbox/hopex/keys", None).await;
    assert_eq!(listing["keys"][0]["name"], "ServiceNow");
    assert_eq!(listing["keys"][0]["expires"], "2099-06-30");
    assert!(!listing.to_string().contains(&key));
}
