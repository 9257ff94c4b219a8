//! The sandbox admin calls the wizard makes itself in `nowkey demo`: creating a Hub
//! key the way the Hub's "Create Key" button would (and deleting one), and a HOPEX
//! key the way the HOPEX console would. Failures are [`ClientError`]s, worded for
//! [`Service::Sandbox`](crate::domain::remote_error::Service::Sandbox).

use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::http::{build_http_client_for, classify_transport, Timeouts};
use crate::domain::hopex::HopexKeyScope;
use crate::domain::remote_error::ClientError;
use crate::domain::service_url::parse_service_url;

#[derive(Deserialize)]
struct CreatedHubKey {
    api_key: String,
    api_secret: String,
}

#[derive(Deserialize)]
struct CreatedHopexKey {
    api_key: String,
}

/// `POST {base}/_sandbox/hub/keys` → the new key and its secret.
pub async fn create_hub_key(
    base: &str,
    timeouts: Timeouts,
) -> Result<(String, SecretString), ClientError> {
    let created: CreatedHubKey = post(
        base,
        "/_sandbox/hub/keys",
        serde_json::json!({"label": "ServiceNow"}),
        timeouts,
    )
    .await?;
    Ok((created.api_key, SecretString::from(created.api_secret)))
}

/// `POST {base}/_sandbox/hopex/keys` → the new HOPEX API key.
pub async fn create_hopex_key(
    base: &str,
    scope: &HopexKeyScope,
    timeouts: Timeouts,
) -> Result<SecretString, ClientError> {
    let created: CreatedHopexKey = post(
        base,
        "/_sandbox/hopex/keys",
        serde_json::json!({
            "environment_id": scope.environment_id,
            "repository_id": scope.repository_id,
            "profile_id": scope.profile_id,
            "login": scope.login,
        }),
        timeouts,
    )
    .await?;
    Ok(SecretString::from(created.api_key))
}

async fn post<T: DeserializeOwned>(
    base: &str,
    path: &str,
    body: serde_json::Value,
    timeouts: Timeouts,
) -> Result<T, ClientError> {
    let base = parse_service_url(base)?;
    let url = format!("{}{path}", base.as_str().trim_end_matches('/'));
    let client = build_http_client_for(&base, timeouts)?;
    let response = client
        .post(url)
        .json(&body)
        .send()
        .await
        .map_err(|error| classify_transport(&error, timeouts))?;
    success(&response)?;
    // Read bounded and cleaned like every other answer.
    super::response::read_body(response, timeouts)
        .await?
        .json("the sandbox's answer")
}

/// `DELETE {base}/_sandbox/hub/keys/{api_key}`, as deleting it in the Hub would.
pub async fn delete_hub_key(
    base: &str,
    api_key: &str,
    timeouts: Timeouts,
) -> Result<(), ClientError> {
    let base = parse_service_url(base)?;
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| ClientError::BadUrl {
            reason: "the sandbox URL cannot carry a path".to_owned(),
        })?
        .pop_if_empty()
        .extend(["_sandbox", "hub", "keys", api_key]);
    let client = build_http_client_for(&base, timeouts)?;
    let response = client
        .delete(url)
        .send()
        .await
        .map_err(|error| classify_transport(&error, timeouts))?;
    success(&response).map(|_| ())
}

/// The status when it is a success; the classified failure otherwise.
fn success(response: &reqwest::Response) -> Result<u16, ClientError> {
    let status = response.status().as_u16();
    match status {
        200..=299 => Ok(status),
        401 | 403 => Err(ClientError::Auth { status }),
        404 => Err(ClientError::NotFound { message: None }),
        500..=599 => Err(ClientError::Server { status }),
        _ => Err(ClientError::UnexpectedStatus { status }),
    }
}
