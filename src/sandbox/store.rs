//! Messages, replies and delivery reports, kept per account (per API key, as the
//! real Hub keeps them per account).
//!
//! The store is bounded across all accounts ([`StoreLimits`]): past the limit the
//! oldest message, or the oldest reply or delivery report, is dropped first, so a
//! client that sends without end cannot grow the sandbox without end.
//!
//! Statuses advance lazily: every read first calls [`Store::advance`], which applies
//! each planned step whose time has come, in time order, and records the delivery
//! reports and replies those steps produce. Timestamps in them are the planned
//! times, not the time someone happened to look, so results do not depend on
//! polling.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::lifecycle::{plan_for, Step};
use crate::domain::message_status::MessageStatus;

/// The most items a check-replies / check-delivery-reports call returns.
const PAGE: usize = 100;

/// The default [`StoreLimits::messages`].
pub(crate) const MAX_STORED_MESSAGES: usize = 1000;
/// The default [`StoreLimits::events`]: two per message (enroute, then final).
pub(crate) const MAX_STORED_EVENTS: usize = 2 * MAX_STORED_MESSAGES;

/// How much the store keeps, across all accounts, before dropping the oldest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StoreLimits {
    /// Messages.
    pub messages: usize,
    /// Replies and delivery reports together.
    pub events: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            messages: MAX_STORED_MESSAGES,
            events: MAX_STORED_EVENTS,
        }
    }
}

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

/// Which list an event is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum EventKind {
    Reply,
    Report,
}

#[derive(Default)]
struct Account {
    messages: VecDeque<Message>,
    /// Message id → its sequence number in this account; its index in `messages`
    /// is that minus `dropped`.
    by_id: HashMap<String, u64>,
    /// How many of this account's messages were dropped from the front.
    dropped: u64,
    replies: VecDeque<Event>,
    reports: VecDeque<Event>,
}

impl Account {
    fn index_of(&self, id: &str) -> Option<usize> {
        let seq = *self.by_id.get(id)?;
        usize::try_from(seq.checked_sub(self.dropped)?).ok()
    }

    fn events_mut(&mut self, kind: EventKind) -> &mut VecDeque<Event> {
        match kind {
            EventKind::Reply => &mut self.replies,
            EventKind::Report => &mut self.reports,
        }
    }
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
    limits: StoreLimits,
    /// The account of every stored message, oldest first: whose goes when full.
    message_order: VecDeque<String>,
    /// The account and list of every stored event, oldest first.
    event_order: VecDeque<(String, EventKind)>,
}

impl Store {
    pub fn new(step: Duration, limits: StoreLimits) -> Self {
        Self {
            accounts: HashMap::new(),
            step,
            limits,
            message_order: VecDeque::new(),
            event_order: VecDeque::new(),
        }
    }

    /// Drops everything an account stored (its key was deleted: no one can ask).
    pub fn forget(&mut self, account: &str) {
        self.accounts.remove(account);
        self.message_order.retain(|a| a != account);
        self.event_order.retain(|(a, _)| a != account);
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
        let seq = acc.dropped + acc.messages.len() as u64;
        acc.by_id.insert(id.clone(), seq);
        acc.messages.push_back(Message {
            id,
            plan: plan_for(&fields.destination),
            fields,
            start,
            start_utc,
            status,
            applied: 0,
        });
        self.message_order.push_back(account.to_owned());
        while self.message_order.len() > self.limits.messages {
            self.drop_oldest_message();
        }
        Value::Object(item)
    }

    fn drop_oldest_message(&mut self) {
        let Some(owner) = self.message_order.pop_front() else {
            return;
        };
        if let Some(acc) = self.accounts.get_mut(&owner) {
            // Each account's messages are in the global order too: its front is this one.
            if let Some(gone) = acc.messages.pop_front() {
                acc.by_id.remove(&gone.id);
                acc.dropped += 1;
            }
        }
    }

    /// Records new events (in order), then drops the oldest ones past the limit.
    fn record(&mut self, account: &str, events: Vec<(EventKind, Event)>) {
        let Some(acc) = self.accounts.get_mut(account) else {
            return;
        };
        for (kind, event) in events {
            acc.events_mut(kind).push_back(event);
            self.event_order.push_back((account.to_owned(), kind));
        }
        self.trim_events();
    }

    /// Drops the oldest events past the limit, whichever account they belong to.
    fn trim_events(&mut self) {
        while self.event_order.len() > self.limits.events {
            let Some((owner, kind)) = self.event_order.pop_front() else {
                break;
            };
            if let Some(acc) = self.accounts.get_mut(&owner) {
                acc.events_mut(kind).pop_front();
            }
        }
    }

    /// The get-message-status body, or `None` for an unknown id.
    pub fn message(&mut self, account: &str, id: &str) -> Option<Value> {
        self.advance(account, Instant::now());
        let acc = self.accounts.get(account)?;
        let msg = acc.messages.get(acc.index_of(id)?)?;
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
        let msg = acc
            .index_of(id)
            .and_then(|idx| acc.messages.get_mut(idx))
            .ok_or(CancelError::NotFound)?;
        if msg.status != MessageStatus::Scheduled {
            return Err(CancelError::NotScheduled(msg.status.clone()));
        }
        msg.status = MessageStatus::Cancelled;
        msg.applied = usize::MAX;
        if msg.fields.delivery_report {
            let report = report_body(msg, Utc::now());
            self.record(account, vec![(EventKind::Report, report)]);
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
        let mut events = Vec::new();
        for (_, idx) in due {
            let msg = &mut acc.messages[idx];
            let s: &'static Step = &msg.plan[msg.applied];
            msg.applied += 1;
            msg.status = s.status.clone();
            let when = msg.start_utc
                + chrono::Duration::from_std(step * s.after_steps).unwrap_or_default();
            if msg.fields.delivery_report {
                events.push((EventKind::Report, report_body(msg, when)));
            }
            if s.reply {
                events.push((EventKind::Reply, reply_body(msg, when)));
            }
        }
        self.record(account, events);
    }
}

fn unconfirmed(events: &VecDeque<Event>) -> Vec<Value> {
    events
        .iter()
        .filter(|e| !e.confirmed)
        .take(PAGE)
        .map(|e| e.body.clone())
        .collect()
}

fn confirm(events: &mut VecDeque<Event>, ids: &[String]) {
    for e in events.iter_mut() {
        if ids.iter().any(|id| id.eq_ignore_ascii_case(&e.id)) {
            e.confirmed = true;
        }
    }
}

mod events;
mod report;
mod snapshot;
use events::{reply_body, report_body, stamp};
pub(crate) use report::SentFilter;
pub(crate) use snapshot::SavedStore;

#[cfg(test)]
mod tests;
