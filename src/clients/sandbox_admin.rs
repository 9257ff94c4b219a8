//! The one sandbox admin call the wizard makes itself: `nowkey demo` creates a Hub
//! key the way the Hub's "Create Key" button would.

use secrecy::SecretString;
use serde::Deserialize;

use super::http::{build_http_client, parse_service_url, Timeouts};

#[derive(Deserialize)]
struct CreatedKey {
    api_key: String,
    api_secret: String,
}

/// `POST {base}/_sandbox/hub/keys` → the new key and its secret.
pub async fn create_hub_key(
    base: &str,
    timeouts: Timeouts,
) -> Result<(String, SecretString), String> {
    let base = parse_service_url(base).map_err(|e| e.to_string())?;
    let url = format!("{}/_sandbox/hub/keys", base.as_str().trim_end_matches('/'));
    let client = build_http_client(timeouts).map_err(|e| e.to_string())?;
    let response = client
        .post(url)
        .json(&serde_json::json!({"label": "ServiceNow"}))
        .send()
        .await
        .map_err(|e| format!("the sandbox did not answer ({e})"))?;
    if !response.status().is_success() {
        return Err(format!("the sandbox answered HTTP {}", response.status()));
    }
    let created: CreatedKey = response
        .json()
        .await
        .map_err(|e| format!("the sandbox sent an unreadable answer ({e})"))?;
    Ok((created.api_key, SecretString::from(created.api_secret)))
}
