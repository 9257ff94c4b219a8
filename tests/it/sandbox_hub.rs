//! The sandbox's Hub endpoints (send, validation, status lifecycle and magic
//! numbers, cancel, replies, delivery reports), over real HTTP with reqwest.

use crate::sandbox_support;

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use nowkey::sandbox::{AUTO_REPLY_CONTENT, MAGIC_FAILED, MAGIC_REJECTED, MAGIC_STUCK_ENROUTE};
use sandbox_support::*;

#[tokio::test]
async fn send_echoes_the_request_and_status_returns_the_same_fields() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let request = json!({
        "content": "My first message", "destination_number": DEST,
        "callback_url": "https://my.callback.url.com", "delivery_report": true, "format": "SMS",
        "metadata": {"key1": "value1"}, "source_number": "+61491570157",
        "source_number_type": "INTERNATIONAL", "message_expiry_timestamp": "2099-11-03T11:49:02.807Z",
    });
    let (status, body) = hub
        .send(json!([request.clone(), {"content": "Two", "destination_number": "+61491570158"}]))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let sent = body["messages"].as_array().expect("messages");
    assert_eq!(sent.len(), 2);
    let first = &sent[0];
    for (k, v) in request.as_object().expect("object") {
        assert_eq!(&first[k], v, "field {k}");
    }
    assert_eq!(first["status"], "queued");
    let id = first["message_id"].as_str().expect("id");
    assert_eq!(id.len(), 36);
    assert_eq!(
        uuid::Uuid::parse_str(id).expect("uuid").get_version_num(),
        4
    );
    assert_eq!(sent[1]["format"], "SMS", "format defaults to SMS");
    assert_eq!(sent[1]["delivery_report"], false);

    let (status, got) = hub
        .call(Method::GET, &format!("/v1/messages/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    for (k, v) in request.as_object().expect("object") {
        assert_eq!(&got[k], v, "field {k}");
    }
    assert_eq!(got["message_id"], id);
    sb.shutdown().await;
}

