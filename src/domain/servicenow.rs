//! ServiceNow instance URLs and user names, as the operator types them.
//!
//! [`normalize_instance`] turns what admins paste (a bare instance name, a host, or a
//! URL copied from the browser's address bar) into the base URL nowkey talks to:
//! `https://<instance>.service-now.com`, a custom https host, or plain http to this
//! machine only (the sandbox). No error ever echoes the input: an operator who pasted
//! a password into the field must not see it printed back.

use std::net::IpAddr;

use secrecy::SecretString;
use thiserror::Error;
use url::{Host, Url};

use super::paste::is_invisible_format;

/// The domain every ServiceNow-hosted instance lives under.
pub const SERVICENOW_DOMAIN: &str = "service-now.com";
/// Longest instance name (one DNS label).
pub const MAX_INSTANCE_NAME: usize = 63;
/// Longest user name accepted (the length of `sys_user.user_name`).
pub const MAX_USER_NAME: usize = 100;

/// Why an instance name or URL was refused. Each message is shown beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum InstanceError {
    /// Nothing typed.
    #[error(
        "Enter the ServiceNow instance name or URL, e.g. acme or https://acme.service-now.com."
    )]
    Empty,
    /// A bare instance name with characters or a length an instance cannot have.
    #[error("An instance name has 1 to 63 letters, digits and dashes and cannot start or end with a dash, e.g. acme-dev.")]
    BadName,
    /// Could not be read as a URL at all (includes `https://` with no host).
    #[error("This is not a URL nowkey can read: enter the instance name or its URL, e.g. https://acme.service-now.com.")]
    NotAUrl,
    /// Spaces or control characters inside a host or URL.
    #[error("Remove the spaces from the URL, e.g. https://acme.service-now.com.")]
    Whitespace,
    /// `http://` to anything but this machine.
    #[error("Credentials are never sent over plain http:// except to this machine: use https://, e.g. https://acme.service-now.com.")]
    PlainHttp,
    /// A scheme other than http or https (`ftp://`, …).
    #[error(
        "ServiceNow is reached over https:// only: enter a URL like https://acme.service-now.com."
    )]
    UnsupportedScheme,
    /// A user name or password inside the URL (never echoed).
    #[error("Remove the user name and password from the URL and enter them in their own fields.")]
    CredentialsInUrl,
    /// `service-now.com` itself, or more than one name in front of it.
    #[error("A ServiceNow host is one instance name followed by .service-now.com, e.g. https://acme.service-now.com.")]
    NoInstance,
    /// A single-word host such as `https://acme` that is not `localhost`.
    #[error("Enter the full host name (e.g. https://itsm.acme.com), or just the instance name without https:// (e.g. acme).")]
    IncompleteHost,
    /// A character outside ASCII in a host or URL: IDNA would turn a look-alike
    /// letter into another host.
    #[error("The address contains a character that is not plain ASCII: type it in plain letters and digits (an internationalised host in its xn-- form), e.g. https://acme.service-now.com.")]
    NotAscii,
    /// A host name with characters DNS does not allow.
    #[error("A host name uses only letters, digits, dots and dashes, e.g. https://itsm.acme.com.")]
    BadHost,
}

/// Why a ServiceNow user name was refused. Each message is shown beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UserNameError {
    /// Nothing typed.
    #[error("Enter the ServiceNow user name the integration signs in as, e.g. hopex.integration.")]
    Empty,
    /// Longer than [`MAX_USER_NAME`] characters.
    #[error(
        "A ServiceNow user name has at most {MAX_USER_NAME} characters; check what was pasted."
    )]
    TooLong,
    /// A space, tab or line break inside the name.
    #[error("A ServiceNow user name has no spaces inside: enter the user ID (user_name), not the display name.")]
    Whitespace,
    /// An invisible control character.
    #[error("The user name contains an invisible control character; type it again rather than pasting it.")]
    Control,
    /// A `:`, which Basic auth cannot carry in a user name.
    #[error("A user name cannot contain ':' (Basic auth splits user and password on it): use the user ID, or another user.")]
    Colon,
}

