//! The HOPEX GraphQL client (API key in `x-api-key`), as MEGA's GraphQL REST API documents it:
//! enough to check a key and tell the operator whom and what it signs in as.

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{json, Value};

use super::http::{build_http_client_for, sensitive_header, Timeouts};
use super::response::{classify_status, clean_server_text, exchange, Body};
use crate::domain::hopex::HopexContext;
use crate::domain::remote_error::ClientError;
use crate::domain::service_url::{graphql_endpoint, no_path};

/// The cheap key check (*unconfirmed on every build*: MEGA's documentation shows it on some).
const CONTEXT_QUERY: &str = "query { _currentContext { userId databaseId profileId language } }";
/// The fallback check, on the ITPM schema.
const FALLBACK_QUERY: &str = "query { application { id name } }";
/// The schema the fallback check runs against.
const FALLBACK_SCHEMA: &str = "ITPM";
/// The most GraphQL error messages kept.
const MAX_MESSAGES: usize = 10;

/// Talks to one HOPEX GraphQL endpoint with one API key.
#[derive(Clone)]
pub struct HopexClient {
    http: reqwest::Client,
    endpoint: url::Url,
    fallback: url::Url,
    api_key: SecretString,
    timeouts: Timeouts,
}

impl std::fmt::Debug for HopexClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HopexClient")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

impl HopexClient {
    /// `server_url` is either a server base (`https://hopex.acme.com`,
    /// `https://acme.hopexcloud.com`) or a full endpoint already ending in
    /// `/HOPEXGraphQL/api/<schema>` (case-insensitive); `schema` is used for the
    /// former. Refuses plain http except to loopback, and a key no header can carry.
    pub fn new(
        server_url: &str,
        schema: &str,
        api_key: SecretString,
        timeouts: Timeouts,
    ) -> Result<Self, ClientError> {
        let endpoint = graphql_endpoint(server_url, schema)?;
        let mut fallback = endpoint.clone();
        fallback
            .path_segments_mut()
            .map_err(|()| no_path())?
            .pop()
            .push(FALLBACK_SCHEMA);
        key_header(&api_key)?;
        let http = build_http_client_for(&endpoint, timeouts)?;
        Ok(Self {
            http,
            endpoint,
            fallback,
            api_key,
            timeouts,
        })
    }

    /// The GraphQL endpoint every query is posted to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// Checks the key with `_currentContext` and returns what it signs in as.
    ///
    /// `_currentContext` is not confirmed to exist on every HOPEX build: when the
    /// server answers that it cannot query that field, the key is checked again with
    /// `query { application { id name } }` on the ITPM schema of the same server, and
    /// the result says `via_fallback: true` with no context fields.
    ///
    /// 401/403 are [`ClientError::Auth`] whatever the body says (HOPEX's bodies are
    /// not reliable there); any other GraphQL `errors` are [`ClientError::GraphQl`].
    pub async fn check_key(&self) -> Result<HopexContext, ClientError> {
        let data = match self.query(&self.endpoint, CONTEXT_QUERY).await {
            Err(ClientError::GraphQl { messages })
                if messages.iter().any(|m| m.contains("Cannot query field")) =>
            {
                self.query(&self.fallback, FALLBACK_QUERY).await?;
                return Ok(HopexContext {
                    via_fallback: true,
                    ..HopexContext::default()
                });
            }
            other => other?,
        };
        let Some(context) = data.get("_currentContext").filter(|c| c.is_object()) else {
            return Err(ClientError::UnexpectedBody {
                status: 200,
                detail: "JSON without `data._currentContext`".to_owned(),
            });
        };
        let field = |name: &str| match context.get(name) {
            Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        Ok(HopexContext {
            user_id: field("userId"),
            repository_id: field("databaseId"),
            profile_id: field("profileId"),
            language: field("language"),
            via_fallback: false,
        })
    }

    /// Posts one query and returns its `data`; every failure is classified and
    /// scrubbed.
    async fn query(&self, url: &url::Url, query: &str) -> Result<Value, ClientError> {
        // Checked in `new` already; built per call so the key is kept only once.
        let key = key_header(&self.api_key)?;
        let request = self
            .http
            .post(url.clone())
            .header("x-api-key", key)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json")
            .body(json!({ "query": query, "variables": {} }).to_string());
        let result = match exchange(request, self.timeouts).await {
            Ok(body) => classify(&body.redacted(&[self.api_key.expose_secret()])),
            Err(error) => Err(error),
        };
        result.map_err(|error| error.redacted(&[self.api_key.expose_secret()]))
    }
}

/// Turns a HOPEX answer into its `data`, or its class.
fn classify(body: &Body) -> Result<Value, ClientError> {
    let status = body.status.as_u16();
    match status {
        401 | 403 => return Err(ClientError::Auth { status }),
        // GraphQL servers put a refused query in a 400 or 422 with an `errors` list.
        200..=299 | 400 | 422 => {}
        _ => return Err(classify_status(body)),
    }
    let envelope: Envelope = match body.json("a GraphQL `data` or `errors`") {
        Ok(envelope) => envelope,
        Err(error) if body.status.is_success() => return Err(error),
        Err(_) => return Err(classify_status(body)),
    };
    if let Some(errors) = envelope.errors.filter(|errors| !errors.is_empty()) {
        let messages = errors
            .iter()
            .take(MAX_MESSAGES)
            .map(|error| match error.get("message") {
                Some(Value::String(text)) => clean_server_text(text),
                _ => clean_server_text(&error.to_string()),
            })
            .collect();
        return Err(ClientError::GraphQl { messages });
    }
    match envelope.data {
        Some(data) if body.status.is_success() && !data.is_null() => Ok(data),
        _ if body.status.is_success() => Err(ClientError::UnexpectedBody {
            status,
            detail: "JSON without `data` or `errors`".to_owned(),
        }),
        _ => Err(classify_status(body)),
    }
}

/// `{"data":…}` or `{"errors":[…]}`.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    errors: Option<Vec<Value>>,
}

/// The `x-api-key` value, marked sensitive. A key with a control character cannot
/// be sent; there is no better class for that than a request refused as invalid.
fn key_header(api_key: &SecretString) -> Result<reqwest::header::HeaderValue, ClientError> {
    sensitive_header(api_key.expose_secret()).ok_or_else(|| ClientError::BadRequest {
        message: "the API key contains a control character; paste it again".to_owned(),
        details: Vec::new(),
    })
}
