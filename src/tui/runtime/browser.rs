//! Opening a URL in the operator's browser, off the event loop. `webbrowser`
//! blocks until a text browser (lynx, w3m) quits, and an opener can hang, so the
//! call runs on a blocking thread and its answer is waited for at most
//! [`BROWSER_WAIT`]; the flow then asks the operator to open the URL by hand.
//! The browser inherits no secret: the wizard removed them from its environment
//! at start (`crate::process::prepare_for_wizard`).

use super::Runtime;
use crate::flows::browser::{BrowserOutcome, BROWSER_WAIT};
use crate::flows::outcome::TaskOutcome;
use crate::flows::task::TaskId;

impl Runtime {
    /// Starts the browser on `url` as task `task`.
    pub(super) fn open_browser(&mut self, task: TaskId, url: String) {
        self.spawn(task, async move {
            let opening = tokio::task::spawn_blocking(move || webbrowser::open(&url));
            // A command that never returns keeps its blocking thread; the
            // runtime's shutdown does not wait for it (`shutdown_timeout`).
            let outcome = match tokio::time::timeout(BROWSER_WAIT, opening).await {
                Ok(Ok(Ok(()))) => BrowserOutcome::Started,
                Ok(Ok(Err(error))) => BrowserOutcome::Failed(error.to_string()),
                Ok(Err(_)) => BrowserOutcome::Failed("the opener failed unexpectedly".to_owned()),
                Err(_) => BrowserOutcome::NoAnswer,
            };
            TaskOutcome::Browser(outcome)
        });
    }
}
