//! The ServiceNow Table API client (Basic auth, or an OAuth2 access token), as
//! ServiceNow documents it:
//! enough to check the credentials the SMS connector and the HOPEX integration
//! sign in with and list the user's roles, to find the records the Hub
//! credentials go into (credentials, the Environment Registration), and to
//! write them.
//!
//! Every call goes through [`ServiceNowClient::send`]: one place that adds the
//! headers, bounds the time and the body, classifies the answer and scrubs the
//! password (and any value being written) from whatever comes back. With an
//! OAuth2 client in the credentials, every call carries `Authorization: Bearer`
//! with a token from `oauth_token.do` instead (see `oauth`).

mod classify;
mod credentials;
mod guard;
mod oauth;
mod records;
mod token_answer;
mod values;
mod write;

use std::sync::Arc;

use base64::Engine as _;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::Deserialize;
use zeroize::Zeroizing;

pub use classify::{means_basic_auth_blocked, rate_limit_wait};
pub use guard::{is_secret_field_name, SECRET_FIELD_NAMES};
pub use oauth::TOKEN_PATH;
pub use write::RecordRead;

use super::http::{build_http_client_for, sensitive_header, Timeouts};
use super::response::{exchange, Body};
use crate::domain::remote_error::ClientError;
use crate::domain::service_url::parse_service_url_for;
use crate::domain::servicenow::{ServiceNowCredentials, ServiceNowUser};

/// Talks to one ServiceNow instance as one user.
#[derive(Clone)]
pub struct ServiceNowClient {
    http: reqwest::Client,
    base: url::Url,
    base_text: String,
    credentials: ServiceNowCredentials,
    timeouts: Timeouts,
    /// The OAuth2 access token, shared by every clone (unused with Basic auth).
    tokens: oauth::TokenCache,
}

impl std::fmt::Debug for ServiceNowClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceNowClient")
            .field("base", &self.base_text)
            .field("user", &self.credentials.user)
            .finish_non_exhaustive()
    }
}

impl ServiceNowClient {
    /// A client for the instance at `instance_url` (already normalised to
    /// `https://<x>.service-now.com` by the caller, or a loopback http URL for the
    /// sandbox). Refuses plain http to any other host.
    pub fn new(
        instance_url: &str,
        credentials: ServiceNowCredentials,
        timeouts: Timeouts,
    ) -> Result<Self, ClientError> {
        let base = parse_service_url_for(
            instance_url,
            "https://acme.service-now.com",
            "the user and password",
        )?;
        let http = build_http_client_for(&base, timeouts)?;
        Ok(Self {
            http,
            base_text: base.as_str().trim_end_matches('/').to_owned(),
            base,
            credentials,
            timeouts,
            tokens: oauth::TokenCache::default(),
        })
    }

