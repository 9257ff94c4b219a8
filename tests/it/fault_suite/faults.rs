//! The injected faults, and what each one looks like on the wire for each call:
//! the sandbox fault to register, or the transport trick (a port nothing listens
//! on, an unresolvable name, an untrusted certificate).
//!
//! Error bodies are shaped the way each service shapes its own (the Hub's
//! `{"message","details"}`, ServiceNow's `{"error":{"message","detail"}}`), and
//! some carry more than one sentence, as real servers' texts do.

use nowkey::domain::remote_error::Service;
use serde_json::{json, Value};

use super::calls::Call;

/// The wait every 429 asks for.
pub const RETRY_AFTER_SECS: u64 = 7;
/// A name that never resolves (RFC 2606).
pub const DNS_HOST: &str = "nowkey-fault.invalid";

/// The Hub's (and a gateway's) 400 detail: two sentences, one per-field.
pub const HUB_400_DETAIL: &str = "/messages/0/destination_number: International address must be \
     between 8 and 15 characters excluding the first '+'. Check the number and try again.";
/// The first sentence of ServiceNow's 400 detail.
pub const SN_400_FIRST_PART: &str = "Encoded query contains an invalid field";
/// ServiceNow's 400 detail: two sentences.
const SN_400_DETAIL: &str =
    "Encoded query contains an invalid field. Check sysparm_query and the table's columns.";
/// ServiceNow's 403 (an ACL), message and detail.
pub const SN_403_MESSAGE: &str = "Insufficient rights to query records";
const SN_403_DETAIL: &str = "Fields present in the query do not have permission to be read.";

/// A body that starts as the documented JSON and stops mid-way.
const MALFORMED: &str = r#"{"replies": [{"reply_id": "r-1", "content": "#;
/// A login page, as a proxy or a wrong URL answers.
const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\
     <body><form action=\"/login\"><input name=\"user\"></form></body></html>\n";
/// What a hibernating ServiceNow developer instance answers.
const HIBERNATION_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Instance Hibernating page\
     </title></head><body><h1>Your instance is hibernating</h1><p>Developer instances \
     hibernate after a period of inactivity.</p></body></html>\n";

/// One fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 400 with the server's details.
    BadRequest,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 429 with `Retry-After`.
    TooManyRequests,
    /// 500 with a JSON body.
    Internal,
    /// 502 with a proxy's HTML page.
    BadGateway,
    /// 503 with a plain-text body.
    Unavailable,
    /// The success status with JSON cut short.
    MalformedBody,
    /// The success status with nothing.
    EmptyBody,
    /// 200 with an HTML page (for ServiceNow: the hibernation page).
    HtmlBody,
    /// A loopback port nothing listens on.
    Refused,
    /// A host name that does not resolve.
    Dns,
    /// HTTPS with a certificate from a CA nobody trusts.
    SelfSigned,
    /// The server accepts the request and never answers.
    Hang,
    /// The answer arrives slower than the request timeout allows.
    SlowDrip,
    /// A cut-short body dripped slowly, but done well within the timeout.
    QuickDrip,
}

/// Where a row's client is pointed.
#[derive(Debug, Clone)]
pub enum Setup {
    /// A plain sandbox with this fault registered.
    Injected(Value),
    /// A TLS sandbox whose CA this test binary never trusts.
    SelfSigned,
    /// A loopback port that refuses connections.
    Refused,
    /// A host under `.invalid`.
    Dns,
}

impl Fault {
    /// The 16 faults of the issue, then the quick drip.
    pub const ALL: [Fault; 17] = [
        Fault::BadRequest,
        Fault::Unauthorized,
        Fault::Forbidden,
        Fault::NotFound,
        Fault::TooManyRequests,
        Fault::Internal,
        Fault::BadGateway,
        Fault::Unavailable,
        Fault::MalformedBody,
        Fault::EmptyBody,
        Fault::HtmlBody,
        Fault::Refused,
        Fault::Dns,
        Fault::SelfSigned,
        Fault::Hang,
        Fault::SlowDrip,
        Fault::QuickDrip,
    ];

