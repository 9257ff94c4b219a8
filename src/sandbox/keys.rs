//! The sandbox's registry of Hub API keys (basic-auth key + secret pairs).
//!
//! Mirrors what matters about the real Hub: the secret is handed out once, at
//! creation, and never listed again; a new key may take a moment to become valid;
//! a deleted key is refused at once.
//!
//! The sandbox's own view is different: the demo's panel lists every pair with
//! its secret ([`KeyRegistry::pairs`]), and the world file keeps them
//! ([`KeyRegistry::snapshot`]); they are throwaway, sandbox-minted credentials.
//!
//! Besides the minted keys, the registry accepts the
//! [`SEEDED_HUB_KEY`](super::seeded_key::SEEDED_HUB_KEY) until it is deleted
//! (see `seeded_key` for why it is never listed).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::pairs::HubPair;
use super::seeded_key::SEEDED_HUB_KEY;

const KEY_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const KEY_LEN: usize = 20;
const SECRET_LEN: usize = 30;

struct KeyRecord {
    secret: String,
    label: Option<String>,
    created: DateTime<Utc>,
    active_from: Instant,
}

/// What the admin listing shows of a key: never its secret.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KeyInfo {
    pub api_key: String,
    pub label: Option<String>,
    pub created: String,
    pub active: bool,
}

/// A key as the world file keeps it, secret included.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SavedHubKey {
    pub api_key: String,
    pub secret: String,
    #[serde(default)]
    pub label: Option<String>,
    pub created: DateTime<Utc>,
}

/// All keys, by api_key.
pub(crate) struct KeyRegistry {
    keys: BTreeMap<String, KeyRecord>,
    activation_delay: Duration,
    /// Whether the seeded key is still accepted (it was not deleted).
    seeded_alive: bool,
}

impl KeyRegistry {
    pub fn new(activation_delay: Duration) -> Self {
        Self {
            keys: BTreeMap::new(),
            activation_delay,
            seeded_alive: true,
        }
    }

    /// Creates a random key pair; returns `(api_key, api_secret)`.
    pub fn create(&mut self, label: Option<String>) -> (String, String) {
        let api_key = loop {
            let candidate = random_string(KEY_ALPHABET, KEY_LEN);
            if !self.keys.contains_key(&candidate) && candidate != SEEDED_HUB_KEY.api_key {
                break candidate;
            }
        };
        let secret = random_string(SECRET_ALPHABET, SECRET_LEN);
        self.keys.insert(
            api_key.clone(),
            KeyRecord {
                secret: secret.clone(),
                label,
                created: Utc::now(),
                active_from: Instant::now() + self.activation_delay,
            },
        );
        (api_key, secret)
    }

