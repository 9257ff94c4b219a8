//! Opening the Hub in the operator's browser: how long nowkey waits for the
//! browser command, what it can answer, and what the screen says about it. The
//! address is always on screen, so the operator can open it by hand whatever
//! happens.

use std::time::Duration;

use crate::domain::paste::is_invisible_format;

/// How long the browser command may take before nowkey stops waiting and asks
/// the operator to open the address by hand. A text browser (lynx, w3m) runs in
/// the foreground until it quits, and a broken opener can hang forever.
pub const BROWSER_WAIT: Duration = Duration::from_secs(5);

/// What became of a [`super::job::Job::Browser`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// The browser command was started (or ran and succeeded).
    Started,
    /// No browser could be started; the reason, as the opener gave it.
    Failed(String),
    /// The browser command had not finished after [`BROWSER_WAIT`].
    NoAnswer,
}

/// The note while the browser command runs.
pub fn opening_note(url: &str) -> String {
    format!("Opening {} in your browser…", shown(url))
}

/// The note once the browser command has answered, or not in time.
pub fn outcome_note(url: &str, outcome: &BrowserOutcome) -> String {
    let url = shown(url);
    match outcome {
        BrowserOutcome::Started => {
            format!("Asked your browser to open {url}; if no page opened, open it by hand.")
        }
        BrowserOutcome::Failed(reason) => {
            format!(
                "No browser could be started ({}): open {url} by hand.",
                shown(reason.trim_end_matches('.'))
            )
        }
        BrowserOutcome::NoAnswer => format!(
            "The browser did not answer within {} s: open {url} by hand.",
            BROWSER_WAIT.as_secs()
        ),
    }
}

/// The text on one line, with control and invisible format characters shown
/// escaped: an address or an opener's message must not move the cursor or hide
/// part of itself on screen.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_invisible_format(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_but_the_first_tells_what_to_open_by_hand() {
        let url = "https://dashboard.sinch.com";
        for outcome in [
            BrowserOutcome::Failed("No valid browsers detected.".into()),
            BrowserOutcome::NoAnswer,
            BrowserOutcome::Started,
        ] {
            let note = outcome_note(url, &outcome);
            assert!(note.contains(&format!("open {url}")), "{note}");
            assert!(note.contains("by hand"), "{note}");
        }
    }

    #[test]
    fn control_characters_in_a_reason_or_an_address_are_shown_escaped() {
        let note = outcome_note(
            "https://hub.example/\u{1b}[2J",
            &BrowserOutcome::Failed("bad\nthing\u{200b}".into()),
        );
        assert!(!note.chars().any(|c| c.is_control()), "{note:?}");
        assert!(note.contains("\\u{1b}[2J"), "{note}");
        assert!(note.contains("bad\\u{a}thing\\u{200b}"), "{note}");
    }
}
