//! Cleaning what an operator pastes or types into a credential field.
//!
//! Pastes from a browser often carry a trailing newline, a CR from Windows, or
//! surrounding spaces; those are trimmed silently. Anything else that cannot be part
//! of a Hub credential is refused with a message naming the field and the problem.

use thiserror::Error;

use super::paste_shape::{recognise, PastedShape};
use super::token::{ApiKey, ApiSecret, Fingerprint, HubCredentials};

/// The longest key or secret accepted. Hub keys are about 20 characters and secrets
/// about 30; anything this long is a paste of the wrong thing.
pub const MAX_CREDENTIAL_LEN: usize = 256;

/// Why a pasted or typed value was refused. Each message is shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    /// Nothing left after trimming.
    #[error("The {field} is empty: paste it from {}.", issuer_of(field))]
    Empty {
        /// Which field.
        field: &'static str,
    },
    /// Longer than [`MAX_CREDENTIAL_LEN`].
    #[error("The {field} is {len} characters long, which is far too long (at most {max}): paste only the {field}.")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A control character (tab, newline, escape…) or an invisible format character
    /// (zero-width space, byte-order mark…) inside the value.
    #[error("The {field} contains a control character ({shown}) at position {position}: paste it again, on its own.")]
    ControlCharacter {
        /// Which field.
        field: &'static str,
        /// 1-based character position.
        position: usize,
        /// The character, escaped for display.
        shown: String,
    },
    /// Whitespace in the middle of the value.
    #[error(
        "The {field} contains a space at position {position}: {} have none, so paste it again.",
        credentials_of(field)
    )]
    InnerWhitespace {
        /// Which field.
        field: &'static str,
        /// 1-based character position.
        position: usize,
    },
    /// A `:` in the key, which Basic auth cannot carry.
    #[error("The API key cannot contain ':' (Basic auth splits on it). If you pasted key:secret together, paste only the key here.")]
    ColonInKey,
    /// Plainly something else: a web address, a token, a phone number, or (in the
    /// key field) the key and secret together.
    #[error("That is {}, not the {field}: {}.", .shape.described(), .shape.remedy(.field))]
    WrongPaste {
        /// Which field.
        field: &'static str,
        /// What was pasted.
        shape: PastedShape,
    },
}

/// How messages name the API key field.
const KEY_FIELD: &str = "API key";

/// Cleans a pasted API key: trims whitespace, CR and LF; refuses control
/// characters, inner spaces, `:`, empty values and absurd lengths.
pub fn clean_api_key(raw: &str) -> Result<ApiKey, InputError> {
    if let Some(shape) = recognise(raw) {
        return Err(InputError::WrongPaste {
            field: KEY_FIELD,
            shape,
        });
    }
    let cleaned = clean_credential(KEY_FIELD, raw)?;
    if cleaned.contains(':') {
        return Err(InputError::ColonInKey);
    }
    Ok(ApiKey::new_unchecked(cleaned.to_owned()))
}

/// Cleans a pasted API secret with the same rules as the key, except that a `:`
/// is allowed (Basic auth splits on the first one only).
pub fn clean_api_secret(raw: &str) -> Result<ApiSecret, InputError> {
    const FIELD: &str = "API secret";
    match recognise(raw) {
        // A secret may hold a ':' (Basic auth splits on the first one only).
        None | Some(PastedShape::KeyAndSecret) => {}
        Some(shape) => {
            return Err(InputError::WrongPaste {
                field: FIELD,
                shape,
            })
        }
    }
    let cleaned = clean_credential(FIELD, raw)?;
    Ok(ApiSecret::new_unchecked(cleaned.to_owned()))
}

