//! The simulated instance's Application Registry: OAuth2 clients made through
//! `POST /_sandbox/servicenow/oauth_clients`, and the access tokens the token
//! endpoint (`token`) issues for them.
//!
//! Tokens are kept only as SHA-256 digests, with their user and expiry: the
//! sandbox never holds a token it could write to its world file or a log.
//! Clients are not saved in the world file: a restart makes them again.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::users::random_sys_id;
use crate::sandbox::keys::constant_time_eq;

/// How long a token lives unless its client says otherwise, as on a new
/// Application Registry record.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(1800);

/// The longest lifetime a client may ask for (a day).
const LONGEST_TOKEN_LIFETIME_SECS: u64 = 24 * 3600;

/// The most live tokens kept; past it the one expiring first is dropped, so a
/// loop asking for tokens cannot grow the sandbox for ever.
const MAX_LIVE_TOKENS: usize = 10_000;

/// The body of `POST /_sandbox/servicenow/oauth_clients`; every field optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewOAuthClient {
    /// The registry record's name.
    #[serde(default)]
    pub name: Option<String>,
    /// How long its tokens live, in seconds (0: born expired, for tests).
    #[serde(default)]
    pub token_lifetime_secs: Option<u64>,
    /// False makes the token endpoint answer `unauthorized_client`.
    #[serde(default = "yes")]
    pub allow_password_grant: bool,
    /// For leak scans: every access and refresh token issued for this client
    /// begins with this text (8 to 64 ASCII letters and digits), so a scan
    /// knows what to look for although the rest is random.
    #[serde(default)]
    pub token_marker: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for NewOAuthClient {
    /// What an empty body asks for: the default lifetime, the password grant
    /// allowed.
    fn default() -> Self {
        Self {
            name: None,
            token_lifetime_secs: None,
            allow_password_grant: true,
            token_marker: None,
        }
    }
}

impl NewOAuthClient {
    /// What serde cannot check.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            out.push("/name: must not be blank".to_owned());
        }
        if self
            .token_lifetime_secs
            .is_some_and(|s| s > LONGEST_TOKEN_LIFETIME_SECS)
        {
            out.push(format!(
                "/token_lifetime_secs: at most {LONGEST_TOKEN_LIFETIME_SECS}"
            ));
        }
        let marker_ok = |m: &String| {
            (8..=64).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        if self.token_marker.as_ref().is_some_and(|m| !marker_ok(m)) {
            out.push("/token_marker: 8 to 64 ASCII letters and digits".to_owned());
        }
        out
    }
}

/// A client as the registry keeps it.
struct RegisteredClient {
    name: String,
    secret: String,
    lifetime: Duration,
    allow_password_grant: bool,
    tokens_issued: u64,
    bearer_requests: u64,
    token_marker: String,
}

/// What `GET /_sandbox/servicenow/oauth_clients` lists: never the secret.
#[derive(Debug, Serialize)]
pub(crate) struct ClientView {
    pub client_id: String,
    pub name: String,
    pub token_lifetime_secs: u64,
    pub allow_password_grant: bool,
    /// Access tokens issued so far.
    pub tokens_issued: u64,
    /// Table API requests authenticated with one of its tokens.
    pub bearer_requests: u64,
}

/// A live token: whose, for which client, until when.
struct IssuedToken {
    user_name: String,
    client_id: String,
    expires_at: Instant,
}

/// Why a client was refused at the token endpoint.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ClientRefusal {
    /// Unknown client id, or wrong secret.
    Unknown,
    /// Known, but not allowed the password grant.
    NoPasswordGrant,
}

/// The Application Registry and its live tokens.
#[derive(Default)]
pub(crate) struct OAuthRegistry {
    clients: BTreeMap<String, RegisteredClient>,
    /// By the SHA-256 of the access token.
    tokens: HashMap<[u8; 32], IssuedToken>,
}

impl OAuthRegistry {
    /// How many clients are registered.
    pub fn len(&self) -> usize {
        self.clients.len()
    }

    /// Registers a client: `(client_id, client_secret)`.
    pub fn create(&mut self, request: NewOAuthClient) -> (String, String) {
        let client_id = random_sys_id();
        let secret = format!("{}{}", random_sys_id(), &random_sys_id()[..8]);
        let lifetime = request
            .token_lifetime_secs
            .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
        self.clients.insert(
            client_id.clone(),
            RegisteredClient {
                name: request.name.unwrap_or_else(|| "nowkey".to_owned()),
                secret: secret.clone(),
                lifetime,
                allow_password_grant: request.allow_password_grant,
                tokens_issued: 0,
                bearer_requests: 0,
                token_marker: request.token_marker.unwrap_or_default(),
            },
        );
        (client_id, secret)
    }

