//! The sandbox admin calls the wizard makes itself in `nowkey demo`: creating a Hub
//! key the way the Hub's "Create Key" button would, and a HOPEX key the way the
//! HOPEX console would.

use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::http::{build_http_client_for, parse_service_url, Timeouts};

#[derive(Deserialize)]
struct CreatedHubKey {
    api_key: String,
    api_secret: String,
}

#[derive(Deserialize)]
struct CreatedHopexKey {
    api_key: String,
}

/// What a sandbox HOPEX key is tied to.
#[derive(Debug, Clone)]
pub struct HopexKeyScope {
    /// EnvironmentId.
    pub environment_id: String,
    /// RepositoryId.
    pub repository_id: String,
    /// ProfileId.
    pub profile_id: String,
    /// The HOPEX login the key acts as.
    pub login: String,
}

/// `POST {base}/_sandbox/hub/keys` → the new key and its secret.
pub async fn create_hub_key(
    base: &str,
    timeouts: Timeouts,
) -> Result<(String, SecretString), String> {
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
) -> Result<SecretString, String> {
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
) -> Result<T, String> {
    let base = parse_service_url(base).map_err(|e| e.to_string())?;
    let url = format!("{}{path}", base.as_str().trim_end_matches('/'));
    let client = build_http_client_for(&base, timeouts).map_err(|e| e.to_string())?;
    let response = client
        .post(url)
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("the sandbox did not answer ({e})"))?;
    if !response.status().is_success() {
        return Err(format!("the sandbox answered HTTP {}", response.status()));
    }
    response
        .json()
        .await
        .map_err(|e| format!("the sandbox sent an unreadable answer ({e})"))
}

/// `DELETE {base}/_sandbox/hub/keys/{api_key}`, as deleting it in the Hub would.
pub async fn delete_hub_key(base: &str, api_key: &str, timeouts: Timeouts) -> Result<(), String> {
    let base = parse_service_url(base).map_err(|e| e.to_string())?;
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| "the sandbox URL cannot carry a path".to_owned())?
        .pop_if_empty()
        .extend(["_sandbox", "hub", "keys", api_key]);
    let client = build_http_client_for(&base, timeouts).map_err(|e| e.to_string())?;
    let response = client
        .delete(url)
        .send()
        .await
        .map_err(|e| format!("the sandbox did not answer ({e})"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("the sandbox answered HTTP {}", response.status()))
    }
}