/// Normalises what the operator typed into an instance base URL.
///
/// - A bare instance name (`acme`, `ACME-dev`) becomes `https://acme.service-now.com`
///   (lower-cased). Names are 1–63 letters, digits and `-`, not starting or ending
///   with `-`. Anything without `.`, `:`, `/`, `?`, `#` or `@` is read as a bare name,
///   so `localhost` alone is an instance name too.
/// - A host (`acme.service-now.com`, `acme.service-now.com/`) or a full URL
///   (`https://acme.service-now.com/now/nav/ui/classic`) becomes
///   `https://acme.service-now.com`. A `*.service-now.com` host must carry exactly one
///   valid instance name.
/// - Other https hosts (custom domains such as `https://itsm.acme.com`) are kept as
///   `https://host[:port]`; a single-word host other than `localhost` is refused as
///   incomplete. A host without a scheme is read as https.
/// - `http://` is refused except to loopback (127.0.0.0/8, `::1`, `localhost`), where
///   it is kept with its port (the sandbox).
/// - Paths, queries and fragments are dropped; default ports are dropped; the result
///   never ends with `/`. User names or passwords inside the URL are refused, and so
///   is any character outside ASCII (an internationalised host goes in its `xn--`
///   form), so a look-alike letter cannot send the password to another host.
pub fn normalize_instance(raw: &str) -> Result<String, InstanceError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(InstanceError::Empty);
    }
    if is_bare_name(text) {
        let name = validate_instance_name(text)?;
        return Ok(format!("https://{name}.{SERVICENOW_DOMAIN}"));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InstanceError::Whitespace);
    }
    if !text.is_ascii() {
        return Err(InstanceError::NotAscii);
    }
    let with_scheme = match text.find("://") {
        Some(at) => {
            let scheme = &text[..at];
            if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
                return Err(if is_scheme_like(scheme) {
                    InstanceError::UnsupportedScheme
                } else {
                    InstanceError::NotAUrl
                });
            }
            text.to_owned()
        }
        None => format!("https://{text}"),
    };
    let url = Url::parse(&with_scheme).map_err(|_| InstanceError::NotAUrl)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InstanceError::CredentialsInUrl);
    }
    let host = url.host().ok_or(InstanceError::NotAUrl)?;
    let loopback = is_loopback(&host);
    if url.scheme() == "http" && !loopback {
        return Err(InstanceError::PlainHttp);
    }
    let host_text = match host {
        Host::Domain(domain) => check_domain(domain.strip_suffix('.').unwrap_or(domain))?,
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => format!("[{ip}]"),
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok(format!("{}://{host_text}{port}", url.scheme()))
}

/// Checks a ServiceNow user name: trimmed, non-empty, at most [`MAX_USER_NAME`]
/// characters, no whitespace, control or invisible format characters (zero-width
/// space, BOM, direction marks) inside. Case is kept.
pub fn validate_user_name(raw: &str) -> Result<String, UserNameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(UserNameError::Empty);
    }
    if name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err(UserNameError::Control);
    }
    if name.chars().any(char::is_whitespace) {
        return Err(UserNameError::Whitespace);
    }
    if name.contains(':') {
        return Err(UserNameError::Colon);
    }
    if name.chars().count() > MAX_USER_NAME {
        return Err(UserNameError::TooLong);
    }
    Ok(name.to_owned())
}

/// No URL punctuation at all: the operator typed an instance name.
fn is_bare_name(text: &str) -> bool {
    !text.contains(['.', ':', '/', '?', '#', '@', '\\'])
}

