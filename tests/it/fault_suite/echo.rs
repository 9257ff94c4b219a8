//! The echo rows: a server that sends back, in its error body, every secret it
//! was sent in every form the leak scan knows (Base64 and base64url, hex in
//! either case, upper-case, percent-, form- and JSON-escaped, halves). No form
//! may reach the error, its `Debug`, or the message shown.

use base64::Engine as _;
use nowkey::domain::remote_error::Service;
use nowkey::domain::secret_forms::{is_piece, secret_forms};
use serde_json::json;

use super::calls::{Call, SN_PASSWORD, SN_USER};
use super::rows::{guarded, verdict};
use super::targets::{add_fault, plain};

/// `call` against a server that echoes every form of every secret it was sent.
pub async fn echo_row(call: Call) -> Result<&'static str, String> {
    let target = plain().await?;
    let (base, credentials) = (target.base.clone(), target.credentials.clone());
    let b64 = |text: String| base64::engine::general_purpose::STANDARD.encode(text);
    let (key, secret) = &credentials.hub;
    // What this call sends, so what its server could echo.
    let secrets = match call.service() {
        Service::ServiceNow => vec![
            SN_PASSWORD.to_owned(),
            b64(format!("{SN_USER}:{SN_PASSWORD}")),
        ],
        Service::Hopex => vec![credentials.hopex.clone()],
        _ => vec![secret.clone(), b64(format!("{key}:{secret}"))],
    };
    // Pieces inside a name shown on purpose (the user name) are spared by design.
    let forms: Vec<String> = secrets
        .iter()
        .flat_map(|s| secret_forms(s))
        .filter(|f| !(is_piece(f.what) && SN_USER.contains(f.value.as_str())))
        .map(|f| f.value.to_string())
        .collect();
    let echoed: Vec<String> = forms.iter().map(|f| format!("got {f}")).collect();
    let upper_hex: Vec<String> = secrets
        .iter()
        .map(|s| s.bytes().map(|b| format!("{b:02X}")).collect())
        .collect();
    let body = match call.service() {
        Service::ServiceNow => {
            json!({"error": {"message": upper_hex.join(" "), "detail": echoed.join(". ")}})
        }
        Service::Hopex => {
            json!({"errors": echoed.iter().chain(&upper_hex).map(|m| json!({"message": m})).collect::<Vec<_>>()})
        }
        _ => json!({"message": upper_hex.join(" "), "details": echoed}),
    };
    add_fault(
        &base,
        &json!({"path_prefix": call.path_prefix(), "status": 400,
                "content_type": "application/json", "body": body.to_string()}),
    )
    .await?;
    let outcome = guarded(async move { call.run(&base, &credentials).await }).await?;
    let mut problems = Vec::new();
    let error = match outcome {
        Ok(()) => return Err("succeeded, expected the echoing 400".to_owned()),
        Err(error) => error,
    };
    let shown = format!("{error:?} {error} {}", error.user_message(call.service())).to_lowercase();
    for form in &forms {
        if shown.contains(&form.to_lowercase()) {
            problems.push(format!("a form of a secret is shown: {form}"));
            break;
        }
    }
    if !shown.contains("[redacted]") {
        problems.push(format!(
            "nothing was redacted, so the echo was not seen: {shown}"
        ));
    }
    drop(target);
    verdict(problems, "redacted")
}
