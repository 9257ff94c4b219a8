//! The error codes of an OAuth2 token endpoint (RFC 6749 §5.2), as ServiceNow's
//! `oauth_token.do` may answer them. Only the code is kept, never the server's
//! description: its wording is unconfirmed and may echo what was sent.

/// Why a token request was refused, by its RFC 6749 §5.2 `error` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthError {
    /// `invalid_client`: unknown client id, or wrong client secret.
    InvalidClient,
    /// `invalid_grant`: the user's name or password is wrong, or the account
    /// cannot sign in.
    InvalidGrant,
    /// `unauthorized_client`: the client may not use the password grant.
    UnauthorizedClient,
    /// `unsupported_grant_type`: the instance does not offer the password grant.
    UnsupportedGrantType,
    /// `invalid_request`: a parameter is missing or malformed.
    InvalidRequest,
    /// Any other code, or none (ServiceNow is known to answer a refusal with
    /// codes outside §5.2).
    Other,
}

/// Every code nowkey recognises, with the text it has on the wire.
const CODES: &[(&str, OAuthError)] = &[
    ("invalid_client", OAuthError::InvalidClient),
    ("invalid_grant", OAuthError::InvalidGrant),
    ("unauthorized_client", OAuthError::UnauthorizedClient),
    ("unsupported_grant_type", OAuthError::UnsupportedGrantType),
    ("invalid_request", OAuthError::InvalidRequest),
];

impl OAuthError {
    /// The code as an `error` field spells it (case and surrounding spaces
    /// ignored); [`OAuthError::Other`] for anything else.
    pub fn from_code(code: &str) -> Self {
        let code = code.trim();
        CODES
            .iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(code))
            .map_or(OAuthError::Other, |(_, error)| *error)
    }

    /// The first recognised code standing as a whole word in `text` (a
    /// form-encoded or plain-text body), if any.
    pub fn find_in(text: &str) -> Option<Self> {
        let lower = text.to_ascii_lowercase();
        lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find_map(|word| {
                CODES
                    .iter()
                    .find(|(code, _)| *code == word)
                    .map(|(_, error)| *error)
            })
    }

    /// The RFC 6749 code, or `other`.
    pub fn code(self) -> &'static str {
        CODES
            .iter()
            .find(|(_, error)| *error == self)
            .map_or("other", |(code, _)| code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_loosely_and_only_as_whole_words() {
        assert_eq!(
            OAuthError::from_code(" Invalid_Client "),
            OAuthError::InvalidClient
        );
        assert_eq!(OAuthError::from_code("server_error"), OAuthError::Other);
        assert_eq!(
            OAuthError::find_in("error=invalid_grant&error_description=x"),
            Some(OAuthError::InvalidGrant)
        );
        assert_eq!(OAuthError::find_in("not_invalid_grant_at_all"), None);
        for (code, error) in CODES {
            assert_eq!(error.code(), *code);
            assert_eq!(OAuthError::from_code(code), *error);
        }
        assert_eq!(OAuthError::Other.code(), "other");
    }
}
