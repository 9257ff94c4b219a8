//! The Hub's sent-message detail report on the sandbox, over real HTTP: what it
//! lists (the spoke's sends and direct ones, any key of the account), its
//! window and filters, paging, its 400s, and the fault that refuses it.

use crate::sandbox_support;

use chrono::{Duration as Span, SecondsFormat, Utc};
use nowkey::sandbox::{
    report_refused_fault, BAD_REQUEST_MESSAGE, REPORT_PATH, REPORT_REFUSED_MESSAGE,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use sandbox_support::servicenow::spoke;
use sandbox_support::{add_fault, start, Hub, DEST};

const OTHER: &str = "+61491570157";

fn iso(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The report for `body`, asked with `hub`'s key.
async fn report(hub: &Hub, body: Value) -> (StatusCode, Value) {
    hub.call(Method::POST, REPORT_PATH, Some(body)).await
}

/// A window from a minute ago to a minute ahead, plus `extra` fields.
fn around_now(extra: Value) -> Value {
    let mut body = json!({
        "start_date": iso(Utc::now() - Span::minutes(1)),
        "end_date": iso(Utc::now() + Span::minutes(1)),
        "direction": "outbound",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

fn ids(body: &Value) -> Vec<String> {
    body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["message_id"].as_str().expect("id").to_owned())
        .collect()
}

/// One direct send with a fresh key to DEST, then one spoke send to OTHER:
/// (the asking client, the direct id, the spoke's id).
async fn two_sends(sb: &nowkey::sandbox::Sandbox) -> (Hub, String, String) {
    let hub = Hub::new(sb);
    let direct = hub
        .send_one(json!({"content": "direct", "destination_number": DEST}))
        .await;
    let (status, body) = spoke(sb, OTHER, "from the spoke").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let by_spoke = body["messages"][0]["message_id"]
        .as_str()
        .expect("id")
        .to_owned();
    (hub, direct, by_spoke)
}

#[tokio::test]
async fn the_report_lists_the_spokes_and_direct_sends_newest_first() {
    let sb = start().await;
    let (hub, direct, by_spoke) = two_sends(&sb).await;
    let (status, body) = report(&hub, around_now(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ids(&body), [by_spoke.clone(), direct.clone()], "{body}");
    assert_eq!(
        body["pagination"],
        json!({"page": 0, "page_size": 20, "has_next": false})
    );
    let spoke_msg = &body["messages"][0];
    assert_eq!(spoke_msg["destination_address"], OTHER);
    assert_eq!(spoke_msg["content"], "from the spoke");
    assert_eq!(spoke_msg["direction"], "outbound");
    assert_eq!(spoke_msg["format"], "SMS");
    assert_eq!(spoke_msg["units"], 1);
    assert!(spoke_msg["timestamp"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));

    let (_, to_dest) = report(&hub, around_now(json!({"destination": DEST}))).await;
    assert_eq!(ids(&to_dest), [direct.as_str()]);
    let (_, overridden) = report(
        &hub,
        around_now(json!({"destination": DEST, "destinations": [OTHER]})),
    )
    .await;
    assert_eq!(ids(&overridden), [by_spoke.as_str()], "the list overrides");
    let (_, inbound) = report(&hub, around_now(json!({"direction": "inbound"}))).await;
    assert!(ids(&inbound).is_empty());

    hub.wait_for(&direct, "delivered").await;
    let (_, later) = report(&hub, around_now(json!({"destination": DEST}))).await;
    assert_eq!(later["messages"][0]["status"], "delivered");
    assert!(later["messages"][0]["delivered_timestamp"].is_string());
}

#[tokio::test]
async fn the_window_leaves_out_what_was_sent_outside_it_and_pages() {
    let sb = start().await;
    let (hub, direct, by_spoke) = two_sends(&sb).await;
    let past = json!({
        "start_date": iso(Utc::now() - Span::days(2)),
        "end_date": iso(Utc::now() - Span::hours(1)),
    });
    let (status, body) = report(&hub, past).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(ids(&body).is_empty(), "{body}");
    let future = json!({
        "start_date": iso(Utc::now() + Span::hours(1)),
        "end_date": iso(Utc::now() + Span::hours(2)),
    });
    assert!(ids(&report(&hub, future).await.1).is_empty());
    // Naive date-times are UTC; an offset is honoured (read naively, this
    // end would be nine and a half hours ahead, and include both).
    let fmt = "%Y-%m-%dT%H:%M:%S";
    let naive = json!({
        "start_date": (Utc::now() - Span::minutes(1)).format(fmt).to_string(),
        "end_date": (Utc::now() + Span::minutes(1)).format(fmt).to_string(),
    });
    assert_eq!(ids(&report(&hub, naive).await.1).len(), 2);
    let sydney = chrono::FixedOffset::east_opt(10 * 3600).expect("offset");
    let offset = json!({
        "start_date": iso(Utc::now() - Span::hours(1)),
        "end_date": (Utc::now() - Span::minutes(30)).with_timezone(&sydney).to_rfc3339(),
    });
    assert!(ids(&report(&hub, offset).await.1).is_empty());

    let (_, first) = report(&hub, around_now(json!({"page_size": 1}))).await;
    assert_eq!(ids(&first), [by_spoke]);
    assert_eq!(first["pagination"]["has_next"], true);
    let (_, second) = report(&hub, around_now(json!({"page_size": 1, "page": 1}))).await;
    assert_eq!(ids(&second), [direct]);
    assert_eq!(second["pagination"]["has_next"], false);
}

#[tokio::test]
async fn bad_dates_get_the_hubs_400_and_no_key_gets_401() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let now = Utc::now();
    for (body, needle) in [
        (json!({"end_date": iso(now)}), "/start_date"),
        (
            json!({"start_date": "yesterday", "end_date": iso(now)}),
            "/start_date",
        ),
        (
            json!({"start_date": iso(now), "end_date": iso(now - Span::hours(1))}),
            "/end_date: must be after start_date",
        ),
        (
            json!({"start_date": iso(now - Span::hours(1)), "end_date": iso(now), "page_size": 0}),
            "/page_size",
        ),
    ] {
        let (status, answer) = report(&hub, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["message"], BAD_REQUEST_MESSAGE);
        let details = answer["details"].as_array().expect("details");
        assert!(
            details
                .iter()
                .any(|d| d.as_str().is_some_and(|d| d.contains(needle))),
            "{needle} in {answer}"
        );
    }
    let anonymous = Client::new()
        .post(format!("{}{REPORT_PATH}", sb.base_url()))
        .json(&around_now(json!({})))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_account_without_the_preview_gets_403_from_a_fault() {
    let sb = start().await;
    let hub = Hub::new(&sb);
    let spec = serde_json::to_value(report_refused_fault()).expect("spec");
    add_fault(&sb, spec).await;
    let (status, body) = report(&hub, around_now(json!({}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, json!({"message": REPORT_REFUSED_MESSAGE}));
    let (status, _) = hub.call(Method::GET, "/v1/replies", None).await;
    assert_eq!(status, StatusCode::OK, "the rest of the Hub still answers");
}
