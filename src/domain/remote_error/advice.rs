//! What each [`ClientError`] says to the operator: what went wrong, and what to do
//! next, in one sentence.

use super::{ClientError, OAuthError, Service};

impl ClientError {
    /// One sentence for the operator: what went wrong, and what to do next.
    pub fn user_message(&self, service: Service) -> String {
        let name = service.display_name();
        let cap = capitalise(name);
        match self {
            ClientError::Auth { status } => match service {
                Service::Hub => format!(
                    "The Hub rejected the API key and secret (HTTP {status}): check that both come from the same key, or create a new key."
                ),
                Service::ServiceNow => format!(
                    "ServiceNow rejected the user name or password (HTTP {status}): check both, and that the account is active and not locked out."
                ),
                Service::Hopex => format!(
                    "HOPEX rejected the API key (HTTP {status}): check it was copied whole, belongs to this server, and has not been deleted in the console."
                ),
                Service::Sandbox => format!(
                    "The sandbox refused the request (HTTP {status}): quit and start nowkey demo again."
                ),
            },
            ClientError::Permission { message } => format!(
                "{cap} accepted the credentials but refused this request{}: ask an administrator to grant access.",
                message.as_deref().map(|m| format!(" ({m})")).unwrap_or_default()
            ),
            ClientError::BadRequest { message, details } => {
                let detail = if details.is_empty() {
                    message.clone()
                } else {
                    details.join("; ")
                };
                format!("{cap} refused the request as invalid ({detail}): correct it and try again.")
            }
            // Only the Hub has messages to look up; the others' 404 is a wrong URL.
            ClientError::NotFound { .. } => match service {
                Service::Hub => "The Hub does not know this resource (HTTP 404): check the API URL, or that the message was sent with this account.".to_owned(),
                Service::ServiceNow => "ServiceNow does not know this resource (HTTP 404): check the instance URL, which looks like https://acme.service-now.com with nothing after the host name.".to_owned(),
                Service::Hopex => "HOPEX does not know this resource (HTTP 404): check the server URL, and that the schema in it (such as ITPM) exists on this server.".to_owned(),
                Service::Sandbox => "The sandbox does not know this key (HTTP 404): it was deleted already, or belongs to another sandbox.".to_owned(),
            },
            ClientError::RateLimited { retry_after } => match retry_after {
                Some(wait) => format!(
                    "{cap} is rate-limiting requests: wait {}s and try again.",
                    wait.as_secs().max(1)
                ),
                None => format!("{cap} is rate-limiting requests: wait a minute and try again."),
            },
            // A 502 or 504 comes from a gateway or proxy in front of the service, a
            // 503 from a service down for maintenance or overloaded: "internal
            // error" would send the operator to the wrong place.
            ClientError::Server { status: status @ (502 | 504) } => format!(
                "A gateway or proxy in front of {name} got no good answer from it (HTTP {status}): try again in a few minutes, and check your proxy and the vendor's status page if it persists."
            ),
            ClientError::Server { status: 503 } => format!(
                "{cap} is unavailable for now, often for maintenance (HTTP 503): try again in a few minutes, and check the vendor's status page if it persists."
            ),
            ClientError::Server { status } => format!(
                "{cap} had an internal error (HTTP {status}): try again in a few minutes, and check the vendor's status page if it persists."
            ),
            ClientError::UnexpectedStatus { status } => format!(
                "{cap} answered with an unexpected HTTP {status}: check the API URL points at {name}'s API."
            ),
            ClientError::Timeout { after } => format!(
                "{cap} did not answer within {}s: check your network or proxy, then retry.",
                after.as_secs().max(1)
            ),
            ClientError::Dns { host } => format!(
                "The host name {host} given for {name} could not be resolved: check the URL for typos and your DNS or proxy settings."
            ),
            ClientError::Network { detail } => format!(
                "Could not connect to {name} ({detail}): check the URL, your network and any proxy or firewall."
            ),
            ClientError::Tls { detail } => format!(
                "The secure connection to {name} failed ({detail}): check the URL and that no proxy is intercepting TLS."
            ),
            ClientError::UnexpectedBody { status, detail } => format!(
                "{cap} answered HTTP {status} with a body nowkey cannot read ({detail}): check the API URL points at {name}'s API."
            ),
            ClientError::Protocol { detail } => format!(
                "{cap} answered, but nowkey cannot follow the answer ({detail}): check the API URL points at {name}'s API and not at a proxy or login page."
            ),
            ClientError::BadUrl { reason } => format!("The URL was refused: {reason}."),
            ClientError::MfaRequired => format!(
                "{cap} requires multi-factor authentication for this user, which Basic auth cannot do: use an integration user without MFA (or a web-service-only user)."
            ),
            // ServiceNow's own detail is kept in the variant for the log; shown here it
            // would only repeat this advice in other words.
            ClientError::BasicAuthBlocked { .. } => format!(
                "{cap} blocks Basic authentication for this user: grant it the snc_basic_auth_api_access role or tick \"Web service access only\" on its user record, then retry."
            ),
            ClientError::AclEmpty { table } => format!(
                "This user can sign in to {name} but cannot read {table}: grant read access (for example the itil role or a read ACL on {table}), then retry."
            ),
            ClientError::Hibernating => format!(
                "The {name} developer instance is hibernating: wake it from the developer portal (developer.servicenow.com), then retry."
            ),
            ClientError::GraphQl { messages } => {
                let shown = if messages.is_empty() {
                    "no message given".to_owned()
                } else {
                    messages.join("; ")
                };
                format!(
                    "{cap} answered with GraphQL errors ({shown}): check the schema in the URL and that the key's profile may read it, then retry."
                )
            }
            ClientError::CredentialAccess { table } => format!(
                "{cap} refused this user access to {table} (HTTP 403): it needs the admin or credential_admin role, so ask an administrator to grant one, then retry."
            ),
            ClientError::NotSaved { target } => format!(
                "{cap} answered but did not save {target}, so nothing was changed: try again, and check that this user may write the field (an ACL, a data policy or a read-only field keeps the old value)."
            ),
            ClientError::RecordGone { target } => format!(
                "{cap} has no record {target} (HTTP 404; it was deleted, or an ACL hides it from this user): choose the record again, then retry."
            ),
            ClientError::BadQuery { reason } => format!("Nothing was sent to {name}: {reason}."),
            ClientError::ReportUnavailable { status, message } => format!(
                "{cap} does not let this account read its sent-message report (HTTP {status}{}): check by hand that the message arrived.",
                message.as_deref().map(|m| format!(", {m}")).unwrap_or_default()
            ),
            ClientError::OAuthRefused { status, error } => oauth_refused(&cap, *status, *error),
            ClientError::OAuthUnavailable => format!(
                "{cap} has no OAuth token endpoint (HTTP 404 for oauth_token.do): ask an administrator to activate the OAuth 2.0 plugin and set com.snc.platform.security.oauth.is.active to true, or sign in with Basic auth."
            ),
        }
    }
}

