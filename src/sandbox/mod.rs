//! The embedded simulator of the SMS Hub's REST Messages API, ServiceNow's Table
//! API and HOPEX's GraphQL API, on axum.
//!
//! [`Sandbox::start`] serves, on one loopback port:
//! - the Hub endpoints `/v1/messages`, `/v1/messages/{id}`, `/v1/replies`,
//!   `/v1/replies/confirmed`, `/v1/delivery_reports`,
//!   `/v1/delivery_reports/confirmed`, with the spec's paths, fields, status
//!   codes and error bodies, behind Basic auth checked against a key registry
//!   (the keys made on the sandbox, and the [`SEEDED_HUB_KEY`]), and the
//!   sent-message report `POST /v2-preview/reporting/messages/detail` (see
//!   `report`);
//! - ServiceNow's Table API, `GET /api/now/table/{table}` and `GET`, `PATCH`,
//!   `PUT …/{table}/{sys_id}`, over an instance with users and roles,
//!   credentials and aliases, the SMS connector's Environment Registration and
//!   the metadata tables, behind Basic auth for the [`SEEDED_USERS`] and any
//!   added ones, or a Bearer token from `POST /oauth_token.do` (password grant,
//!   for a client of its Application Registry) (see [`servicenow`]);
//! - HOPEX's `POST /HOPEXGraphQL/api/{schema}` (also lowercase), behind
//!   `x-api-key` (see [`hopex`]);
//! - admin endpoints under `/_sandbox/` (no auth; POSTs JSON only): `POST|GET /_sandbox/hub/keys`,
//!   `DELETE /_sandbox/hub/keys/{api_key}`, `POST /_sandbox/servicenow/users`,
//!   `POST|GET /_sandbox/servicenow/oauth_clients`,
//!   `DELETE /_sandbox/servicenow/oauth_tokens`,
//!   `POST /_sandbox/servicenow/hibernate`, `POST /_sandbox/servicenow/spoke/send`
//!   (ServiceNow's spoke sending an SMS with the connector's credential, see
//!   `servicenow::spoke`), `POST|GET /_sandbox/hopex/keys`,
//!   `DELETE /_sandbox/hopex/keys/{api_key}`, `POST|GET|DELETE /_sandbox/faults`,
//!   `GET /_sandbox/health`.
//!
//! Faults apply to every path outside `/_sandbox`, ServiceNow's, HOPEX's and the
//! report's included (a fault's `path_prefix` is case-sensitive, so
//! `/HOPEXGraphQL` does not cover the lowercase route).
//!
//! Messages move queued → enroute → delivered, one [`SandboxConfig::delivery_step`]
//! apart, and a delivered message gets an automatic reply; the
//! [`MAGIC_NUMBERS`] steer a message to `failed`, `rejected` or a never-ending
//! `enroute`. See [`FaultSpec`] for the fault-injection format.
//!
//! With [`SandboxConfig::tls`] it serves the same routes over HTTPS instead, with
//! a certificate from a CA generated at start-up (see [`Sandbox::ca_pem`]) and a
//! lifetime of the caller's choosing, expired included.
//!
//! It refuses to listen anywhere but loopback: it hands out credentials (over plain
//! HTTP unless `tls` is set) and its admin endpoints have no authentication. For
//! the same reason it refuses what a web page could make a browser send it: a
//! request naming a non-loopback host, and an admin POST that is not JSON (see
//! `forgery`). Slow, silent and idle connections are closed (see `serve`), request
//! bodies must arrive in time (`body_deadline`), and what it stores is bounded.
//!
//! With [`SandboxConfig::world_file`] its world (keys, users, ServiceNow records,
//! messages) outlives the process, in one JSON file (see `world`);
//! [`Sandbox::pairs_view`] lists the Hub key pairs it made, secrets included,
//! for the demo's panel.

mod admin;
mod auth;
mod body_deadline;
mod faults;
mod forgery;
pub mod hopex;
mod hub;
mod keys;
mod lifecycle;
mod pairs;
mod report;
mod seeded_key;
mod serve;
pub mod servicenow;
mod state;
mod store;
mod tls;
mod validate;
mod world;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::{middleware, Router};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use faults::FaultSpec;
pub use hub::{BAD_REQUEST_MESSAGE, NOT_FOUND_MESSAGE, UNAUTHORIZED_MESSAGE};
pub use lifecycle::{
    MagicNumber, AUTO_REPLY_CONTENT, MAGIC_FAILED, MAGIC_NUMBERS, MAGIC_REJECTED,
    MAGIC_STUCK_ENROUTE,
};
pub use pairs::{HubPair, SandboxPairs};
pub use report::{report_refused_fault, MAX_PAGE_SIZE, REPORT_PATH, REPORT_REFUSED_MESSAGE};
pub use seeded_key::{SeededHubKey, SEEDED_HUB_KEY};
pub use servicenow::{SeededUser, SEEDED_USERS};
pub use tls::{SandboxTls, CA_COMMON_NAME};
pub use world::saved_world_address;