/// `[A-Za-z][A-Za-z0-9+.-]*`, the shape of a URL scheme (RFC 3986).
fn is_scheme_like(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An instance name is one DNS label: 1–63 of `[a-z0-9-]`, no dash at either end.
fn validate_instance_name(name: &str) -> Result<String, InstanceError> {
    if is_dns_label(name) {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(InstanceError::BadName)
    }
}

fn is_dns_label(label: &str) -> bool {
    (1..=MAX_INSTANCE_NAME).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// Validates a domain host (already lower-cased and IDNA-encoded by `url`).
fn check_domain(domain: &str) -> Result<String, InstanceError> {
    if domain == SERVICENOW_DOMAIN {
        return Err(InstanceError::NoInstance);
    }
    if let Some(instance) = domain.strip_suffix(&format!(".{SERVICENOW_DOMAIN}")) {
        if instance.contains('.') {
            return Err(InstanceError::NoInstance);
        }
        return validate_instance_name(instance).map(|name| format!("{name}.{SERVICENOW_DOMAIN}"));
    }
    if domain.len() > 253 || !domain.split('.').all(is_dns_label) {
        return Err(InstanceError::BadHost);
    }
    if !domain.contains('.') && domain != "localhost" {
        return Err(InstanceError::IncompleteHost);
    }
    Ok(domain.to_owned())
}

/// `localhost`, 127.0.0.0/8 or `::1`.
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// The user name and password nowkey signs in to ServiceNow with, and the
/// Application Registry client when the instance is reached through OAuth2.
#[derive(Clone)]
pub struct ServiceNowCredentials {
    /// The ServiceNow user name (`user_name` on `sys_user`).
    pub user: String,
    /// The user's password.
    pub password: SecretString,
    /// With an OAuth2 client, nowkey asks `oauth_token.do` for an access token
    /// (password grant) and sends it as `Authorization: Bearer`; without one it
    /// signs in with Basic auth.
    pub oauth: Option<OAuthClient>,
}

impl std::fmt::Debug for ServiceNowCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceNowCredentials")
            .field("user", &self.user)
            .field("password", &"[REDACTED]")
            .field("oauth", &self.oauth)
            .finish()
    }
}

/// How HOPEX's ServiceNow module (and nowkey's check of it) signs in to
/// ServiceNow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceNowAuthMode {
    /// User and password on every request (documented as for non-production).
    #[default]
    Basic,
    /// An Application Registry client and the user's password, exchanged for an
    /// access token (recommended for production).
    #[serde(rename = "oauth2")]
    OAuth2,
}

impl ServiceNowAuthMode {
    /// How the mode is written in a profile and on screen: `basic`, `oauth2`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceNowAuthMode::Basic => "basic",
            ServiceNowAuthMode::OAuth2 => "oauth2",
        }
    }

    /// True for [`ServiceNowAuthMode::Basic`], so a profile leaves the default out.
    pub fn is_basic(&self) -> bool {
        *self == ServiceNowAuthMode::Basic
    }
}

/// Longest OAuth client id accepted (ServiceNow's are 32 hex characters).
pub const MAX_OAUTH_CLIENT_ID: usize = 128;

/// An OAuth2 client from ServiceNow's Application Registry. The id is not a
/// secret; the client secret is.
#[derive(Clone)]
pub struct OAuthClient {
    /// The client id.
    pub client_id: String,
    /// The client secret (never stored, never shown).
    pub client_secret: SecretString,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .finish()
    }
}

/// Why an OAuth client id was refused. Shown beside the field; never echoes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ClientIdError {
    /// Nothing typed.
    #[error("Enter the client ID from ServiceNow's Application Registry.")]
    Empty,
    /// Longer than [`MAX_OAUTH_CLIENT_ID`].
    #[error("A client ID is at most 128 characters: copy it again from the Application Registry record.")]
    TooLong,
    /// A character a client id does not have.
    #[error("A client ID has only letters, digits, '-', '_' and '.': copy it again from the Application Registry record.")]
    BadCharacter,
}

/// Checks an OAuth client id as pasted (surrounding spaces dropped).
pub fn validate_client_id(raw: &str) -> Result<String, ClientIdError> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(ClientIdError::Empty);
    }
    if id.chars().count() > MAX_OAUTH_CLIENT_ID {
        return Err(ClientIdError::TooLong);
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(ClientIdError::BadCharacter);
    }
    Ok(id.to_owned())
}

/// The signed-in user, as `sys_user` and `sys_user_has_role` describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceNowUser {
    /// The record's `sys_id`.
    pub sys_id: String,
    /// The user name.
    pub user_name: String,
    /// False when the record says `active: false` (the caller warns).
    pub active: bool,
    /// Role names, sorted, without duplicates (inherited roles repeat).
    pub roles: Vec<String>,
}
