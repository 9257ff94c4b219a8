//! What every client shares: the reqwest client, timeouts, URL rules, and the
//! classification of transport errors.

use std::error::Error as _;
use std::time::Duration;

use url::Url;

use crate::domain::remote_error::ClientError;
use crate::domain::service_url::is_loopback;

/// Per-call time limits. No call can outlive `request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting (TCP + TLS).
    pub connect: Duration,
    /// The whole request, body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(15),
        }
    }
}

/// How many redirects a call follows. An API has no business redirecting more than
/// once or twice; a loop should fail fast rather than burn the request timeout.
const MAX_REDIRECTS: usize = 3;

/// The longest transport detail shown to the operator: enough to recognise the
/// failure, short enough for one line of the TUI.
const MAX_DETAIL_CHARS: usize = 160;

/// A header value carrying a credential, marked sensitive so that reqwest and hyper
/// never print it (Debug, HTTP/2 header indexing). `None` when the text holds a
/// control character, which no header can carry.
pub(crate) fn sensitive_header(value: &str) -> Option<reqwest::header::HeaderValue> {
    let mut header = reqwest::header::HeaderValue::from_bytes(value.as_bytes()).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// Builds the shared HTTP client: rustls, the given timeouts, a nowkey user agent,
/// and trust in the system's and Mozilla's roots plus any from
/// [`trust_extra_roots`](super::trust::trust_extra_roots).
///
/// Redirects are followed only to the same scheme, host and port and at most
/// [`MAX_REDIRECTS`] times: an API that redirects elsewhere is not the API the
/// operator configured, and the 3xx is then reported as an unexpected status.
pub fn build_http_client(timeouts: Timeouts) -> Result<reqwest::Client, ClientError> {
    builder(timeouts).build().map_err(build_error)
}

/// Like [`build_http_client`], tuned for one base URL: traffic to this machine never
/// goes through a proxy from the environment (the sandbox and a local tunnel must
/// work even when `HTTPS_PROXY` is set for the outside world).
///
/// Clients are shared: building one loads the system's root certificates, which
/// takes tens of milliseconds, and a check of fifty profiles needs a hundred
/// clients. A `reqwest::Client` is a handle to one pool, so sharing it is cheap.
pub fn build_http_client_for(
    base: &Url,
    timeouts: Timeouts,
) -> Result<reqwest::Client, ClientError> {
    /// Timeouts, loopback (no proxy), extra roots trusted when built.
    type ClientKey = (Timeouts, bool, usize);
    static SHARED: std::sync::Mutex<Vec<(ClientKey, reqwest::Client)>> =
        std::sync::Mutex::new(Vec::new());
    let loopback = is_loopback(base);
    // A root trusted later (--ca-file is read at start, tests add more) needs a
    // new client.
    let key = (timeouts, loopback, super::trust::extra_root_count());
    // A poisoned lock only means another thread panicked mid-lookup; the list
    // itself is always whole, so keep using it.
    let mut shared = SHARED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, client)) = shared.iter().find(|(k, _)| *k == key) {
        return Ok(client.clone());
    }
    let mut builder = builder(timeouts);
    if loopback {
        builder = builder.no_proxy();
    }
    let client = builder.build().map_err(build_error)?;
    shared.push((key, client.clone()));
    Ok(client)
}

