//! Classification tests against tiny real HTTP servers on 127.0.0.1:0.
//!
//! Each server is a tokio `TcpListener` that reads a request and writes a raw HTTP
//! answer (or hangs, or closes): the client goes through its real socket, HTTP and
//! TLS stacks, so what is classified is what reqwest really reports.

mod calls;
mod classes;
mod hopex;
mod hopex_classes;
mod hub_report;
mod messages;
mod servicenow;
mod servicenow_classes;
mod servicenow_oauth;
mod servicenow_oauth_classes;
mod servicenow_record_classes;
mod servicenow_records;
mod servicenow_write;

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::clients::http::Timeouts;
use crate::clients::hub::HubClient;
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::token::HubCredentials;

/// A secret that must never appear in any output.
pub(super) const CANARY: &str = "CANARYs3cr3tZq9";
/// The key paired with it (not a secret).
pub(super) const KEY: &str = "testkey123";

/// What the test server does with each connection.
#[derive(Clone)]
pub(super) enum Behaviour {
    /// Write this raw response once the request head (and body) has arrived.
    Respond(String),
    /// Write this raw response as soon as any bytes arrive (for a TLS handshake).
    RespondAtOnce(String),
    /// Write these headers, then the body one byte every `interval`.
    Drip {
        head: String,
        body: Vec<u8>,
        interval: Duration,
    },
    /// Read the request and never answer.
    Hang,
    /// Read the request and close the connection without a word.
    Close,
    /// Write the raw response of the first `(needle, response)` whose needle occurs
    /// in the request (head or body); 404 when none does.
    Route(Vec<(String, String)>),
}

/// A running test server and the requests it has seen.
pub(super) struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    requests: mpsc::UnboundedReceiver<String>,
}

impl TestServer {
    /// Starts a server that treats every connection with `behaviour`.
    pub async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, requests) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let behaviour = behaviour.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let at_once = matches!(behaviour, Behaviour::RespondAtOnce(_));
                    let request = read_request(&mut socket, at_once).await;
                    let _ = tx.send(request.clone());
                    match behaviour {
                        Behaviour::Respond(raw) | Behaviour::RespondAtOnce(raw) => {
                            let _ = socket.write_all(raw.as_bytes()).await;
                            let _ = socket.shutdown().await;
                        }
                        Behaviour::Drip {
                            head,
                            body,
                            interval,
                        } => {
                            let _ = socket.write_all(head.as_bytes()).await;
                            for byte in body {
                                if socket.write_all(&[byte]).await.is_err() {
                                    return;
                                }
                                tokio::time::sleep(interval).await;
                            }
                        }
                        Behaviour::Hang => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                        }
                        Behaviour::Close => drop(socket),
                        Behaviour::Route(routes) => {
                            let raw = routes
                                .iter()
                                .find(|(needle, _)| request.contains(needle.as_str()))
                                .map_or_else(|| response(404, &[], ""), |(_, raw)| raw.clone());
                            let _ = socket.write_all(raw.as_bytes()).await;
                            let _ = socket.shutdown().await;
                        }
                    }
                });
            }
        });
        Self { addr, requests }
    }

    /// A server answering every request with `status`, `headers` and `body`.
    pub async fn answering(status: u16, headers: &[(&str, &str)], body: &str) -> Self {
        Self::start(Behaviour::Respond(response(status, headers, body))).await
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The next request the server received (head and body as text).
    pub async fn next_request(&mut self) -> String {
        tokio::time::timeout(Duration::from_secs(5), self.requests.recv())
            .await
            .expect("the server saw no request")
            .expect("the server stopped")
    }

    /// True when no request has arrived that was not taken yet. A client call
    /// that returned has had its answer, so every request it made is here.
    pub fn saw_no_request(&mut self) -> bool {
        self.requests.try_recv().is_err()
    }
}

/// The query of a captured request, decoded, by name.
pub(super) fn query_of(request: &str) -> std::collections::BTreeMap<String, String> {
    let target = request.split(' ').nth(1).unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, query)| query);
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

/// The path of a captured request, before any query.
pub(super) fn path_of(request: &str) -> &str {
    let target = request.split(' ').nth(1).unwrap_or_default();
    target.split_once('?').map_or(target, |(path, _)| path)
}

/// Reads a request head and its `Content-Length` body (or, `at_once`, one read).
async fn read_request(socket: &mut tokio::net::TcpStream, at_once: bool) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = socket.read(&mut buf).await {
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        if at_once {
            break;
        }
        let text = String::from_utf8_lossy(&data);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

/// A raw HTTP/1.1 response with a correct `Content-Length`.
pub(super) fn response(status: u16, headers: &[(&str, &str)], body: &str) -> String {
    let mut raw = format!("HTTP/1.1 {status} Whatever\r\nConnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    raw
}

/// A JSON response.
pub(super) fn json_response(status: u16, body: &str) -> String {
    response(status, &[("Content-Type", "application/json")], body)
}

/// The test credentials (canary secret).
pub(super) fn credentials() -> HubCredentials {
    HubCredentials {
        key: clean_api_key(KEY).unwrap(),
        secret: clean_api_secret(CANARY).unwrap(),
    }
}

/// Short timeouts so failures are quick; still generous for loopback.
pub(super) fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_millis(300),
        request: Duration::from_millis(300),
    }
}

/// A client for `base` with the canary credentials.
pub(super) fn client(base: &str, timeouts: Timeouts) -> HubClient {
    HubClient::new(base, credentials(), timeouts).unwrap()
}

/// A client for a test server with default timeouts.
pub(super) fn client_for(server: &TestServer) -> HubClient {
    client(&server.url(), Timeouts::default())
}