/// Trims and checks one credential field; returns the trimmed slice.
pub fn clean_credential<'a>(field: &'static str, raw: &'a str) -> Result<&'a str, InputError> {
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        return Err(InputError::Empty { field });
    }
    let len = trimmed.chars().count();
    if len > MAX_CREDENTIAL_LEN {
        return Err(InputError::TooLong {
            field,
            len,
            max: MAX_CREDENTIAL_LEN,
        });
    }
    for (index, c) in trimmed.chars().enumerate() {
        if c.is_control() || is_invisible_format(c) {
            return Err(InputError::ControlCharacter {
                field,
                position: index + 1,
                shown: c.escape_default().to_string(),
            });
        }
        if c.is_whitespace() {
            return Err(InputError::InnerWhitespace {
                field,
                position: index + 1,
            });
        }
    }
    Ok(trimmed)
}

/// A character as a message shows it: itself when it can be seen, escaped
/// (`\u{200b}`) when it is a control, an invisible format character or whitespace
/// other than a plain space, which would otherwise show as nothing (or as a space).
pub fn visible(c: char) -> String {
    if c.is_control() || is_invisible_format(c) || (c.is_whitespace() && c != ' ') {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// Invisible format characters (Unicode category Cf) that web pages and clipboards
/// slip into copied text. They are not whitespace, so trimming keeps them, yet they
/// change the token: the Hub would then reject it with no visible cause.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'                       // soft hyphen
            | '\u{600}'..='\u{605}'
            | '\u{61c}'                // Arabic letter mark
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{180e}'               // Mongolian vowel separator
            | '\u{200b}'..='\u{200f}' // zero-width space, joiners, direction marks
            | '\u{202a}'..='\u{202e}' // direction embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{206f}' // direction isolates and deprecated formats
            | '\u{feff}'               // byte-order mark / zero-width no-break space
            | '\u{fff9}'..='\u{fffb}' // interlinear annotation
    )
}

/// The rule an API key field applies as text arrives. A recognised wrong paste
/// (a web address, a token, a phone number, `key:secret`) is refused at once,
/// saying what it was: a token or a `key:secret` pair would otherwise show the
/// secret in the unmasked key field. So is a typed `:`, which cannot be part of a
/// key. The message for the field, or `None`.
pub fn refuse_as_api_key(text: &str) -> Option<String> {
    if let Some(shape) = recognise(text) {
        let field = KEY_FIELD;
        return Some(InputError::WrongPaste { field, shape }.to_string());
    }
    text.contains(':')
        .then(|| InputError::ColonInKey.to_string())
}

/// Why a pasted secret was not taken as the secret of a recorded key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretMismatch {
    /// The text cannot be a secret at all (empty, a control character…).
    Input(InputError),
    /// A well-formed secret, but with the key it makes a token of another
    /// fingerprint: it belongs to another key.
    OtherKey,
}

/// The credentials of a key known only by its id and its token's fingerprint (a
/// saved profile, a rotation journal), given a pasted secret: the secret is
/// cleaned as any pasted secret is, and taken only when it makes a token with
/// that fingerprint. Every place a secret is pasted again checks it this way.
pub fn credentials_for_recorded_key(
    api_key: &str,
    raw_secret: &str,
    fingerprint: &Fingerprint,
) -> Result<HubCredentials, SecretMismatch> {
    let secret = clean_api_secret(raw_secret).map_err(SecretMismatch::Input)?;
    let key = clean_api_key(api_key).map_err(SecretMismatch::Input)?;
    let credentials = HubCredentials { key, secret };
    if credentials.token().fingerprint() == *fingerprint {
        Ok(credentials)
    } else {
        Err(SecretMismatch::OtherKey)
    }
}

/// Where the credential a field takes comes from, for its messages: HOPEX for
/// the HOPEX API key fields (the field names say so), else the Hub.
fn issuer_of(field: &str) -> &'static str {
    if field.starts_with("HOPEX") {
        "HOPEX"
    } else {
        "the Hub"
    }
}

/// The credentials a field takes, in a sentence's subject.
fn credentials_of(field: &str) -> &'static str {
    if field.starts_with("HOPEX") {
        "HOPEX API keys"
    } else {
        "Hub credentials"
    }
}
