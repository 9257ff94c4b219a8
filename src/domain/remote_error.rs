//! One error type that classifies every failure of a call to a remote service
//! (the Hub, ServiceNow, HOPEX), and turns each class into one sentence saying
//! what went wrong and what to do next. The clients produce it; the flows and the
//! checks only read it, so it lives here, free of any HTTP library.

use std::time::Duration;

use thiserror::Error;

/// Which remote system a call went to; used to word the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The SMS Hub REST API.
    Hub,
    /// A ServiceNow instance.
    ServiceNow,
    /// A HOPEX GraphQL endpoint.
    Hopex,
    /// The built-in sandbox's admin endpoints (`nowkey demo` only).
    Sandbox,
}

impl Service {
    /// The name shown to the operator.
    pub fn display_name(self) -> &'static str {
        match self {
            Service::Hub => "the Hub",
            Service::ServiceNow => "ServiceNow",
            Service::Hopex => "HOPEX",
            Service::Sandbox => "the sandbox",
        }
    }
}

/// A classified failure of a remote call. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClientError {
    /// The credentials were refused (401, or the Hub's older 403 "Unauthorised").
    #[error("authentication failed (HTTP {status})")]
    Auth {
        /// HTTP status.
        status: u16,
    },
    /// Authenticated, but not allowed to do this (403).
    #[error("permission denied (HTTP 403)")]
    Permission {
        /// The server's message, if any.
        message: Option<String>,
    },
    /// The server refused the request as malformed (400), with its own details.
    #[error("bad request: {message}")]
    BadRequest {
        /// The server's message.
        message: String,
        /// The server's per-field details.
        details: Vec<String>,
    },
    /// The resource does not exist (404).
    #[error("not found (HTTP 404)")]
    NotFound {
        /// The server's message, if any.
        message: Option<String>,
    },
    /// Too many requests (429).
    #[error("rate limited (HTTP 429)")]
    RateLimited {
        /// How long the server asked us to wait.
        retry_after: Option<Duration>,
    },
    /// The server failed (5xx).
    #[error("server error (HTTP {status})")]
    Server {
        /// HTTP status.
        status: u16,
    },
    /// Another unexpected status.
    #[error("unexpected HTTP status {status}")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
    },
    /// No answer in time.
    #[error("no answer within {}s", after.as_secs_f32())]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The host name did not resolve.
    #[error("could not resolve {host}")]
    Dns {
        /// The host name.
        host: String,
    },
    /// Could not connect or the connection broke.
    #[error("network error: {detail}")]
    Network {
        /// What the transport said.
        detail: String,
    },
    /// The TLS handshake failed (certificate, protocol).
    #[error("TLS failure: {detail}")]
    Tls {
        /// What the TLS layer said.
        detail: String,
    },
    /// The server answered, but in a way HTTP cannot follow: a redirect loop, or a
    /// header section too big to read. It was reached (not exit 3).
    #[error("unusable answer: {detail}")]
    Protocol {
        /// What went wrong.
        detail: String,
    },
    /// The server answered with something that is not the documented shape.
    #[error("unexpected response body (HTTP {status}): {detail}")]
    UnexpectedBody {
        /// HTTP status.
        status: u16,
        /// What was wrong with it.
        detail: String,
    },
    /// The URL was refused before any request: credentials over plain http to a
    /// non-loopback host, or not a URL at all.
    #[error("refused URL: {reason}")]
    BadUrl {
        /// Why.
        reason: String,
    },
    /// ServiceNow answered 401 with an `X-MFA_TOKEN` header: the user has
    /// multi-factor authentication, which Basic auth cannot satisfy.
    #[error("multi-factor authentication required (HTTP 401)")]
    MfaRequired,
    /// ServiceNow answered 401 saying Basic auth is blocked for this user (newer
    /// releases require `snc_basic_auth_api_access` or "Web service access only").
    #[error("basic authentication blocked (HTTP 401)")]
    BasicAuthBlocked {
        /// ServiceNow's own wording, if it gave one.
        detail: Option<String>,
    },
    /// The sign-in worked but a record that must exist came back empty: an ACL
    /// hides it from this user.
    #[error("signed in, but {table} is not readable (empty result)")]
    AclEmpty {
        /// The table that came back empty.
        table: String,
    },
    /// A ServiceNow developer instance answered with its "hibernating" page.
    #[error("the instance is hibernating")]
    Hibernating,
    /// HOPEX answered with a GraphQL `errors` array.
    #[error("GraphQL errors: {}", messages.join("; "))]
    GraphQl {
        /// The `message` of each error, in order.
        messages: Vec<String>,
    },
}