    /// Every client, without secrets.
    pub fn list(&self) -> Vec<ClientView> {
        self.clients
            .iter()
            .map(|(id, c)| ClientView {
                client_id: id.clone(),
                name: c.name.clone(),
                token_lifetime_secs: c.lifetime.as_secs(),
                allow_password_grant: c.allow_password_grant,
                tokens_issued: c.tokens_issued,
                bearer_requests: c.bearer_requests,
            })
            .collect()
    }

    /// Checks a client id and secret (in constant time when the id is known).
    pub fn check_client(&self, client_id: &str, secret: &str) -> Result<(), ClientRefusal> {
        let client = self.clients.get(client_id).ok_or(ClientRefusal::Unknown)?;
        if !constant_time_eq(client.secret.as_bytes(), secret.as_bytes()) {
            return Err(ClientRefusal::Unknown);
        }
        if !client.allow_password_grant {
            return Err(ClientRefusal::NoPasswordGrant);
        }
        Ok(())
    }

    /// Issues an access token for `user_name` through a checked client:
    /// `(access_token, refresh_token, lifetime)`.
    pub fn issue(&mut self, client_id: &str, user_name: &str, now: Instant) -> Option<Issued> {
        let client = self.clients.get_mut(client_id)?;
        client.tokens_issued += 1;
        let lifetime = client.lifetime;
        let marker = client.token_marker.clone();
        self.tokens.retain(|_, t| t.expires_at > now);
        if self.tokens.len() >= MAX_LIVE_TOKENS {
            let first = self
                .tokens
                .iter()
                .min_by_key(|(_, t)| t.expires_at)
                .map(|(digest, _)| *digest);
            if let Some(digest) = first {
                self.tokens.remove(&digest);
            }
        }
        let access = format!("{marker}{}{}", random_sys_id(), random_sys_id());
        self.tokens.insert(
            digest(&access),
            IssuedToken {
                user_name: user_name.to_owned(),
                client_id: client_id.to_owned(),
                expires_at: now + lifetime,
            },
        );
        Some(Issued {
            access,
            refresh: format!("{marker}R{}{}", random_sys_id(), random_sys_id()),
            lifetime,
        })
    }

    /// The user a live access token acts as, counting the request for its
    /// client; `None` for an unknown, revoked or expired token.
    pub fn user_of(&mut self, access: &str, now: Instant) -> Option<String> {
        let token = self
            .tokens
            .get(&digest(access))
            .filter(|t| t.expires_at > now)?;
        let user_name = token.user_name.clone();
        if let Some(client) = self.clients.get_mut(&token.client_id) {
            client.bearer_requests += 1;
        }
        Some(user_name)
    }

    /// Revokes every token (as deleting them from `oauth_credential` would);
    /// returns how many were live.
    pub fn revoke_all(&mut self, now: Instant) -> usize {
        let live = self.tokens.values().filter(|t| t.expires_at > now).count();
        self.tokens.clear();
        live
    }
}

/// A token just issued.
pub(crate) struct Issued {
    pub access: String,
    pub refresh: String,
    pub lifetime: Duration,
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_act_as_their_user_until_they_expire_or_are_revoked() {
        let mut registry = OAuthRegistry::default();
        let (id, secret) = registry.create(NewOAuthClient {
            token_lifetime_secs: Some(60),
            ..NewOAuthClient::default()
        });
        assert_eq!(registry.check_client(&id, &secret), Ok(()));
        assert_eq!(
            registry.check_client(&id, "wrong"),
            Err(ClientRefusal::Unknown)
        );
        let now = Instant::now();
        let token = registry.issue(&id, "sn.integration", now).unwrap();
        assert_eq!(token.lifetime, Duration::from_secs(60));
        assert_eq!(
            registry.user_of(&token.access, now).as_deref(),
            Some("sn.integration")
        );
        assert_eq!(registry.user_of(&token.refresh, now), None);
        assert_eq!(
            registry.user_of(&token.access, now + Duration::from_secs(60)),
            None
        );
        assert_eq!(registry.revoke_all(now), 1);
        assert_eq!(registry.user_of(&token.access, now), None);
        let view = &registry.list()[0];
        assert_eq!((view.tokens_issued, view.bearer_requests), (1, 1));
    }

    #[test]
    fn a_client_without_the_password_grant_is_told_apart() {
        let mut registry = OAuthRegistry::default();
        let (id, secret) = registry.create(NewOAuthClient {
            allow_password_grant: false,
            ..NewOAuthClient::default()
        });
        assert_eq!(
            registry.check_client(&id, &secret),
            Err(ClientRefusal::NoPasswordGrant)
        );
        assert_eq!(
            registry.check_client("unknown", &secret),
            Err(ClientRefusal::Unknown)
        );
    }
}
