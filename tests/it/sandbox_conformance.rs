//! The sandbox against the Hub's own OpenAPI document
//! (`tests/conformance/messagemedia-messages-openapi.yaml`, the seven operations it
//! simulates, cut from the vendor's published document).
//!
//! `schemathesis` generates requests from the document (examples, boundary
//! values, random data, and chains of calls) and checks every answer: no 5xx, a
//! documented status code, the documented Content-Type and headers, and a body
//! that matches the documented schema. Two of its checks are left out, both
//! about which requests should be refused, where the document's schemas and its
//! own prose disagree and the sandbox follows the prose (and the real Hub):
//! `messages` must hold 1 to 100 items (the schema has no minimum), a cancel
//! must set `status` to `cancelled` (the schema allows any status), and an
//! optional field may be `null`.
//!
//! Runs when `schemathesis` is installed (CI installs it: `.ci/run`), and
//! otherwise prints a SKIP line and passes, unless `NOWKEY_CI_REQUIRE` is set.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use nowkey::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, StatusCode};
use serde_json::json;

/// Fixed, so a run is reproducible; `NOWKEY_CONFORMANCE_SEED` explores others.
const SEED: &str = "1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_answers_as_the_hubs_openapi_document_says() {
    if !crate::support::required_tool(
        "the_sandbox_answers_as_the_hubs_openapi_document_says",
        &["schemathesis", "--version"],
        "python3 -m pip install schemathesis==4.32.5",
    ) {
        return;
    }
    let sb = Sandbox::start(SandboxConfig {
        delivery_step: Duration::from_millis(50),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let (key, secret) = sb.create_hub_key();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/messagemedia-messages-openapi.yaml");
    // Hypothesis keeps a database in the working directory: not in the repository.
    let scratch = tempfile::tempdir().expect("temp dir");
    let seed = std::env::var("NOWKEY_CONFORMANCE_SEED").unwrap_or_else(|_| SEED.to_owned());
    let base = sb.base_url();
    let workdir = scratch.path().to_owned();
    // Blocking: off the runtime's worker threads.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("schemathesis")
            .arg("run")
            .arg(spec)
            .args(["--url", &base, "--auth", &format!("{key}:{secret}")])
            .args(["--max-examples", "50", "--seed", &seed])
            .args([
                "--exclude-checks",
                "positive_data_acceptance,negative_data_rejection",
            ])
            .env("NO_COLOR", "1")
            .current_dir(workdir)
            .output()
    })
    .await
    .expect("join")
    .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the sandbox departs from the document:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("Tested: 7"), "seven operations:\n{stdout}");
    sb.shutdown().await;
}

/// The two confirm endpoints answer 202 with `text/plain`, as documented (they
/// gave no Content-Type at all).
#[tokio::test]
async fn the_confirm_endpoints_answer_text_plain() {
    let sb = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let (key, secret) = sb.create_hub_key();
    let http = Client::new();
    for (path, field) in [
        ("/v1/replies/confirmed", "reply_ids"),
        ("/v1/delivery_reports/confirmed", "delivery_report_ids"),
    ] {
        let answer = http
            .post(format!("{}{path}", sb.base_url()))
            .basic_auth(&key, Some(&secret))
            .json(&json!({ field: ["011dcead-6988-4ad6-a1c7-6b6c68ea628d"] }))
            .send()
            .await
            .expect("confirm");
        assert_eq!(answer.status(), StatusCode::ACCEPTED, "{path}");
        let content_type = answer
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(content_type.as_deref(), Some("text/plain"), "{path}");
        assert_eq!(answer.text().await.expect("body"), "", "{path}");
    }
    sb.shutdown().await;
}
