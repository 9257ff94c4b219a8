//! `nowkey send-test`: send one SMS and follow its status to a final state or
//! until `--wait` runs out.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::exit::{CommandError, Exit};
use super::secrets::{api_key, api_secret};
use crate::cli::SendTestArgs;
use crate::clients::http::Timeouts;
use crate::clients::hub::HubClient;
use crate::domain::message_status::MessageStatus;
use crate::domain::phone::E164;
use crate::domain::remote_error::Service;
use crate::domain::token::HubCredentials;

/// The Hub used when no profile, flag or environment names one.
pub const DEFAULT_HUB_URL: &str = "https://api.messagemedia.com";

/// How often the status is polled.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The `--json` document. Holds no secret: the key id and fingerprint only.
#[derive(Debug, Serialize)]
pub struct SendTestReport {
    /// True when the message was delivered (or, with `--wait 0`, accepted).
    pub ok: bool,
    /// The Hub API base URL.
    pub hub_url: String,
    /// The API key id.
    pub api_key: String,
    /// The token's fingerprint.
    pub token_fingerprint: String,
    /// The destination.
    pub to: String,
    /// The Hub's message id, once accepted.
    pub message_id: Option<String>,
    /// The last status seen.
    pub status: Option<String>,
    /// Each status seen, with milliseconds since sending.
    pub statuses: Vec<StatusSeen>,
    /// Milliseconds from start to end.
    pub elapsed_ms: u128,
    /// Why it failed, when it did.
    pub error: Option<ReportError>,
}

/// One status change.
#[derive(Debug, Serialize)]
pub struct StatusSeen {
    /// The status.
    pub status: String,
    /// Milliseconds since sending.
    pub at_ms: u128,
}

/// A failure in `--json`.
#[derive(Debug, Serialize)]
pub struct ReportError {
    /// Stable class name (auth, timeout, …).
    pub class: String,
    /// One sentence for a person.
    pub message: String,
}

/// Runs `nowkey send-test`; returns the exit code.
///
/// The Hub URL comes from `--hub-url` (`hub_url_flag`), else the profile, else
/// `NOWKEY_HUB_URL` (`hub_url_env`), else [`DEFAULT_HUB_URL`]; the key likewise
/// from `--key`, the profile, then `NOWKEY_HUB_API_KEY`. A variable left in the
/// environment must not send a profile's credentials to another Hub.
pub fn run(
    args: &SendTestArgs,
    hub_url_flag: Option<&str>,
    hub_url_env: Option<&str>,
    config_dir: Option<std::path::PathBuf>,
    timeouts: Timeouts,
) -> Result<Exit, CommandError> {
    let to = E164::parse(&args.to).map_err(|e| CommandError::usage(format!("--to: {e}")))?;
    let profile = match &args.profile {
        Some(name) => Some(super::load_sms_profile(config_dir, name)?.1),
        None => None,
    };
    let hub_url = hub_url_flag
        .map(str::to_owned)
        .or_else(|| profile.as_ref().map(|p| p.hub_api_url.clone()))
        .or_else(|| hub_url_env.map(str::to_owned))
        .unwrap_or_else(|| DEFAULT_HUB_URL.to_owned());
    let key = api_key(
        args.key.as_deref(),
        profile.as_ref().map(|p| p.api_key.as_str()),
    )?;
    let secret = api_secret()?;
    let credentials = HubCredentials { key, secret };
    let fingerprint = credentials.token().fingerprint();
    if let Some(saved) = &profile {
        if saved.token_fingerprint != fingerprint {
            eprintln!(
                "! The token's fingerprint {fingerprint} differs from the profile's {}: the secret may be from another key.",
                saved.token_fingerprint
            );
        }
    }
    let client = HubClient::new(&hub_url, credentials.clone(), timeouts)
        .map_err(|e| CommandError::from_client(&e, Service::Hub))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    let mut report = SendTestReport {
        ok: false,
        hub_url: hub_url.clone(),
        api_key: credentials.key.to_string(),
        token_fingerprint: fingerprint.to_string(),
        to: to.to_string(),
        message_id: None,
        status: None,
        statuses: Vec::new(),
        elapsed_ms: 0,
        error: None,
    };
    let exit = runtime.block_on(follow(&client, &to, args, &mut report));
    if args.json {
        // Serialising a struct of strings and numbers cannot fail.
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        println!("{text}");
    }
    Ok(exit)
}

async fn follow(
    client: &HubClient,
    to: &E164,
    args: &SendTestArgs,
    report: &mut SendTestReport,
) -> Exit {
    let started = Instant::now();
    let fail = |report: &mut SendTestReport, error: &crate::domain::remote_error::ClientError| {
        let command_error = CommandError::from_client(error, Service::Hub);
        eprintln!("✗ {}", command_error.message);
        report.error = Some(ReportError {
            class: error.class().to_owned(),
            message: command_error.message,
        });
        command_error.exit
    };
    let sent = match client.send_message(to, &args.message).await {
        Ok(sent) => sent,
        Err(error) => {
            report.elapsed_ms = started.elapsed().as_millis();
            return fail(report, &error);
        }
    };
    eprintln!(
        "✓ accepted by the Hub as {} ({})",
        sent.message_id, sent.status
    );
    report.message_id = Some(sent.message_id.clone());
    record(report, &sent.status, started);
    let deadline = started + Duration::from_secs(args.wait);
    let mut status = sent.status;
    let exit = loop {
        if args.wait == 0 {
            report.ok = true;
            break Exit::Success;
        }
        if status.is_success() {
            eprintln!("✓ {status}");
            report.ok = true;
            break Exit::Success;
        }
        if status.is_failure() {
            eprintln!("✗ the message ended {status}: check the number can receive SMS.");
            report.error = Some(ReportError {
                class: "delivery".to_owned(),
                message: format!("The message ended {status}."),
            });
            break Exit::Failed;
        }
        if Instant::now() >= deadline {
            eprintln!(
                "✗ still {status} after {}s: delivery is unconfirmed; check the handset or wait longer with --wait.",
                args.wait
            );
            report.error = Some(ReportError {
                class: "unconfirmed".to_owned(),
                message: format!("Still {status} when --wait ran out."),
            });
            break Exit::Failed;
        }
        tokio::time::sleep(POLL_INTERVAL.min(deadline.saturating_duration_since(Instant::now())))
            .await;
        match client.message_status(&sent.message_id).await {
            Ok(next) => {
                if next != status {
                    eprintln!("… {next}");
                    record(report, &next, started);
                }
                status = next;
            }
            Err(error) => break fail(report, &error),
        }
    };
    report.elapsed_ms = started.elapsed().as_millis();
    exit
}

fn record(report: &mut SendTestReport, status: &MessageStatus, started: Instant) {
    report.status = Some(status.to_string());
    report.statuses.push(StatusSeen {
        status: status.to_string(),
        at_ms: started.elapsed().as_millis(),
    });
}
