//! The happy paths: what each call sends, and what it makes of the documented answers.

use super::{client, client_for, credentials, json_response, response, Behaviour, TestServer};
use crate::clients::http::Timeouts;
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::E164;

/// The JSON body of a captured request.
fn body_of(request: &str) -> serde_json::Value {
    let (_, body) = request.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap()
}

/// The value of a header in a captured request (names are lowercase on the wire
/// from hyper).
fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test]
async fn check_credentials_sends_basic_auth_and_accepts_the_replies_shape() {
    let mut server = TestServer::answering(200, &[], r#"{"replies":[]}"#).await;
    client_for(&server).check_credentials().await.unwrap();
    let request = server.next_request().await;
    assert!(
        request.starts_with("GET /v1/replies HTTP/1.1\r\n"),
        "{request}"
    );
    let expected = credentials().token().authorization_header();
    assert_eq!(
        header(&request, "authorization"),
        Some(secrecy::ExposeSecret::expose_secret(&expected))
    );
    assert_eq!(header(&request, "accept"), Some("application/json"));
    let agent = header(&request, "user-agent").unwrap();
    assert_eq!(agent, concat!("nowkey/", env!("CARGO_PKG_VERSION")));
}

#[tokio::test]
async fn a_path_prefix_and_trailing_slash_in_the_base_are_kept_and_joined() {
    let mut server = TestServer::answering(200, &[], r#"{"replies":[]}"#).await;
    let base = format!("{}/hub/", server.url());
    client(&base, Timeouts::default())
        .check_credentials()
        .await
        .unwrap();
    let request = server.next_request().await;
    assert!(
        request.starts_with("GET /hub/v1/replies HTTP/1.1\r\n"),
        "{request}"
    );
}

#[tokio::test]
async fn send_message_posts_the_documented_body_and_reads_the_id() {
    let answer = r#"{"messages":[{"content":"hi","destination_number":"+61491570156","format":"SMS","delivery_report":true,"message_id":"877c19ef-fa2e-4cec-827a-e1df9b5509f7","status":"queued"}]}"#;
    let mut server = TestServer::start(Behaviour::Respond(json_response(202, answer))).await;
    let to = E164::parse("+61 491 570 156").unwrap();
    let sent = client_for(&server).send_message(&to, "hi").await.unwrap();
    assert_eq!(sent.message_id, "877c19ef-fa2e-4cec-827a-e1df9b5509f7");
    assert_eq!(sent.status, MessageStatus::Queued);
    let request = server.next_request().await;
    assert!(
        request.starts_with("POST /v1/messages HTTP/1.1\r\n"),
        "{request}"
    );
    assert_eq!(
        body_of(&request),
        serde_json::json!({"messages":[{"content":"hi","destination_number":"+61491570156","format":"SMS","delivery_report":true}]})
    );
}

#[tokio::test]
async fn send_message_with_an_empty_list_is_unexpected_body() {
    let server = TestServer::answering(202, &[], r#"{"messages":[]}"#).await;
    let to = E164::parse("+61491570156").unwrap();
    let error = client_for(&server)
        .send_message(&to, "hi")
        .await
        .unwrap_err();
    assert_eq!(error.class(), "unexpected_body");
}

#[tokio::test]
async fn message_status_percent_encodes_the_id_and_parses_unknown_statuses() {
    let mut server = TestServer::answering(200, &[], r#"{"status":"delivered"}"#).await;
    let status = client_for(&server).message_status("a/b c?d").await.unwrap();
    assert_eq!(status, MessageStatus::Delivered);
    let request = server.next_request().await;
    assert!(
        request.starts_with("GET /v1/messages/a%2Fb%20c%3Fd HTTP/1.1\r\n"),
        "{request}"
    );

    let server = TestServer::answering(200, &[], r#"{"status":"teleported"}"#).await;
    let status = client_for(&server).message_status("x").await.unwrap();
    assert_eq!(status, MessageStatus::Other("teleported".into()));
}

#[tokio::test]
async fn message_status_refuses_dot_ids_without_a_request() {
    let error = client("http://127.0.0.1:9", Timeouts::default())
        .message_status("..")
        .await
        .unwrap_err();
    assert_eq!(error.class(), "not_found");
}

#[tokio::test]
async fn replies_are_parsed_from_the_spec_example() {
    let answer = r#"{"replies":[{"metadata":{"key1":"value1"},"message_id":"877c19ef-fa2e-4cec-827a-e1df9b5509f7","reply_id":"a175e797-2b54-468b-9850-41a3eab32f74","date_received":"2016-12-07T08:43:00.850Z","callback_url":"https://my.callback.url.com","destination_number":"+61491570156","source_number":"+61491570157","vendor_account_id":{"vendor_id":"SinchEU","account_id":"MyAccount"},"content":"My first reply!"}]}"#;
    let server = TestServer::answering(200, &[], answer).await;
    let replies = client_for(&server).replies().await.unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].reply_id, "a175e797-2b54-468b-9850-41a3eab32f74");
    assert_eq!(replies[0].content, "My first reply!");
    assert_eq!(replies[0].source_number.as_deref(), Some("+61491570157"));
}

#[tokio::test]
async fn confirm_replies_takes_any_text_but_not_an_html_page() {
    for (content_type, body) in [("text/plain", ""), ("text/plain", "{not json")] {
        let server = TestServer::answering(202, &[("Content-Type", content_type)], body).await;
        let ids = vec!["a175e797-2b54-468b-9850-41a3eab32f74".to_owned()];
        client_for(&server).confirm_replies(&ids).await.unwrap();
    }
    for (content_type, body) in [
        ("text/html", "Signed out"),
        (
            "text/plain",
            "<!DOCTYPE html><html><title>Sign in</title></html>",
        ),
    ] {
        let server = TestServer::answering(200, &[("Content-Type", content_type)], body).await;
        let ids = vec!["a175e797-2b54-468b-9850-41a3eab32f74".to_owned()];
        let error = client_for(&server).confirm_replies(&ids).await.unwrap_err();
        assert_eq!(error.class(), "unexpected_body", "{content_type} {body}");
    }
}

#[tokio::test]
async fn confirm_replies_posts_ids_in_batches_of_100() {
    let raw = response(202, &[("Content-Type", "text/plain")], "Accepted");
    let mut server = TestServer::start(Behaviour::Respond(raw)).await;
    let ids: Vec<String> = (0..150).map(|n| format!("id-{n}")).collect();
    client_for(&server).confirm_replies(&ids).await.unwrap();
    let first = server.next_request().await;
    let second = server.next_request().await;
    assert!(
        first.starts_with("POST /v1/replies/confirmed HTTP/1.1\r\n"),
        "{first}"
    );
    assert_eq!(body_of(&first)["reply_ids"].as_array().unwrap().len(), 100);
    assert_eq!(body_of(&second)["reply_ids"].as_array().unwrap().len(), 50);
}