    /// The instance URL every endpoint is joined to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_text
    }

    /// Signs in and reads the user's own record and roles:
    /// `GET /api/now/table/sys_user?sysparm_query=user_name=<u>…`, then
    /// `GET /api/now/table/sys_user_has_role?sysparm_query=user=<sys_id>…`.
    ///
    /// An empty `sys_user` result means an ACL hides the record (the user exists:
    /// the sign-in just worked), reported as [`ClientError::AclEmpty`]. An empty
    /// role list is fine; a 403 on the roles is [`ClientError::Permission`].
    pub async fn check_credentials(&self) -> Result<ServiceNowUser, ClientError> {
        let user_query = format!("user_name={}", self.credentials.user);
        // The roles are looked up by dot-walking to the user's name rather than by
        // the sys_id the first answer gives, so both reads run at once: over a slow
        // link the check takes one round trip, not two.
        let user_params = [
            ("sysparm_query", user_query.as_str()),
            ("sysparm_fields", "sys_id,user_name,active"),
            ("sysparm_limit", "1"),
        ];
        let (user_answer, roles) = tokio::join!(
            self.get("sys_user", &user_params),
            self.roles(&self.credentials.user)
        );
        let body = user_answer?;
        let users: Table<UserRow> = self.parse(&body, "a `result` list of users")?;
        let acl_empty = || ClientError::AclEmpty {
            table: "sys_user".to_owned(),
        };
        let row = users.result.into_iter().next().ok_or_else(acl_empty)?;
        // A field-level ACL can blank fields of a record it lets through.
        let sys_id = row
            .sys_id
            .filter(|id| !id.is_empty())
            .ok_or_else(acl_empty)?;
        let user_name = row
            .user_name
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| self.credentials.user.clone());
        if !user_name.eq_ignore_ascii_case(&self.credentials.user) {
            // A `^` in the user name would be read as a query operator and could
            // match someone else: never report another user's record as ours.
            return Err(ClientError::UnexpectedBody {
                status: body.status.as_u16(),
                detail: "the record found is for a different user name".to_owned(),
            });
        }
        let roles = roles?;
        Ok(ServiceNowUser {
            sys_id,
            user_name,
            active: row.active.as_ref().is_none_or(values::is_true),
            roles,
        })
    }

    /// The role names of the user with this user name, sorted and deduplicated.
    async fn roles(&self, user_name: &str) -> Result<Vec<String>, ClientError> {
        let query = format!("user.user_name={user_name}");
        let body = self
            .get(
                "sys_user_has_role",
                &[("sysparm_query", &query), ("sysparm_fields", "role.name")],
            )
            .await?;
        let rows: Table<RoleRow> = self.parse(&body, "a `result` list of roles")?;
        let mut roles: Vec<String> = rows
            .result
            .into_iter()
            .filter_map(|row| row.role_name)
            .filter(|name| !name.is_empty())
            .collect();
        roles.sort();
        roles.dedup();
        Ok(roles)
    }

    /// `GET {base}/api/now/table/{table}?{query}`; returns the body of a 2xx JSON
    /// answer, anything else is classified and scrubbed.
    async fn get(&self, table: &str, query: &[(&str, &str)]) -> Result<Body, ClientError> {
        self.send(Method::GET, &[table], query, None, &[]).await
    }

    /// `{method} {base}/api/now/table/{path…}?{query}`, with a JSON `body` when
    /// given; returns the body of a 2xx JSON answer, anything else is classified
    /// and scrubbed of the password and of `secrets` (the values a write
    /// carries). A 403 on a credential table ([`is_credential_table`]) becomes
    /// [`ClientError::CredentialAccess`], which names the roles needed.
    async fn send(
        &self,
        method: Method,
        path: &[&str],
        query: &[(&str, &str)],
        body: Option<Zeroizing<Vec<u8>>>,
        secrets: &[&str],
    ) -> Result<Body, ClientError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ClientError::BadUrl {
                reason: "it cannot carry a path; enter one like https://acme.service-now.com"
                    .to_owned(),
            })?
            .pop_if_empty()
            .extend(["api", "now", "table"])
            .extend(path);
        url.query_pairs_mut().extend_pairs(query);
        let sign_in = self.sign_in(None).await?;
        // Only a kept Bearer token may be refused and the call tried again.
        let kept = match &sign_in {
            SignIn::Bearer(token, false) => Some(Arc::clone(token)),
            _ => None,
        };
        let again = kept.as_ref().and_then(|_| body.clone());
        let mut answer = self
            .send_once(&method, &url, &sign_in, body, secrets)
            .await?;
        if let (StatusCode::UNAUTHORIZED, Some(refused)) = (answer.status, &kept) {
            // A kept token refused early (revoked, or its lifetime cut on the
            // instance): one new token, one more try.
            let sign_in = self.sign_in(Some(refused)).await?;
            answer = self
                .send_once(&method, &url, &sign_in, again, secrets)
                .await?;
        }
        if !answer.status.is_success() {
            let table = path.first().copied().unwrap_or_default();
            let error = match classify::classify_failure(&answer) {
                ClientError::Permission { .. } if is_credential_table(table) => {
                    ClientError::CredentialAccess {
                        table: table.to_owned(),
                    }
                }
                other => other,
            };
            return Err(self.scrub_also(error, secrets));
        }
        if let Some(error) = classify::html_page(&answer) {
            return Err(self.scrub_also(error, secrets));
        }
        Ok(answer)
    }

    /// One request with `sign_in`'s Authorization header; the answer comes
    /// back read and scrubbed, whatever its status.
    async fn send_once(
        &self,
        method: &Method,
        url: &url::Url,
        sign_in: &SignIn,
        body: Option<Zeroizing<Vec<u8>>>,
        secrets: &[&str],
    ) -> Result<Body, ClientError> {
        let header = match sign_in {
            SignIn::Basic => self.basic_token(),
            SignIn::Bearer(token, _) => token.header(),
        };
        let authorization = sensitive_header(&header).ok_or_else(|| ClientError::BadRequest {
            message: "the user name contains a control character; type it again".to_owned(),
            details: Vec::new(),
        })?;
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/json");
        if let Some(body) = body {
            // The JSON is handed over without a copy: reqwest holds the zeroizing
            // buffer itself and wipes it when it drops the body. (axum re-exports
            // the `bytes` crate reqwest takes its bodies from.)
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(axum::body::Bytes::from_owner(body));
        }
        let token = self.basic_token();
        let mut hidden = self.hidden(&token, secrets);
        if let SignIn::Bearer(issued, _) = sign_in {
            hidden.push(issued.access.expose_secret());
            hidden.extend(issued.refresh.as_ref().map(ExposeSecret::expose_secret));
        }
        Ok(exchange(request, self.timeouts)
            .await
            .map_err(|error| self.scrub_also(error, secrets))?
            .redacted_sparing(&hidden, &[&self.credentials.user]))
    }

    /// How the next request signs in: Basic, or a Bearer token (a new one
    /// when `refused` is the kept token the Table API just refused).
    async fn sign_in(&self, refused: Option<&Arc<oauth::Token>>) -> Result<SignIn, ClientError> {
        match &self.credentials.oauth {
            None => Ok(SignIn::Basic),
            Some(client) => {
                let (token, fresh) = self.token(client, &self.tokens, refused).await?;
                Ok(SignIn::Bearer(token, fresh))
            }
        }
    }

    /// The full `Basic …` header text; zeroed when dropped.
    fn basic_token(&self) -> Zeroizing<String> {
        let pair = Zeroizing::new(format!(
            "{}:{}",
            self.credentials.user,
            self.credentials.password.expose_secret()
        ));
        let encoded = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*pair));
        Zeroizing::new(format!("Basic {}", &*encoded))
    }

    /// Parses a 2xx body, scrubbing the error like every other.
    fn parse<T: serde::de::DeserializeOwned>(
        &self,
        body: &Body,
        expected: &str,
    ) -> Result<T, ClientError> {
        body.json(expected).map_err(|error| self.scrub(error))
    }

    /// Removes the password and the Basic token from anything a server sent back.
    fn scrub(&self, error: ClientError) -> ClientError {
        self.scrub_also(error, &[])
    }

    /// [`Self::scrub`], and also removes `secrets` (the values a write carries).
    fn scrub_also(&self, error: ClientError, secrets: &[&str]) -> ClientError {
        let token = self.basic_token();
        error.redacted_sparing(&self.hidden(&token, secrets), &[&self.credentials.user])
    }

    /// What is scrubbed from an answer: the password, the Base64 of the Basic
    /// `token` ([`Self::basic_token`]), the OAuth client secret and `secrets`.
    fn hidden<'a>(&'a self, token: &'a str, secrets: &[&'a str]) -> Vec<&'a str> {
        let mut hidden = vec![
            self.credentials.password.expose_secret(),
            token.trim_start_matches("Basic "),
        ];
        if let Some(client) = &self.credentials.oauth {
            hidden.push(client.client_secret.expose_secret());
        }
        hidden.extend(secrets.iter().copied());
        hidden
    }
}

/// How one request signs in.
enum SignIn {
    /// `Authorization: Basic`, from the user and password.
    Basic,
    /// `Authorization: Bearer`, and whether the token was asked for just now
    /// (a new token refused is not asked for again).
    Bearer(Arc<oauth::Token>, bool),
}

/// True for the tables that hold credentials, which only the admin and
/// credential_admin roles may read and change: `discovery_credentials`, its
/// `*_credentials` children, and `sys_alias`.
pub fn is_credential_table(table: &str) -> bool {
    table == "sys_alias" || table.ends_with("_credentials")
}

/// `{"result":[…]}`.
#[derive(Deserialize)]
struct Table<T> {
    result: Vec<T>,
}

/// One `sys_user` row with the fields asked for; each may be hidden by an ACL.
#[derive(Deserialize)]
struct UserRow {
    #[serde(default)]
    sys_id: Option<String>,
    #[serde(default)]
    user_name: Option<String>,
    #[serde(default)]
    active: Option<serde_json::Value>,
}

/// One `sys_user_has_role` row: the dot-walked field comes back named `role.name`.
#[derive(Deserialize)]
struct RoleRow {
    #[serde(default, rename = "role.name")]
    role_name: Option<String>,
}
