//! Validation of request bodies, worded like the real Hub's 400 `details`
//! (`"/messages/0/destination_number: International address must be …"`).
//!
//! Bodies are checked as raw JSON values rather than through a serde struct so
//! that every problem in every message is reported with its JSON path, and so
//! that a wrong content type or a null optional field is accepted like the real
//! API does.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::store::NewMessage;

/// The most messages in one send request.
pub const MAX_MESSAGES: usize = 100;
/// The most characters in a message's content.
pub const MAX_CONTENT_CHARS: usize = 5000;
/// The most metadata pairs on a message.
pub const MAX_METADATA_PAIRS: usize = 10;
/// The most characters in a metadata key.
pub const MAX_METADATA_KEY_CHARS: usize = 100;
/// The most characters in a metadata value.
pub const MAX_METADATA_VALUE_CHARS: usize = 256;
/// The most ids one confirm request may carry.
pub const MAX_CONFIRM_IDS: usize = 100;

/// The detail given when the body is not JSON at all (the spec's own example).
pub const PARSE_FAILURE: &str = "Failed to parse message body.";

/// Parses a body as JSON, or gives the spec's parse-failure detail.
pub(crate) fn parse_json(body: &[u8]) -> Result<Value, Vec<String>> {
    serde_json::from_slice(body).map_err(|_| vec![PARSE_FAILURE.to_owned()])
}

/// Validates a send-messages body; all messages must be valid, else none is sent.
pub(crate) fn send_request(body: &[u8]) -> Result<Vec<NewMessage>, Vec<String>> {
    let value = parse_json(body)?;
    let Some(list) = value.get("messages").and_then(Value::as_array) else {
        return Err(vec![
            "/messages: may not be null and must be an array".into()
        ]);
    };
    if list.is_empty() || list.len() > MAX_MESSAGES {
        return Err(vec![format!(
            "/messages: size must be between 1 and {MAX_MESSAGES}"
        )]);
    }
    let mut details = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        match message(&format!("/messages/{i}"), item) {
            Ok(m) => out.push(m),
            Err(mut d) => details.append(&mut d),
        }
    }
    if details.is_empty() {
        Ok(out)
    } else {
        Err(details)
    }
}

/// A field that must be a string when present; `null` counts as absent.
fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    path: &str,
    field: &str,
    details: &mut Vec<String>,
) -> Option<&'a str> {
    match obj.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            details.push(format!("{path}/{field}: must be a string"));
            None
        }
    }
}

fn message(path: &str, item: &Value) -> Result<NewMessage, Vec<String>> {
    let Some(obj) = item.as_object() else {
        return Err(vec![format!("{path}: must be an object")]);
    };
    let mut d = Vec::new();
    let mut echo = Map::new();

    let content = opt_str(obj, path, "content", &mut d).map(str::to_owned);
    match &content {
        None if obj.get("content").is_none_or(|v| v.is_null()) => {
            d.push(format!("{path}/content: may not be null"));
        }
        Some(c) if c.is_empty() || c.chars().count() > MAX_CONTENT_CHARS => {
            d.push(format!(
                "{path}/content: size must be between 1 and {MAX_CONTENT_CHARS}"
            ));
        }
        _ => {}
    }

    let destination = opt_str(obj, path, "destination_number", &mut d).map(str::to_owned);
    match &destination {
        None if obj.get("destination_number").is_none_or(|v| v.is_null()) => {
            d.push(format!("{path}/destination_number: may not be null"));
        }
        Some(n) => {
            if let Some(problem) = international_number_problem(n) {
                d.push(format!("{path}/destination_number: {problem}"));
            }
        }
        None => {}
    }

    let format = opt_str(obj, path, "format", &mut d).unwrap_or("SMS");
    if !matches!(format, "SMS" | "MMS" | "TTS") {
        d.push(format!("{path}/format: must be one of SMS, MMS, TTS"));
    }
    let delivery_report = match obj.get("delivery_report") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            d.push(format!("{path}/delivery_report: must be a boolean"));
            false
        }
    };
    let callback_url = opt_str(obj, path, "callback_url", &mut d).map(str::to_owned);
    if callback_url.as_deref().is_some_and(|u| !valid_callback(u)) {
        // The real API names the field in camel case here.
        d.push(format!("{path}/callbackUrl: Invalid callback url"));
    }
    let scheduled = date_field(obj, path, "scheduled", &mut d);
    let _ = date_field(obj, path, "message_expiry_timestamp", &mut d);
    let source_number = opt_str(obj, path, "source_number", &mut d).map(str::to_owned);
    if let Some(t) = opt_str(obj, path, "source_number_type", &mut d) {
        if !matches!(t, "INTERNATIONAL" | "ALPHANUMERIC" | "SHORTCODE") {
            d.push(format!(
                "{path}/source_number_type: must be one of INTERNATIONAL, ALPHANUMERIC, SHORTCODE"
            ));
        }
    }
    if opt_str(obj, path, "subject", &mut d).is_some_and(|s| s.chars().count() > 64) {
        d.push(format!("{path}/subject: size must be between 0 and 64"));
    }
    if let Some(media) = obj.get("media").filter(|v| !v.is_null()) {
        let ok = media
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            d.push(format!("{path}/media: must be an array of URLs"));
        }
    }
    let metadata = metadata(obj.get("metadata"), path, &mut d);

    if !d.is_empty() {
        return Err(d);
    }
    // Echo the known fields as given, with the documented defaults filled in.
    for key in [
        "callback_url",
        "content",
        "destination_number",
        "message_expiry_timestamp",
        "metadata",
        "scheduled",
        "source_number",
        "source_number_type",
        "media",
        "subject",
    ] {
        if let Some(v) = obj.get(key).filter(|v| !v.is_null()) {
            echo.insert(key.into(), v.clone());
        }
    }
    echo.insert("format".into(), json!(format));
    echo.insert("delivery_report".into(), json!(delivery_report));
    Ok(NewMessage {
        echo,
        // Both are Some here: a missing one pushed a detail above.
        destination: destination.unwrap_or_default(),
        content: content.unwrap_or_default(),
        source_number,
        callback_url,
        metadata,
        delivery_report,
        scheduled,
    })
}

