//! One error type that classifies every failure of a call to a remote service
//! (the Hub, ServiceNow, HOPEX), and turns each class into one sentence saying
//! what went wrong and what to do next. The clients produce it; the flows and the
//! checks only read it, so it lives here, free of any HTTP library.

use std::time::Duration;

use thiserror::Error;

mod advice;
mod oauth;

pub use oauth::OAuthError;

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
    /// ServiceNow refused (403) a credential table (`discovery_credentials`, a
    /// `*_credentials` child, `sys_alias`): the user lacks the admin or
    /// credential_admin role.
    #[error("no access to {table} (HTTP 403)")]
    CredentialAccess {
        /// The table refused.
        table: String,
    },
    /// A write answered 200 but the record's `sys_mod_count` did not go up:
    /// ServiceNow kept the old values.
    #[error("{target} was not saved (sys_mod_count did not change)")]
    NotSaved {
        /// The record, `TABLE/SYS_ID`.
        target: String,
    },
    /// A record read or written by its sys_id is not there (404): deleted, or
    /// hidden by an ACL.
    #[error("record {target} not found (HTTP 404)")]
    RecordGone {
        /// The record, `TABLE/SYS_ID`.
        target: String,
    },
    /// Refused before anything was sent: a query value that could change the
    /// query (`^`, a control character), a name that is not a table or field
    /// name, or a secret field asked to be read.
    #[error("nothing sent: {reason}")]
    BadQuery {
        /// Why, and what to do (one clause, no full stop).
        reason: String,
    },
    /// The Hub will not give this account its sent-message report (403, 404,
    /// 405, 501, or a refusal saying so): the caller asks a person instead.
    #[error("message report unavailable (HTTP {status})")]
    ReportUnavailable {
        /// HTTP status.
        status: u16,
        /// The Hub's message, if any.
        message: Option<String>,
    },
    /// ServiceNow's token endpoint (`oauth_token.do`) refused to issue an
    /// access token, with an RFC 6749 §5.2 code (the description is not kept).
    #[error("token request refused: {} (HTTP {status})", error.code())]
    OAuthRefused {
        /// HTTP status.
        status: u16,
        /// The `error` code, read loosely.
        error: OAuthError,
    },
    /// ServiceNow has no token endpoint (404 for `oauth_token.do`): the OAuth
    /// plugin is not active on the instance.
    #[error("no OAuth token endpoint (HTTP 404)")]
    OAuthUnavailable,
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
            ClientError::CredentialAccess { .. } => "credential_access",
            ClientError::NotSaved { .. } => "not_saved",
            ClientError::RecordGone { .. } => "record_gone",
            ClientError::BadQuery { .. } => "bad_query",
            ClientError::ReportUnavailable { .. } => "report_unavailable",
            ClientError::OAuthRefused { error, .. } => match error {
                OAuthError::InvalidClient => "oauth_invalid_client",
                OAuthError::InvalidGrant => "oauth_invalid_grant",
                OAuthError::UnauthorizedClient => "oauth_unauthorized_client",
                OAuthError::UnsupportedGrantType => "oauth_unsupported_grant_type",
                OAuthError::InvalidRequest => "oauth_invalid_request",
                OAuthError::Other => "oauth_refused",
            },
            ClientError::OAuthUnavailable => "oauth_unavailable",
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
            ClientError::CredentialAccess { table } => ClientError::CredentialAccess {
                table: scrub(table),
            },
            ClientError::NotSaved { target } => ClientError::NotSaved {
                target: scrub(target),
            },
            ClientError::RecordGone { target } => ClientError::RecordGone {
                target: scrub(target),
            },
            ClientError::BadQuery { reason } => ClientError::BadQuery {
                reason: scrub(reason),
            },
            ClientError::ReportUnavailable { status, message } => ClientError::ReportUnavailable {
                status,
                message: message.map(scrub),
            },
            other @ (ClientError::Auth { .. }
            | ClientError::RateLimited { .. }
            | ClientError::Server { .. }
            | ClientError::UnexpectedStatus { .. }
            | ClientError::Timeout { .. }
            | ClientError::MfaRequired
            | ClientError::Hibernating
            | ClientError::OAuthRefused { .. }
            | ClientError::OAuthUnavailable) => other,
        }
    }
}