#[tokio::test]
async fn send_validates_like_the_real_api() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let ok = |dest: &str| json!({"content": "x", "destination_number": dest});
    assert_eq!(
        details_of(&hub, json!([ok("+6149")])).await,
        ["/messages/0/destination_number: International address must be between 8 and 15 characters excluding the first '+'."]
    );
    assert_eq!(
        details_of(&hub, json!([ok("+61491570199"), ok("+61 491 570")])).await,
        ["/messages/1/destination_number: International address contains invalid characters."]
    );
    assert!(details_of(&hub, json!([ok("0491570156")])).await[0].contains("invalid characters"));
    assert!(
        details_of(&hub, json!([ok("+1234567890123456")])).await[0].contains("between 8 and 15")
    );
    assert_eq!(
        details_of(&hub, json!([])).await,
        ["/messages: size must be between 1 and 100"]
    );
    let hundred: Vec<Value> = (0..100).map(|_| ok(DEST)).collect();
    assert_eq!(hub.send(json!(hundred)).await.0, StatusCode::ACCEPTED);
    let too_many: Vec<Value> = (0..101).map(|_| ok(DEST)).collect();
    assert_eq!(
        details_of(&hub, json!(too_many)).await,
        ["/messages: size must be between 1 and 100"]
    );

    let content = |c: String| json!([{"content": c, "destination_number": DEST}]);
    assert_eq!(
        details_of(&hub, content(String::new())).await,
        ["/messages/0/content: size must be between 1 and 5000"]
    );
    assert!(!details_of(&hub, content("é".repeat(5001))).await.is_empty());
    assert_eq!(
        hub.send(content("é".repeat(5000))).await.0,
        StatusCode::ACCEPTED,
        "5000 chars, not bytes"
    );
    assert_eq!(
        details_of(&hub, json!([{"destination_number": DEST}])).await,
        ["/messages/0/content: may not be null"]
    );

    let meta = |m: Value| json!([{"content": "x", "destination_number": DEST, "metadata": m}]);
    let eleven: serde_json::Map<String, Value> =
        (0..11).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert!(details_of(&hub, meta(Value::Object(eleven))).await[0].contains("maximum of 10"));
    let ten: serde_json::Map<String, Value> =
        (0..10).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert_eq!(
        hub.send(meta(Value::Object(ten))).await.0,
        StatusCode::ACCEPTED
    );
    assert!(
        details_of(&hub, meta(json!({ "k".repeat(101): "v" }))).await[0]
            .contains("between 1 and 100")
    );
    assert_eq!(
        hub.send(meta(json!({ "k".repeat(100): "v".repeat(256) })))
            .await
            .0,
        StatusCode::ACCEPTED
    );
    assert!(details_of(&hub, meta(json!({"k": "v".repeat(257)}))).await[0].contains("at most 256"));

    assert_eq!(
        details_of(&hub, json!([{"content": "x", "destination_number": DEST, "callback_url": "https://-bad .com"}])).await,
        ["/messages/0/callbackUrl: Invalid callback url"]
    );
    // Every problem of every message is reported, not just the first.
    assert_eq!(
        details_of(&hub, json!([{"content": ""}, {"destination_number": "+1"}]))
            .await
            .len(),
        4
    );

    let raw = Client::new()
        .post(format!("{}/v1/messages", sb.base_url()))
        .basic_auth(&hub.key, Some(&hub.secret))
        .header("Content-Type", "application/json")
        .body("{\"messages\": [")
        .send()
        .await
        .expect("send");
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    let body: Value = raw.json().await.expect("json");
    assert_eq!(body["details"], json!(["Failed to parse message body."]));
    // An invalid request sends nothing: no message, so no reply ever appears.
    tokio::time::sleep(STEP * 3).await;
    let replies = hub.list("/v1/replies", "replies").await;
    assert!(
        !replies.is_empty() && replies.iter().all(|r| r["source_number"] != "+61491570199"),
        "the valid message of an invalid batch was not sent"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn a_message_is_delivered_in_two_steps_and_answered() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let mut m = msg(DEST);
    m["source_number"] = json!("+61491570157");
    m["metadata"] = json!({"ticket": "INC001"});
    let id = hub.send_one(m).await;
    hub.wait_for(&id, "delivered").await;
    assert_eq!(hub.reports_for(&id).await, ["enroute", "delivered"]);
    let reports = hub.list("/v1/delivery_reports", "delivery_reports").await;
    assert_eq!(reports[0]["source_number"], DEST, "inverse of the message");
    assert_eq!(reports[0]["original_text"], "Hello from the sandbox test");
    assert_eq!(reports[0]["metadata"], json!({"ticket": "INC001"}));

    let replies = hub.list("/v1/replies", "replies").await;
    assert_eq!(replies.len(), 1);
    let reply = &replies[0];
    assert_eq!(reply["message_id"], id.as_str());
    assert_eq!(reply["content"], AUTO_REPLY_CONTENT);
    assert_eq!(reply["source_number"], DEST);
    assert_eq!(reply["destination_number"], "+61491570157");
    assert_eq!(reply["metadata"], json!({"ticket": "INC001"}));
    assert!(uuid::Uuid::parse_str(reply["reply_id"].as_str().expect("id")).is_ok());
    sb.shutdown().await;
}

