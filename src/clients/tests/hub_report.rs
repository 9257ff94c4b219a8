//! The Hub's sent-message report: the request body, what the answer becomes,
//! and each way the Hub can refuse it.

use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::{
    client_for, credentials, json_response, path_of, response, Behaviour, TestServer, CANARY,
};
use crate::domain::phone::E164;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::ReportedMessage;

const TO: &str = "+61491570156";

/// What the report gives against a server answering `raw`.
async fn report(server: &TestServer) -> Result<Vec<ReportedMessage>, ClientError> {
    let from = Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap();
    let to = from + chrono::Duration::minutes(15) + chrono::Duration::milliseconds(250);
    client_for(server)
        .sent_messages_report(from, to, &E164::parse(TO).unwrap())
        .await
}

async fn refusal(raw: String) -> ClientError {
    let server = TestServer::start(Behaviour::Respond(raw)).await;
    report(&server).await.unwrap_err()
}

#[tokio::test]
async fn the_request_is_the_documented_body_and_the_answer_is_read_leniently() {
    let answer = r#"{"messages":[
        {"message_id":"877c19ef","timestamp":"2026-12-05T10:01:02.000Z","destination_address":"+61491570156","content":"nowkey check NK-7F3Q","status":"delivered","source_address":"+614"},
        {"message_id":42,"destination_number":"+61 491 570 156","content":"line\nbreak\u001b]52;c;x\u0007"},
        {}
    ],"pagination":{"page":0,"page_size":100,"has_next":false}}"#;
    let mut server = TestServer::start(Behaviour::Respond(json_response(200, answer))).await;
    let messages = report(&server).await.unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(
        messages[0],
        ReportedMessage {
            message_id: "877c19ef".into(),
            timestamp: "2026-12-05T10:01:02.000Z".into(),
            destination: TO.into(),
            content: "nowkey check NK-7F3Q".into(),
            status: "delivered".into(),
        }
    );
    assert_eq!(messages[1].message_id, "42");
    assert_eq!(messages[1].destination, "+61 491 570 156");
    assert_eq!(messages[1].content, "line break\u{fffd}]52;c;x\u{fffd}");
    assert_eq!(messages[1].status, "");
    assert_eq!(messages[2].content, "");

    let request = server.next_request().await;
    assert!(request.starts_with("POST "), "{request}");
    assert_eq!(path_of(&request), "/v2-preview/reporting/messages/detail");
    let lower = request.to_ascii_lowercase();
    assert!(
        lower.contains("\r\ncontent-type: application/json\r\n"),
        "{request}"
    );
    let expected = credentials().token().authorization_header();
    assert!(
        request.contains(secrecy::ExposeSecret::expose_secret(&expected)),
        "{request}"
    );
    let (_, body) = request.split_once("\r\n\r\n").unwrap();
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "start_date": "2026-12-05T10:00:00.000Z",
            "end_date": "2026-12-05T10:15:00.250Z",
            "direction": "outbound",
            "destination": TO,
            "timezone": "UTC",
            "page": 0,
            "page_size": 100,
        })
    );
}

#[tokio::test]
async fn the_hub_refusing_the_report_is_report_unavailable() {
    let not_enabled = r#"{"message":"Reporting is not enabled for this account"}"#;
    let cases = [
        (
            json_response(403, not_enabled),
            403,
            Some("Reporting is not enabled for this account"),
        ),
        (json_response(404, "{}"), 404, None),
        (response(405, &[], ""), 405, None),
        (
            json_response(501, r#"{"message":"Not Implemented"}"#),
            501,
            None,
        ),
        (
            json_response(400, not_enabled),
            400,
            Some("Reporting is not enabled for this account"),
        ),
        (
            json_response(
                400,
                r#"{"message":"Invalid request","details":["this account is not permitted to use reporting"]}"#,
            ),
            400,
            Some("Invalid request"),
        ),
    ];
    for (raw, status, message) in cases {
        let error = refusal(raw).await;
        assert_eq!(
            error,
            ClientError::ReportUnavailable {
                status,
                message: message.map(str::to_owned)
            }
        );
        let shown = error.user_message(Service::Hub);
        assert!(shown.contains("check by hand"), "{shown}");
    }
}

#[tokio::test]
async fn other_failures_keep_their_own_class() {
    let cases = [
        (
            json_response(401, r#"{"message":"Unauthorized"}"#),
            ClientError::Auth { status: 401 },
        ),
        (
            json_response(403, r#"{"message":"Unauthorised"}"#),
            ClientError::Auth { status: 403 },
        ),
        (
            response(429, &[("Retry-After", "7")], ""),
            ClientError::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
            },
        ),
        (
            json_response(503, "{}"),
            ClientError::Server { status: 503 },
        ),
        (
            json_response(400, r#"{"message":"end_date is before start_date"}"#),
            ClientError::BadRequest {
                message: "end_date is before start_date".into(),
                details: vec![],
            },
        ),
    ];
    for (raw, expected) in cases {
        assert_eq!(refusal(raw).await, expected);
    }
    for body in ["{}", r#"{"messages":null}"#, "<html>Sign in</html>", ""] {
        let error = refusal(response(200, &[], body)).await;
        assert_eq!(error.class(), "unexpected_body", "{body}");
    }
}

#[tokio::test]
async fn the_secret_never_shows_in_a_refusal() {
    let token = credentials().token();
    let echo = format!(
        r#"{{"message":"not enabled for {CANARY}","details":["Basic {}"]}}"#,
        token.expose()
    );
    for status in [400, 403, 404] {
        let error = refusal(json_response(status, &echo)).await;
        let shown = format!("{error:?} {error} {}", error.user_message(Service::Hub));
        assert!(
            !shown.contains(CANARY) && !shown.contains(token.expose()),
            "{shown}"
        );
    }
}
