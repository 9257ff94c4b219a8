//! The sandbox admin calls the wizard makes itself in `nowkey demo`: creating a Hub
//! key the way the Hub's "Create Key" button would (and deleting one), a HOPEX
//! key the way the HOPEX console would, an OAuth2 client the way ServiceNow's
//! Application Registry would, and an SMS sent by ServiceNow's spoke
//! the way the operator would trigger it from the instance. Failures are
//! [`ClientError`]s, worded for
//! [`Service::Sandbox`](crate::domain::remote_error::Service::Sandbox).

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::http::{build_http_client_for, classify_transport, Timeouts};
use super::response::{classify_status, exchange};
use crate::domain::hopex::HopexKeyScope;
use crate::domain::remote_error::ClientError;
use crate::domain::service_url::parse_service_url;
use crate::domain::servicenow::OAuthClient;

#[derive(Deserialize)]
struct CreatedHubKey {
    api_key: String,
    api_secret: String,
}

#[derive(Deserialize)]
struct CreatedOAuthClient {
    client_id: String,
    client_secret: String,
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

/// `POST {base}/_sandbox/servicenow/oauth_clients` → a new Application
/// Registry client named `name` that may use the password grant, its tokens
/// living the sandbox's default 30 minutes.
pub async fn create_servicenow_oauth_client(
    base: &str,
    name: &str,
    timeouts: Timeouts,
) -> Result<OAuthClient, ClientError> {
    let created: CreatedOAuthClient = post(
        base,
        "/_sandbox/servicenow/oauth_clients",
        serde_json::json!({"name": name}),
        timeouts,
    )
    .await?;
    Ok(OAuthClient {
        client_id: created.client_id,
        client_secret: SecretString::from(created.client_secret),
    })
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
            "name": scope.name,
            "expires": scope.expires,
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
    delete_key(base, "hub", api_key, timeouts).await
}

/// `DELETE {base}/_sandbox/hopex/keys/{api_key}`, as revoking it in HOPEX
/// would. The key is a secret: errors are scrubbed of it.
pub async fn revoke_hopex_key(
    base: &str,
    api_key: &SecretString,
    timeouts: Timeouts,
) -> Result<(), ClientError> {
    let key = api_key.expose_secret();
    delete_key(base, "hopex", key, timeouts)
        .await
        .map_err(|error| error.redacted(&[key]))
}

/// `DELETE {base}/_sandbox/{service}/keys/{api_key}`.
async fn delete_key(
    base: &str,
    service: &str,
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
        .extend(["_sandbox", service, "keys", api_key]);
    let client = build_http_client_for(&base, timeouts)?;
    let response = client
        .delete(url)
        .send()
        .await
        .map_err(|error| classify_transport(&error, timeouts))?;
    success(&response).map(|_| ())
}

/// What the sandbox's simulated ServiceNow spoke got from the Hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpokeSent {
    /// The Hub accepted the message (202).
    Accepted {
        /// The Hub's id for it.
        message_id: String,
    },
    /// The Hub refused it: 401 (or 403) for the credential the spoke holds,
    /// 400 for the number or the text.
    Refused {
        /// The Hub's status.
        status: u16,
    },
}

#[derive(Deserialize)]
struct SentMessages {
    messages: Vec<SentMessage>,
}

#[derive(Deserialize)]
struct SentMessage {
    message_id: String,
}

/// `POST {base}/_sandbox/servicenow/spoke/send` `{"to","content"}`: ServiceNow's
/// spoke sends one SMS with whatever its connector's credential holds, judged by
/// the Hub as any client is. A Hub refusal is [`SpokeSent::Refused`]; the
/// sandbox's own refusals (no usable credential, 409; a hibernating instance,
/// 503) and transport failures are errors.
pub async fn spoke_send(
    base: &str,
    to: &str,
    content: &str,
    timeouts: Timeouts,
) -> Result<SpokeSent, ClientError> {
    let base = parse_service_url(base)?;
    let url = format!(
        "{}/_sandbox/servicenow/spoke/send",
        base.as_str().trim_end_matches('/')
    );
    let client = build_http_client_for(&base, timeouts)?;
    let request = client
        .post(url)
        .json(&serde_json::json!({"to": to, "content": content}));
    let body = exchange(request, timeouts).await?;
    match body.status.as_u16() {
        202 => {
            let sent: SentMessages = body.json("the Hub's messages")?;
            let message_id = sent
                .messages
                .into_iter()
                .next()
                .map(|m| m.message_id)
                .ok_or_else(|| ClientError::UnexpectedBody {
                    status: 202,
                    detail: "no message in the Hub's answer".to_owned(),
                })?;
            Ok(SpokeSent::Accepted { message_id })
        }
        status @ (400 | 401 | 403) => Ok(SpokeSent::Refused { status }),
        _ => Err(classify_status(&body)),
    }
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
