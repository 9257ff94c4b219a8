//! The certificate inspector: connects to an `https` endpoint, completes (or
//! attempts) a TLS handshake and reports the server's certificate — its dates,
//! names, and whether nowkey's clients would trust it — for `nowkey check`'s
//! "days until the certificate expires".
//!
//! The handshake is verified by rustls's own webpki verifier, with the roots every
//! nowkey client uses (Mozilla's, the system's, and `--ca-file`'s); a thin wrapper
//! only records the leaf certificate and the verdict, so that an expired or
//! untrusted certificate can still be described. Nothing is ever sent on the
//! connection but the handshake: no request, no credential.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Utc};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use url::{Host, Url};

use super::http::{io_detail, shorten, Timeouts};
use crate::domain::remote_error::ClientError;

/// A server's leaf certificate, as presented during the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The end of its validity.
    pub not_after: DateTime<Utc>,
    /// The start of its validity.
    pub not_before: DateTime<Utc>,
    /// Its subject, e.g. `CN=localhost`.
    pub subject: String,
    /// Its issuer, e.g. `CN=nowkey sandbox CA`.
    pub issuer: String,
    /// Whether nowkey's clients trust it for this host now; else why not, in plain
    /// words (expired, unknown issuer, name mismatch, …).
    pub trusted: Result<(), String>,
}

impl CertificateInfo {
    /// Whole days from `now` until it expires, rounded toward zero: 9 for 9 days and
    /// 23 hours, negative once expired (-3 three days after), 0 on either side of
    /// the moment itself.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.not_after - now).num_days()
    }

    /// True when `now` is past its end.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now > self.not_after
    }
}

/// What [`inspect_certificate`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspection {
    /// The server's certificate, trusted or not.
    Certificate(CertificateInfo),
    /// The URL is plain `http://` (which nowkey allows only to this machine): there
    /// is no certificate to check.
    PlainHttp,
}

/// Connects to `url`'s host and port (TCP within `timeouts.connect`, everything
/// within `timeouts.request`), performs a TLS handshake with the host as SNI, and
/// returns the server's certificate and whether it is trusted.
///
/// An untrusted certificate (expired, unknown issuer, wrong name) is a success with
/// [`CertificateInfo::trusted`] set to the reason. Failures to reach the server or
/// to speak TLS with it are the usual [`ClientError`] classes: `dns`, `network`,
/// `timeout`, `tls`; a scheme other than http/https is `bad_url`.
pub async fn inspect_certificate(url: &Url, timeouts: Timeouts) -> Result<Inspection, ClientError> {
    match url.scheme() {
        "https" => {}
        "http" => return Ok(Inspection::PlainHttp),
        _ => {
            return Err(ClientError::BadUrl {
                reason: "only https:// addresses have a certificate to inspect".to_owned(),
            })
        }
    }
    let Some((host, server_name)) = url.host().and_then(names) else {
        return Err(ClientError::BadUrl {
            reason: "it has no host name; enter one like https://example.service-now.com"
                .to_owned(),
        });
    };
    let port = url.port_or_known_default().unwrap_or(443);
    tokio::time::timeout(timeouts.request, inspect(host, port, server_name, timeouts))
        .await
        .unwrap_or(Err(ClientError::Timeout {
            after: timeouts.request,
        }))
        .map(Inspection::Certificate)
}

/// The host to resolve, and the name to send as SNI and verify the certificate for.
fn names(host: Host<&str>) -> Option<(String, ServerName<'static>)> {
    match host {
        Host::Domain(name) => {
            let server_name = ServerName::try_from(name.to_owned()).ok()?;
            Some((name.to_owned(), server_name))
        }
        Host::Ipv4(ip) => Some((ip.to_string(), ServerName::IpAddress(ip.into()))),
        Host::Ipv6(ip) => Some((ip.to_string(), ServerName::IpAddress(ip.into()))),
    }
}

async fn inspect(
    host: String,
    port: u16,
    server_name: ServerName<'static>,
    timeouts: Timeouts,
) -> Result<CertificateInfo, ClientError> {
    let tcp = tokio::time::timeout(timeouts.connect, connect(&host, port))
        .await
        .unwrap_or(Err(ClientError::Timeout {
            after: timeouts.connect.min(timeouts.request),
        }))?;
    let recorder = Arc::new(Recorder::new()?);
    let config = client_config(recorder.clone())?;
    let handshake = TlsConnector::from(Arc::new(config))
        .connect(server_name, tcp)
        .await;
    let seen = recorder.take();
    match (handshake, seen) {
        (Ok(mut tls), Some((leaf, verdict))) => {
            // Polite close_notify; the server's opinion of it does not matter.
            let _ = tls.shutdown().await;
            describe(&leaf, verdict)
        }
        // The certificate was refused: that is the finding, not a failure.
        (Err(_), Some((leaf, verdict @ Err(_)))) => describe(&leaf, verdict),
        (Err(error), _) => Err(handshake_error(&error)),
        // rustls never completes a handshake without asking the verifier.
        (Ok(_), None) => Err(ClientError::Tls {
            detail: "the server presented no certificate".to_owned(),
        }),
    }
}