use state::{lock, AppState, Shared};
use world::WorldFile;

/// How long [`Sandbox::shutdown`] waits for in-flight responses (e.g. a drip in
/// progress) before it stops the server regardless.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How to run the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where to listen; must be a loopback address. Port 0 picks a free port.
    pub bind: SocketAddr,
    /// Time between a message's status changes (queued → enroute → final).
    pub delivery_step: Duration,
    /// How long a key created after start takes to become valid, like a real Hub
    /// key that is refused for a moment after creation.
    pub key_activation_delay: Duration,
    /// Serve HTTPS with a freshly generated certificate instead of plain http.
    pub tls: Option<SandboxTls>,
    /// How long a client has to send a whole request header, counted from when the
    /// server starts waiting for it: the connection's start, or its previous
    /// answer. A connection that stays silent, dribbles its header or sits idle
    /// between requests is closed after it. A request's body gets as long again,
    /// counted from the end of its header.
    pub header_read_timeout: Duration,
    /// The most connections served at once; further clients wait in the kernel's
    /// backlog until one closes.
    pub max_connections: usize,
    /// Where the sandbox keeps its world (Hub and HOPEX keys, added ServiceNow
    /// users, messages, replies and delivery reports) between runs: loaded at
    /// start, saved while running and at [`Sandbox::shutdown`]. `None` keeps
    /// nothing on disk. An unreadable file is moved aside, never overwritten;
    /// a link is neither followed nor replaced. The file holds the sandbox's
    /// own throwaway credentials, with mode 0600.
    pub world_file: Option<PathBuf>,
}

/// The default [`SandboxConfig::header_read_timeout`]: any client sends a header in
/// milliseconds, and ten seconds of silence is a client gone or a slow attack.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The default [`SandboxConfig::max_connections`]: far more than tests and the
/// wizard open, few enough to stay well inside a process's file descriptors.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

impl Default for SandboxConfig {
    /// `127.0.0.1:0`, one-second delivery steps, keys valid at once, plain http,
    /// [`DEFAULT_HEADER_READ_TIMEOUT`] and [`DEFAULT_MAX_CONNECTIONS`], nothing
    /// kept on disk.
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            delivery_step: Duration::from_secs(1),
            key_activation_delay: Duration::ZERO,
            tls: None,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            world_file: None,
        }
    }
}

/// A running sandbox server. Dropping it also stops the server (without waiting);
/// call [`Sandbox::shutdown`] to wait for it to finish.
pub struct Sandbox {
    base_url: String,
    ca_pem: Option<String>,
    state: Shared,
    stop: watch::Sender<bool>,
    server: JoinHandle<io::Result<()>>,
    /// With a world file that may be written: where the world is saved.
    world: Option<Arc<WorldFile>>,
    /// The task that saves the world every second.
    saver: Option<JoinHandle<()>>,
    /// Why the world file was not loaded, when it was not.
    world_problem: Option<String>,
}

