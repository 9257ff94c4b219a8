//! Messages, replies and delivery reports, kept per account (per API key, as the
//! real Hub keeps them per account).
//!
//! Statuses advance lazily: every read first calls [`Store::advance`], which applies
//! each planned step whose time has come, in time order, and records the delivery
//! reports and replies those steps produce. Timestamps in them are the planned
//! times, not the time someone happened to look, so results do not depend on
//! polling.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::lifecycle::{plan_for, Step, AUTO_REPLY_CONTENT};
use crate::domain::message_status::MessageStatus;

/// The most items a check-replies / check-delivery-reports call returns.
const PAGE: usize = 100;

/// A validated message, ready to store.
pub(crate) struct NewMessage {
    /// The request fields to echo back (known fields only, defaults filled in).
    pub echo: Map<String, Value>,
    pub destination: String,
    pub content: String,
    pub source_number: Option<String>,
    pub callback_url: Option<String>,
    pub metadata: Option<Value>,
    pub delivery_report: bool,
    pub scheduled: Option<DateTime<Utc>>,
}

struct Message {
    id: String,
    fields: NewMessage,
    /// When the plan starts (submission, or the future scheduled time).
    start: Instant,
    start_utc: DateTime<Utc>,
    status: MessageStatus,
    plan: &'static [Step],
    /// How many plan steps were applied; `usize::MAX` once cancelled.
    applied: usize,
}

struct Event {
    id: String,
    body: Value,
    confirmed: bool,
}

#[derive(Default)]
struct Account {
    messages: Vec<Message>,
    by_id: HashMap<String, usize>,
    replies: Vec<Event>,
    reports: Vec<Event>,
}

/// Why a cancel was refused.
pub(crate) enum CancelError {
    NotFound,
    NotScheduled(MessageStatus),
}

/// Everything the Hub side of the sandbox stores.
pub(crate) struct Store {
    accounts: HashMap<String, Account>,
    step: Duration,
}

impl Store {
    pub fn new(step: Duration) -> Self {
        Self {
            accounts: HashMap::new(),
            step,
        }
    }

    /// Stores a message; returns the send response item (echo + id + `queued`).
    pub fn submit(&mut self, account: &str, fields: NewMessage) -> Value {
        let now = Instant::now();
        let now_utc = Utc::now();
        let id = uuid::Uuid::new_v4().to_string();
        let (start, start_utc, status) = match fields.scheduled {
            Some(at) if at > now_utc => {
                // Non-negative by the guard; to_std only fails on negatives.
                let ahead = (at - now_utc).to_std().unwrap_or_default();
                (now + ahead, at, MessageStatus::Scheduled)
            }
            _ => (now, now_utc, MessageStatus::Queued),
        };
        let mut item = fields.echo.clone();
        item.insert("message_id".into(), json!(id));
        item.insert("status".into(), json!("queued"));
        let acc = self.accounts.entry(account.to_owned()).or_default();
        acc.by_id.insert(id.clone(), acc.messages.len());
        acc.messages.push(Message {
            id,
            plan: plan_for(&fields.destination),
            fields,
            start,
            start_utc,
            status,
            applied: 0,
        });
        Value::Object(item)
    }

    /// The get-message-status body, or `None` for an unknown id.
    pub fn message(&mut self, account: &str, id: &str) -> Option<Value> {
        self.advance(account, Instant::now());
        let acc = self.accounts.get(account)?;
        let msg = &acc.messages[*acc.by_id.get(id)?];
        let mut body = msg.fields.echo.clone();
        body.insert("message_id".into(), json!(msg.id));
        body.insert("status".into(), json!(msg.status.as_str()));
        Some(Value::Object(body))
    }

    /// Cancels a message that is still `scheduled`.
    pub fn cancel(&mut self, account: &str, id: &str) -> Result<(), CancelError> {
        self.advance(account, Instant::now());
        let acc = self
            .accounts
            .get_mut(account)
            .ok_or(CancelError::NotFound)?;
        let idx = *acc.by_id.get(id).ok_or(CancelError::NotFound)?;
        let msg = &mut acc.messages[idx];
        if msg.status != MessageStatus::Scheduled {
            return Err(CancelError::NotScheduled(msg.status.clone()));
        }
        msg.status = MessageStatus::Cancelled;
        msg.applied = usize::MAX;
        if msg.fields.delivery_report {
            let report = report_body(msg, Utc::now());
            acc.reports.push(report);
        }
        Ok(())
    }

    /// Up to 100 unconfirmed replies, oldest first.
    pub fn replies(&mut self, account: &str) -> Vec<Value> {
        self.advance(account, Instant::now());
        self.accounts
            .get(account)
            .map(|acc| unconfirmed(&acc.replies))
            .unwrap_or_default()
    }

    /// Up to 100 unconfirmed delivery reports, oldest first.
    pub fn reports(&mut self, account: &str) -> Vec<Value> {
        self.advance(account, Instant::now());
        self.accounts
            .get(account)
            .map(|acc| unconfirmed(&acc.reports))
            .unwrap_or_default()
    }

    /// Marks replies confirmed; unknown ids are ignored, as the real API does.
    pub fn confirm_replies(&mut self, account: &str, ids: &[String]) {
        if let Some(acc) = self.accounts.get_mut(account) {
            confirm(&mut acc.replies, ids);
        }
    }

    /// Marks delivery reports confirmed; unknown ids are ignored.
    pub fn confirm_reports(&mut self, account: &str, ids: &[String]) {
        if let Some(acc) = self.accounts.get_mut(account) {
            confirm(&mut acc.reports, ids);
        }
    }

    /// Applies every planned step due by `now`, across the account's messages in
    /// time order, so delivery reports and replies come out chronologically.
    fn advance(&mut self, account: &str, now: Instant) {
        let step = self.step;
        let Some(acc) = self.accounts.get_mut(account) else {
            return;
        };
        let mut due: Vec<(Instant, usize)> = Vec::new();
        for (idx, msg) in acc.messages.iter().enumerate() {
            if msg.applied == usize::MAX {
                continue;
            }
            for s in msg.plan.iter().skip(msg.applied) {
                let at = msg.start + step * s.after_steps;
                if at > now {
                    break;
                }
                due.push((at, idx));
            }
        }
        due.sort_by_key(|(at, _)| *at);
        for (_, idx) in due {
            let msg = &mut acc.messages[idx];
            let s: &'static Step = &msg.plan[msg.applied];
            msg.applied += 1;
            msg.status = s.status.clone();
            let when = msg.start_utc
                + chrono::Duration::from_std(step * s.after_steps).unwrap_or_default();
            if msg.fields.delivery_report {
                let report = report_body(msg, when);
                acc.reports.push(report);
            }
            if s.reply {
                acc.replies.push(reply_body(msg, when));
            }
        }
    }
}

fn unconfirmed(events: &[Event]) -> Vec<Value> {
    events
        .iter()
        .filter(|e| !e.confirmed)
        .take(PAGE)
        .map(|e| e.body.clone())
        .collect()
}

fn confirm(events: &mut [Event], ids: &[String]) {
    for e in events.iter_mut() {
        if ids.iter().any(|id| id.eq_ignore_ascii_case(&e.id)) {
            e.confirmed = true;
        }
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn vendor_account() -> Value {
    json!({"vendor_id": "MessageMedia", "account_id": "SandboxAccount"})
}

/// A delivery report for the message's current status. As the spec notes, its
/// source number is the original message's destination.
fn report_body(msg: &Message, when: DateTime<Utc>) -> Event {
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
fn reply_body(msg: &Message, when: DateTime<Utc>) -> Event {
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