impl ClientError {
    /// A short stable name of the class, for `--json` and logs.
    pub fn class(&self) -> &'static str {
        match self {
            ClientError::Auth { .. } => "auth",
            ClientError::Permission { .. } => "permission",
            ClientError::BadRequest { .. } => "bad_request",
            ClientError::NotFound { .. } => "not_found",
            ClientError::RateLimited { .. } => "rate_limited",
            ClientError::Server { .. } => "server_error",
            ClientError::UnexpectedStatus { .. } => "unexpected_status",
            ClientError::Timeout { .. } => "timeout",
            ClientError::Dns { .. } => "dns",
            ClientError::Network { .. } => "network",
            ClientError::Tls { .. } => "tls",
            ClientError::UnexpectedBody { .. } => "unexpected_body",
            ClientError::Protocol { .. } => "protocol",
            ClientError::BadUrl { .. } => "bad_url",
            ClientError::MfaRequired => "mfa_required",
            ClientError::BasicAuthBlocked { .. } => "basic_auth_blocked",
            ClientError::AclEmpty { .. } => "acl_empty",
            ClientError::Hibernating => "hibernating",
            ClientError::GraphQl { .. } => "graphql",
        }
    }

    /// True when the service could not be reached at all (exit code 3).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ClientError::Timeout { .. }
                | ClientError::Dns { .. }
                | ClientError::Network { .. }
                | ClientError::Tls { .. }
        )
    }

    /// The same error with every occurrence of the given secrets replaced by
    /// `[REDACTED]` in the texts it carries. Transport errors never see a secret,
    /// but a misbehaving server or proxy can echo a request header back in its
    /// message; this is the last line of defence before anything is shown or logged.
    pub fn redacted(self, secrets: &[&str]) -> Self {
        self.redacted_sparing(secrets, &[])
    }

    /// [`ClientError::redacted`], sparing pieces of a secret that are part of a
    /// name in `shown` (see [`crate::domain::secret_forms::Redactor::sparing`]).
    pub fn redacted_sparing(self, secrets: &[&str], shown: &[&str]) -> Self {
        // Every form a server could echo a secret in, not only as typed.
        let redactor = crate::domain::secret_forms::Redactor::new(secrets).sparing(shown, secrets);
        let scrub = |text: String| redactor.redact(&text);
        match self {
            ClientError::Permission { message } => ClientError::Permission {
                message: message.map(scrub),
            },
            ClientError::BadRequest { message, details } => ClientError::BadRequest {
                message: scrub(message),
                details: details.into_iter().map(scrub).collect(),
            },
            ClientError::NotFound { message } => ClientError::NotFound {
                message: message.map(scrub),
            },
            ClientError::Dns { host } => ClientError::Dns { host: scrub(host) },
            ClientError::Network { detail } => ClientError::Network {
                detail: scrub(detail),
            },
            ClientError::Tls { detail } => ClientError::Tls {
                detail: scrub(detail),
            },
            ClientError::UnexpectedBody { status, detail } => ClientError::UnexpectedBody {
                status,
                detail: scrub(detail),
            },
            ClientError::Protocol { detail } => ClientError::Protocol {
                detail: scrub(detail),
            },
            ClientError::BadUrl { reason } => ClientError::BadUrl {
                reason: scrub(reason),
            },
            ClientError::BasicAuthBlocked { detail } => ClientError::BasicAuthBlocked {
                detail: detail.map(scrub),
            },
            ClientError::AclEmpty { table } => ClientError::AclEmpty {
                table: scrub(table),
            },
            ClientError::GraphQl { messages } => ClientError::GraphQl {
                messages: messages.into_iter().map(scrub).collect(),
            },
            other @ (ClientError::Auth { .. }
            | ClientError::RateLimited { .. }
            | ClientError::Server { .. }
            | ClientError::UnexpectedStatus { .. }
            | ClientError::Timeout { .. }
            | ClientError::MfaRequired
            | ClientError::Hibernating) => other,
        }
    }

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
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
