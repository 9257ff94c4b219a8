//! What every client shares: the reqwest client, timeouts, URL rules, and the
//! classification of transport errors.

use std::time::Duration;

use super::error::ClientError;

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

/// Parses a service base URL. Credentials never travel over plain http except to a
/// loopback address.
pub fn parse_service_url(raw: &str) -> Result<url::Url, ClientError> {
    let _ = raw;
    todo!("helper fills")
}

/// Builds the shared HTTP client: rustls, the given timeouts, a nowkey user agent.
pub fn build_http_client(timeouts: Timeouts) -> Result<reqwest::Client, ClientError> {
    let _ = timeouts;
    todo!("helper fills")
}

/// Classifies a transport-level reqwest error (timeout, DNS, connect, TLS).
pub fn classify_transport(error: &reqwest::Error, timeouts: Timeouts) -> ClientError {
    let _ = (error, timeouts);
    todo!("helper fills")
}
