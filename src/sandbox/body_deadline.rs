//! The request body's time limit. hyper's header-read limit stops at the end of
//! the header; a client could then send its body a byte at a time and hold the
//! connection (and a handler) for ever. So every body is read whole, within the
//! same limit as the header, before any handler (or fault) sees the request.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The largest body read: axum's own default limit for a body read whole.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Middleware: reads the body within `limit`; 408 when it takes longer, 413 when
/// it is larger than [`MAX_BODY_BYTES`]. Either way the connection is closed.
pub(crate) async fn read_in_time(
    State(limit): State<Duration>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(limit, axum::body::to_bytes(body, MAX_BODY_BYTES)).await;
    match read {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request body is larger than the sandbox reads ({} MiB), or was cut off.",
                MAX_BODY_BYTES / (1024 * 1024)
            ),
        ),
        Err(_) => refusal(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} s: send it whole, at once.",
                limit.as_secs_f64()
            ),
        ),
    }
}

/// `{"message"}` with `status`, and `Connection: close`: the rest of the body
/// may still be on its way, so the connection cannot carry another request.
fn refusal(status: StatusCode, message: String) -> Response {
    (
        status,
        [(axum::http::header::CONNECTION, "close")],
        Json(json!({ "message": message })),
    )
        .into_response()
}