    /// The keys, oldest first by creation, without secrets.
    pub fn list(&self, now: Instant) -> Vec<KeyInfo> {
        let mut out: Vec<KeyInfo> = self
            .keys
            .iter()
            .map(|(api_key, rec)| KeyInfo {
                api_key: api_key.clone(),
                label: rec.label.clone(),
                created: rec.created.to_rfc3339_opts(SecondsFormat::Millis, true),
                active: now >= rec.active_from,
            })
            .collect();
        out.sort_by(|a, b| a.created.cmp(&b.created));
        out
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Removes a key (the seeded one included); false when it did not exist.
    pub fn delete(&mut self, api_key: &str) -> bool {
        if api_key == SEEDED_HUB_KEY.api_key && self.seeded_alive {
            self.seeded_alive = false;
            return true;
        }
        self.keys.remove(api_key).is_some()
    }

    /// Whether the seeded key was deleted (what the world file keeps of it).
    pub fn seeded_deleted(&self) -> bool {
        !self.seeded_alive
    }

    /// Deletes the seeded key when a saved world says it was deleted.
    pub fn restore_seeded_deleted(&mut self, deleted: bool) {
        if deleted {
            self.seeded_alive = false;
        }
    }

    /// Every key with its secret, by api_key, for the world file.
    pub fn snapshot(&self) -> Vec<SavedHubKey> {
        self.keys
            .iter()
            .map(|(api_key, rec)| SavedHubKey {
                api_key: api_key.clone(),
                secret: rec.secret.clone(),
                label: rec.label.clone(),
                created: rec.created,
            })
            .collect()
    }

    /// Adds saved keys, active at once (they were made, and waited for, in an
    /// earlier run). A key that Basic auth could not carry is skipped.
    pub fn restore(&mut self, saved: Vec<SavedHubKey>, now: Instant) {
        for key in saved {
            if key.api_key.is_empty()
                || key.api_key.contains(':')
                || key.secret.is_empty()
                || key.api_key == SEEDED_HUB_KEY.api_key
            {
                continue;
            }
            self.keys.insert(
                key.api_key,
                KeyRecord {
                    secret: key.secret,
                    label: key.label,
                    created: key.created,
                    active_from: now,
                },
            );
        }
    }

    /// Every key with its secret, newest first: the demo's panel.
    pub fn pairs(&self) -> Vec<HubPair> {
        let mut out: Vec<HubPair> = self
            .keys
            .iter()
            .map(|(api_key, rec)| HubPair {
                api_key: api_key.clone(),
                api_secret: SecretString::from(rec.secret.clone()),
                created: rec.created,
                label: rec.label.clone(),
            })
            .collect();
        out.sort_by(|a, b| b.created.cmp(&a.created).then(a.api_key.cmp(&b.api_key)));
        out
    }

    /// True when `api_key` exists, `secret` matches and the key is already active
    /// (the seeded key is active from the start, until deleted).
    pub fn accepts(&self, api_key: &str, secret: &str, now: Instant) -> bool {
        if api_key == SEEDED_HUB_KEY.api_key {
            return self.seeded_alive
                && constant_time_eq(SEEDED_HUB_KEY.api_secret.as_bytes(), secret.as_bytes());
        }
        self.keys.get(api_key).is_some_and(|rec| {
            constant_time_eq(rec.secret.as_bytes(), secret.as_bytes()) && now >= rec.active_from
        })
    }
}

/// Compares without an early exit, so response timing does not leak how much of a
/// guessed secret was right (cheap habit, even in a sandbox).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random string over `alphabet`. Randomness comes from UUID v4 (the OS RNG via
/// `getrandom`), which is already a dependency: no extra crate for a sandbox.
/// Rejection sampling keeps every character equally likely.
pub(crate) fn random_string(alphabet: &[u8], len: usize) -> String {
    // Largest multiple of the alphabet size that fits in a byte: bytes at or above
    // it are discarded so the modulo is unbiased.
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let bytes = *uuid::Uuid::new_v4().as_bytes();
        // Bytes 6 and 8 carry the UUID version and variant bits: not random.
        for (i, b) in bytes.iter().enumerate() {
            if i == 6 || i == 8 || usize::from(*b) >= limit || out.len() == len {
                continue;
            }
            out.push(char::from(alphabet[usize::from(*b) % alphabet.len()]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_the_documented_shape_and_are_unique() {
        let mut reg = KeyRegistry::new(Duration::ZERO);
        let (k1, s1) = reg.create(None);
        let (k2, _) = reg.create(Some("x".into()));
        assert_eq!(k1.len(), 20);
        assert!(k1
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(s1.len(), 30);
        assert!(s1.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(k1, k2);
        assert!(reg.accepts(&k1, &s1, Instant::now()));
        assert!(!reg.accepts(&k1, "wrong", Instant::now()));
        assert!(reg.delete(&k1));
        assert!(!reg.accepts(&k1, &s1, Instant::now()));
    }

    #[test]
    fn saved_keys_come_back_active_and_pairs_list_the_newest_first() {
        let mut reg = KeyRegistry::new(Duration::from_secs(60));
        let (old, _) = reg.create(Some("old".into()));
        let (new, secret) = reg.create(None);
        let mut saved = reg.snapshot();
        saved[0].created = Utc::now() - chrono::Duration::days(1);
        saved[1].created = Utc::now() - chrono::Duration::days(1);
        saved
            .iter_mut()
            .find(|k| k.api_key == new)
            .expect("new")
            .created = Utc::now();
        let mut again = KeyRegistry::new(Duration::from_secs(60));
        again.restore(saved, Instant::now());
        assert!(again.accepts(&new, &secret, Instant::now()));
        let pairs = again.pairs();
        let order: Vec<&str> = pairs.iter().map(|p| p.api_key.as_str()).collect();
        assert_eq!(order, [new.as_str(), old.as_str()]);
        assert_eq!(pairs[1].label.as_deref(), Some("old"));
        assert!(!format!("{:?}", pairs[0]).contains(&secret));
    }

    #[test]
    fn the_seeded_key_is_accepted_unlisted_and_deletable() {
        let mut reg = KeyRegistry::new(Duration::from_secs(60));
        let (key, secret) = (SEEDED_HUB_KEY.api_key, SEEDED_HUB_KEY.api_secret);
        assert!(reg.accepts(key, secret, Instant::now()), "active at once");
        assert!(!reg.accepts(key, "wrong", Instant::now()));
        assert!(reg.list(Instant::now()).is_empty() && reg.pairs().is_empty());
        assert!(reg.snapshot().is_empty() && !reg.seeded_deleted());
        assert!(reg.delete(key));
        assert!(!reg.accepts(key, secret, Instant::now()));
        assert!(!reg.delete(key), "deleted once");
        let mut again = KeyRegistry::new(Duration::ZERO);
        again.restore_seeded_deleted(reg.seeded_deleted());
        assert!(!again.accepts(key, secret, Instant::now()));
    }

    #[test]
    fn a_new_key_is_refused_until_its_activation_delay_has_passed() {
        let mut reg = KeyRegistry::new(Duration::from_secs(60));
        let (k, s) = reg.create(None);
        assert!(!reg.accepts(&k, &s, Instant::now()));
        assert!(reg.accepts(&k, &s, Instant::now() + Duration::from_secs(61)));
        assert!(!reg.list(Instant::now())[0].active);
    }
}