/// The sentence for a refused token request: which of the two things the
/// operator typed (the Application Registry client, or the user) to fix.
fn oauth_refused(cap: &str, status: u16, error: OAuthError) -> String {
    let code = error.code();
    match error {
        OAuthError::InvalidClient => format!(
            "{cap} refused the OAuth client (invalid_client, HTTP {status}): check the client ID and secret against its Application Registry record, and that the record is active."
        ),
        OAuthError::InvalidGrant => format!(
            "{cap} refused the user name or password in the token request (invalid_grant, HTTP {status}): check both, and that the account is active and not locked out."
        ),
        OAuthError::UnauthorizedClient => format!(
            "{cap} does not let this OAuth client use the password grant (unauthorized_client, HTTP {status}): allow it on the client's Application Registry record, or use a client that has it."
        ),
        OAuthError::UnsupportedGrantType => format!(
            "{cap} does not accept the password grant for this client (unsupported_grant_type, HTTP {status}): ask an administrator to allow it in the Application Registry and the instance's OAuth settings."
        ),
        OAuthError::InvalidRequest => format!(
            "{cap} found the token request malformed (invalid_request, HTTP {status}), which points at nowkey or a proxy rewriting requests: retry without the proxy, and report it if it persists."
        ),
        OAuthError::Other => format!(
            "{cap} refused the token request without a standard reason ({code}, HTTP {status}): check the client ID and secret in the Application Registry, then the user name and password."
        ),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
