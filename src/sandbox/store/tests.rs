//! The store's bounds: past its limits the oldest message, or the oldest reply or
//! delivery report, goes first, whichever account it belongs to.

use super::*;

fn message(destination: &str) -> NewMessage {
    NewMessage {
        echo: Map::new(),
        destination: destination.to_owned(),
        content: "bounded".to_owned(),
        source_number: None,
        callback_url: None,
        metadata: None,
        delivery_report: true,
        scheduled: None,
    }
}

fn id_of(item: &Value) -> String {
    item["message_id"].as_str().expect("message_id").to_owned()
}

/// A store whose steps are all due at once: every read delivers everything sent.
fn store(messages: usize, events: usize) -> Store {
    Store::new(Duration::ZERO, StoreLimits { messages, events })
}

#[test]
fn past_the_message_limit_the_oldest_message_goes_first_across_accounts() {
    let mut store = store(3, 100);
    let first = id_of(&store.submit("A", message("+61491570156")));
    let second = id_of(&store.submit("B", message("+61491570156")));
    let third = id_of(&store.submit("A", message("+61491570156")));
    assert!(
        store.message("A", &first).is_some(),
        "at the limit, all kept"
    );
    let fourth = id_of(&store.submit("B", message("+61491570156")));
    assert!(store.message("A", &first).is_none(), "the oldest is gone");
    assert!(matches!(
        store.cancel("A", &first),
        Err(CancelError::NotFound)
    ));
    assert!(store.message("B", &second).is_some());
    assert!(store.message("A", &third).is_some());
    assert!(store.message("B", &fourth).is_some());
    let fifth = id_of(&store.submit("A", message("+61491570156")));
    assert!(store.message("B", &second).is_none());
    assert!(store.message("A", &third).is_some());
    assert!(store.message("A", &fifth).is_some());
}

#[test]
fn past_the_event_limit_the_oldest_replies_and_reports_go_first() {
    // Each delivered message makes three events, in this order: the enroute
    // report, the delivered report, the reply.
    let mut store = store(100, 4);
    let ids: Vec<String> = (0..3)
        .map(|_| id_of(&store.submit("A", message("+61491570156"))))
        .collect();
    let replies = store.replies("A");
    let reports = store.reports("A");
    // Kept: the newest four of nine: reply 2, then message 3's three events.
    let reply_ids: Vec<&str> = replies
        .iter()
        .map(|r| r["message_id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(reply_ids, [ids[1].as_str(), ids[2].as_str()]);
    let report_statuses: Vec<(&str, &str)> = reports
        .iter()
        .map(|r| {
            (
                r["message_id"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        report_statuses,
        [(ids[2].as_str(), "enroute"), (ids[2].as_str(), "delivered")]
    );
}

#[test]
fn a_forgotten_account_keeps_nothing_and_frees_its_room() {
    let mut store = store(2, 100);
    let gone = id_of(&store.submit("A", message("+61491570156")));
    store.forget("A");
    assert!(store.message("A", &gone).is_none());
    assert!(store.replies("A").is_empty());
    let kept = id_of(&store.submit("B", message("+61491570156")));
    let newest = id_of(&store.submit("B", message("+61491570156")));
    assert!(
        store.message("B", &kept).is_some(),
        "A's message no longer counts"
    );
    assert!(store.message("B", &newest).is_some());
}