#[tokio::test]
async fn magic_numbers_end_as_documented() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let failed = hub.send_one(msg(MAGIC_FAILED)).await;
    let rejected = hub.send_one(msg(MAGIC_REJECTED)).await;
    let stuck = hub.send_one(msg(MAGIC_STUCK_ENROUTE)).await;
    hub.wait_for(&failed, "failed").await;
    hub.wait_for(&rejected, "rejected").await;
    tokio::time::sleep(STEP * 6).await;
    assert_eq!(hub.status_of(&stuck).await, "enroute");
    assert_eq!(
        hub.status_of(&failed).await,
        "failed",
        "final statuses stay final"
    );
    assert_eq!(hub.reports_for(&failed).await, ["enroute", "failed"]);
    assert_eq!(hub.reports_for(&rejected).await, ["rejected"]);
    assert_eq!(hub.reports_for(&stuck).await, ["enroute"]);
    assert!(
        hub.list("/v1/replies", "replies").await.is_empty(),
        "no reply without delivery"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn unknown_and_foreign_messages_are_not_found() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let other = Hub::new(&sb);
    let not_found = (
        StatusCode::NOT_FOUND,
        json!({"message": "Resource not found."}),
    );
    let missing = "/v1/messages/00000000-0000-4000-8000-000000000000";
    assert_eq!(hub.call(Method::GET, missing, None).await, not_found);
    assert_eq!(
        hub.call(Method::PUT, missing, Some(json!({"status": "cancelled"})))
            .await,
        not_found
    );
    let id = hub.send_one(msg(DEST)).await;
    assert_eq!(
        other
            .call(Method::GET, &format!("/v1/messages/{id}"), None)
            .await,
        not_found
    );
    assert_eq!(
        hub.call(Method::GET, "/v1/nothing/here", None).await,
        not_found
    );
    hub.wait_for(&id, "delivered").await;
    assert!(
        other.list("/v1/replies", "replies").await.is_empty(),
        "replies are per account"
    );
    assert!(other
        .list("/v1/delivery_reports", "delivery_reports")
        .await
        .is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn only_scheduled_messages_can_be_cancelled() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let mut m = msg(DEST);
    m["scheduled"] = json!(later);
    let (status, body) = hub.send(json!([m])).await;
    assert_eq!(
        body["messages"][0]["status"], "queued",
        "the send response always says queued"
    );
    assert_eq!(status, StatusCode::ACCEPTED);
    let id = body["messages"][0]["message_id"]
        .as_str()
        .expect("id")
        .to_owned();
    tokio::time::sleep(STEP * 3).await;
    assert_eq!(hub.status_of(&id).await, "scheduled");

    let path = format!("/v1/messages/{id}");
    assert_eq!(
        hub.call(Method::PUT, &path, Some(json!({"status": "delivered"})))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        hub.call(Method::PUT, &path, Some(json!({"status": "cancelled"})))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(hub.status_of(&id).await, "cancelled");
    assert_eq!(hub.reports_for(&id).await, ["cancelled"]);
    let (status, body) = hub
        .call(Method::PUT, &path, Some(json!({"status": "cancelled"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["details"].as_array().is_some_and(|d| !d.is_empty()),
        "{body}"
    );

    let now = hub.send_one(msg(DEST)).await;
    let (status, _) = hub
        .call(
            Method::PUT,
            &format!("/v1/messages/{now}"),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an unscheduled message cannot be cancelled"
    );

    let mut past = msg(DEST);
    past["scheduled"] = json!("2016-11-03T11:49:02.807Z");
    let past = hub.send_one(past).await;
    hub.wait_for(&past, "delivered").await;
    sb.shutdown().await;
}

#[tokio::test]
async fn replies_and_delivery_reports_disappear_once_confirmed() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let quiet = hub
        .send_one(json!({"content": "no reports", "destination_number": DEST}))
        .await;
    let id = hub.send_one(msg(DEST)).await;
    hub.wait_for(&id, "delivered").await;
    hub.wait_for(&quiet, "delivered").await;
    assert!(
        hub.reports_for(&quiet).await.is_empty(),
        "delivery_report false: no reports"
    );

    let replies = hub.list("/v1/replies", "replies").await;
    assert_eq!(replies.len(), 2, "every delivered message is answered");
    let first = replies[0]["reply_id"].clone();
    let confirm = |ids: Value| json!({ "reply_ids": ids });
    assert_eq!(
        hub.call(
            Method::POST,
            "/v1/replies/confirmed",
            Some(confirm(json!([first])))
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        hub.list("/v1/replies", "replies").await,
        replies[1..].to_vec()
    );
    let unknown = json!(["00000000-0000-4000-8000-000000000000"]);
    assert_eq!(
        hub.call(
            Method::POST,
            "/v1/replies/confirmed",
            Some(confirm(unknown))
        )
        .await
        .0,
        StatusCode::ACCEPTED
    );
    let (status, body) = hub
        .call(
            Method::POST,
            "/v1/replies/confirmed",
            Some(confirm(json!(["not-a-uuid"]))),
        )
        .await;
    assert_eq!(
        (status, body["details"].clone()),
        (
            StatusCode::BAD_REQUEST,
            json!(["/reply_ids/0: must be a UUID"])
        )
    );
    assert_eq!(
        hub.call(Method::POST, "/v1/replies/confirmed", Some(json!({})))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );

    let reports = hub.list("/v1/delivery_reports", "delivery_reports").await;
    assert_eq!(reports.len(), 2);
    let ids: Vec<Value> = reports
        .iter()
        .map(|r| r["delivery_report_id"].clone())
        .collect();
    let (status, _) = hub
        .call(
            Method::POST,
            "/v1/delivery_reports/confirmed",
            Some(json!({ "delivery_report_ids": ids })),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(hub
        .list("/v1/delivery_reports", "delivery_reports")
        .await
        .is_empty());
    let too_many: Vec<String> = (0..101).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let (status, _) = hub
        .call(
            Method::POST,
            "/v1/delivery_reports/confirmed",
            Some(json!({ "delivery_report_ids": too_many })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    sb.shutdown().await;
}
