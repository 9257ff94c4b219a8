//! The store as the world file keeps it (see `sandbox::world`): each account's
//! messages, replies and delivery reports, in order, and how to rebuild the
//! store from them.
//!
//! Every saved item carries its `order`, its place among all accounts' items,
//! because the store drops the oldest message (or event) across accounts when it
//! is full: without it a reloaded store would drop another account's first.
//!
//! A message's `start` is an [`Instant`], which cannot be saved: the UTC
//! `start_utc` is, and the instant is rebuilt from it against the clock at load,
//! so a message sent yesterday is simply delivered by now, and a message
//! scheduled for tomorrow is still scheduled.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Account, Event, EventKind, Message, NewMessage, Store};
use crate::domain::message_status::MessageStatus;
use crate::sandbox::lifecycle::plan_for;

/// The saved store: each account (API key) with what it stored.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct SavedStore {
    #[serde(default)]
    pub accounts: BTreeMap<String, SavedAccount>,
}

/// One account's messages, replies and delivery reports, oldest first.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct SavedAccount {
    #[serde(default)]
    pub messages: Vec<SavedMessage>,
    #[serde(default)]
    pub replies: Vec<SavedEvent>,
    #[serde(default)]
    pub reports: Vec<SavedEvent>,
}

/// A message: what its status, delivery reports and replies are made from.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SavedMessage {
    /// Its place among all accounts' messages (0 is the oldest).
    #[serde(default)]
    pub order: u64,
    pub id: String,
    /// The request fields echoed back by send and get-status.
    #[serde(default)]
    pub echo: Map<String, Value>,
    pub destination: String,
    pub content: String,
    #[serde(default)]
    pub source_number: Option<String>,
    #[serde(default)]
    pub callback_url: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub delivery_report: bool,
    #[serde(default)]
    pub scheduled: Option<DateTime<Utc>>,
    /// When its plan starts: submission, or the scheduled time.
    pub start_utc: DateTime<Utc>,
    pub status: String,
    /// How many steps of its plan were applied.
    #[serde(default)]
    pub applied: usize,
    /// Cancelled while scheduled: no step applies any more.
    #[serde(default)]
    pub cancelled: bool,
}

/// A reply or a delivery report: its body as served, and whether it was confirmed.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SavedEvent {
    /// Its place among all accounts' replies and reports (0 is the oldest).
    #[serde(default)]
    pub order: u64,
    pub id: String,
    pub body: Value,
    #[serde(default)]
    pub confirmed: bool,
}

impl Store {
    /// What the world file keeps of the store, as it is now (nothing is advanced:
    /// steps still due are applied after a reload, at their planned times).
    pub fn snapshot(&self) -> SavedStore {
        let mut saved = SavedStore::default();
        // Walk the global orders; each account's items are in them in its own
        // order, so a counter per account (and list) finds the next one.
        let mut next: HashMap<&str, usize> = HashMap::new();
        for (order, owner) in self.message_order.iter().enumerate() {
            let Some(acc) = self.accounts.get(owner) else {
                continue;
            };
            let index = next.entry(owner.as_str()).or_default();
            if let Some(msg) = acc.messages.get(*index) {
                let entry = saved.accounts.entry(owner.clone()).or_default();
                entry.messages.push(save_message(msg, order as u64));
            }
            *index += 1;
        }
        let mut next: HashMap<(&str, EventKind), usize> = HashMap::new();
        for (order, (owner, kind)) in self.event_order.iter().enumerate() {
            let Some(acc) = self.accounts.get(owner) else {
                continue;
            };
            let index = next.entry((owner.as_str(), *kind)).or_default();
            let list = match kind {
                EventKind::Reply => &acc.replies,
                EventKind::Report => &acc.reports,
            };
            if let Some(event) = list.get(*index) {
                let entry = saved.accounts.entry(owner.clone()).or_default();
                let saved_event = SavedEvent {
                    order: order as u64,
                    id: event.id.clone(),
                    body: event.body.clone(),
                    confirmed: event.confirmed,
                };
                match kind {
                    EventKind::Reply => entry.replies.push(saved_event),
                    EventKind::Report => entry.reports.push(saved_event),
                }
            }
            *index += 1;
        }
        saved
    }

