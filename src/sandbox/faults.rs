//! Fault injection: latency, substituted status codes and bodies, hangs and slow
//! ("drip") bodies, so a client's timeouts, retries and error classes can be tested
//! against a server that misbehaves on purpose.
//!
//! Faults never apply to `/_sandbox/*`, so a test can always clear them (nor,
//! therefore, to the simulated spoke's in-process Hub call). They apply to
//! every other path: the Hub's `/v1` and its `/v2-preview/reporting` report
//! (an account refused the preview is `path_prefix: "/v2-preview/reporting"`,
//! status 403: see [`report_refused_fault`](super::report_refused_fault)),
//! ServiceNow's `/api/now` and HOPEX's.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::state::{lock, Shared};

/// The largest response body the drip fault buffers before re-sending it slowly.
const DRIP_BUFFER_LIMIT: usize = 16 * 1024 * 1024;

/// One fault, as posted to `POST /_sandbox/faults`. Every field is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// Only requests with this method (case-insensitive); `null` = any method.
    #[serde(default)]
    pub method: Option<String>,
    /// Only requests whose path starts with this; `null` = every path (`/_sandbox/*` is never faulted).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Wait this long before anything else.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Answer with this status (and `body`, `content_type`, `headers`) instead of
    /// running the real handler.
    #[serde(default)]
    pub status: Option<u16>,
    /// The body to send; without `status` it replaces the real handler's body.
    #[serde(default)]
    pub body: Option<String>,
    /// The Content-Type of `body`.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Extra response headers, e.g. `{"Retry-After":"7"}`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Never answer (until the sandbox shuts down).
    #[serde(default)]
    pub hang: bool,
    /// Send the body at this many bytes per second.
    #[serde(default)]
    pub drip_bytes_per_sec: Option<u64>,
    /// How many matching requests the fault applies to; `null` = all.
    #[serde(default)]
    pub times: Option<u32>,
}

impl FaultSpec {
    /// Checks what serde cannot: a usable status code and header names/values.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(code) = self.status {
            if StatusCode::from_u16(code).is_err() {
                out.push(format!("/status: {code} is not an HTTP status code"));
            }
        }
        for (name, value) in &self.headers {
            if HeaderName::from_bytes(name.as_bytes()).is_err()
                || HeaderValue::from_str(value).is_err()
            {
                out.push(format!("/headers/{name}: not a valid header"));
            }
        }
        if self
            .content_type
            .as_deref()
            .is_some_and(|v| HeaderValue::from_str(v).is_err())
        {
            out.push("/content_type: not a valid header value".into());
        }
        if self.drip_bytes_per_sec == Some(0) {
            out.push("/drip_bytes_per_sec: must be at least 1".into());
        }
        out
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(self.path_prefix.as_deref().unwrap_or("/"))
    }
}

/// A registered fault and how many more requests it applies to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Fault {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    pub remaining: Option<u32>,
}

/// The active faults, first registered wins.
#[derive(Default)]
pub(crate) struct FaultRegistry {
    faults: Vec<Fault>,
    next_id: u64,
}

impl FaultRegistry {
    pub fn add(&mut self, spec: FaultSpec) -> u64 {
        self.next_id += 1;
        let remaining = spec.times;
        self.faults.push(Fault {
            id: self.next_id,
            spec,
            remaining,
        });
        self.next_id
    }

    /// How many faults are live.
    pub fn len(&self) -> usize {
        self.faults.len()
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    pub fn list(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// The fault for this request, counting it against the fault's `times`.
    fn take(&mut self, method: &str, path: &str) -> Option<FaultSpec> {
        let idx = self
            .faults
            .iter()
            .position(|f| f.remaining != Some(0) && f.spec.matches(method, path))?;
        let fault = &mut self.faults[idx];
        let spec = fault.spec.clone();
        if let Some(n) = fault.remaining.as_mut() {
            *n -= 1;
        }
        // A used-up fault is dropped so the listing shows only live ones.
        if fault.remaining == Some(0) {
            self.faults.remove(idx);
        }
        Some(spec)
    }
}

/// The middleware: finds a matching fault and applies it around the real handler.
pub(crate) async fn apply(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/_sandbox") {
        return next.run(req).await;
    }
    let fault = lock(&state.faults).take(req.method().as_str(), &path);
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    if let Some(ms) = fault.latency_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if fault.hang {
        let mut stopping = state.stopping.clone();
        // Returns only when the sandbox shuts down (or its sender is gone).
        let _ = stopping.wait_for(|s| *s).await;
        return (StatusCode::SERVICE_UNAVAILABLE, "sandbox shutting down").into_response();
    }
    let mut response = match fault.status {
        // `problems()` refused invalid codes when the fault was posted.
        Some(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, fault.body.clone().unwrap_or_default()).into_response()
        }
        None => {
            let real = next.run(req).await;
            match &fault.body {
                Some(body) => {
                    let (mut parts, _) = real.into_parts();
                    parts.headers.remove(CONTENT_LENGTH);
                    Response::from_parts(parts, Body::from(body.clone()))
                }
                None => real,
            }
        }
    };
    let headers = response.headers_mut();
    if let Some(ct) = fault
        .content_type
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(CONTENT_TYPE, ct);
    }
    for (name, value) in &fault.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    match fault.drip_bytes_per_sec {
        Some(rate) => drip(response, rate).await,
        None => response,
    }
}

/// Re-sends the response body at `rate` bytes per second, in chunks of about a
/// tenth of a second each, with the total Content-Length announced up front (so
/// a client sees a slow body, not a short one).
async fn drip(response: Response, rate: u64) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, DRIP_BUFFER_LIMIT).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let chunk = usize::try_from((rate / 10).max(1)).unwrap_or(1);
    let pause = Duration::from_secs_f64(chunk as f64 / rate.max(1) as f64);
    let stream = futures::stream::unfold((bytes, 0usize), move |(bytes, pos)| async move {
        if pos >= bytes.len() {
            return None;
        }
        tokio::time::sleep(pause).await;
        let end = (pos + chunk).min(bytes.len());
        let piece: Bytes = bytes.slice(pos..end);
        Some((Ok::<_, Infallible>(piece), (bytes, end)))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}
