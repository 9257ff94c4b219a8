//! The Hub credential pair and the Basic-auth token built from it.
//!
//! The token is standard Base64 (padded) of the UTF-8 bytes `key:secret`, which is
//! exactly what ServiceNow's spoke action and the `Authorization: Basic` header want.
//! Only the fingerprint (first 12 hex digits of SHA-256 of the token) is ever shown or
//! stored; the token itself stays inside a [`SecretString`].

use std::fmt;

use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A Hub API key id. Not a secret: the Hub shows it again at any time.
///
/// Deserializing applies the same rules as [`crate::domain::paste::clean_api_key`],
/// so a key read from anywhere can always be carried by Basic auth.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApiKey(String);

impl TryFrom<String> for ApiKey {
    type Error = crate::domain::paste::InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        crate::domain::paste::clean_api_key(&value)
    }
}

impl From<ApiKey> for String {
    fn from(value: ApiKey) -> Self {
        value.0
    }
}

impl ApiKey {
    /// Wraps a key that has already been cleaned by [`crate::domain::paste::clean_api_key`].
    pub(crate) fn new_unchecked(key: String) -> Self {
        Self(key)
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({:?})", self.0)
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Hub API secret. Shown by the Hub once; lives only in memory.
#[derive(Clone)]
pub struct ApiSecret(SecretString);

impl ApiSecret {
    /// Wraps a secret that has already been cleaned by
    /// [`crate::domain::paste::clean_api_secret`].
    pub(crate) fn new_unchecked(secret: String) -> Self {
        Self(SecretString::from(secret))
    }

    /// The secret, for building a request or the token. Keep the borrow short.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// How many characters the secret has (for a masked display).
    pub fn char_count(&self) -> usize {
        self.0.expose_secret().chars().count()
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret([REDACTED])")
    }
}

/// A key and its secret together: everything needed to authenticate to the Hub.
#[derive(Clone, Debug)]
pub struct HubCredentials {
    /// The key id.
    pub key: ApiKey,
    /// The secret.
    pub secret: ApiSecret,
}

impl HubCredentials {
    /// The Basic-auth token for this pair.
    pub fn token(&self) -> Token {
        Token::encode(&self.key, &self.secret)
    }
}

/// The Base64 `key:secret` token. Secret.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    /// Standard Base64 (with padding) of the UTF-8 bytes `key:secret`.
    pub fn encode(key: &ApiKey, secret: &ApiSecret) -> Self {
        let mut joined = zeroize::Zeroizing::new(String::with_capacity(
            key.as_str().len() + 1 + secret.expose().len(),
        ));
        joined.push_str(key.as_str());
        joined.push(':');
        joined.push_str(secret.expose());
        let encoded = base64::engine::general_purpose::STANDARD.encode(joined.as_bytes());
        Self(SecretString::from(encoded))
    }

    /// The token text, for the clipboard or a header. Keep the borrow short.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The value of an `Authorization` header carrying this token.
    pub fn authorization_header(&self) -> SecretString {
        SecretString::from(format!("Basic {}", self.expose()))
    }

    /// First 12 hex digits of SHA-256 of the token: safe to show and to store.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_secret(self.expose())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

/// A token's fingerprint: 12 lowercase hex digits. Not a secret.
///
/// Deserializing checks the form (as [`Fingerprint::parse`] does): a damaged value in a
/// hand-edited profile is refused rather than loaded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fingerprint(String);

/// A stored fingerprint that is not 12 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a token fingerprint is 12 lowercase hex digits, e.g. 0123456789ab")]
pub struct BadFingerprint;

impl TryFrom<String> for Fingerprint {
    type Error = BadFingerprint;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or(BadFingerprint)
    }
}

impl From<Fingerprint> for String {
    fn from(value: Fingerprint) -> Self {
        value.0
    }
}

impl Fingerprint {
    /// First 12 hex digits of SHA-256 of a secret (a token, a HOPEX API key): safe
    /// to show and store, and enough to tell two secrets apart.
    pub fn of_secret(secret: &str) -> Self {
        let digest = Sha256::digest(secret.as_bytes());
        let mut hex = String::with_capacity(12);
        for byte in &digest[..6] {
            hex.push_str(&format!("{byte:02x}"));
        }
        Self(hex)
    }

    /// The fingerprint as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses a stored fingerprint (12 lowercase hex digits).
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 12
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Self(text.to_owned()))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
