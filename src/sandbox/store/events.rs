//! The bodies of the events a message produces, as the Hub serves them: its
//! delivery reports and the handset's automatic reply.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::{Event, Message};
use crate::sandbox::lifecycle::AUTO_REPLY_CONTENT;

pub(super) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn vendor_account() -> Value {
    json!({"vendor_id": "MessageMedia", "account_id": "SandboxAccount"})
}

/// A delivery report for the message's current status. As the spec notes, its
/// source number is the original message's destination.
pub(super) fn report_body(msg: &Message, when: DateTime<Utc>) -> Event {
    let id = uuid::Uuid::new_v4().to_string();
    let mut body = json!({
        "delivery_report_id": id,
        "source_number": msg.fields.destination,
        "date_received": stamp(when),
        "status": msg.status.as_str(),
        "delay": 0,
        "billing_units": 1,
        "submitted_date": stamp(when),
        "original_text": msg.fields.content,
        "message_id": msg.id,
        "vendor_account_id": vendor_account(),
        "metadata": msg.fields.metadata.clone().unwrap_or_else(|| json!({})),
    });
    if let (Some(url), Some(obj)) = (&msg.fields.callback_url, body.as_object_mut()) {
        obj.insert("callback_url".into(), json!(url));
    }
    Event {
        id,
        body,
        confirmed: false,
    }
}

/// The automatic reply from the handset. Source and destination are the inverse of
/// the message's; with no source number on the message, the reply has no
/// destination number (as the spec says).
pub(super) fn reply_body(msg: &Message, when: DateTime<Utc>) -> Event {
    let id = uuid::Uuid::new_v4().to_string();
    let mut body = Map::new();
    body.insert("reply_id".into(), json!(id));
    body.insert("message_id".into(), json!(msg.id));
    body.insert("content".into(), json!(AUTO_REPLY_CONTENT));
    body.insert("date_received".into(), json!(stamp(when)));
    body.insert("source_number".into(), json!(msg.fields.destination));
    if let Some(src) = &msg.fields.source_number {
        body.insert("destination_number".into(), json!(src));
    }
    if let Some(url) = &msg.fields.callback_url {
        body.insert("callback_url".into(), json!(url));
    }
    body.insert(
        "metadata".into(),
        msg.fields.metadata.clone().unwrap_or_else(|| json!({})),
    );
    body.insert("vendor_account_id".into(), vendor_account());
    Event {
        id,
        body: Value::Object(body),
        confirmed: false,
    }
}
