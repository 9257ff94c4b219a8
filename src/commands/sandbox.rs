//! `nowkey sandbox`: the Hub simulator on its own, until Ctrl-C.

use std::net::SocketAddr;
use std::time::Duration;

use super::exit::{CommandError, Exit};
use crate::sandbox::{Sandbox, SandboxConfig, SEEDED_USERS};

/// Runs the sandbox on `bind` (loopback only) and prints its URL and a demo key.
pub fn run(bind: SocketAddr, key_activation_delay: Duration) -> Result<Exit, CommandError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    runtime.block_on(async move {
        let config = SandboxConfig {
            bind,
            key_activation_delay,
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(config).await.map_err(|e| {
            CommandError::usage(format!("The sandbox could not listen on {bind}: {e}."))
        })?;
        let (demo_key, demo_pass) = sandbox.create_hub_key();
        let base = sandbox.base_url();
        // This pair belongs to the throwaway sandbox, printed on purpose so it can
        // be used at once; it is never a real Hub credential.
        println!("nowkey sandbox listening on {base}");
        println!("Hub API base URL:  {base}");
        println!("Demo API key:      {demo_key}");
        println!("Demo API secret:   {demo_pass}");
        println!();
        println!("ServiceNow instance URL: {base}");
        for user in SEEDED_USERS {
            println!(
                "  {:<16} {:<24} {}",
                user.user_name, user.password, user.summary
            );
        }
        println!();
        let hopex_demo = sandbox.create_hopex_key("ENV-1", "REPO-1", "PROFILE-1");
        println!("HOPEX server URL:  {base}");
        println!("Demo HOPEX key:    {hopex_demo}   (EnvironmentId ENV-1, RepositoryId REPO-1, ProfileId PROFILE-1)");
        println!();
        println!("Create more keys:  curl -X POST {base}/_sandbox/hub/keys");
        println!("Inject faults:     curl -X POST {base}/_sandbox/faults -d '{{\"path_prefix\":\"/v1/replies\",\"status\":503}}'");
        println!("Press Ctrl-C to stop.");
        // Flush now: when stdout is a pipe, a script waits for these lines.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        wait_for_stop_signal().await;
        sandbox.shutdown().await;
        Ok(Exit::Success)
    })
}

/// Ctrl-C or SIGTERM: either stops the sandbox cleanly (in-flight requests are
/// answered, the port is released).
async fn wait_for_stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
