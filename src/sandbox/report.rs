//! The Hub's sent-message detail report, `POST /v2-preview/reporting/messages/detail`,
//! as the vendor's OpenAPI document describes it, behind the same Basic auth as
//! the `/v1` endpoints.
//!
//! Request: `{"start_date","end_date"}` (required, ISO 8601: with `Z`/`z` or an
//! offset, or a naive date-time or date read as UTC; the end must be after the
//! start), optional `direction` (`outbound`, `inbound` or `all`, the default),
//! `destination` / `destinations` and `source` / `sources` (the list overrides
//! the single one), `page` (from 0) and `page_size` (1 to
//! [`MAX_PAGE_SIZE`], default 20). `timezone` and the document's other filters
//! are accepted and ignored.
//!
//! Answer: 200 `{"messages":[…],"pagination":{"page","page_size","has_next"}}`,
//! **newest first**: every message any of the sandbox's keys sent within the
//! window (they are all one account), each with `message_id`, `format`,
//! `timestamp` (when it was sent), `delivered_timestamp` once delivered,
//! `direction` (`outbound`), `status`, `source_address` when it had one,
//! `destination_address`, `content`, `account_id`, `units` (1) and `metadata`
//! when it had some. The sandbox reports no inbound messages: `inbound` lists
//! nothing. A bad body gets 400 in the Hub's `{"message","details"}` shape.
//!
//! A preview API, which an account may refuse: that refusal is an ordinary
//! fault, since faults apply to every path outside `/_sandbox`, this one
//! included ([`report_refused_fault`]).

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{json, Map, Value};

use super::auth::HubAccount;
use super::faults::FaultSpec;
use super::hub::bad_request;
use super::state::{lock, Shared};
use super::store::SentFilter;
use super::validate::parse_json;

/// The report's path.
pub const REPORT_PATH: &str = "/v2-preview/reporting/messages/detail";

/// The largest `page_size` accepted.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// The `page_size` when none is given.
const DEFAULT_PAGE_SIZE: u64 = 20;

/// The `message` of the 403 [`report_refused_fault`] answers.
///
/// *Unconfirmed*: the Hub's wording for an account without the preview is not
/// documented; kept in one place so it can be changed when it is known.
pub const REPORT_REFUSED_MESSAGE: &str = "This account does not have access to this feature.";

/// A fault that makes the reporting API answer 403, as for an account that may
/// not use the preview: `path_prefix` `/v2-preview/reporting`, status 403,
/// `{"message": REPORT_REFUSED_MESSAGE}`.
pub fn report_refused_fault() -> FaultSpec {
    FaultSpec {
        path_prefix: Some("/v2-preview/reporting".into()),
        status: Some(403),
        body: Some(json!({ "message": REPORT_REFUSED_MESSAGE }).to_string()),
        content_type: Some("application/json".into()),
        ..FaultSpec::default()
    }
}

/// A date as the report reads it: RFC 3339 (`Z`, `z` or an offset), or a naive
/// date-time (`T` or a space, optional fraction, optional seconds) or date,
/// taken as UTC.
pub(crate) fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// A validated request.
#[derive(Debug)]
struct Request {
    filter: SentFilter,
    inbound_only: bool,
    page: u64,
    page_size: u64,
}

/// A list of addresses: the plural field when present, else the single one.
fn addresses(
    obj: &Map<String, Value>,
    one: &str,
    many: &str,
    details: &mut Vec<String>,
) -> Option<Vec<String>> {
    match (obj.get(many), obj.get(one)) {
        (Some(Value::Array(list)), _) => {
            let texts: Option<Vec<String>> =
                list.iter().map(|v| v.as_str().map(str::to_owned)).collect();
            if texts.is_none() {
                details.push(format!("/{many}: must be an array of strings"));
            }
            texts
        }
        (Some(Value::Null) | None, Some(Value::String(s))) => Some(vec![s.clone()]),
        (Some(Value::Null) | None, Some(Value::Null) | None) => None,
        (Some(_), _) => {
            details.push(format!("/{many}: must be an array of strings"));
            None
        }
        (_, Some(_)) => {
            details.push(format!("/{one}: must be a string"));
            None
        }
    }
}

/// A whole number field, `default` when absent.
fn whole(obj: &Map<String, Value>, name: &str, default: u64, details: &mut Vec<String>) -> u64 {
    match obj.get(name) {
        None | Some(Value::Null) => default,
        Some(v) => v.as_u64().unwrap_or_else(|| {
            details.push(format!("/{name}: must be a whole number of at least 0"));
            default
        }),
    }
}

