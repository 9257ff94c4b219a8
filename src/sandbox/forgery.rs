//! Refusing requests a web page could make on a visitor's behalf.
//!
//! The sandbox listens on loopback only, but a browser on the same machine can
//! still reach it. Two ways, each closed here:
//!
//! - DNS rebinding: a page's own host name is re-pointed at 127.0.0.1, so the
//!   browser treats the sandbox as the page's origin and lets it read answers
//!   (a new key's secret, say). Such a request names the page's host in `Host:`,
//!   so every request must name a loopback host: `localhost`, an address in
//!   127.0.0.0/8, or `[::1]`, with any port ([`loopback_host`]).
//! - Cross-site forms: a page may POST `text/plain`, form or multipart bodies to
//!   any address without asking first; only other content types need the CORS
//!   preflight the sandbox never grants. So the admin endpoints take their POSTs
//!   as `application/json` only ([`json_body`]). (The Hub's own endpoints accept
//!   any content type, as the real Hub does; they need a key's secret anyway.)

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The most characters of a refused `Host` or `Content-Type` quoted back.
const QUOTE_LIMIT: usize = 80;

/// Middleware: answers 421 to a request whose `Host` (and, in absolute form, its
/// URI's authority) is not a loopback host, and 400 to one with no host at all.
pub(crate) async fn loopback_host(req: Request, next: Next) -> Response {
    let header = req.headers().get(HOST);
    let from_uri = req.uri().authority();
    if header.is_none() && from_uri.is_none() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "The request has no Host header: the sandbox answers only requests that name \
             it by a loopback address (127.0.0.1, [::1] or localhost).",
        );
    }
    let header_ok = header.is_none_or(|value| value.to_str().is_ok_and(is_loopback_authority));
    let uri_ok = from_uri.is_none_or(|authority| is_loopback_authority(authority.as_str()));
    if header_ok && uri_ok {
        return next.run(req).await;
    }
    let named = match (header_ok, header) {
        (false, Some(value)) => quote(value),
        _ => from_uri.map_or_else(String::new, |a| quote_text(a.as_str())),
    };
    refusal(
        StatusCode::MISDIRECTED_REQUEST,
        &format!(
            "The sandbox answers only requests addressed to this machine by a loopback \
             name (127.0.0.1, [::1] or localhost, any port), not to {named}: use the URL \
             the sandbox printed."
        ),
    )
}

/// True for `localhost`, an IPv4 address in 127.0.0.0/8 or `[::1]`, each with or
/// without a port, and nothing else (no user info, no other name).
pub(crate) fn is_loopback_authority(text: &str) -> bool {
    let Ok(authority) = text.parse::<Authority>() else {
        return false;
    };
    if authority.as_str().contains('@') {
        return false;
    }
    let host = authority.host();
    // `Authority` takes any text after the colon; a port is digits that fit a u16.
    let port = &authority.as_str()[host.len()..];
    if !(port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.parse::<u16>().is_ok()))
    {
        return false;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    // An IPv6 address must come in brackets, as URLs and Host headers write it.
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => bare == host && v4.is_loopback(),
        Ok(IpAddr::V6(v6)) => bare != host && v6.is_loopback(),
        Err(_) => false,
    }
}

/// Middleware for the admin routes: a POST, PUT or PATCH must say its body is
/// `application/json` (parameters such as `charset` allowed); anything else gets
/// 415 in the admin endpoints' `{"message","details"}` shape.
pub(crate) async fn json_body(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let content_type = req.headers().get(CONTENT_TYPE);
    if content_type.is_some_and(is_json) {
        return next.run(req).await;
    }
    let got = content_type.map_or_else(|| "none".to_owned(), quote);
    (
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Json(json!({
            "message": "The sandbox's admin endpoints take JSON only: send the body with \
                        Content-Type: application/json (with curl: -H 'Content-Type: application/json').",
            "details": [format!("/headers/content-type: {got}, not application/json")],
        })),
    )
        .into_response()
}

fn is_json(value: &HeaderValue) -> bool {
    value.to_str().is_ok_and(|text| {
        let essence = text.split(';').next().unwrap_or_default().trim();
        essence.eq_ignore_ascii_case("application/json")
    })
}

/// `{"message": …}` with `status`.
fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}

/// A header value quoted for an error message: printable ASCII only (anything
/// else is not shown), at most [`QUOTE_LIMIT`] characters.
fn quote(value: &HeaderValue) -> String {
    match value.to_str() {
        Ok(text) => quote_text(text),
        Err(_) => "a value that is not printable text".to_owned(),
    }
}

fn quote_text(text: &str) -> String {
    // User info (`user:password@`) is never shown back, even to its sender.
    let text = match text.rsplit_once('@') {
        Some((_, host)) => host,
        None => text,
    };
    let shown: String = text
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(QUOTE_LIMIT)
        .collect();
    let cut = if text.chars().count() > QUOTE_LIMIT {
        "…"
    } else {
        ""
    };
    format!("'{shown}{cut}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_pass() {
        for ok in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1",
            "127.0.0.1:1",
            "127.4.5.6:65535",
            "[::1]",
            "[::1]:8443",
        ] {
            assert!(is_loopback_authority(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "0.0.0.0",
            "[::]",
            "::1",
            "[::ffff:127.0.0.1]",
            "user@127.0.0.1",
            "127.0.0.1:port",
            "2130706433",
        ] {
            assert!(!is_loopback_authority(bad), "{bad}");
        }
    }

    #[test]
    fn json_means_application_json_with_any_parameters() {
        assert!(is_json(&HeaderValue::from_static("application/json")));
        assert!(is_json(&HeaderValue::from_static(
            "Application/JSON; charset=utf-8"
        )));
        for bad in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "",
        ] {
            assert!(!is_json(&HeaderValue::from_static(bad)), "{bad}");
        }
    }

    #[test]
    fn quotes_are_short_and_printable() {
        let long = "a".repeat(200);
        let quoted = quote_text(&long);
        assert_eq!(quoted.chars().count(), QUOTE_LIMIT + 3);
        assert_eq!(quote_text("evil\u{1b}[2J.example"), "'evil[2J.example'");
        assert_eq!(quote_text("key:CANARY@127.0.0.1:80"), "'127.0.0.1:80'");
    }
}
