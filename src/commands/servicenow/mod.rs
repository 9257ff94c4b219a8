//! `nowkey servicenow discover` and `nowkey servicenow apply`: the records that
//! hold the Hub credentials in ServiceNow, found through ServiceNow's metadata
//! tables and written after a preview, for scripts and support.

mod apply;
mod discover;
mod preview;
mod secrets;

use crate::cli::{GlobalArgs, ServicenowAction};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::profile::SmsProfile;
use crate::domain::remote_error::Service;
use crate::domain::servicenow::{normalize_instance, validate_user_name, ServiceNowCredentials};
use crate::store::ConfigDir;

use super::exit::{CommandError, Exit};

/// JSON schema of `discover --json`.
pub const DISCOVER_SCHEMA: &str = "nowkey.servicenow-discover/1";
/// JSON schema of `apply --json`.
pub const APPLY_SCHEMA: &str = "nowkey.servicenow-apply/1";

/// Runs one `nowkey servicenow` command.
pub fn run(
    action: ServicenowAction,
    global: &GlobalArgs,
    timeouts: Timeouts,
) -> Result<Exit, CommandError> {
    match action {
        ServicenowAction::Discover(args) => discover::run(&args, global, timeouts),
        ServicenowAction::Apply(args) => apply::run(&args, global, timeouts),
    }
}

/// The saved SMS profile `name`, with the config folder it came from.
fn sms_profile(global: &GlobalArgs, name: &str) -> Result<(ConfigDir, SmsProfile), CommandError> {
    super::load_sms_profile(global.config_dir.clone(), name)
}

/// The instance: `--servicenow-url` (or `NOWKEY_SERVICENOW_URL`), else the
/// profile's.
fn instance_url(global: &GlobalArgs, profile: Option<&SmsProfile>) -> Result<String, CommandError> {
    let raw = global
        .servicenow_url
        .clone()
        .or_else(|| profile.and_then(|p| p.servicenow_url.clone()))
        .ok_or_else(|| {
            CommandError::usage(
                "Give the ServiceNow instance with --servicenow-url (or a --profile that records one).",
            )
        })?;
    normalize_instance(&raw).map_err(|e| CommandError::usage(format!("--servicenow-url: {e}")))
}

/// A client signed in as the admin.
fn admin_client(
    url: &str,
    user: &str,
    password: secrecy::SecretString,
    timeouts: Timeouts,
) -> Result<ServiceNowClient, CommandError> {
    let user =
        validate_user_name(user).map_err(|e| CommandError::usage(format!("--admin-user: {e}")))?;
    ServiceNowClient::new(
        url,
        ServiceNowCredentials {
            user,
            password,
            oauth: None,
        },
        timeouts,
    )
    .map_err(|e| CommandError::from_client(&e, Service::ServiceNow))
}

/// A small runtime for one command.
fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))
}

/// Prints `value` as pretty JSON on stdout.
fn print_json<T: serde::Serialize>(value: &T) {
    // Serialising plain strings, numbers and lists cannot fail.
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}