fn request(body: &[u8]) -> Result<Request, Vec<String>> {
    let value = parse_json(body)?;
    let Some(obj) = value.as_object() else {
        return Err(vec!["/: must be an object".into()]);
    };
    let mut details = Vec::new();
    let mut date = |name: &str| match obj.get(name) {
        None | Some(Value::Null) => {
            details.push(format!("/{name}: may not be null"));
            None
        }
        Some(v) => {
            let parsed = v.as_str().and_then(parse_date);
            if parsed.is_none() {
                details.push(format!("/{name}: must be a date-time in ISO 8601 format"));
            }
            parsed
        }
    };
    let (start, end) = (date("start_date"), date("end_date"));
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            details.push("/end_date: must be after start_date".into());
        }
    }
    let inbound_only = match obj.get("direction") {
        None | Some(Value::Null) => false,
        Some(Value::String(d)) if d == "outbound" || d == "all" => false,
        Some(Value::String(d)) if d == "inbound" => true,
        Some(_) => {
            details.push("/direction: must be one of inbound, outbound, all".into());
            false
        }
    };
    if obj
        .get("timezone")
        .is_some_and(|t| !t.is_string() && !t.is_null())
    {
        details.push("/timezone: must be a string".into());
    }
    let destinations = addresses(obj, "destination", "destinations", &mut details);
    let sources = addresses(obj, "source", "sources", &mut details);
    let page = whole(obj, "page", 0, &mut details);
    let page_size = whole(obj, "page_size", DEFAULT_PAGE_SIZE, &mut details);
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        details.push(format!("/page_size: must be between 1 and {MAX_PAGE_SIZE}"));
    }
    match (start, end) {
        (Some(start), Some(end)) if details.is_empty() => Ok(Request {
            filter: SentFilter {
                start,
                end,
                destinations,
                sources,
            },
            inbound_only,
            page,
            page_size,
        }),
        _ => Err(details),
    }
}

/// `POST /v2-preview/reporting/messages/detail`: see the module documentation.
pub(crate) async fn detail(
    HubAccount(_account): HubAccount,
    State(state): State<Shared>,
    body: Bytes,
) -> Response {
    let request = match request(&body) {
        Ok(r) => r,
        Err(details) => return bad_request(details),
    };
    let all = if request.inbound_only {
        Vec::new()
    } else {
        lock(&state.store).sent(&request.filter)
    };
    let size = usize::try_from(request.page_size).unwrap_or(usize::MAX);
    let skip = usize::try_from(request.page)
        .unwrap_or(usize::MAX)
        .saturating_mul(size);
    let messages: Vec<Value> = all.iter().skip(skip).take(size).cloned().collect();
    let has_next = all.len() > skip.saturating_add(messages.len());
    Json(json!({
        "messages": messages,
        "pagination": {
            "page": request.page,
            "page_size": request.page_size,
            "has_next": has_next,
        },
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_every_iso_form_and_naive_ones_as_utc() {
        let want = parse_date("2022-12-12T10:00:00Z").expect("Z");
        for text in [
            "2022-12-12T10:00:00.000z",
            "2022-12-12T12:00:00+02:00",
            "2022-12-12T10:00:00",
            "2022-12-12 10:00:00.000",
            "2022-12-12T10:00",
        ] {
            assert_eq!(parse_date(text), Some(want), "{text}");
        }
        assert!(parse_date("2022-12-12").is_some());
        assert_eq!(parse_date("12/12/2022"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn bad_requests_say_every_problem() {
        let details = request(br#"{"end_date":"2022-01-01T00:00:00Z","start_date":"2022-02-01","direction":"up","page_size":0}"#)
            .expect_err("refused");
        assert_eq!(details.len(), 3, "{details:?}");
        assert!(request(br#"{"start_date":"2022-01-01"}"#).is_err());
        let ok = request(br#"{"start_date":"2022-01-01","end_date":"2022-01-02","destination":"+61491570156","destinations":null}"#)
            .expect("accepted");
        assert_eq!(
            ok.filter.destinations,
            Some(vec!["+61491570156".to_owned()])
        );
        assert_eq!((ok.page, ok.page_size), (0, DEFAULT_PAGE_SIZE));
    }
}
