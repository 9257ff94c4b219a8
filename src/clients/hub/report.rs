//! The Hub's sent-message report, read to prove that ServiceNow sent with the
//! new credentials: `POST /v2-preview/reporting/messages/detail`, as the
//! vendor's reporting API describes it.
//!
//! Not every account may use the report (it is a preview, and may be off for a
//! sub-account): a refusal becomes [`ClientError::ReportUnavailable`], so the
//! caller can ask a person whether the message arrived instead.

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::HubClient;
use crate::clients::http::shorten;
use crate::domain::phone::E164;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow_write::ReportedMessage;

/// The report's path under the Hub's base URL.
const REPORT_PATH: [&str; 4] = ["v2-preview", "reporting", "messages", "detail"];

/// One page, the largest the report gives.
const PAGE_SIZE: u32 = 100;

/// The time zone the report works in. The document asks for a region name from
/// the IANA time zone database; `UTC` is one (the database's own name for
/// Coordinated Universal Time, accepted wherever its names are), and it agrees
/// with the `Z` of the dates sent, so the window and the timestamps that come
/// back are both in UTC whatever the account's own time zone.
const REPORT_TIMEZONE: &str = "UTC";

/// The most characters of a message's text kept: far more than any test
/// message, and a bound on what one hostile answer can put on screen.
const MAX_CONTENT_CHARS: usize = 2000;

impl HubClient {
    /// `POST /v2-preview/reporting/messages/detail`: the outbound messages sent
    /// to `destination` between `from` and `to` (UTC), at most one page of 100.
    /// A refusal (403/404/405/501, or the Hub saying the account may not use
    /// the report) is [`ClientError::ReportUnavailable`]; a rejected key stays
    /// [`ClientError::Auth`]. Every text in the answer is cleaned for one line.
    pub async fn sent_messages_report(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        destination: &E164,
    ) -> Result<Vec<ReportedMessage>, ClientError> {
        let request = json!({
            "start_date": from.to_rfc3339_opts(SecondsFormat::Millis, true),
            "end_date": to.to_rfc3339_opts(SecondsFormat::Millis, true),
            "direction": "outbound",
            "destination": destination.as_str(),
            "timezone": REPORT_TIMEZONE,
            "page": 0,
            "page_size": PAGE_SIZE,
        });
        let body = self
            .call(Method::POST, &REPORT_PATH, Some(&request))
            .await
            .map_err(unavailable)?;
        let parsed: ReportResponse = self.parse(&body, "a `messages` list")?;
        let Some(messages) = parsed.messages else {
            return Err(self.scrub(ClientError::UnexpectedBody {
                status: body.status.as_u16(),
                detail: "JSON without a `messages` list".to_owned(),
            }));
        };
        Ok(messages.iter().map(reported).collect())
    }
}

/// The report's classes of refusal made [`ClientError::ReportUnavailable`];
/// every other error as it was.
fn unavailable(error: ClientError) -> ClientError {
    let refusal =
        |status, message: Option<String>| ClientError::ReportUnavailable { status, message };
    match error {
        ClientError::Permission { message } => refusal(403, message),
        ClientError::NotFound { message } => refusal(404, message),
        ClientError::UnexpectedStatus { status: 405 } => refusal(405, None),
        ClientError::Server { status: 501 } => refusal(501, None),
        ClientError::BadRequest { message, details } if says_not_allowed(&message, &details) => {
            refusal(400, Some(message))
        }
        other => other,
    }
}

/// True when a 400's words say the account may not use the report, rather
/// than that the request was malformed.
fn says_not_allowed(message: &str, details: &[String]) -> bool {
    std::iter::once(message)
        .chain(details.iter().map(String::as_str))
        .map(str::to_lowercase)
        .any(|text| {
            [
                "not enabled",
                "not permitted",
                "not allowed",
                "not available",
                "no access",
            ]
            .iter()
            .any(|needle| text.contains(needle))
        })
}

/// The answer: `{"messages":[…],"pagination":{…}}`. Only `messages` matters
/// (one page is read); everything in a message is optional.
#[derive(Deserialize)]
struct ReportResponse {
    #[serde(default)]
    messages: Option<Vec<Value>>,
}

/// One message of the report, every text cleaned for one line.
fn reported(message: &Value) -> ReportedMessage {
    let field = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| match message.get(*name)? {
                Value::String(text) => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let content = field(&["content"]);
    ReportedMessage {
        message_id: shorten(&field(&["message_id", "id"])),
        timestamp: shorten(&field(&["timestamp", "submitted_date", "date"])),
        destination: shorten(&field(&[
            "destination_address",
            "destination_number",
            "destination",
        ])),
        content: crate::domain::untrusted::clean_line(
            &content.chars().take(MAX_CONTENT_CHARS).collect::<String>(),
        ),
        // Absent when the Hub has no status for it yet: left empty.
        status: shorten(&field(&["status"])),
    }
}