impl Sandbox {
    /// Binds `config.bind` and serves in a background task.
    ///
    /// With a `world_file`, loads it first (a missing or unreadable file is a
    /// fresh world, see [`SandboxConfig::world_file`]) and saves it from then on.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] for a non-loopback address, with
    /// the bind error, or (with `tls`) when the certificate cannot be generated.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        if !config.bind.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the sandbox refuses to listen on {}: it serves credentials over plain HTTP \
                     and unauthenticated admin endpoints, so it binds only loopback addresses \
                     (127.0.0.0/8 or [::1])",
                    config.bind
                ),
            ));
        }
        let listener = tokio::net::TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);
        let scheme = if config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        // The address itself, not `localhost`: it is among the certificate's
        // names, and it cannot resolve to another loopback address than the
        // one listened on.
        let base_url = format!("{scheme}://{addr}");
        let state: Shared = Arc::new(AppState::new(&config, &base_url, stopping.clone()));
        let (world, world_problem) = match config.world_file {
            Some(path) => WorldFile::open(path, addr, &state).await,
            None => (None, None),
        };
        let app = router(state.clone(), config.header_read_timeout);
        let limits = serve::ConnectionLimits {
            header_read: config.header_read_timeout,
            max_connections: config.max_connections,
        };
        let (ca_pem, acceptor) = match config.tls {
            None => (None, None),
            Some(settings) => {
                let identity = tls::Identity::generate(settings.cert_days, addr.ip())?;
                (Some(identity.ca_pem), Some(identity.acceptor))
            }
        };
        let saver = world
            .as_ref()
            .map(|w| tokio::spawn(world::keep_saving(Arc::clone(w), stopping.clone())));
        let server = tokio::spawn(serve::serve(listener, app, acceptor, limits, stopping));
        tracing::info!(%addr, scheme, "sandbox listening");
        Ok(Sandbox {
            base_url,
            ca_pem,
            state,
            stop,
            server,
            world,
            world_problem,
            saver,
        })
    }

    /// With a `world_file` that could not be loaded: what went wrong, and what
    /// the sandbox did instead, in a sentence (it starts with "its world file").
    pub fn world_problem(&self) -> Option<&str> {
        self.world_problem.as_deref()
    }

    /// The server's URL without a trailing slash, e.g. `http://127.0.0.1:40123`, or
    /// `https://127.0.0.1:40123` with `tls`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// With `tls`: the PEM of the CA that signed the server's certificate (public;
    /// trust it with `--ca-file` / `NOWKEY_CA_FILE`). `None` for plain http.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Creates a Hub key, as `POST /_sandbox/hub/keys` does: `(api_key, api_secret)`.
    pub fn create_hub_key(&self) -> (String, String) {
        lock(&self.state.keys).create(None)
    }

    /// Creates a HOPEX API key tied to an environment, a repository and a profile,
    /// as `POST /_sandbox/hopex/keys` does; returns the key.
    pub fn create_hopex_key(
        &self,
        environment_id: &str,
        repository_id: &str,
        profile_id: &str,
    ) -> String {
        lock(&self.state.hopex).create(hopex::NewHopexKey {
            environment_id: environment_id.to_owned(),
            repository_id: repository_id.to_owned(),
            profile_id: profile_id.to_owned(),
            login: None,
            no_current_context: false,
            name: None,
            expires: None,
        })
    }

    /// Every Hub key pair the sandbox holds, secrets included, newest first.
    pub fn hub_pairs(&self) -> Vec<HubPair> {
        lock(&self.state.keys).pairs()
    }

    /// A handle that lists the Hub key pairs without holding the sandbox (for
    /// the demo's panel); see [`SandboxPairs`].
    pub fn pairs_view(&self) -> SandboxPairs {
        SandboxPairs::new(Arc::clone(&self.state))
    }

    /// Stops the server: hung requests are released, in-flight responses get a
    /// short grace period, then the server task ends. With a world file, the
    /// world is then saved one last time, with what those responses changed.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut self.server)
            .await
            .is_err()
        {
            self.server.abort();
        }
        if let Some(saver) = self.saver.take() {
            // It ends by itself once stopping; a panic in it was already reported.
            let _ = saver.await;
        }
        if let Some(world) = self.world.take() {
            world.save().await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // No receiver left only means the server already ended.
        let _ = self.stop.send(true);
    }
}

/// All routes, with fault injection around them; request bodies must arrive
/// within `body_read`.
fn router(state: Shared, body_read: Duration) -> Router {
    Router::new()
        .route("/v1/messages", post(hub::send))
        .route(
            "/v1/messages/{message_id}",
            get(hub::get_message).put(hub::cancel),
        )
        .route("/v1/replies", get(hub::replies))
        .route("/v1/replies/confirmed", post(hub::confirm_replies))
        .route("/v1/delivery_reports", get(hub::reports))
        .route("/v1/delivery_reports/confirmed", post(hub::confirm_reports))
        .route(report::REPORT_PATH, post(report::detail))
        .merge(servicenow::routes())
        .merge(hopex::routes())
        .merge(admin::routes())
        .fallback(hub::not_found)
        // Layers run outside in: faults first, then hibernation, so a fault can
        // still delay or replace a hibernating instance's page.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            servicenow::hibernation,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), faults::apply))
        .layer(middleware::from_fn_with_state(
            body_read,
            body_deadline::read_in_time,
        ))
        // Outermost: a request naming a foreign host gets nothing else, not even
        // a fault.
        .layer(middleware::from_fn(forgery::loopback_host))
        .with_state(state)
}