fn builder(timeouts: Timeouts) -> reqwest::ClientBuilder {
    let builder = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .user_agent(concat!("nowkey/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect_policy());
    super::trust::extra_reqwest_roots()
        .into_iter()
        .fold(builder, reqwest::ClientBuilder::add_root_certificate)
}

fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Building a client fails only when the TLS backend cannot be set up.
fn build_error(error: reqwest::Error) -> ClientError {
    ClientError::Tls {
        detail: shorten(&format!("could not set up TLS: {}", innermost(&error))),
    }
}

/// Classifies a transport-level reqwest error (timeout, DNS, connect, TLS).
///
/// reqwest's own `Display` includes the request URL; the details built here come
/// only from the transport's error chain (socket, resolver, TLS), which never sees
/// request headers, so no credential can end up in them.
pub fn classify_transport(error: &reqwest::Error, timeouts: Timeouts) -> ClientError {
    let chain = source_chain(error);
    let lower: Vec<String> = chain.iter().map(|text| text.to_lowercase()).collect();
    let any = |needles: &[&str]| {
        lower
            .iter()
            .any(|text| needles.iter().any(|needle| text.contains(needle)))
    };

    if error.is_timeout() || io_kind(error) == Some(std::io::ErrorKind::TimedOut) {
        // A connect timeout ran out after `connect`, not after `request`: say the
        // number the operator can actually relate to.
        let after = if error.is_connect() {
            timeouts.connect.min(timeouts.request)
        } else {
            timeouts.request
        };
        return ClientError::Timeout { after };
    }
    if any(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no such host",
        "nodename nor servname",
    ]) {
        let host = error
            .url()
            .and_then(|url| url.host_str())
            .unwrap_or("the server")
            .to_owned();
        return ClientError::Dns { host };
    }
    if let Some(detail) = tls_detail(&chain) {
        return ClientError::Tls {
            detail: shorten(&detail),
        };
    }
    if let Some(detail) = io_kind(error).and_then(io_detail) {
        return ClientError::Network {
            detail: detail.to_owned(),
        };
    }
    if any(&[
        "network is unreachable",
        "no route to host",
        "host is unreachable",
    ]) {
        return ClientError::Network {
            detail: "no route to the server".to_owned(),
        };
    }
    // The server answered in both cases: it was reached, so not "unreachable".
    if error.is_redirect() {
        return ClientError::Protocol {
            detail: "it redirected too many times, a redirect loop".to_owned(),
        };
    }
    if any(&[
        "message head is too large",
        "header section is too large",
        "headers too large",
    ]) {
        return ClientError::Protocol {
            detail: "its header section is too large to read".to_owned(),
        };
    }
    if error.is_builder() {
        return ClientError::BadUrl {
            reason: "the request could not be built from this address; check it".to_owned(),
        };
    }
    if any(&["connection closed", "incomplete message", "unexpected eof"]) {
        return ClientError::Network {
            detail: "the server closed the connection before answering".to_owned(),
        };
    }
    if error.is_body() || error.is_decode() {
        return ClientError::Network {
            detail: "the connection broke while reading the answer".to_owned(),
        };
    }
    ClientError::Network {
        detail: shorten(&innermost(error)),
    }
}

/// The `Display` of every error below the top-level one (which carries the URL).
fn source_chain(error: &reqwest::Error) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = error.source();
    while let Some(source) = next {
        out.push(source.to_string());
        next = source.source();
    }
    out
}

/// The most specific message in the chain, or a generic one.
fn innermost(error: &reqwest::Error) -> String {
    source_chain(error)
        .pop()
        .unwrap_or_else(|| "the request failed".to_owned())
}

/// The first `std::io::Error` kind in the chain, if any.
fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut next = error.source();
    while let Some(source) = next {
        if let Some(io) = source.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        next = source.source();
    }
    None
}

/// The words for a socket error kind the operator can act on; `None` for the rest.
pub(crate) fn io_detail(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::ConnectionRefused => "connection refused",
        K::ConnectionReset => "connection reset by the server",
        K::ConnectionAborted => "connection aborted",
        K::NotConnected | K::BrokenPipe => "the connection broke",
        K::AddrNotAvailable => "the address is not available from this machine",
        K::UnexpectedEof => "the server closed the connection before answering",
        _ => return None,
    })
}

/// Words that only a TLS failure puts in the chain (rustls's error texts, and the
/// wrappers reqwest and hyper put around them).
const TLS_MARKERS: &[&str] = &[
    "invalid peer certificate",
    "certificate",
    "invalidcontenttype",
    "received corrupt message",
    "peer is incompatible",
    "peer misbehaved",
    "handshake",
    "tls",
    "alert",
    "unknownissuer",
];

/// The most specific chain entry that looks like a TLS failure, made readable.
fn tls_detail(chain: &[String]) -> Option<String> {
    let hit = chain.iter().rev().find(|text| {
        let lower = text.to_lowercase();
        TLS_MARKERS.iter().any(|marker| lower.contains(marker))
    })?;
    let lower = hit.to_lowercase();
    let readable = if lower.contains("invalidcontenttype") || lower.contains("corrupt message") {
        "the server did not answer with TLS; is it plain http://?".to_owned()
    } else if lower.contains("unknownissuer") {
        "the server's certificate is not signed by a trusted authority; trust a private CA with --ca-file".to_owned()
    } else if lower.contains("badsignature") {
        "the server's certificate does not match the trusted CA of the same name; is --ca-file out of date?".to_owned()
    } else if lower.contains("notvalidforname") {
        "the server's certificate is for a different host name".to_owned()
    } else if lower.contains("expired") {
        "the server's certificate has expired".to_owned()
    } else {
        hit.clone()
    };
    Some(readable)
}

/// One line, at most [`MAX_DETAIL_CHARS`] characters, cleaned of control and
/// invisible characters ([`crate::domain::untrusted::clean_line`]).
pub(crate) fn shorten(text: &str) -> String {
    let single = crate::domain::untrusted::clean_line(text);
    let single = single.trim();
    if single.chars().count() <= MAX_DETAIL_CHARS {
        return single.to_owned();
    }
    let mut out: String = single.chars().take(MAX_DETAIL_CHARS - 1).collect();
    out.push('…');
    out
}
