//! Carries out the flows' commands: each job runs as its own tokio task and
//! reports back as a message, so the event loop never waits on the network or
//! the disk. Every task is tracked by its id, so any of them can be aborted.

mod browser;
mod calls;
mod checks;
mod names;
mod records;
mod store;

use std::collections::HashMap;

use secrecy::ExposeSecret;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::clients::http::Timeouts;
use crate::clients::hub::HubClient;
use crate::clipboard::Clipboard;
use crate::domain::token::Fingerprint;
use crate::flows::command::Command;
use crate::flows::job::Job;
use crate::flows::msg::Msg;
use crate::flows::outcome::TaskOutcome;
use crate::flows::task::TaskId;
use crate::store::{ConfigDir, RotationLock};
use crate::tui::DemoPairsSource;

/// The command executor of the event loop.
pub struct Runtime {
    tx: UnboundedSender<Msg>,
    tasks: HashMap<TaskId, AbortHandle>,
    clipboard: Clipboard,
    config_dir: ConfigDir,
    timeouts: Timeouts,
    sandbox_url: Option<String>,
    /// The demo only: lists the key pairs its sandbox made.
    demo_pairs: Option<DemoPairsSource>,
    /// Rotation locks held for open rotation flows, by profile.
    rotation_locks: HashMap<(String, crate::domain::rotation::Credential), RotationLock>,
    /// One client per Hub URL and token: reqwest reuses connections and TLS setup.
    hub_clients: HashMap<(String, Fingerprint), HubClient>,
}

impl Runtime {
    /// A runtime that reports results on `tx`.
    pub fn new(
        tx: UnboundedSender<Msg>,
        clipboard: Clipboard,
        config_dir: ConfigDir,
        timeouts: Timeouts,
        sandbox_url: Option<String>,
    ) -> Self {
        Self {
            tx,
            tasks: HashMap::new(),
            clipboard,
            config_dir,
            timeouts,
            sandbox_url,
            demo_pairs: None,
            hub_clients: HashMap::new(),
            rotation_locks: HashMap::new(),
        }
    }

    /// In the demo: where [`SandboxCall::ListHubPairs`](crate::flows::job::SandboxCall)
    /// reads the sandbox's key pairs.
    pub fn with_demo_pairs(mut self, source: Option<DemoPairsSource>) -> Self {
        self.demo_pairs = source;
        self
    }

    /// Starts one command. Returns immediately.
    pub fn run(&mut self, command: Command) {
        tracing::debug!(command = names::command_name(&command), "command");
        match command {
            Command::Start { task, job } => self.start(task, job),
            Command::Cancel(task) => {
                if let Some(handle) = self.tasks.remove(&task) {
                    handle.abort();
                }
            }
            Command::ClearClipboard => {
                self.clipboard.clear_if_unchanged();
            }
            Command::ScheduleClipboardClear { generation, after } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Msg::ClipboardClearDue(generation));
                });
            }
            Command::UnlockRotation {
                profile,
                credential,
            } => {
                self.rotation_locks.remove(&(profile, credential));
            }
            Command::Quit => {}
        }
    }

    fn start(&mut self, task: TaskId, job: Job) {
        match job {
            Job::Hub(call) => self.hub_call(task, call),
            Job::ServiceNow(call) => self.servicenow_call(task, call),
            Job::Hopex(call) => self.hopex_call(task, call),
            Job::Sandbox(call) => self.sandbox_call(task, call),
            Job::Store(job) => self.store_job(task, job),
            Job::Check(run) => self.run_check(task, *run),
            Job::Browser { url } => self.open_browser(task, url),
            Job::Copy { secret } => {
                // The clipboard lives on this thread (X11 loses its content when
                // the owner is dropped); copying is a quick local call.
                let result = self.clipboard.copy_secret(secret.expose_secret());
                self.send(task, TaskOutcome::Copy(result));
            }
        }
    }

    /// Stops every task and clears the clipboard if it still holds our secret.
    pub fn shutdown(&mut self) {
        for (_, handle) in self.tasks.drain() {
            handle.abort();
        }
        self.clipboard.clear_if_unchanged();
    }

    /// Runs `work` as task `task`, tracked so it can be aborted; its outcome is
    /// sent back when it ends.
    fn spawn<F>(&mut self, task: TaskId, work: F)
    where
        F: std::future::Future<Output = TaskOutcome> + Send + 'static,
    {
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let outcome = work.await;
            let _ = tx.send(Msg::Task(task, outcome));
        });
        self.tasks.retain(|_, h| !h.is_finished());
        self.tasks.insert(task, handle.abort_handle());
    }

    /// Sends an outcome known at once (a refused URL, a quick local call).
    fn send(&self, task: TaskId, outcome: TaskOutcome) {
        let _ = self.tx.send(Msg::Task(task, outcome));
    }
}
