//! The sandbox's accept loop, for plain http and HTTPS alike, with the limits that
//! keep slow, silent or numerous clients from holding it.
//!
//! Every connection speaks HTTP/1.1 (HTTPS offers only `http/1.1` by ALPN), so
//! hyper's header-read limit covers every way a client can sit on a socket: a
//! connection that sends nothing, one that dribbles a header a byte at a time,
//! and a keep-alive connection idle between requests (hyper starts the same
//! timer as soon as it waits for the next request). A request being answered is
//! not limited: a hang or drip fault runs to its end.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

/// How long a client gets to finish the TLS handshake: a client that connects and
/// says nothing must not hold a socket forever.
const HANDSHAKE_LIMIT: Duration = Duration::from_secs(10);

/// How long the accept loop rests after a failed `accept` (e.g. out of file
/// descriptors), so that a persistent failure does not spin a core.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The limits every connection is served under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionLimits {
    /// How long a client has to send a whole request header, counted from the
    /// moment the server waits for it (connection start, or the previous answer).
    pub header_read: Duration,
    /// The most connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
}

/// Accepts connections until `stop` turns true (or its sender is gone), then
/// waits for the open connections to finish their in-flight requests.
///
/// Each connection (its handshake, with `tls`, and its requests) runs in its own
/// task, so a client that stalls delays no one else.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: ConnectionLimits,
    stop: watch::Receiver<bool>,
) -> io::Result<()> {
    // At least one slot, or nothing would ever be served.
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut until = stop.clone();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stopped(&mut until) => break,
            next = accept_in_slot(&listener, &slots) => match next {
                Some((Ok((tcp, _peer)), slot)) => {
                    let client = Client { tls: tls.clone(), app: app.clone(), limits, stop: stop.clone() };
                    connections.spawn(async move {
                        client.serve(tcp).await;
                        // The slot is free once the connection is gone.
                        drop(slot);
                    });
                }
                Some((Err(error), _)) => {
                    tracing::debug!(%error, "sandbox accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
                // The semaphore is never closed; were it, nothing more could be served.
                None => break,
            },
            // Reaps finished connections so the set does not grow for ever.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Waits for a free connection slot, then for a connection. Waiting for the slot
/// first leaves further clients in the kernel's backlog rather than refusing them.
async fn accept_in_slot(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(
    io::Result<(TcpStream, std::net::SocketAddr)>,
    OwnedSemaphorePermit,
)> {
    let slot = slots.clone().acquire_owned().await.ok()?;
    Some((listener.accept().await, slot))
}

/// Resolves once the sandbox is stopping, or is gone. (The guard `wait_for` returns
/// is not `Send`; it must not live on in a `select!` arm.)
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// What one connection needs.
struct Client {
    tls: Option<TlsAcceptor>,
    app: Router,
    limits: ConnectionLimits,
    stop: watch::Receiver<bool>,
}

impl Client {
    /// The handshake (with TLS), then HTTP/1.1 until the client leaves, a limit
    /// closes the connection, or the sandbox stops.
    async fn serve(mut self, tcp: TcpStream) {
        let Some(acceptor) = self.tls.take() else {
            return self.http(tcp).await;
        };
        let handshake = tokio::time::timeout(HANDSHAKE_LIMIT, acceptor.accept(tcp));
        let tls = tokio::select! {
            done = handshake => match done {
                Ok(Ok(tls)) => tls,
                // A client that does not trust the CA aborts here: expected, not news.
                Ok(Err(error)) => {
                    tracing::debug!(%error, "sandbox TLS handshake failed");
                    return;
                }
                Err(_) => return,
            },
            () = stopped(&mut self.stop) => return,
        };
        self.http(tls).await;
    }

    /// Serves requests on `io`; when the sandbox stops, in-flight requests may finish.
    async fn http<I>(mut self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let mut builder = auto::Builder::new(TokioExecutor::new()).http1_only();
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_read);
        let served = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(self.app));
        tokio::pin!(served);
        let outcome = tokio::select! {
            outcome = served.as_mut() => outcome,
            () = stopped(&mut self.stop) => {
                served.as_mut().graceful_shutdown();
                served.await
            }
        };
        if let Err(error) = outcome {
            tracing::debug!(%error, "sandbox connection ended with an error");
        }
    }
}
