//! The Hub client's sent-message report against a small scripted Hub (axum)
//! that checks the request as the reporting API describes it and filters its
//! messages by destination and time; and the refusals a caller falls back on.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Duration, TimeZone, Utc};
use nowkey::clients::http::Timeouts;
use nowkey::clients::hub::HubClient;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::phone::E164;
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::servicenow_write::{find_proof, ProofCode};
use nowkey::domain::token::HubCredentials;
use serde_json::{json, Value};

const KEY: &str = "reportkey123";
const SECRET: &str = "CANARYreportSecret9";
const TO: &str = "+61491570156";

/// How the scripted Hub treats the report.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Answers with the messages that match.
    Serve,
    /// 403: the account may not use the report.
    NotEnabled,
    /// 501: this Hub has no such report.
    NotImplemented,
}

/// The Hub: its mode, its sent messages `(time, destination, content)`, and
/// the bodies it was sent.
struct Hub {
    mode: Mode,
    sent: Vec<(DateTime<Utc>, &'static str, String)>,
    bodies: Vec<Value>,
}

type Shared = Arc<Mutex<Hub>>;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 10, minute, 0).unwrap()
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

async fn report(
    State(hub): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut hub = hub.lock().unwrap();
    hub.bodies.push(body.clone());
    let expected = format!("Basic {}", b64(&format!("{KEY}:{SECRET}")));
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return refuse(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    match hub.mode {
        Mode::NotEnabled => {
            return refuse(
                StatusCode::FORBIDDEN,
                "Reporting is not enabled for this account",
            )
        }
        Mode::NotImplemented => return refuse(StatusCode::NOT_IMPLEMENTED, "Not Implemented"),
        Mode::Serve => {}
    }
    let date = |name: &str| {
        body[name]
            .as_str()
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .map(|date| date.with_timezone(&Utc))
    };
    let (Some(start), Some(end)) = (date("start_date"), date("end_date")) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "start_date and end_date are required",
        );
    };
    if body["timezone"] != "UTC" || body["direction"] != "outbound" || body["page"] != 0 {
        return refuse(StatusCode::BAD_REQUEST, "bad timezone, direction or page");
    }
    let destination = body["destination"].as_str().unwrap_or_default().to_owned();
    let messages: Vec<Value> = hub
        .sent
        .iter()
        .enumerate()
        .filter(|(_, (when, to, _))| *to == destination && (start..=end).contains(when))
        .map(|(n, (when, to, content))| {
            json!({"message_id": format!("m-{n}"), "timestamp": when.to_rfc3339(),
                   "destination_address": to, "content": content, "status": "delivered",
                   "source_address": "+61400000000", "units": 1})
        })
        .collect();
    Json(json!({"messages": messages,
                "pagination": {"page": 0, "page_size": body["page_size"], "has_next": false}}))
    .into_response()
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Serves a Hub in `mode` that sent `sent`; returns a client for it.
async fn serve(
    mode: Mode,
    sent: Vec<(DateTime<Utc>, &'static str, String)>,
) -> (HubClient, Shared) {
    let shared: Shared = Arc::new(Mutex::new(Hub {
        mode,
        sent,
        bodies: Vec::new(),
    }));
    let app = Router::new()
        .route("/v2-preview/reporting/messages/detail", post(report))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let credentials = HubCredentials {
        key: clean_api_key(KEY).unwrap(),
        secret: clean_api_secret(SECRET).unwrap(),
    };
    (
        HubClient::new(&base, credentials, Timeouts::default()).unwrap(),
        shared,
    )
}

#[tokio::test]
async fn the_proof_message_is_found_in_the_report_of_its_window() {
    let code = ProofCode::from_entropy([1, 2, 3, 4]);
    let sent = vec![
        (at(1), TO, "an earlier message".to_owned()),
        (at(2), "+61400000009", code.message_text()),
        (at(3), TO, code.message_text()),
        (at(30), TO, code.message_text()),
    ];
    let (client, hub) = serve(Mode::Serve, sent).await;
    let to = E164::parse(TO).unwrap();
    let messages = client
        .sent_messages_report(at(0), at(10), &to)
        .await
        .unwrap();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let found = find_proof(&messages, &code, TO).expect("the proof message");
    assert_eq!(found.message_id, "m-2");
    assert_eq!(found.status, "delivered");
    let body = hub.lock().unwrap().bodies[0].clone();
    assert_eq!(body["start_date"], "2026-12-05T10:00:00.000Z");
    assert_eq!(body["end_date"], "2026-12-05T10:10:00.000Z");
    assert_eq!(body["page_size"], 100);
    assert_eq!(body["destination"], TO);

    let empty = client
        .sent_messages_report(at(40), at(40) + Duration::minutes(5), &to)
        .await
        .unwrap();
    assert!(empty.is_empty());
}

#[tokio::test]
async fn a_hub_that_will_not_give_the_report_is_report_unavailable() {
    let to = E164::parse(TO).unwrap();
    for (mode, status) in [(Mode::NotEnabled, 403), (Mode::NotImplemented, 501)] {
        let (client, _) = serve(mode, Vec::new()).await;
        let error = client
            .sent_messages_report(at(0), at(10), &to)
            .await
            .unwrap_err();
        let ClientError::ReportUnavailable { status: got, .. } = &error else {
            panic!("expected ReportUnavailable, got {error:?}");
        };
        assert_eq!(*got, status);
        let message = error.user_message(Service::Hub);
        assert!(
            message.contains("check by hand that the message arrived"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_wrong_secret_is_auth_and_never_shown() {
    let (client, _) = serve(Mode::Serve, Vec::new()).await;
    let wrong = HubClient::new(
        client.base_url().as_str(),
        HubCredentials {
            key: clean_api_key(KEY).unwrap(),
            secret: clean_api_secret("CANARYwrongSecret1").unwrap(),
        },
        Timeouts::default(),
    )
    .unwrap();
    let to = E164::parse(TO).unwrap();
    let error = wrong
        .sent_messages_report(at(0), at(10), &to)
        .await
        .unwrap_err();
    assert_eq!(error, ClientError::Auth { status: 401 });
    let shown = format!("{error:?} {}", error.user_message(Service::Hub));
    assert!(!shown.contains("CANARYwrongSecret1"), "{shown}");
}
