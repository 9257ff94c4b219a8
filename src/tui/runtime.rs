//! Carries out the flows' commands: each remote call runs as its own tokio task
//! and reports back as a message, so the event loop never waits on the network.

mod checks;
mod names;

use std::collections::HashMap;
use std::time::Duration;

use secrecy::ExposeSecret;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::clients::error::ClientError;
use crate::clients::hopex::HopexClient;
use crate::clients::http::Timeouts;
use crate::clients::hub::HubClient;
use crate::clients::sandbox_admin;
use crate::clients::servicenow::ServiceNowClient;
use crate::clipboard::Clipboard;
use crate::domain::token::{Fingerprint, HubCredentials};
use crate::flows::command::{Command, TaskId};
use crate::flows::msg::{Msg, TaskOutcome};
use crate::store::{
    in_progress_rotations, load_profiles, lock_rotation, save_profile, save_rotation, ConfigDir,
    RotationLock,
};

/// The command executor of the event loop.
pub struct Runtime {
    tx: UnboundedSender<Msg>,
    tasks: HashMap<TaskId, AbortHandle>,
    clipboard: Clipboard,
    config_dir: ConfigDir,
    timeouts: Timeouts,
    sandbox_url: Option<String>,
    /// Rotation locks held for open rotation flows, by profile.
    rotation_locks: HashMap<String, RotationLock>,
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
            hub_clients: HashMap::new(),
            rotation_locks: HashMap::new(),
        }
    }

    /// Starts one command. Returns immediately.
    pub fn run(&mut self, command: Command) {
        tracing::debug!(command = names::command_name(&command), "command");
        match command {
            Command::CheckHubCredentials {
                task,
                hub_url,
                credentials,
            } => self.hub_task(
                task,
                &hub_url,
                credentials,
                Duration::ZERO,
                TaskOutcome::HubCredentialsChecked,
                |client| async move { client.check_credentials().await },
            ),
            Command::CheckHubCredentialsAfter {
                task,
                hub_url,
                credentials,
                delay,
            } => self.hub_task(
                task,
                &hub_url,
                credentials,
                delay,
                TaskOutcome::HubCredentialsChecked,
                |client| async move { client.check_credentials().await },
            ),
            Command::SaveJournal { task, rotation } => {
                let dir = self.config_dir.clone();
                self.spawn(task, async move {
                    let result =
                        tokio::task::spawn_blocking(move || save_rotation(&dir, &rotation))
                            .await
                            .map_err(|error| format!("recording stopped unexpectedly: {error}"))
                            .and_then(|saved| saved.map_err(|error| error.to_string()));
                    TaskOutcome::JournalSaved(result)
                });
            }
            Command::LockRotation { task, profile } => {
                // Taking the lock is a quick local file operation, done in place so
                // the lock lives in the runtime for as long as the flow needs it.
                let result = match lock_rotation(&self.config_dir, &profile) {
                    Ok(lock) => {
                        self.rotation_locks.insert(profile, lock);
                        Ok(())
                    }
                    Err(error) => Err(error.to_string()),
                };
                self.send(Msg::Task(task, TaskOutcome::RotationLocked(result)));
            }
            Command::UnlockRotation { profile } => {
                self.rotation_locks.remove(&profile);
            }
            Command::DeleteSandboxHubKey { task, api_key } => {
                let base = self.sandbox_url.clone();
                let timeouts = self.timeouts;
                self.spawn(task, async move {
                    let result = match base {
                        Some(base) => {
                            sandbox_admin::delete_hub_key(&base, &api_key, timeouts).await
                        }
                        None => Err("this is not a sandbox session".to_owned()),
                    };
                    TaskOutcome::SandboxKeyDeleted(result)
                });
            }
            Command::SendTestMessage {
                task,
                hub_url,
                credentials,
                to,
                content,
            } => self.hub_task(
                task,
                &hub_url,
                credentials,
                Duration::ZERO,
                TaskOutcome::TestMessageSent,
                |client| async move { client.send_message(&to, &content).await },
            ),
            Command::PollMessageStatus {
                task,
                hub_url,
                credentials,
                message_id,
                delay,
            } => self.hub_task(
                task,
                &hub_url,
                credentials,
                delay,
                TaskOutcome::MessageStatus,
                |client| async move { client.message_status(&message_id).await },
            ),
            Command::PollReplies {
                task,
                hub_url,
                credentials,
                delay,
            } => self.hub_task(
                task,
                &hub_url,
                credentials,
                delay,
                TaskOutcome::Replies,
                |client| async move { client.replies().await },
            ),
            Command::CheckServiceNow {
                task,
                instance_url,
                credentials,
            } => match ServiceNowClient::new(&instance_url, credentials, self.timeouts) {
                Ok(client) => self.spawn(task, async move {
                    TaskOutcome::ServiceNowChecked(client.check_credentials().await)
                }),
                Err(error) => {
                    self.send(Msg::Task(task, TaskOutcome::ServiceNowChecked(Err(error))))
                }
            },
            Command::CheckHopexKey {
                task,
                server_url,
                schema,
                api_key,
            } => match HopexClient::new(&server_url, &schema, api_key, self.timeouts) {
                Ok(client) => self.spawn(task, async move {
                    TaskOutcome::HopexKeyChecked(client.check_key().await)
                }),
                Err(error) => self.send(Msg::Task(task, TaskOutcome::HopexKeyChecked(Err(error)))),
            },
            Command::RunCheck {
                task,
                check,
                secrets,
            } => self.run_check(task, *check, secrets),
            Command::ExportReport {
                task,
                name,
                profile,
                results,
            } => self.export_report(task, name, *profile, results),
            Command::CancelTask(task) => {
                if let Some(handle) = self.tasks.remove(&task) {
                    handle.abort();
                }
            }
            Command::CopySecret {
                task,
                label,
                secret,
            } => {
                let result = self
                    .clipboard
                    .copy_secret(secret.expose_secret())
                    .map(|how| format!("{}: the {label}.", how.describe()))
                    .map_err(|error| error.to_string());
                self.send(Msg::Task(task, TaskOutcome::Copied(result)));
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
            Command::OpenBrowser { url } => {
                // Best effort: the URL is on screen either way.
                tokio::task::spawn_blocking(move || {
                    let _ = webbrowser::open(&url);
                });
            }
            Command::SaveProfile {
                task,
                name,
                profile,
            } => {
                let dir = self.config_dir.clone();
                self.spawn(task, async move {
                    let path = dir.profiles_path().display().to_string();
                    let result =
                        tokio::task::spawn_blocking(move || save_profile(&dir, &name, *profile))
                            .await
                            .map_err(|error| format!("Saving stopped unexpectedly: {error}"))
                            .and_then(|saved| saved.map_err(|error| error.to_string()))
                            .map(|()| path);
                    TaskOutcome::ProfileSaved(result)
                });
            }
            Command::CreateSandboxKey { task } => {
                let base = self.sandbox_url.clone();
                let timeouts = self.timeouts;
                self.spawn(task, async move {
                    let result = match base {
                        Some(base) => sandbox_admin::create_hub_key(&base, timeouts).await,
                        None => Err("this is not a sandbox session".to_owned()),
                    };
                    TaskOutcome::SandboxKeyCreated(result)
                });
            }
            Command::CreateSandboxHopexKey {
                task,
                environment_id,
                repository_id,
                profile_id,
                login,
            } => {
                let base = self.sandbox_url.clone();
                let timeouts = self.timeouts;
                self.spawn(task, async move {
                    let scope = sandbox_admin::HopexKeyScope {
                        environment_id,
                        repository_id,
                        profile_id,
                        login,
                    };
                    let result = match base {
                        Some(base) => {
                            sandbox_admin::create_hopex_key(&base, &scope, timeouts).await
                        }
                        None => Err("this is not a sandbox session".to_owned()),
                    };
                    TaskOutcome::SandboxHopexKeyCreated(result)
                });
            }
            Command::LoadRotations => {
                let dir = self.config_dir.clone();
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = in_progress_rotations(&dir).map_err(|error| error.to_string());
                    let _ = tx.send(Msg::Task(0, TaskOutcome::RotationsLoaded(result)));
                });
            }
            Command::LoadProfiles => {
                let dir = self.config_dir.clone();
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = load_profiles(&dir).map_err(|error| error.to_string());
                    let _ = tx.send(Msg::Task(0, TaskOutcome::ProfilesLoaded(result)));
                });
            }
            Command::Quit => {}
        }
    }

    /// Stops every task and clears the clipboard if it still holds our secret.
    pub fn shutdown(&mut self) {
        for (_, handle) in self.tasks.drain() {
            handle.abort();
        }
        self.clipboard.clear_if_unchanged();
    }

    /// Runs one Hub call as a task after `delay`. Clients are reused per URL and
    /// credentials, so polling does not rebuild the TLS setup every second.
    fn hub_task<T, F, Fut>(
        &mut self,
        task: TaskId,
        hub_url: &str,
        credentials: HubCredentials,
        delay: Duration,
        outcome: fn(Result<T, ClientError>) -> TaskOutcome,
        call: F,
    ) where
        T: Send + 'static,
        F: FnOnce(HubClient) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<T, ClientError>> + Send + 'static,
    {
        let cache_key = (hub_url.to_owned(), credentials.token().fingerprint());
        let client = match self.hub_clients.get(&cache_key) {
            Some(client) => client.clone(),
            None => match HubClient::new(hub_url, credentials, self.timeouts) {
                Ok(client) => {
                    self.hub_clients.insert(cache_key, client.clone());
                    client
                }
                Err(error) => {
                    self.send(Msg::Task(task, outcome(Err(error))));
                    return;
                }
            },
        };
        self.spawn(task, async move {
            tokio::time::sleep(delay).await;
            outcome(call(client).await)
        });
    }

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

    fn send(&self, msg: Msg) {
        let _ = self.tx.send(msg);
    }
}
