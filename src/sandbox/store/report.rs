//! The store's side of the sent-message detail report: every message any key
//! sent within a time window, as the report lists it.
//!
//! All the sandbox's keys belong to one Hub account ("SandboxAccount", as its
//! delivery reports say), so the report lists the messages of every key,
//! whichever key asks, the simulated spoke's included.

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{stamp, Message, Store};
use crate::domain::message_status::MessageStatus;

/// Which sent messages a report wants.
#[derive(Debug, Clone)]
pub(crate) struct SentFilter {
    /// From this moment, included.
    pub start: DateTime<Utc>,
    /// To this moment, included.
    pub end: DateTime<Utc>,
    /// Only to one of these numbers, when set.
    pub destinations: Option<Vec<String>>,
    /// Only from one of these numbers, when set.
    pub sources: Option<Vec<String>>,
}

impl SentFilter {
    fn wants(&self, msg: &Message) -> bool {
        let at = msg.start_utc;
        let to = &msg.fields.destination;
        let from = msg.fields.source_number.as_deref();
        at >= self.start
            && at <= self.end
            && self
                .destinations
                .as_ref()
                .is_none_or(|list| list.iter().any(|d| d == to))
            && self
                .sources
                .as_ref()
                .is_none_or(|list| from.is_some_and(|f| list.iter().any(|s| s == f)))
    }
}

impl Store {
    /// The messages sent within the filter's window, newest first, each as a
    /// detail report lists it. A message's `timestamp` is when it was sent:
    /// its submission, or its scheduled time.
    pub fn sent(&mut self, filter: &SentFilter) -> Vec<Value> {
        let now = Instant::now();
        let accounts: Vec<String> = self.accounts.keys().cloned().collect();
        for account in &accounts {
            self.advance(account, now);
        }
        let step = self.step;
        let mut found: Vec<(DateTime<Utc>, &str, Value)> = Vec::new();
        for msg in self.accounts.values().flat_map(|a| a.messages.iter()) {
            if !filter.wants(msg) {
                continue;
            }
            let mut item = json!({
                "message_id": msg.id,
                "format": msg.fields.echo.get("format").and_then(Value::as_str).unwrap_or("SMS"),
                "timestamp": stamp(msg.start_utc),
                "direction": "outbound",
                "status": msg.status.as_str(),
                "destination_address": msg.fields.destination,
                "content": msg.fields.content,
                "account_id": "SandboxAccount",
                "units": 1,
            });
            if let Some(obj) = item.as_object_mut() {
                if let Some(src) = &msg.fields.source_number {
                    obj.insert("source_address".into(), json!(src));
                }
                if let Some(meta) = &msg.fields.metadata {
                    obj.insert("metadata".into(), meta.clone());
                }
                if msg.status == MessageStatus::Delivered {
                    let delivered = msg
                        .plan
                        .iter()
                        .find(|s| s.status == MessageStatus::Delivered)
                        .and_then(|s| chrono::Duration::from_std(step * s.after_steps).ok())
                        .map(|after| stamp(msg.start_utc + after));
                    if let Some(at) = delivered {
                        obj.insert("delivered_timestamp".into(), json!(at));
                    }
                }
            }
            found.push((msg.start_utc, msg.id.as_str(), item));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        found.into_iter().map(|(_, _, item)| item).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::Map;

    use super::*;
    use crate::sandbox::store::{NewMessage, StoreLimits};

    fn message(to: &str, scheduled: Option<DateTime<Utc>>) -> NewMessage {
        NewMessage {
            echo: Map::new(),
            destination: to.to_owned(),
            content: format!("to {to}"),
            source_number: None,
            callback_url: None,
            metadata: None,
            delivery_report: false,
            scheduled,
        }
    }

    #[test]
    fn every_keys_messages_in_the_window_newest_first() {
        let mut store = Store::new(Duration::ZERO, StoreLimits::default());
        let later = Utc::now() + chrono::Duration::hours(2);
        store.submit("A", message("+61491570156", None));
        store.submit("B", message("+61491570157", None));
        store.submit("A", message("+61491570158", Some(later)));
        let mut filter = SentFilter {
            start: Utc::now() - chrono::Duration::minutes(1),
            end: Utc::now() + chrono::Duration::minutes(1),
            destinations: None,
            sources: None,
        };
        let sent = store.sent(&filter);
        assert_eq!(sent.len(), 2, "the scheduled one is outside: {sent:?}");
        assert!(sent[0]["timestamp"].as_str() >= sent[1]["timestamp"].as_str());
        assert!(sent.iter().all(|m| m["status"] == "delivered"));
        assert!(sent.iter().all(|m| m["delivered_timestamp"].is_string()));
        filter.destinations = Some(vec!["+61491570157".into()]);
        let one = store.sent(&filter);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0]["destination_address"], "+61491570157");
        filter.sources = Some(vec!["+61491570157".into()]);
        assert!(store.sent(&filter).is_empty(), "no message has a source");
    }
}