    /// Replaces everything stored with `saved`, rebuilding the indexes and the
    /// global orders from it, then drops the oldest items past the limits.
    /// `now` and `now_utc` are the same moment on both clocks.
    pub fn restore(&mut self, saved: SavedStore, now: Instant, now_utc: DateTime<Utc>) {
        self.accounts.clear();
        // (order, account, index in the account): sorting by it keeps each
        // account's own order even when a hand-edited file repeats an order.
        let mut messages: Vec<(u64, String, usize)> = Vec::new();
        let mut events: Vec<(u64, String, EventKind, usize)> = Vec::new();
        for (name, saved_acc) in saved.accounts {
            let mut acc = Account::default();
            for m in saved_acc.messages {
                if acc.by_id.contains_key(&m.id) {
                    continue;
                }
                let index = acc.messages.len();
                messages.push((m.order, name.clone(), index));
                acc.by_id.insert(m.id.clone(), index as u64);
                acc.messages.push_back(load_message(m, now, now_utc));
            }
            for (kind, list) in [
                (EventKind::Reply, saved_acc.replies),
                (EventKind::Report, saved_acc.reports),
            ] {
                for (index, e) in list.into_iter().enumerate() {
                    events.push((e.order, name.clone(), kind, index));
                    acc.events_mut(kind).push_back(Event {
                        id: e.id,
                        body: e.body,
                        confirmed: e.confirmed,
                    });
                }
            }
            self.accounts.insert(name, acc);
        }
        messages.sort();
        events.sort_by(|a, b| (a.0, &a.1, a.3).cmp(&(b.0, &b.1, b.3)));
        self.message_order = messages.into_iter().map(|(_, name, _)| name).collect();
        self.event_order = events
            .into_iter()
            .map(|(_, name, kind, _)| (name, kind))
            .collect::<VecDeque<_>>();
        while self.message_order.len() > self.limits.messages {
            self.drop_oldest_message();
        }
        self.trim_events();
    }
}

fn save_message(msg: &Message, order: u64) -> SavedMessage {
    let fields = &msg.fields;
    let cancelled = msg.applied == usize::MAX;
    SavedMessage {
        order,
        id: msg.id.clone(),
        echo: fields.echo.clone(),
        destination: fields.destination.clone(),
        content: fields.content.clone(),
        source_number: fields.source_number.clone(),
        callback_url: fields.callback_url.clone(),
        metadata: fields.metadata.clone(),
        delivery_report: fields.delivery_report,
        scheduled: fields.scheduled,
        start_utc: msg.start_utc,
        status: msg.status.as_str().to_owned(),
        applied: if cancelled { 0 } else { msg.applied },
        cancelled,
    }
}

fn load_message(m: SavedMessage, now: Instant, now_utc: DateTime<Utc>) -> Message {
    let plan = plan_for(&m.destination);
    Message {
        id: m.id,
        plan,
        start: instant_at(m.start_utc, now, now_utc),
        start_utc: m.start_utc,
        status: MessageStatus::parse(&m.status),
        // A file cannot claim more steps than the plan has.
        applied: if m.cancelled {
            usize::MAX
        } else {
            m.applied.min(plan.len())
        },
        fields: NewMessage {
            echo: m.echo,
            destination: m.destination,
            content: m.content,
            source_number: m.source_number,
            callback_url: m.callback_url,
            metadata: m.metadata,
            delivery_report: m.delivery_report,
            scheduled: m.scheduled,
        },
    }
}

