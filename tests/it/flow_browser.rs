//! `o` on step 2 of the SMS setup: the browser is opened by a task, and what it
//! answers (or that it did not answer in time) replaces "Opening…" with a note
//! that gives the address to open by hand. Only the newest press counts.

use crate::flow_support;

use flow_support::{env, Driver};
use nowkey::flows::browser::BrowserOutcome;
use nowkey::flows::command::Command;
use nowkey::flows::job::Job;
use nowkey::flows::key::Key;
use nowkey::flows::outcome::TaskOutcome;
use nowkey::flows::task::TaskId;

fn browser_task(command: &Command) -> Option<TaskId> {
    match command {
        Command::Start {
            task,
            job: Job::Browser { .. },
        } => Some(*task),
        _ => None,
    }
}

/// On step 2 after `o`: the driver and the browser task.
fn pressed_open() -> (Driver, TaskId, String) {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Enter, Key::Char('o')]);
    let task = d.task_of(browser_task);
    let url = d.flow().vendor().hub_url.clone();
    let note = d.flow().browser_note.clone().unwrap_or_default();
    assert_eq!(note, format!("Opening {url} in your browser…"));
    (d, task, url)
}

#[test]
fn a_browser_that_cannot_be_started_leaves_the_address_to_open_by_hand() {
    let (mut d, task, url) = pressed_open();
    d.complete(
        task,
        TaskOutcome::Browser(BrowserOutcome::Failed("No valid browsers detected.".into())),
    );
    assert_eq!(
        d.flow().browser_note.as_deref(),
        Some(
            format!(
                "No browser could be started (No valid browsers detected): open {url} by hand."
            )
            .as_str()
        )
    );
}

#[test]
fn a_browser_that_does_not_answer_in_time_leaves_the_address_to_open_by_hand() {
    let (mut d, task, url) = pressed_open();
    d.complete(task, TaskOutcome::Browser(BrowserOutcome::NoAnswer));
    assert_eq!(
        d.flow().browser_note.as_deref(),
        Some(format!("The browser did not answer within 5 s: open {url} by hand.").as_str())
    );
    // On screen too, whatever the line breaks.
    let words = d
        .render(80, 24, false)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains(&format!("open {url} by hand")), "{words}");
}

#[test]
fn only_the_newest_press_s_answer_is_shown() {
    let (mut d, first, url) = pressed_open();
    d.keys(&[Key::Char('o')]);
    let second = d.task_of(browser_task);
    assert_ne!(first, second);
    d.complete(first, TaskOutcome::Browser(BrowserOutcome::NoAnswer));
    assert_eq!(
        d.flow().browser_note.as_deref(),
        Some(format!("Opening {url} in your browser…").as_str()),
        "a stale answer is ignored"
    );
    d.complete(second, TaskOutcome::Browser(BrowserOutcome::Started));
    assert!(d
        .flow()
        .browser_note
        .as_deref()
        .is_some_and(|note| note.starts_with("Asked your browser to open")));
}
