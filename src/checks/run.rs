//! Running checks: one at a time ([`run_check`]), one profile's all at once
//! ([`run_profile`]), and many profiles a few at a time ([`run_all`]).

use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use secrecy::ExposeSecret;

use super::hopex::HopexTarget;
use super::servicenow_sign_in::servicenow_credentials;
use crate::clients::http::Timeouts;
use crate::clients::hub::HubClient;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::check::hopex as hopex_policy;
use crate::domain::check::plan::{CheckJob, PlannedCheck};
use crate::domain::check::secrets::{
    CheckSecrets, HOPEX_KEY_ENV, HUB_SECRET_ENV, SERVICENOW_PASSWORD_ENV,
};
use crate::domain::check::{policy, CheckResult, Finding};
use crate::domain::paste::clean_api_key;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::token::{Fingerprint, HubCredentials};
use crate::store::{load_rotation, ConfigDir};

/// One profile's results, in plan order.
#[derive(Debug, Clone)]
pub struct ProfileRun {
    /// The profile.
    pub profile: String,
    /// Its results.
    pub results: Vec<CheckResult>,
}

/// Runs every planned check of one profile at once; results keep the plan's order.
pub async fn run_profile(
    plan: &[PlannedCheck],
    secrets: &CheckSecrets,
    timeouts: Timeouts,
) -> Vec<CheckResult> {
    futures::future::join_all(plan.iter().map(|check| run_check(check, secrets, timeouts))).await
}

/// Runs many profiles, at most `jobs` at a time, each with its checks concurrent.
/// Results keep the input order.
pub async fn run_all(
    profiles: Vec<(String, Vec<PlannedCheck>, CheckSecrets)>,
    timeouts: Timeouts,
    jobs: usize,
) -> Vec<ProfileRun> {
    futures::stream::iter(profiles)
        .map(|(profile, plan, secrets)| async move {
            let results = run_profile(&plan, &secrets, timeouts).await;
            ProfileRun { profile, results }
        })
        .buffered(jobs.max(1))
        .collect()
        .await
}

/// Runs one check within its own time limit and times it. Never fails: every
/// problem becomes a result saying what went wrong and what to do.
pub async fn run_check(
    check: &PlannedCheck,
    secrets: &CheckSecrets,
    timeouts: Timeouts,
) -> CheckResult {
    let started = Utc::now();
    let limit = time_limit(&check.job, timeouts);
    let finding = match tokio::time::timeout(limit, find(&check.job, secrets, timeouts)).await {
        Ok(finding) => finding,
        Err(_) => Finding {
            unreachable: true,
            ..Finding::fail(
                format!("No answer within {} s.", limit.as_secs()),
                "Check the network path (proxy, firewall, VPN) and run the check again, or allow longer with --timeout.",
            )
        },
    };
    CheckResult::from_finding(
        check.id,
        check.endpoint.clone(),
        finding,
        started,
        Utc::now(),
    )
}

/// A check's own limit: its requests' timeout plus a margin, so the client's
/// specific timeout message wins; HOPEX may need two requests (the fallback).
fn time_limit(job: &CheckJob, timeouts: Timeouts) -> Duration {
    let margin = Duration::from_secs(1);
    match job {
        CheckJob::HopexKey { .. } | CheckJob::HopexContext { .. } => timeouts.request * 2 + margin,
        _ => timeouts.request + margin,
    }
}

