//! The certificate check: days until an endpoint's TLS certificate expires, and
//! whether it is trusted.

use chrono::Utc;

use crate::clients::certificate::{inspect_certificate, Inspection};
use crate::clients::http::Timeouts;
use crate::domain::check::{policy, Finding};
use crate::domain::remote_error::Service;

/// Reads the certificate of `url` and judges it.
pub async fn find(url: &str, service: Service, timeouts: Timeouts) -> Finding {
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(_) => {
            return Finding::fail(
                format!("{url} is not a web address."),
                "Correct the address in the profile (nowkey profiles show).",
            )
        }
    };
    let host = parsed.host_str().unwrap_or(url).to_owned();
    match inspect_certificate(&parsed, timeouts).await {
        Ok(Inspection::PlainHttp) => Finding::skip(
            format!("{host} is plain http (this machine only): there is no certificate."),
            None::<String>,
        ),
        Ok(Inspection::Certificate(info)) => policy::certificate(
            info.not_after,
            Utc::now(),
            info.trusted.as_ref().map(|_| ()).map_err(String::as_str),
            &host,
        ),
        Err(error) => Finding {
            unreachable: error.is_unreachable(),
            ..Finding::fail(
                error.user_message(service),
                format!("Check that {host} is reachable from here (DNS, proxy, firewall), then run the check again."),
            )
        },
    }
}
