//! Compatibility with the vendor's official Python SDK (`messagemedia-messages-sdk`),
//! unmodified, pointed at the sandbox: send, status, cancel, replies + confirm,
//! delivery reports + confirm, error codes.
//!
//! Runs `tests/sdk/check_python_sdk.py` when `python3` can import the SDK, and
//! otherwise prints a SKIP line and passes: CI installs the SDK
//! (`python3 -m pip install messagemedia-messages-sdk==2.1.3`) so it does run there.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use nowkey::sandbox::{Sandbox, SandboxConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_works_against_the_sandbox() {
    // CI installs the SDK and sets NOWKEY_CI_REQUIRE, so a broken install fails loudly.
    if !crate::support::required_tool(
        "official_python_sdk_works_against_the_sandbox",
        &["python3", "-c", "import message_media_messages"],
        "pip install messagemedia-messages-sdk==2.1.3",
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
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/check_python_sdk.py");
    let base = sb.base_url();
    // The SDK is blocking: run it off the runtime's worker threads.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg(script)
            .env("NOWKEY_HUB_URL", base)
            .env("NOWKEY_HUB_API_KEY", key)
            .env("NOWKEY_HUB_API_SECRET", secret)
            .env("NOWKEY_SDK_WAIT_SECS", "5")
            .output()
    })
    .await
    .expect("join")
    .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "SDK checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("sdk: 5 passed, 0 failed"), "{stdout}");
    sb.shutdown().await;
}
