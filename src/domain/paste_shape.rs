//! Recognising the wrong thing pasted into a Hub credential field.
//!
//! The API key and secret fields sit one step away from other things an admin
//! copies during setup: the ServiceNow instance's address, the encoded token, a
//! test phone number, or the key and secret as one `key:secret` line. A generic
//! "cannot contain ':'" does not tell them what went wrong; naming what was pasted
//! does. Recognition is deliberately narrow: Hub keys and secrets are letters and
//! digits, so none of these shapes can be mistaken for a real credential.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// What a pasted value looks like, when it is plainly not a Hub key or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastedShape {
    /// A web address (`https://…`, `www.…`, an instance host name).
    WebAddress,
    /// The key and secret together, as `key:secret`.
    KeyAndSecret,
    /// The encoded token (base64 of `key:secret`), bare or as `Basic …`.
    Token,
    /// A phone number (`+61 491 570 156`, `0491-570-156`).
    PhoneNumber,
}

impl PastedShape {
    /// What was pasted, in words for the message ("a web address").
    pub fn described(self) -> &'static str {
        match self {
            Self::WebAddress => "a web address",
            Self::KeyAndSecret => "the key and secret together (key:secret)",
            Self::Token => "the encoded token (key and secret in one)",
            Self::PhoneNumber => "a phone number",
        }
    }

    /// What to do instead, for the field named `field` ("API key").
    pub fn remedy(self, field: &str) -> String {
        match self {
            Self::KeyAndSecret => {
                "paste only the part before ':' here, and the part after it as the secret".to_owned()
            }
            Self::Token => "paste the key and the secret separately, as the Hub showed them when the key was made".to_owned(),
            _ => format!("paste the {field} the Hub showed when the key was made (letters and digits)"),
        }
    }
}

/// Recognises `text` (already trimmed) as one of the wrong pastes, or `None`
/// when it could be a credential.
pub fn recognise(text: &str) -> Option<PastedShape> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if looks_like_web_address(text) {
        Some(PastedShape::WebAddress)
    } else if looks_like_token(text) {
        Some(PastedShape::Token)
    } else if looks_like_phone_number(text) {
        Some(PastedShape::PhoneNumber)
    } else if looks_like_key_and_secret(text) {
        Some(PastedShape::KeyAndSecret)
    } else {
        None
    }
}

/// A scheme (`https://`), a `www.` start, or a host name of three or more
/// labels ending in letters (`acme.service-now.com`, `api.example.com/v1`).
/// Two labels are not enough: `a.b` could be part of some brand's secret.
fn looks_like_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let scheme = ["http://", "https://", "www."];
    if scheme.iter().any(|start| lower.starts_with(start)) {
        return true;
    }
    let host = lower.split('/').next().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 3
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A token decodes to `key:secret` with both parts present and printable. A
/// Hub key (letters and digits, 20 of them) is not valid padded base64 that
/// decodes to such text, except by a chance far below one in a million.
fn looks_like_token(text: &str) -> bool {
    let encoded = match text.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("basic") => rest.trim(),
        Some(_) => return false,
        None => text,
    };
    let Ok(decoded) = STANDARD.decode(encoded) else {
        return false;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return false;
    };
    // `echo key:secret | base64` encodes a trailing line break too.
    decoded
        .trim_end()
        .split_once(':')
        .is_some_and(|(key, secret)| {
            let printable = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic());
            printable(key) && printable(secret)
        })
}

/// Digits with the separators people write numbers with, 7 to 15 digits (the
/// E.164 limit), optionally after a `+`. Hub keys mix letters in.
fn looks_like_phone_number(text: &str) -> bool {
    let rest = text.strip_prefix('+').unwrap_or(text);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        && (7..=15).contains(&digits)
}

fn looks_like_key_and_secret(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(key, secret)| !key.is_empty() && !secret.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shape_is_recognised() {
        for (text, shape) in [
            ("https://acme.service-now.com", PastedShape::WebAddress),
            ("acme.service-now.com", PastedShape::WebAddress),
            ("www.example.com", PastedShape::WebAddress),
            ("KEY123:secret456", PastedShape::KeyAndSecret),
            ("S0VZMTIzOnNlY3JldDQ1Ng==", PastedShape::Token),
            ("Basic S0VZMTIzOnNlY3JldDQ1Ng==", PastedShape::Token),
            // `echo KEY123:secret456 | base64`, with the line break encoded.
            ("S0VZMTIzOnNlY3JldDQ1Ngo=", PastedShape::Token),
            ("+61 491 570 156", PastedShape::PhoneNumber),
            ("0491-570-156", PastedShape::PhoneNumber),
        ] {
            assert_eq!(recognise(text), Some(shape), "{text}");
        }
    }

    #[test]
    fn credentials_are_not_recognised_as_anything() {
        for text in [
            "8AKQ2ZL0W4RJ9C1XTB7M",
            "Fq3ZkLw9PxT2nVb8sYc1RmDg0HjE5u",
            "abc",
            "12345",
            "KEY123:",
            "://",
            "a.b",
            "x.example",
        ] {
            assert_eq!(recognise(text), None, "{text}");
        }
    }
}
