//! Where a row's call goes: a sandbox with its fault registered, a TLS sandbox
//! nobody trusts, a port that refuses, a name that does not resolve, or a server
//! that accepts and says nothing. Each target lives as long as its row.

use std::net::SocketAddr;
use std::sync::OnceLock;

use nowkey::sandbox::{Sandbox, SandboxConfig, SandboxTls};
use serde_json::Value;
use tokio::net::{TcpListener, TcpSocket};
use tokio::task::JoinHandle;

use super::calls::Credentials;
use super::faults::{Setup, DNS_HOST};

/// A row's destination, and whatever must stay alive behind it.
pub struct Target {
    /// The base URL to give the client.
    pub base: String,
    /// What to sign in with.
    pub credentials: Credentials,
    _keep: Keep,
}

/// Held only to be dropped with the row.
enum Keep {
    Sandbox { _sandbox: Sandbox },
    // Bound, never listening: connections are refused, and no other row (nor
    // anything else on this machine) can take the port meanwhile.
    Socket { _socket: TcpSocket },
    Task { _task: AbortOnDrop },
    Nothing,
}

/// Aborts the task when the row is done with it.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Builds the target for `setup`.
pub async fn prepare(setup: Setup) -> Result<Target, String> {
    match setup {
        Setup::Injected(spec) => {
            let sandbox = sandbox(None).await?;
            add_fault(&sandbox.base_url(), &spec).await?;
            Ok(from_sandbox(sandbox))
        }
        Setup::SelfSigned => Ok(from_sandbox(
            sandbox(Some(SandboxTls { cert_days: 365 })).await?,
        )),
        Setup::Refused => {
            let (socket, addr) = refusing_port()?;
            Ok(Target {
                base: format!("http://{addr}"),
                credentials: Credentials::made_up(),
                _keep: Keep::Socket { _socket: socket },
            })
        }
        Setup::Dns => Ok(Target {
            base: format!("https://{DNS_HOST}"),
            credentials: Credentials::made_up(),
            _keep: Keep::Nothing,
        }),
    }
}

/// A plain sandbox, for targets that need one but no fault (the control rows,
/// and `https://` aimed at plain http).
pub async fn plain() -> Result<Target, String> {
    Ok(from_sandbox(sandbox(None).await?))
}

/// A loopback server that accepts connections and never sends a byte.
pub async fn silent() -> Result<Target, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("setup: bind: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("setup: address: {e}"))?;
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    Ok(Target {
        base: format!("https://{addr}"),
        credentials: Credentials::made_up(),
        _keep: Keep::Task {
            _task: AbortOnDrop(holder),
        },
    })
}

async fn sandbox(tls: Option<SandboxTls>) -> Result<Sandbox, String> {
    Sandbox::start(SandboxConfig {
        tls,
        ..SandboxConfig::default()
    })
    .await
    .map_err(|e| format!("setup: sandbox did not start: {e}"))
}

fn from_sandbox(sandbox: Sandbox) -> Target {
    let hub = sandbox.create_hub_key();
    let hopex = sandbox.create_hopex_key("ENV-1", "REPO-1", "PROFILE-1");
    Target {
        base: sandbox.base_url(),
        credentials: Credentials {
            hub,
            hopex,
            ..Credentials::made_up()
        },
        _keep: Keep::Sandbox { _sandbox: sandbox },
    }
}

/// `POST {base}/_sandbox/faults`.
pub async fn add_fault(base: &str, spec: &Value) -> Result<(), String> {
    // One client for every row: building one loads the system's roots, which
    // would hold up a worker thread a hundred times over.
    static ADMIN: OnceLock<reqwest::Client> = OnceLock::new();
    let admin = ADMIN.get_or_init(|| {
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("a plain-http client always builds")
    });
    let response = admin
        .post(format!("{base}/_sandbox/faults"))
        .json(spec)
        .send()
        .await
        .map_err(|e| format!("setup: fault not registered: {e}"))?;
    if response.status().as_u16() == 201 {
        Ok(())
    } else {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        Err(format!("setup: fault {spec} refused: {status} {body}"))
    }
}

/// A loopback address whose port is bound but not listening.
fn refusing_port() -> Result<(TcpSocket, SocketAddr), String> {
    let socket = TcpSocket::new_v4().map_err(|e| format!("setup: socket: {e}"))?;
    socket
        .bind("127.0.0.1:0".parse().map_err(|e| format!("setup: {e}"))?)
        .map_err(|e| format!("setup: bind: {e}"))?;
    let addr = socket
        .local_addr()
        .map_err(|e| format!("setup: address: {e}"))?;
    Ok((socket, addr))
}
