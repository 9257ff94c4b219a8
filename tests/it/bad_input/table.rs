//! Building rows from compact tables, and the rows every text field shares: a
//! 1 MiB paste into each one, and a 10 KB URL into each URL field.

use super::fields::Field;
use super::run::{mib, Row};

/// Refusals: `(what, value, message fragment)`. Printable values up to 120
/// characters are typed key by key; anything else is pasted, as a terminal
/// would deliver it. A `?` typed into a field that is not a secret opens the
/// help overlay, so a value holding one (a URL with a query) is pasted too.
pub fn refused(field: Field, entries: &[(&'static str, &str, &'static str)]) -> Vec<Row> {
    entries
        .iter()
        .map(|(what, value, fragment)| {
            if typeable(value) {
                Row::typed(field, what, value, fragment)
            } else {
                Row::pasted(field, what, value, fragment)
            }
        })
        .collect()
}

/// Acceptances (pasted): `(what, value)`.
pub fn accepted(field: Field, entries: &[(&'static str, &str)]) -> Vec<Row> {
    entries
        .iter()
        .map(|(what, value)| Row::accepts(field, what, value))
        .collect()
}

fn typeable(value: &str) -> bool {
    !value.is_empty()
        && !value.contains('?')
        && value.chars().count() <= 120
        && value.chars().all(|c| {
            !c.is_control()
                && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{feff}')
        })
}

/// A 1 MiB paste into every text field: refused with a message (the field keeps
/// at most 4096 characters, and says so or refuses what is left).
pub fn mebibyte_pastes() -> Vec<Row> {
    use Field::*;
    let far = "That paste was far too long";
    let table: [(Field, &str, &'static str); 28] = [
        (HubUrl, "https://api.example.com/", far),
        (ApiKey, "A", "far too long"),
        (ApiSecret, "canarySecret", far),
        (SmsInstance, "https://acme.service-now.com/", far),
        (SmsUser, "x", far),
        (SmsPassword, "canaryPassword", far),
        (Phone, "9", far),
        (PhoneLocal, "0", far),
        (SmsProfileName, "p", far),
        (Version, "V5 CP6 HF27 ", far),
        (Server, "https://hopex.acme.com/", far),
        (OwnLogin, "a", far),
        (KeyName, "ServiceNow ", far),
        (HopexLogin, "svc", far),
        (EnvironmentId, "E", far),
        (RepositoryId, "R", far),
        (ProfileId, "P", far),
        (HopexApiKey, "hopexCanaryKey", far),
        (HopexInstance, "acme", far),
        (HopexUser, "x", far),
        (HopexPassword, "canaryPassword", far),
        (HopexProfileName, "h", far),
        (OldSecret, "oldCanarySecret", far),
        (NewKey, "N", far),
        (NewSecret, "newCanarySecret", far),
        (ReenteredSecret, "newCanarySecret", far),
        (RotationPhone, "9", far),
        (OldSecretAgain, "oldCanarySecret", far),
    ];
    table
        .into_iter()
        .map(|(field, unit, fragment)| Row::pasted(field, "1 MiB paste", &mib(unit), fragment))
        .collect()
}

/// A 10 KB URL (a real host, then a path far longer than any API base) into
/// every URL field.
pub fn ten_kilobyte_urls() -> Vec<Row> {
    let long = |base: &str| format!("{base}/{}", "a".repeat(10 * 1024));
    vec![
        Row::pasted(
            Field::HubUrl,
            "10 KB URL",
            &long("https://api.example.com"),
            "far too long",
        ),
        Row::pasted(
            Field::Server,
            "10 KB URL",
            &long("https://hopex.acme.com"),
            "far too long",
        ),
        Row::pasted(
            Field::SmsInstance,
            "10 KB URL",
            &long("https://acme.service-now.com"),
            "far too long",
        ),
        Row::pasted(
            Field::HopexInstance,
            "10 KB URL",
            &long("https://acme.service-now.com"),
            "far too long",
        ),
    ]
}