/// Resolves `host` and connects to the first address that answers.
async fn connect(host: &str, port: u16) -> Result<TcpStream, ClientError> {
    let addresses: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| ClientError::Dns {
            host: host.to_owned(),
        })?
        .collect();
    let mut last = None;
    for address in addresses {
        match TcpStream::connect(address).await {
            Ok(tcp) => return Ok(tcp),
            Err(error) => last = Some(error),
        }
    }
    Err(match last {
        Some(error) => ClientError::Network {
            detail: io_detail(error.kind())
                .map(str::to_owned)
                .unwrap_or_else(|| shorten(&error.to_string())),
        },
        None => ClientError::Dns {
            host: host.to_owned(),
        },
    })
}

fn provider() -> Arc<CryptoProvider> {
    // Explicitly ring, not the process default: the binary may link another
    // provider through a dependency, and the inspector must not depend on which one
    // happened to be installed first.
    Arc::new(rustls::crypto::ring::default_provider())
}

fn client_config(recorder: Arc<Recorder>) -> Result<rustls::ClientConfig, ClientError> {
    Ok(rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(setup_error)?
        // "Dangerous" only in name: the recorder delegates every decision to
        // webpki and returns its verdict unchanged.
        .dangerous()
        .with_custom_certificate_verifier(recorder)
        .with_no_client_auth())
}

fn setup_error(error: impl std::fmt::Display) -> ClientError {
    ClientError::Tls {
        detail: shorten(&format!("could not set up TLS: {error}")),
    }
}

/// Mozilla's roots and the system's, loaded once per process: reading the system
/// store means reading hundreds of files.
fn base_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        // Unreadable system certificates are skipped, as reqwest does: Mozilla's
        // roots and --ca-file still apply.
        let native = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(native.certs);
        roots
    })
}

/// The webpki verifier, wrapped to remember what it was shown and what it said.
#[derive(Debug)]
struct Recorder {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<(CertificateDer<'static>, Result<(), String>)>>,
}

impl Recorder {
    fn new() -> Result<Self, ClientError> {
        let mut roots = base_roots().clone();
        roots.add_parsable_certificates(super::trust::extra_roots());
        let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
            .build()
            .map_err(setup_error)?;
        Ok(Self {
            inner,
            seen: Mutex::new(None),
        })
    }

    fn take(&self) -> Option<(CertificateDer<'static>, Result<(), String>)> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let plain = verdict.as_ref().map(drop).map_err(refusal_reason);
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((end_entity.clone().into_owned(), plain));
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Why webpki refused a certificate, in the operator's words.
fn refusal_reason(error: &rustls::Error) -> String {
    use CertificateError as C;
    let rustls::Error::InvalidCertificate(reason) = error else {
        return shorten(&format!("the certificate was refused ({error})"));
    };
    match reason {
        C::Expired | C::ExpiredContext { .. } => "the certificate has expired".to_owned(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "the certificate is not valid yet; check this machine's clock".to_owned()
        }
        C::UnknownIssuer => "unknown issuer: the certificate is not signed by a trusted \
                             authority (self-signed, or a private CA missing from --ca-file?)"
            .to_owned(),
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "name mismatch: the certificate is for a different host name".to_owned()
        }
        C::Revoked => "the certificate has been revoked".to_owned(),
        C::BadSignature => "bad signature: the certificate does not match the trusted CA of \
                            the same name (is --ca-file out of date?)"
            .to_owned(),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            "the certificate is not meant for TLS servers".to_owned()
        }
        other => shorten(&format!("the certificate was refused ({other:?})")),
    }
}

/// A failed handshake in which no certificate was refused: the server does not
/// speak TLS, or refused ours.
fn handshake_error(error: &std::io::Error) -> ClientError {
    let detail = match error
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
    {
        Some(rustls::Error::InvalidMessage(_)) => {
            "the server did not answer with TLS; is it plain http://?".to_owned()
        }
        Some(rustls::Error::AlertReceived(alert)) => {
            format!("the server refused the TLS handshake ({alert:?})")
        }
        Some(rustls::Error::PeerIncompatible(why)) => {
            format!("the server and nowkey share no TLS version or cipher ({why:?})")
        }
        Some(other) => other.to_string(),
        None => match error.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                "the server closed the connection during the TLS handshake".to_owned()
            }
            kind => io_detail(kind)
                .map(str::to_owned)
                .unwrap_or_else(|| error.to_string()),
        },
    };
    ClientError::Tls {
        detail: shorten(&detail),
    }
}

/// Reads the dates and names of `leaf`.
fn describe(
    leaf: &CertificateDer<'_>,
    trusted: Result<(), String>,
) -> Result<CertificateInfo, ClientError> {
    let unreadable = || ClientError::Tls {
        detail: "the server's certificate could not be read".to_owned(),
    };
    let (_, parsed) = x509_parser::parse_x509_certificate(leaf).map_err(|_| unreadable())?;
    let validity = parsed.validity();
    let time = |asn1: &x509_parser::time::ASN1Time| {
        DateTime::<Utc>::from_timestamp(asn1.timestamp(), 0).ok_or_else(unreadable)
    };
    Ok(CertificateInfo {
        not_after: time(&validity.not_after)?,
        not_before: time(&validity.not_before)?,
        // A certificate's names are the server's words: cleaned as they enter.
        subject: crate::domain::untrusted::clean_line(&parsed.subject().to_string()),
        issuer: crate::domain::untrusted::clean_line(&parsed.issuer().to_string()),
        trusted,
    })
}
