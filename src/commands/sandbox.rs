//! `nowkey sandbox`: the Hub simulator on its own, until Ctrl-C.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::exit::{CommandError, Exit};
use crate::sandbox::{Sandbox, SandboxConfig, SandboxTls, SEEDED_USERS};

/// Runs the sandbox on `bind` (loopback only) and prints its URL and a demo key.
///
/// With `tls` it serves HTTPS; `tls_ca_out` then receives the CA certificate
/// (public) for `--ca-file`.
pub fn run(
    bind: SocketAddr,
    key_activation_delay: Duration,
    tls: Option<SandboxTls>,
    tls_ca_out: Option<PathBuf>,
) -> Result<Exit, CommandError> {
    if tls.is_none() && tls_ca_out.is_some() {
        return Err(CommandError::usage(
            "--tls-ca-out only applies with --tls: add --tls, or drop --tls-ca-out.",
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::failed(format!("Could not start: {e}.")))?;
    runtime.block_on(async move {
        // Listen for the stop signals before the banner says Ctrl-C works: a script
        // that signals as soon as it reads the banner must not kill the process.
        let stop = StopSignals::listen();
        let config = SandboxConfig {
            bind,
            key_activation_delay,
            tls,
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(config).await.map_err(|e| {
            CommandError::usage(format!("The sandbox could not listen on {bind}: {e}."))
        })?;
        let ca_file = match (sandbox.ca_pem(), tls_ca_out.as_deref()) {
            (Some(pem), Some(path)) => match write_ca(path, pem) {
                Ok(written) => Some(written),
                Err(error) => {
                    sandbox.shutdown().await;
                    return Err(error);
                }
            },
            _ => None,
        };
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
        let curl = match (tls, &ca_file) {
            (Some(settings), file) => {
                print_tls(settings, file.as_deref());
                match file {
                    Some(path) => format!("curl --cacert {}", path.display()),
                    None => "curl --insecure".to_owned(),
                }
            }
            (None, _) => "curl".to_owned(),
        };
        // The admin endpoints take JSON only (a web page cannot forge that).
        let json = "-H 'Content-Type: application/json'";
        println!("Create more keys:  {curl} -X POST {json} {base}/_sandbox/hub/keys");
        println!("Inject faults:     {curl} -X POST {json} {base}/_sandbox/faults -d '{{\"path_prefix\":\"/v1/replies\",\"status\":503}}'");
        println!("Press Ctrl-C to stop.");
        // Flush now: when stdout is a pipe, a script waits for these lines.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        stop.wait().await;
        sandbox.shutdown().await;
        Ok(Exit::Success)
    })
}

/// Writes the CA certificate (public: no key in it) and returns its absolute path,
/// the one to give `--ca-file` from any directory.
fn write_ca(path: &Path, pem: &str) -> Result<PathBuf, CommandError> {
    std::fs::write(path, pem).map_err(|e| {
        CommandError::usage(format!(
            "The sandbox's CA certificate could not be written to {} ({e}): check that the directory exists and is writable.",
            path.display()
        ))
    })?;
    Ok(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// The certificate's lifetime, and how to make nowkey trust it.
fn print_tls(settings: SandboxTls, ca_file: Option<&Path>) {
    let days = settings.cert_days;
    let lifetime = match days {
        d if d > 0 => format!("expires in {d} days"),
        0 => "expires today".to_owned(),
        d => format!("expired {} days ago", -d),
    };
    println!("TLS certificate:   for this address and localhost, {lifetime}");
    match ca_file {
        Some(path) => {
            println!("CA certificate:    {}", path.display());
            println!(
                "Trust it with:     nowkey --ca-file {0} …   or   export NOWKEY_CA_FILE={0}",
                path.display()
            );
        }
        None => println!(
            "CA certificate:    not saved; add --tls-ca-out FILE, then trust it with --ca-file FILE or NOWKEY_CA_FILE"
        ),
    }
    println!();
}

/// Ctrl-C (SIGINT) or SIGTERM: either stops the sandbox cleanly (in-flight
/// requests are answered, the port is released). Registered up front, so a signal
/// that arrives before [`StopSignals::wait`] is not lost.
struct StopSignals {
    interrupt: Option<tokio::signal::unix::Signal>,
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn listen() -> Self {
        use tokio::signal::unix::{signal, SignalKind};
        Self {
            interrupt: signal(SignalKind::interrupt()).ok(),
            terminate: signal(SignalKind::terminate()).ok(),
        }
    }

    async fn wait(mut self) {
        async fn next(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        tokio::select! {
            _ = next(&mut self.interrupt) => {}
            _ = next(&mut self.terminate) => {}
        }
    }
}