/// The [`Instant`] of the UTC time `at`, given that `now` and `now_utc` are the
/// same moment.
///
/// Saturating: an `Instant` cannot go back further than the clock it reads (on
/// Linux, the last boot), so a message older than that starts at the earliest
/// instant there is, which changes nothing but the order in which long-due steps
/// are applied.
fn instant_at(at: DateTime<Utc>, now: Instant, now_utc: DateTime<Utc>) -> Instant {
    match (at - now_utc).to_std() {
        Ok(ahead) => furthest(now, ahead, Instant::checked_add),
        Err(_) => {
            let behind = (now_utc - at).to_std().unwrap_or(Duration::MAX);
            furthest(now, behind, Instant::checked_sub)
        }
    }
}

/// `shift(now, by)`, or, when that is out of range, the furthest shift in range
/// (found by halving, to a millisecond).
fn furthest(
    now: Instant,
    by: Duration,
    shift: fn(&Instant, Duration) -> Option<Instant>,
) -> Instant {
    if let Some(t) = shift(&now, by) {
        return t;
    }
    let (mut fits, mut too_far) = (Duration::ZERO, by);
    while too_far - fits > Duration::from_millis(1) {
        let mid = fits + (too_far - fits) / 2;
        if shift(&now, mid).is_some() {
            fits = mid;
        } else {
            too_far = mid;
        }
    }
    shift(&now, fits).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::store::StoreLimits;

    fn message(destination: &str, scheduled: Option<DateTime<Utc>>) -> NewMessage {
        NewMessage {
            echo: Map::new(),
            destination: destination.to_owned(),
            content: "kept".to_owned(),
            source_number: Some("+61491570157".to_owned()),
            callback_url: None,
            metadata: None,
            delivery_report: true,
            scheduled,
        }
    }

    fn id_of(item: &Value) -> String {
        item["message_id"].as_str().expect("message_id").to_owned()
    }

    fn reload(store: &Store, limits: StoreLimits) -> Store {
        let text = serde_json::to_string(&store.snapshot()).expect("serializes");
        let saved: SavedStore = serde_json::from_str(&text).expect("parses");
        let mut again = Store::new(Duration::ZERO, limits);
        again.restore(saved, Instant::now(), Utc::now());
        again
    }

    #[test]
    fn a_reloaded_store_answers_as_before_and_keeps_the_global_order() {
        let mut store = Store::new(Duration::ZERO, StoreLimits::default());
        let a = id_of(&store.submit("A", message("+61491570156", None)));
        let b = id_of(&store.submit("B", message("+61491570156", None)));
        let later = Utc::now() + chrono::Duration::hours(1);
        let c = id_of(&store.submit("A", message("+61491570156", Some(later))));
        assert_eq!(store.replies("A").len(), 1, "a's reply is recorded");
        assert_eq!(store.reports("B").len(), 2, "b's reports are recorded");
        let mut again = reload(
            &store,
            StoreLimits {
                messages: 2,
                events: 100,
            },
        );
        assert!(again.message("A", &a).is_none(), "the oldest went first");
        assert_eq!(again.message("B", &b).expect("b")["status"], "delivered");
        assert_eq!(again.message("A", &c).expect("c")["status"], "scheduled");
        assert_eq!(again.replies("A"), store.replies("A"));
        assert_eq!(again.reports("B"), store.reports("B"));
        assert!(again.cancel("A", &c).is_ok(), "still cancellable");
        let third = reload(&again, StoreLimits::default());
        assert!(third.snapshot().accounts["A"].messages[0].cancelled);
    }

    #[test]
    fn instants_saturate_instead_of_panicking() {
        let now = Instant::now();
        let now_utc = Utc::now();
        let ancient = now_utc - chrono::Duration::days(365 * 1000);
        assert!(instant_at(ancient, now, now_utc) <= now);
        let hour_ago = now_utc - chrono::Duration::hours(1);
        let ahead = now_utc + chrono::Duration::seconds(5);
        let at = instant_at(ahead, now, now_utc);
        assert!(at > now && at <= now + Duration::from_secs(5));
        assert!(instant_at(hour_ago, now, now_utc) <= now);
    }
}
