//! The remote calls: the Hub, ServiceNow, HOPEX and the sandbox's admin
//! endpoints, each as a task that reports its typed result.

use super::{records, Runtime};
use crate::clients::hopex::HopexClient;
use crate::clients::hub::HubClient;
use crate::clients::sandbox_admin;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::remote_error::ClientError;
use crate::flows::job::{HopexCall, HubCall, HubRequest, SandboxCall, ServiceNowCall};
use crate::flows::outcome::{HubOutcome, SandboxOutcome, TaskOutcome};
use crate::flows::task::TaskId;

impl Runtime {
    /// One Hub request, after its delay. Clients are reused per URL and token, so
    /// polling does not rebuild the TLS setup every second.
    pub(super) fn hub_call(&mut self, task: TaskId, call: HubCall) {
        let HubCall {
            target,
            after,
            request,
        } = call;
        let cache_key = (target.url.clone(), target.credentials.token().fingerprint());
        let client = match self.hub_clients.get(&cache_key) {
            Some(client) => client.clone(),
            None => match HubClient::new(&target.url, target.credentials, self.timeouts) {
                Ok(client) => {
                    self.hub_clients.insert(cache_key, client.clone());
                    client
                }
                Err(error) => {
                    self.send(task, TaskOutcome::Hub(failed(&request, error)));
                    return;
                }
            },
        };
        self.spawn(task, async move {
            tokio::time::sleep(after).await;
            TaskOutcome::Hub(match request {
                HubRequest::CheckCredentials => {
                    HubOutcome::Credentials(client.check_credentials().await)
                }
                HubRequest::SendMessage { to, content } => {
                    HubOutcome::Sent(client.send_message(&to, &content).await)
                }
                HubRequest::MessageStatus { message_id } => {
                    HubOutcome::Status(client.message_status(&message_id).await)
                }
                HubRequest::Replies => HubOutcome::Replies(client.replies().await),
                HubRequest::SentReport {
                    from,
                    to,
                    destination,
                } => HubOutcome::Report(client.sent_messages_report(from, to, &destination).await),
            })
        });
    }

    pub(super) fn servicenow_call(&mut self, task: TaskId, call: ServiceNowCall) {
        let (instance_url, credentials, request) = match call {
            ServiceNowCall::CheckCredentials {
                instance_url,
                credentials,
            } => (instance_url, credentials, None),
            ServiceNowCall::Records {
                instance_url,
                credentials,
                request,
            } => (instance_url, credentials, Some(request)),
        };
        let client = match ServiceNowClient::new(&instance_url, credentials, self.timeouts) {
            Ok(client) => client,
            Err(error) => {
                let outcome = match request {
                    None => TaskOutcome::ServiceNow(Err(error)),
                    Some(request) => TaskOutcome::Records(records::failed(&request, error)),
                };
                self.send(task, outcome);
                return;
            }
        };
        match request {
            None => self.spawn(task, async move {
                TaskOutcome::ServiceNow(client.check_credentials().await)
            }),
            Some(request) => self.spawn(task, async move {
                TaskOutcome::Records(records::answer(&client, request).await)
            }),
        }
    }

    pub(super) fn hopex_call(&mut self, task: TaskId, call: HopexCall) {
        let HopexCall::CheckKey {
            server_url,
            schema,
            api_key,
            after,
        } = call;
        match HopexClient::new(&server_url, &schema, api_key, self.timeouts) {
            Ok(client) => self.spawn(task, async move {
                tokio::time::sleep(after).await;
                TaskOutcome::Hopex(client.check_key().await)
            }),
            Err(error) => self.send(task, TaskOutcome::Hopex(Err(error))),
        }
    }

    pub(super) fn sandbox_call(&mut self, task: TaskId, call: SandboxCall) {
        if matches!(call, SandboxCall::ListHubPairs) {
            // In-process and quick: the demo's sandbox runs in this process.
            let pairs = self
                .demo_pairs
                .as_ref()
                .map(|list| (list.0)())
                .unwrap_or_default();
            self.send(task, TaskOutcome::Sandbox(SandboxOutcome::HubPairs(pairs)));
            return;
        }
        let Some(base) = self.sandbox_url.clone() else {
            let refused = || ClientError::BadUrl {
                reason: "this is not a sandbox session".to_owned(),
            };
            let outcome = match call {
                SandboxCall::CreateHubKey => SandboxOutcome::HubKeyCreated(Err(refused())),
                SandboxCall::DeleteHubKey { .. } => SandboxOutcome::HubKeyDeleted(Err(refused())),
                SandboxCall::RevokeHopexKey { .. } => {
                    SandboxOutcome::HopexKeyRevoked(Err(refused()))
                }
                SandboxCall::CreateHopexKey(_) => SandboxOutcome::HopexKeyCreated(Err(refused())),
                SandboxCall::ListHubPairs => SandboxOutcome::HubPairs(Vec::new()),
                SandboxCall::SpokeSend { .. } => SandboxOutcome::SpokeSent(Err(refused())),
            };
            self.send(task, TaskOutcome::Sandbox(outcome));
            return;
        };
        let timeouts = self.timeouts;
        self.spawn(task, async move {
            TaskOutcome::Sandbox(match call {
                SandboxCall::CreateHubKey => SandboxOutcome::HubKeyCreated(
                    sandbox_admin::create_hub_key(&base, timeouts).await,
                ),
                SandboxCall::DeleteHubKey { api_key } => SandboxOutcome::HubKeyDeleted(
                    sandbox_admin::delete_hub_key(&base, &api_key, timeouts).await,
                ),
                SandboxCall::CreateHopexKey(scope) => SandboxOutcome::HopexKeyCreated(
                    sandbox_admin::create_hopex_key(&base, &scope, timeouts).await,
                ),
                SandboxCall::RevokeHopexKey { api_key } => SandboxOutcome::HopexKeyRevoked(
                    sandbox_admin::revoke_hopex_key(&base, &api_key, timeouts).await,
                ),
                SandboxCall::ListHubPairs => SandboxOutcome::HubPairs(Vec::new()),
                SandboxCall::SpokeSend { to, content } => SandboxOutcome::SpokeSent(
                    sandbox_admin::spoke_send(&base, to.as_str(), &content, timeouts).await,
                ),
            })
        });
    }
}

/// The outcome of a Hub request that could not be made.
fn failed(request: &HubRequest, error: ClientError) -> HubOutcome {
    match request {
        HubRequest::CheckCredentials => HubOutcome::Credentials(Err(error)),
        HubRequest::SendMessage { .. } => HubOutcome::Sent(Err(error)),
        HubRequest::MessageStatus { .. } => HubOutcome::Status(Err(error)),
        HubRequest::Replies => HubOutcome::Replies(Err(error)),
        HubRequest::SentReport { .. } => HubOutcome::Report(Err(error)),
    }
}