async fn find(job: &CheckJob, secrets: &CheckSecrets, timeouts: Timeouts) -> Finding {
    match job {
        CheckJob::HubCredentials { hub_url, api_key } => {
            let Some(credentials) = hub_credentials(api_key, secrets) else {
                return missing_secret("the Hub API secret", HUB_SECRET_ENV);
            };
            let result = match HubClient::new(hub_url, credentials, timeouts) {
                Ok(client) => client.check_credentials().await,
                Err(error) => Err(error),
            };
            match result {
                Ok(()) => Finding::pass(format!("The Hub accepted key {api_key}.")),
                Err(error) => client_failure(&error, Service::Hub, secrets),
            }
        }
        CheckJob::HubFingerprint {
            api_key,
            saved,
            profile,
        } => match hub_credentials(api_key, secrets) {
            Some(credentials) => {
                policy::hub_fingerprint(&credentials.token().fingerprint(), saved, profile)
            }
            None => missing_secret("the Hub API secret", HUB_SECRET_ENV),
        },
        CheckJob::KeyAge { created, profile } => {
            policy::key_age(*created, Utc::now().date_naive(), profile)
        }
        CheckJob::OldKeyRevoked { last, profile } => policy::old_key_revoked(last, profile),
        CheckJob::Certificate { url, service } => {
            super::certificate::find(url, *service, timeouts).await
        }
        CheckJob::ServiceNow {
            instance_url,
            user,
            oauth_client_id,
        } => {
            let credentials = match servicenow_credentials(user, oauth_client_id, secrets) {
                Ok(credentials) => credentials,
                Err(finding) => return finding,
            };
            let result = match ServiceNowClient::new(instance_url, credentials, timeouts) {
                Ok(client) => client.check_credentials().await,
                Err(error) => Err(error),
            };
            match result {
                Ok(found) => {
                    policy::servicenow_user(user, found.active, &found.roles, instance_url)
                }
                Err(error) => client_failure(&error, Service::ServiceNow, secrets),
            }
        }
        CheckJob::RegistrationKey { .. } | CheckJob::CredentialUpdated { .. } => {
            let Some(password) = &secrets.servicenow_password else {
                return missing_secret("the ServiceNow password", SERVICENOW_PASSWORD_ENV);
            };
            match super::servicenow_records::find(job, password.clone(), timeouts).await {
                Ok(finding) => finding,
                Err(error) => client_failure(&error, Service::ServiceNow, secrets),
            }
        }
        CheckJob::HopexKey {
            server_url,
            schema,
            saas,
        } => {
            let target = HopexTarget { server_url, schema };
            super::hopex::find_key(&target, *saas, secrets, timeouts).await
        }
        CheckJob::HopexContext {
            server_url,
            schema,
            saas,
            repository_id,
            profile_id,
        } => {
            let target = HopexTarget { server_url, schema };
            let saved = (repository_id.as_str(), profile_id.as_str());
            super::hopex::find_context(&target, *saas, saved, secrets, timeouts).await
        }
        CheckJob::HopexKeyExpiry { saas: true, .. } => Finding::skip(
            "HOPEX SaaS manages the integration's key itself: it has no expiration date to check.",
            None::<String>,
        ),
        CheckJob::HopexKeyExpiry {
            expires, profile, ..
        } => hopex_policy::key_expiry(*expires, Utc::now().date_naive(), profile),
        CheckJob::HopexFingerprint { saved } => {
            let Some(key) = &secrets.hopex_api_key else {
                return missing_secret("the HOPEX API key", HOPEX_KEY_ENV);
            };
            match saved {
                Some(saved) => {
                    policy::hopex_fingerprint(&Fingerprint::of_secret(key.expose_secret()), saved)
                }
                None => Finding::skip(
                    "The profile holds no fingerprint of the HOPEX key to compare with.",
                    Some("Run nowkey setup hopex again to record it."),
                ),
            }
        }
        CheckJob::Rotation {
            config_root,
            profile,
            credentials,
        } => {
            let root = config_root.clone();
            let profile = profile.clone();
            let credentials = credentials.clone();
            let loaded = tokio::task::spawn_blocking(move || {
                // The first unfinished rotation of the profile's keys, if any.
                let rotation = ConfigDir::resolve(Some(root)).and_then(|dir| {
                    let mut unfinished = None;
                    for credential in credentials {
                        let rotation = load_rotation(&dir, &profile, credential)?;
                        if unfinished.is_none() {
                            unfinished = rotation.filter(|r| !r.phase.is_terminal());
                        }
                    }
                    Ok(unfinished)
                });
                (rotation, profile)
            })
            .await;
            match loaded {
                Ok((Ok(rotation), profile)) => {
                    policy::unfinished_rotation(rotation.as_ref(), &profile)
                }
                Ok((Err(error), _)) => Finding::fail(
                    format!("The rotation journal could not be read: {error}"),
                    "Check the file's permissions, or move it aside if it is damaged.",
                ),
                Err(_) => Finding::fail(
                    "Reading the rotation journal stopped unexpectedly.",
                    "Run the check again.",
                ),
            }
        }
    }
}

fn hub_credentials(api_key: &str, secrets: &CheckSecrets) -> Option<HubCredentials> {
    let secret = secrets.hub_api_secret.clone()?;
    let key = clean_api_key(api_key).ok()?;
    Some(HubCredentials { key, secret })
}

pub(super) fn missing_secret(what: &str, env: &str) -> Finding {
    Finding::unknown(
        format!("Unknown: {what} was not given, so this was not checked."),
        format!(
            "Set {env}, pipe it with --secrets-stdin, answer the prompt, or keep it in the OS keyring with --save-to-keyring."
        ),
    )
}

/// A client error as a failed check; the error is redacted of every secret first,
/// in case a server echoed one back.
pub(super) fn client_failure(
    error: &ClientError,
    service: Service,
    secrets: &CheckSecrets,
) -> Finding {
    let hub = secrets
        .hub_api_secret
        .as_ref()
        .map(|s| s.expose().to_owned());
    let password = secrets
        .servicenow_password
        .as_ref()
        .map(|s| s.expose_secret().to_owned());
    let client_secret = secrets
        .servicenow_client_secret
        .as_ref()
        .map(|s| s.expose_secret().to_owned());
    let hopex = secrets
        .hopex_api_key
        .as_ref()
        .map(|s| s.expose_secret().to_owned());
    let known: Vec<&str> = [&hub, &password, &client_secret, &hopex]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    let error = error.clone().redacted(&known);
    let message = error.user_message(service);
    let remediation = remediation(&error, service);
    Finding {
        unreachable: error.is_unreachable(),
        ..Finding::fail(message, remediation)
    }
}

fn remediation(error: &ClientError, service: Service) -> String {
    let name = service.display_name();
    match error {
        ClientError::Auth { .. } if service == Service::Hub => {
            "Give the current key's secret; if the key was deleted or lost, create a new one and rotate with nowkey rotate.".to_owned()
        }
        ClientError::Auth { .. } => format!("Check the credentials {name} expects, then run the check again."),
        ClientError::RateLimited { .. } => "Wait a minute and run the check again.".to_owned(),
        ClientError::BadUrl { .. } => "Correct the address in the profile (nowkey profiles show).".to_owned(),
        error if error.is_unreachable() => format!(
            "Check that {name} is up and reachable from here (DNS, proxy, firewall, VPN), then run the check again."
        ),
        _ => format!("Follow the advice above, then check again; if {name} keeps failing, export the redacted report for support."),
    }
}
