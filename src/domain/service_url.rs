//! The rules every service address follows before any request is made: a base URL
//! nowkey will send credentials to, and the HOPEX GraphQL endpoint built from a
//! server address. Pure: the clients and the flows both use them, so a refusal
//! reads the same beside a field and in a command's error.

use std::net::IpAddr;

use url::{Host, Url};

use super::remote_error::ClientError;

/// Parses a Hub base URL; see [`parse_service_url_for`].
pub fn parse_service_url(raw: &str) -> Result<Url, ClientError> {
    parse_service_url_for(raw, "https://api.messagemedia.com", "the key and secret")
}

/// Parses a service base URL. Credentials never travel over plain http except to a
/// loopback address.
///
/// `example` is a good address for this service and `credentials` names what goes
/// in the other fields (for the reasons shown to the operator).
///
/// The result has no trailing slash on its path, so endpoint paths can be appended
/// to it, and keeps any path prefix (a proxy base such as `https://proxy/hub`). The
/// raw input is never echoed in a reason: an operator who pasted a secret into the
/// URL field must not see it printed back in an error.
pub fn parse_service_url_for(
    raw: &str,
    example: &str,
    credentials: &str,
) -> Result<Url, ClientError> {
    let bad = |reason: String| ClientError::BadUrl { reason };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(bad(format!(
            "it is empty; enter the API address, e.g. {example}"
        )));
    }
    // The URL parser would quietly turn a look-alike letter into punycode and send
    // the credentials to that other host: the same rule as a typed ServiceNow
    // instance, for every address wherever it comes from (a field, a flag, a file).
    if trimmed
        .chars()
        .any(|c| c.is_whitespace() || super::untrusted::needs_cleaning(c))
    {
        return Err(bad(
            "it contains a space or an invisible or control character; type the address again"
                .to_owned(),
        ));
    }
    if !trimmed.is_ascii() {
        return Err(bad(
            "it contains a character outside ASCII, which can be a look-alike of another host's letter; write an internationalised host name in its xn-- form".to_owned(),
        ));
    }
    let mut url = Url::parse(trimmed)
        .map_err(|_| bad(format!("it is not a web address; enter one like {example}")))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback(&url) {
                return Err(bad(
                    "credentials are never sent over plain http:// except to this machine; use https://".to_owned(),
                ));
            }
        }
        _ => {
            return Err(bad(format!(
                "only https:// addresses are supported; enter one like {example}"
            )))
        }
    }
    if url.host().is_none() {
        return Err(bad(format!(
            "it has no host name; enter one like {example}"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(format!(
            "it contains a user name or password, which would leak into logs; remove it and enter {credentials} in their own fields"
        )));
    }
    if url.query().is_some() {
        return Err(bad(
            "it contains a query (?…), which an API base address never has; remove it".to_owned(),
        ));
    }
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// True when the URL's host is this machine: `localhost`, 127.0.0.0/8 or ::1.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The endpoint URL for a server base or full URL (pure; unit-tested).
///
/// A path already ending in `/HOPEXGraphQL/api/<schema>` (any case) is kept as is;
/// one ending in `/HOPEXGraphQL` or `/HOPEXGraphQL/api` is completed with `schema`;
/// any other path (a proxy prefix) gets `/HOPEXGraphQL/api/<schema>` appended.
pub fn graphql_endpoint(server_url: &str, schema: &str) -> Result<url::Url, ClientError> {
    let mut url = parse_service_url_for(server_url, "https://hopex.acme.com", "the API key")?;
    let lower: Vec<String> = url
        .path_segments()
        .map(|segments| {
            segments
                .filter(|s| !s.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let tail: Vec<&str> = lower
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(String::as_str)
        .collect();
    let missing: &[&str] = match tail.as_slice() {
        [.., "hopexgraphql", "api", _] => &[],
        [.., "hopexgraphql", "api"] => &["schema"],
        [.., "hopexgraphql"] => &["api", "schema"],
        _ => &["HOPEXGraphQL", "api", "schema"],
    };
    if missing.is_empty() {
        return Ok(url);
    }
    let schema = schema.trim();
    validate_schema_name(schema).map_err(|reason| ClientError::BadUrl {
        reason: reason.to_owned(),
    })?;
    let segments = missing.iter().map(|segment| {
        if *segment == "schema" {
            schema
        } else {
            segment
        }
    });
    url.path_segments_mut()
        .map_err(|()| no_path())?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// Checks a HOPEX GraphQL schema name: letters, digits and `_` only (`ITPM`,
/// `BPA`), since it becomes a segment of the endpoint's path.
pub fn validate_schema_name(schema: &str) -> Result<(), &'static str> {
    let ok = !schema.is_empty()
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(())
        .ok_or("the schema must be a name like ITPM or BPA")
}

/// The refusal of a base URL that cannot be a base (`mailto:`, `data:`): no path.
pub(crate) fn no_path() -> ClientError {
    ClientError::BadUrl {
        reason: "it cannot carry a path; enter one like https://hopex.acme.com".to_owned(),
    }
}
