//! The certificate inspector against the transport faults: it makes no HTTP
//! request, so only what happens before one applies.
//!
//! Its documented rule differs from the clients' in one place: an untrusted
//! certificate (self-signed here) is what it is there to find, so that row
//! succeeds with the reason in `trusted`, and the other rows fail with the
//! clients' classes.

use std::time::Instant;

use nowkey::clients::certificate::{inspect_certificate, Inspection};
use nowkey::domain::remote_error::Service;
use url::Url;

use super::calls::TIMEOUTS;
use super::expect::message_problems;
use super::faults::{Setup, DNS_HOST};
use super::rows::{guarded, timing_problems, verdict};
use super::targets::{plain, prepare, silent};

/// The faults the inspector meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectorFault {
    /// A port that refuses.
    Refused,
    /// A name that does not resolve.
    Dns,
    /// A certificate from a CA nobody trusts.
    SelfSigned,
    /// A server that accepts and never starts the handshake.
    Hang,
    /// `https://` aimed at a plain-http server.
    PlainHttp,
}

impl InspectorFault {
    /// Every inspector fault, in table order.
    pub const ALL: [InspectorFault; 5] = [
        InspectorFault::Refused,
        InspectorFault::Dns,
        InspectorFault::SelfSigned,
        InspectorFault::Hang,
        InspectorFault::PlainHttp,
    ];

    /// The name used in the report.
    pub fn name(self) -> &'static str {
        match self {
            InspectorFault::Refused => "refused",
            InspectorFault::Dns => "dns",
            InspectorFault::SelfSigned => "tls self-signed",
            InspectorFault::Hang => "hang",
            InspectorFault::PlainHttp => "plain http",
        }
    }

    /// The class it must fail with and a text its message must hold; `None` for
    /// the self-signed row, which must succeed.
    fn expected(self) -> Option<(&'static str, String)> {
        Some(match self {
            InspectorFault::Refused => ("network", "connection refused".to_owned()),
            InspectorFault::Dns => ("dns", DNS_HOST.to_owned()),
            InspectorFault::SelfSigned => return None,
            InspectorFault::Hang => ("timeout", format!("within {}s", TIMEOUTS.request.as_secs())),
            InspectorFault::PlainHttp => ("tls", "did not answer with TLS".to_owned()),
        })
    }
}

/// The inspector meeting `fault`.
pub async fn inspector_row(fault: InspectorFault) -> Result<&'static str, String> {
    let target = match fault {
        InspectorFault::Refused => prepare(Setup::Refused).await?,
        InspectorFault::Dns => prepare(Setup::Dns).await?,
        InspectorFault::SelfSigned => prepare(Setup::SelfSigned).await?,
        InspectorFault::Hang => silent().await?,
        InspectorFault::PlainHttp => plain().await?,
    };
    let https = target.base.replacen("http://", "https://", 1);
    let url = Url::parse(&https).map_err(|e| format!("setup: {https}: {e}"))?;
    let started = Instant::now();
    let outcome = guarded(async move { inspect_certificate(&url, TIMEOUTS).await }).await?;
    let mut problems = timing_problems(started.elapsed(), fault == InspectorFault::Hang);
    let seen = match &outcome {
        Ok(Inspection::Certificate(info)) if info.trusted.is_err() => "ok (untrusted)",
        Ok(_) => "ok",
        Err(error) => error.class(),
    };
    match (outcome, fault.expected()) {
        (Ok(Inspection::Certificate(info)), None) => match &info.trusted {
            Err(reason) if reason.contains("unknown issuer") => {}
            other => problems.push(format!(
                "certificate read, but trusted is {other:?}, expected an unknown issuer"
            )),
        },
        (Ok(other), None) => problems.push(format!("expected a certificate, got {other:?}")),
        (Ok(other), Some((class, _))) => {
            problems.push(format!("succeeded with {other:?}, expected {class}"));
        }
        (Err(error), None) => problems.push(format!("expected a certificate, got {error:?}")),
        (Err(error), Some((class, needle))) => {
            if error.class() != class {
                problems.push(format!("class {}, expected {class}", error.class()));
            }
            if !error.is_unreachable() {
                problems.push("is_unreachable() is false".to_owned());
            }
            // The certificate check words it for whichever service the profile
            // is for.
            for service in [Service::Hub, Service::ServiceNow, Service::Hopex] {
                let message = error.user_message(service);
                let mut wrong = message_problems(&message, service);
                if !message.contains(&needle) {
                    wrong.push(format!("message lacks {needle:?}"));
                }
                if !wrong.is_empty() {
                    problems.push(format!("{}; message was {message:?}", wrong.join("; ")));
                }
            }
        }
    }
    drop(target);
    verdict(problems, seen)
}