    /// The name used in the report.
    pub fn name(self) -> &'static str {
        match self {
            Fault::BadRequest => "400+details",
            Fault::Unauthorized => "401",
            Fault::Forbidden => "403",
            Fault::NotFound => "404",
            Fault::TooManyRequests => "429+Retry-After",
            Fault::Internal => "500",
            Fault::BadGateway => "502+html",
            Fault::Unavailable => "503",
            Fault::MalformedBody => "malformed body",
            Fault::EmptyBody => "empty body",
            Fault::HtmlBody => "html body",
            Fault::Refused => "refused",
            Fault::Dns => "dns",
            Fault::SelfSigned => "tls self-signed",
            Fault::Hang => "hang",
            Fault::SlowDrip => "slow drip",
            Fault::QuickDrip => "quick drip",
        }
    }

    /// True when the fault is below HTTP: the service was never reached.
    pub fn is_transport(self) -> bool {
        matches!(
            self,
            Fault::Refused | Fault::Dns | Fault::SelfSigned | Fault::Hang | Fault::SlowDrip
        )
    }

    /// True when the row must take about the request timeout (no sooner: the
    /// call must not give up early, and no later: it must not hang).
    pub fn runs_into_the_timeout(self) -> bool {
        matches!(self, Fault::Hang | Fault::SlowDrip)
    }

    /// How this fault meets `call`.
    pub fn setup(self, call: Call) -> Setup {
        let service = call.service();
        let ok = call.success_status();
        let spec = match self {
            Fault::Refused => return Setup::Refused,
            Fault::Dns => return Setup::Dns,
            Fault::SelfSigned => return Setup::SelfSigned,
            Fault::BadRequest => answer(400, &bad_request_body(service), "application/json"),
            Fault::Unauthorized => answer(401, &unauthorized_body(service), "application/json"),
            Fault::Forbidden => answer(403, &forbidden_body(service), "application/json"),
            Fault::NotFound => answer(404, &not_found_body(service), "application/json"),
            Fault::TooManyRequests => {
                let mut spec = answer(429, &rate_limited_body(service), "application/json");
                spec["headers"] = json!({ "Retry-After": RETRY_AFTER_SECS.to_string() });
                spec
            }
            Fault::Internal => answer(
                500,
                r#"{"message":"Internal Server Error"}"#,
                "application/json",
            ),
            Fault::BadGateway => answer(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body><center>\
                 <h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n",
                "text/html",
            ),
            Fault::Unavailable => answer(
                503,
                "Service Unavailable. Back soon.",
                "text/plain; charset=utf-8",
            ),
            Fault::MalformedBody => answer(ok, MALFORMED, "application/json"),
            Fault::EmptyBody => answer(ok, "", "application/json"),
            Fault::HtmlBody => answer(200, html_page(service), "text/html; charset=utf-8"),
            Fault::Hang => json!({ "hang": true }),
            Fault::SlowDrip => {
                // 8 bytes a second: 96 bytes take 12 s, three times the timeout.
                let body = format!("{{\"padding\":\"{}\"}}", "x".repeat(82));
                let mut spec = answer(ok, &body, "application/json");
                spec["drip_bytes_per_sec"] = json!(8);
                spec
            }
            Fault::QuickDrip => {
                // 100 bytes a second: done in about half a second.
                let mut spec = answer(ok, MALFORMED, "application/json");
                spec["drip_bytes_per_sec"] = json!(100);
                spec
            }
        };
        let mut spec = spec;
        spec["path_prefix"] = json!(call.path_prefix());
        spec["method"] = json!(call.method());
        Setup::Injected(spec)
    }
}

fn answer(status: u16, body: &str, content_type: &str) -> Value {
    json!({ "status": status, "body": body, "content_type": content_type })
}

/// ServiceNow's error envelope.
fn envelope(message: &str, detail: &str) -> String {
    json!({ "error": { "message": message, "detail": detail }, "status": "failure" }).to_string()
}

fn bad_request_body(service: Service) -> String {
    match service {
        Service::ServiceNow => envelope("Invalid query", SN_400_DETAIL),
        // A gateway in front of HOPEX words it like the Hub does.
        Service::Hub | Service::Hopex | Service::Sandbox => json!({
            "message": "Request failed to parse correctly.",
            "details": [HUB_400_DETAIL],
        })
        .to_string(),
    }
}

fn unauthorized_body(service: Service) -> String {
    match service {
        Service::ServiceNow => envelope(
            "User Not Authenticated",
            "Required to provide Auth information",
        ),
        Service::Hub | Service::Sandbox => {
            r#"{"message":"Invalid authentication credentials"}"#.to_owned()
        }
        Service::Hopex => r#"{"message":"Unauthorized"}"#.to_owned(),
    }
}

fn forbidden_body(service: Service) -> String {
    match service {
        Service::ServiceNow => envelope(SN_403_MESSAGE, SN_403_DETAIL),
        // The Hub's older docs: a bad key is a 403 "Unauthorised".
        Service::Hub | Service::Sandbox => r#"{"message":"Unauthorised"}"#.to_owned(),
        Service::Hopex => r#"{"message":"Forbidden"}"#.to_owned(),
    }
}

fn not_found_body(service: Service) -> String {
    match service {
        Service::ServiceNow => envelope(
            "No Record found",
            "Record doesn't exist or ACL restricts the record retrieval",
        ),
        Service::Hub | Service::Hopex | Service::Sandbox => {
            r#"{"message":"Resource not found."}"#.to_owned()
        }
    }
}

fn rate_limited_body(service: Service) -> String {
    match service {
        Service::ServiceNow => {
            envelope("Rate limit exceeded", "Too many requests. Try again later.")
        }
        Service::Hub | Service::Hopex | Service::Sandbox => {
            r#"{"message":"Too Many Requests"}"#.to_owned()
        }
    }
}

fn html_page(service: Service) -> &'static str {
    match service {
        Service::ServiceNow => HIBERNATION_PAGE,
        Service::Hub | Service::Hopex | Service::Sandbox => LOGIN_PAGE,
    }
}