/// Why `number` is not `+` and 8–15 digits, worded as the real API words it.
pub(crate) fn international_number_problem(number: &str) -> Option<String> {
    let digits = number.strip_prefix('+').unwrap_or(number);
    let mut problems = Vec::new();
    if !(8..=15).contains(&digits.chars().count()) {
        problems.push(
            "International address must be between 8 and 15 characters excluding the first '+'",
        );
    }
    if !number.starts_with('+') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        problems.push("International address contains invalid characters");
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!("{}.", problems.join(", ")))
    }
}

fn valid_callback(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.host_str().is_some_and(|h| !h.is_empty())
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn date_field(
    obj: &Map<String, Value>,
    path: &str,
    field: &str,
    d: &mut Vec<String>,
) -> Option<DateTime<Utc>> {
    let raw = opt_str(obj, path, field, d)?;
    match parse_date_time(raw) {
        Some(t) => Some(t),
        None => {
            d.push(format!(
                "{path}/{field}: must be an ISO 8601 date-time, e.g. 2016-11-03T11:49:02.807Z"
            ));
            None
        }
    }
}

/// An ISO 8601 date-time. One without an offset is taken as UTC, as the API asks
/// for UTC and the official Python SDK sends `datetime.isoformat()` of a naive
/// datetime (no offset).
fn parse_date_time(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

fn metadata(value: Option<&Value>, path: &str, d: &mut Vec<String>) -> Option<Value> {
    let value = value.filter(|v| !v.is_null())?;
    let Some(map) = value.as_object() else {
        d.push(format!(
            "{path}/metadata: must be an object of key/value pairs"
        ));
        return None;
    };
    if map.len() > MAX_METADATA_PAIRS {
        d.push(format!(
            "{path}/metadata: a maximum of {MAX_METADATA_PAIRS} key/value pairs may be specified"
        ));
    }
    for (k, v) in map {
        if k.is_empty() || k.chars().count() > MAX_METADATA_KEY_CHARS {
            d.push(format!(
                "{path}/metadata: key '{k}' must be between 1 and {MAX_METADATA_KEY_CHARS} characters"
            ));
        }
        match v.as_str() {
            Some(s) if s.chars().count() <= MAX_METADATA_VALUE_CHARS => {}
            _ => d.push(format!(
                "{path}/metadata/{k}: value must be a string of at most {MAX_METADATA_VALUE_CHARS} characters"
            )),
        }
    }
    Some(value.clone())
}

/// Validates a confirm body: `{"<field>": ["uuid", …]}` with at most 100 ids.
pub(crate) fn confirm_ids(body: &[u8], field: &str) -> Result<Vec<String>, Vec<String>> {
    let value = parse_json(body)?;
    let Some(list) = value.get(field).and_then(Value::as_array) else {
        return Err(vec![format!(
            "/{field}: may not be null and must be an array"
        )]);
    };
    if list.len() > MAX_CONFIRM_IDS {
        return Err(vec![format!(
            "/{field}: size must be between 0 and {MAX_CONFIRM_IDS}"
        )]);
    }
    let mut ids = Vec::with_capacity(list.len());
    let mut d = Vec::new();
    for (i, v) in list.iter().enumerate() {
        match v.as_str().filter(|s| uuid::Uuid::parse_str(s).is_ok()) {
            Some(s) => ids.push(s.to_owned()),
            None => d.push(format!("/{field}/{i}: must be a UUID")),
        }
    }
    if d.is_empty() {
        Ok(ids)
    } else {
        Err(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_like_the_real_api() {
        assert_eq!(international_number_problem("+61491570156"), None);
        assert_eq!(
            international_number_problem("+6149").as_deref(),
            Some("International address must be between 8 and 15 characters excluding the first '+'.")
        );
        assert!(international_number_problem("+6149157015a")
            .is_some_and(|p| p.contains("invalid characters")));
        assert!(international_number_problem("61491570156").is_some());
    }

    #[test]
    fn dates_without_an_offset_are_utc() {
        let with = parse_date_time("2030-01-02T03:04:05.678Z");
        assert_eq!(with, parse_date_time("2030-01-02T03:04:05.678"));
        assert_eq!(with, parse_date_time("2030-01-02T13:04:05.678+10:00"));
        assert!(with.is_some());
        assert_eq!(parse_date_time("next tuesday"), None);
    }
}
