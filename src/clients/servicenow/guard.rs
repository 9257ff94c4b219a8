//! What nowkey lets into a Table API request: search terms that cannot change
//! the query, checked table and field names, and never a secret field.
//!
//! An encoded query (`sysparm_query`) is a list of conditions joined by `^`
//! (`^OR`, `^NQ`, `^ORDERBY…` start the next one), so a `^` inside a value
//! would add conditions of the server's choosing; a value starting
//! `javascript:` is run as a script by the instance. Both are refused, with
//! nothing sent.

use crate::domain::remote_error::ClientError;

/// Longest search term accepted.
const MAX_TERM_CHARS: usize = 100;

/// Field names that hold a secret in ServiceNow's credential tables (or whose
/// name says so): never listed in `sysparm_fields`, whatever the caller asks.
/// A field the dictionary marks encrypted (`password2`) is refused as well,
/// where the dictionary is known.
pub const SECRET_FIELD_NAMES: &[&str] = &[
    "password",
    "api_key",
    "secret_key",
    "client_secret",
    "private_key",
    "ssh_private_key",
    "passphrase",
    "ssh_passphrase",
    "pass_phrase",
    "token",
    "access_token",
    "refresh_token",
];

/// True when `field` is in [`SECRET_FIELD_NAMES`] or ends in `_password` or
/// `_secret` (`u_api_secret`): a field nowkey never reads.
pub fn is_secret_field_name(field: &str) -> bool {
    let field = field.trim().to_ascii_lowercase();
    SECRET_FIELD_NAMES.contains(&field.as_str())
        || field.ends_with("_password")
        || field.ends_with("_secret")
}

/// `term`, trimmed, when it can safely follow `LIKE` in an encoded query.
pub(super) fn search_term(term: &str) -> Result<&str, ClientError> {
    let refuse = |reason: &str| {
        Err(ClientError::BadQuery {
            reason: reason.to_owned(),
        })
    };
    let term = term.trim();
    if term.is_empty() {
        return refuse("the search term is empty; type a word of the name to look for");
    }
    if term.chars().count() > MAX_TERM_CHARS {
        return refuse("the search term is too long; type one word of the name");
    }
    if term.contains('^') {
        return refuse("a search term cannot contain ^, which ServiceNow reads as a query operator; type it without");
    }
    if term.chars().any(crate::domain::untrusted::needs_cleaning) {
        return refuse(
            "a search term cannot contain control or invisible characters; type it again",
        );
    }
    if term.to_ascii_lowercase().contains("javascript:") {
        return refuse("a search term cannot contain javascript:, which ServiceNow runs as a script; type a plain word");
    }
    Ok(term)
}

/// `name` when it is a table or field name: 1 to 80 lowercase letters, digits
/// and underscores (dot-walks are built by the client, never taken in).
pub(super) fn checked_name<'a>(name: &'a str, what: &str) -> Result<&'a str, ClientError> {
    if crate::domain::servicenow_write::is_name(name) {
        Ok(name)
    } else {
        Err(ClientError::BadQuery {
            reason: format!(
                "a ServiceNow {what} name has 1 to 80 lowercase letters, digits and underscores; choose it again from the list"
            ),
        })
    }
}

/// `field` when it is a checked name that is not a secret field.
pub(super) fn readable_field(field: &str) -> Result<&str, ClientError> {
    let field = checked_name(field, "field")?;
    if is_secret_field_name(field) {
        return Err(ClientError::BadQuery {
            reason: format!(
                "the field {field} holds a secret, which nowkey never reads; it can only be written"
            ),
        });
    }
    Ok(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_that_could_change_the_query_are_refused() {
        assert_eq!(search_term("  sms hub ").unwrap(), "sms hub");
        for bad in [
            "",
            "  ",
            "sms^ORname!=x",
            "^NQactive=true",
            "sms\u{1b}[2J",
            "a\nb",
            "JavaScript:gs.getUserID()",
            &"x".repeat(101),
        ] {
            let error = search_term(bad).unwrap_err();
            assert_eq!(error.class(), "bad_query", "{bad:?}");
        }
    }

    #[test]
    fn names_are_lowercase_words_and_secrets_are_never_readable() {
        assert_eq!(checked_name("u_api_key", "field").unwrap(), "u_api_key");
        for bad in ["", "Name", "a.b", "a^b", "a b", &"a".repeat(81)] {
            assert!(checked_name(bad, "table").is_err(), "{bad:?}");
        }
        for secret in ["password", "api_key", "u_api_secret", "u_smtp_password"] {
            assert!(is_secret_field_name(secret), "{secret}");
            assert_eq!(readable_field(secret).unwrap_err().class(), "bad_query");
        }
        for plain in ["user_name", "u_api_key", "name", "secretary"] {
            assert!(!is_secret_field_name(plain), "{plain}");
        }
    }
}
