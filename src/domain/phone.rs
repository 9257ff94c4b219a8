//! Destination numbers in E.164 form: `+` then 8 to 15 digits, as the Hub requires.
//!
//! Spaces, dashes, dots and brackets typed for readability are dropped. A number in
//! local form (`0412 345 678`, `0061…`) is never guessed at: it is refused with a
//! message, and [`convert_local`] is the one explicit, visible conversion the UI offers.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Fewest digits after the `+` that the Hub accepts.
pub const MIN_DIGITS: usize = 8;
/// Most digits after the `+` that the Hub accepts.
pub const MAX_DIGITS: usize = 15;

/// A destination number in E.164 form, e.g. `+61491570156`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct E164(String);

impl E164 {
    /// Parses a number typed in international form.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let compact = strip_separators(raw)?;
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let Some(digits) = compact.strip_prefix('+') else {
            return Err(PhoneError::LocalForm);
        };
        check_digits(digits)?;
        Ok(Self(compact))
    }

    /// The number with its leading `+`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for E164 {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<E164> for String {
    fn from(value: E164) -> Self {
        value.0
    }
}

/// Why a number was refused. Each message is shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    /// Nothing typed.
    #[error("Enter the mobile number to send the test to, e.g. +61491570156.")]
    Empty,
    /// No leading `+`.
    #[error("Use international form with a leading +, e.g. +61491570156 (press Ctrl-L to convert a local number).")]
    LocalForm,
    /// A character that is neither a digit nor a separator.
    #[error("'{}' cannot be part of a phone number: use digits after a leading +.", super::paste::visible(*.0))]
    InvalidCharacter(char),
    /// A `+` somewhere other than the start.
    #[error("A + may appear only at the start of the number.")]
    MisplacedPlus,
    /// Too few or too many digits.
    #[error("An international number has {MIN_DIGITS} to {MAX_DIGITS} digits after the +; this one has {0}.")]
    DigitCount(usize),
    /// A country code cannot start with 0.
    #[error("The country code after + cannot start with 0.")]
    LeadingZero,
    /// The country calling code given for a conversion is not 1–3 digits.
    #[error("A country calling code is 1 to 3 digits, e.g. 61 or 64.")]
    BadCountryCode,
}

/// Converts a local or `00`-prefixed number to E.164 with an explicit country code:
/// `0412 345 678` with `61` becomes `+61412345678`; `0061412345678` becomes
/// `+61412345678` whatever the code. The UI shows the result before using it.
pub fn convert_local(raw: &str, country_code: &str) -> Result<E164, PhoneError> {
    let compact = strip_separators(raw)?;
    if compact.is_empty() {
        return Err(PhoneError::Empty);
    }
    if compact.starts_with('+') {
        return E164::parse(&compact);
    }
    if let Some(rest) = compact.strip_prefix("00") {
        return E164::parse(&format!("+{rest}"));
    }
    let code = country_code.trim().trim_start_matches('+');
    if code.is_empty()
        || code.len() > 3
        || !code.bytes().all(|b| b.is_ascii_digit())
        || code.starts_with('0')
    {
        return Err(PhoneError::BadCountryCode);
    }
    let national = compact.strip_prefix('0').unwrap_or(&compact);
    E164::parse(&format!("+{code}{national}"))
}

/// Drops readability separators; refuses anything else that is not a digit or `+`.
fn strip_separators(raw: &str) -> Result<String, PhoneError> {
    let trimmed = raw.trim();
    let without_trunk = drop_trunk_zero(trimmed);
    let text = without_trunk.as_deref().unwrap_or(trimmed);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            '+' if out.is_empty() => out.push('+'),
            '+' => return Err(PhoneError::MisplacedPlus),
            d if d.is_ascii_digit() => out.push(d),
            other => return Err(PhoneError::InvalidCharacter(other)),
        }
    }
    Ok(out)
}

/// `+44 (0)20 …` shows the national trunk 0 for callers at home; in international
/// form it is not dialled. Only a `(0)` straight after a 1–3 digit country code is
/// that; a `(0)` later in the number is ordinary brackets around a digit.
pub fn drop_trunk_zero(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix('+')?;
    let at = rest.find("(0)")?;
    let country_digits = rest[..at].chars().filter(char::is_ascii_digit).count();
    let only_separators = rest[..at]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '\u{a0}'));
    ((1..=3).contains(&country_digits) && only_separators)
        .then(|| format!("+{}{}", &rest[..at], &rest[at + 3..]))
}

fn check_digits(digits: &str) -> Result<(), PhoneError> {
    let count = digits.len();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&count) {
        return Err(PhoneError::DigitCount(count));
    }
    if digits.starts_with('0') {
        return Err(PhoneError::LeadingZero);
    }
    Ok(())
}
