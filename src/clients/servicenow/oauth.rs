//! OAuth2 sign-in to ServiceNow (password grant): the access token is asked of
//! `POST {instance}/oauth_token.do` on first use, kept for every clone of the
//! client, asked again shortly before it expires, and once more when the Table
//! API refuses it early (a token revoked on the instance).
//!
//! The client secret, the password and both tokens are secrets: the form is
//! built in a zeroizing buffer that never moves, the tokens live in
//! [`SecretString`]s, and every answer is scrubbed of them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use zeroize::Zeroizing;

use super::token_answer::{read_token_answer, Issued};
use super::ServiceNowClient;
use crate::clients::response::exchange;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow::OAuthClient;

/// The path of ServiceNow's token endpoint.
pub const TOKEN_PATH: &str = "oauth_token.do";

/// The most of a token's lifetime given up to ask for the next one early, so a
/// request never leaves with a token about to expire in flight.
const MOST_MARGIN: Duration = Duration::from_secs(30);

/// An access token (and its refresh token) with the moment to ask again.
pub(super) struct Token {
    /// The access token, sent as `Authorization: Bearer`.
    pub access: SecretString,
    /// The refresh token, kept only to be scrubbed from answers.
    pub refresh: Option<SecretString>,
    /// When to stop using it: its lifetime less a margin.
    renew_at: Instant,
}

impl Token {
    fn new(issued: Issued) -> Self {
        // A tenth of the lifetime, at most 30 s: a 1 s token is still used once.
        let margin = (issued.lifetime / 10).min(MOST_MARGIN);
        Self {
            access: issued.access,
            refresh: issued.refresh,
            renew_at: Instant::now() + issued.lifetime.saturating_sub(margin),
        }
    }

    fn is_live(&self) -> bool {
        Instant::now() < self.renew_at
    }

    /// `Bearer <access token>`; zeroed when dropped.
    pub fn header(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("Bearer {}", self.access.expose_secret()))
    }
}

/// The token every clone of one client shares. The lock is held while a token
/// is asked for, so calls made at once (the user and its roles) ask only once.
#[derive(Clone, Default)]
pub(super) struct TokenCache(Arc<Mutex<Option<Arc<Token>>>>);

impl ServiceNowClient {
    /// The token to send, and whether it was asked for just now. `stale` is a
    /// token the Table API has just refused: it is not handed out again (unless
    /// another call already replaced it, which is then used).
    pub(super) async fn token(
        &self,
        client: &OAuthClient,
        cache: &TokenCache,
        stale: Option<&Arc<Token>>,
    ) -> Result<(Arc<Token>, bool), ClientError> {
        let mut slot = cache.0.lock().await;
        if let Some(current) = slot.as_ref() {
            let refused = stale.is_some_and(|s| Arc::ptr_eq(s, current));
            if current.is_live() && !refused {
                return Ok((Arc::clone(current), false));
            }
        }
        // Forgotten before asking, so a failed request leaves no dead token.
        *slot = None;
        let token = Arc::new(Token::new(self.request_token(client).await?));
        *slot = Some(Arc::clone(&token));
        Ok((token, true))
    }

    /// `POST {base}/oauth_token.do` with the password grant.
    async fn request_token(&self, client: &OAuthClient) -> Result<Issued, ClientError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| ClientError::BadUrl {
                reason: "it cannot carry a path; enter one like https://acme.service-now.com"
                    .to_owned(),
            })?
            .pop_if_empty()
            .push(TOKEN_PATH);
        let form = self.token_form(client);
        let request = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(axum::body::Bytes::from_owner(form));
        let answer = exchange(request, self.timeouts)
            .await
            .map_err(|error| self.scrub(error))?;
        read_token_answer(answer, &self.token_hidden(client), &self.shown(client))
            .map_err(|error| self.scrub(error))
    }

    /// `grant_type=password&client_id=…&client_secret=…&username=…&password=…`,
    /// in a buffer reserved up front so that it never moves.
    fn token_form(&self, client: &OAuthClient) -> Zeroizing<Vec<u8>> {
        let pairs = [
            ("grant_type", "password"),
            ("client_id", client.client_id.as_str()),
            ("client_secret", client.client_secret.expose_secret()),
            ("username", self.credentials.user.as_str()),
            ("password", self.credentials.password.expose_secret()),
        ];
        // Percent-encoding writes a byte as at most three; `=` and `&` add two.
        let most: usize = pairs
            .iter()
            .map(|(name, value)| 3 * (name.len() + value.len()) + 2)
            .sum();
        let mut form = url::form_urlencoded::Serializer::new(String::with_capacity(most));
        form.extend_pairs(pairs);
        Zeroizing::new(form.finish().into_bytes())
    }

    /// What a token endpoint's refusal is scrubbed of: the password and the
    /// client secret.
    fn token_hidden<'a>(&'a self, client: &'a OAuthClient) -> [&'a str; 2] {
        [
            self.credentials.password.expose_secret(),
            client.client_secret.expose_secret(),
        ]
    }

    /// The names an answer may show whole: the user name and the client id.
    fn shown<'a>(&'a self, client: &'a OAuthClient) -> [&'a str; 2] {
        [self.credentials.user.as_str(), client.client_id.as_str()]
    }
}
