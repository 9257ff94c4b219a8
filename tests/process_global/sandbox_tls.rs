//! The sandbox over HTTPS, extra trusted roots, and the certificate inspector:
//! real handshakes against in-process sandboxes, each with its own freshly
//! generated CA (so trusting one sandbox's CA never makes another's trusted, and
//! tests in this binary can share the process-wide roots).

use std::time::{Duration, Instant};

use chrono::Utc;
use nowkey::clients::certificate::{inspect_certificate, CertificateInfo, Inspection};
use nowkey::clients::http::Timeouts;
use nowkey::clients::hub::HubClient;
use nowkey::clients::trust::trust_extra_roots;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::token::HubCredentials;
use nowkey::sandbox::{Sandbox, SandboxConfig, SandboxTls, CA_COMMON_NAME};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        request: Duration::from_secs(5),
    }
}

async fn tls_sandbox(cert_days: i64) -> Sandbox {
    Sandbox::start(SandboxConfig {
        tls: Some(SandboxTls { cert_days }),
        ..SandboxConfig::default()
    })
    .await
    .expect("TLS sandbox starts")
}

/// A TLS sandbox whose CA this process trusts.
async fn trusted_sandbox(cert_days: i64) -> Sandbox {
    let sandbox = tls_sandbox(cert_days).await;
    let pem = sandbox.ca_pem().expect("a TLS sandbox has a CA");
    assert_eq!(trust_extra_roots(pem.as_bytes()).expect("CA accepted"), 1);
    sandbox
}

fn hub_client(sandbox: &Sandbox) -> HubClient {
    let (key, secret) = sandbox.create_hub_key();
    let credentials = HubCredentials {
        key: clean_api_key(&key).unwrap(),
        secret: clean_api_secret(&secret).unwrap(),
    };
    HubClient::new(&sandbox.base_url(), credentials, timeouts()).unwrap()
}

async fn inspect(base: &str) -> Result<Inspection, ClientError> {
    inspect_certificate(&Url::parse(base).unwrap(), timeouts()).await
}

async fn certificate_of(sandbox: &Sandbox) -> CertificateInfo {
    match inspect(&sandbox.base_url()).await {
        Ok(Inspection::Certificate(info)) => info,
        other => panic!("expected a certificate, got {other:?}"),
    }
}

#[tokio::test]
async fn a_tls_sandbox_serves_https_and_hands_out_its_ca() {
    let sandbox = tls_sandbox(365).await;
    assert!(
        sandbox.base_url().starts_with("https://127.0.0.1:"),
        "{}",
        sandbox.base_url()
    );
    let pem = sandbox.ca_pem().expect("CA PEM");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert!(!pem.contains("PRIVATE KEY"));
    sandbox.shutdown().await;

    let plain = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert!(plain.base_url().starts_with("http://"));
    assert_eq!(plain.ca_pem(), None);
    plain.shutdown().await;
}

#[tokio::test]
async fn with_its_ca_trusted_the_hub_client_signs_in_over_https() {
    let sandbox = trusted_sandbox(365).await;
    hub_client(&sandbox)
        .check_credentials()
        .await
        .expect("credentials pass over https");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_its_ca_the_hub_client_fails_with_a_readable_tls_error() {
    let sandbox = tls_sandbox(365).await;
    let error = hub_client(&sandbox).check_credentials().await.unwrap_err();
    assert_eq!(error.class(), "tls", "{error:?}");
    assert!(error.is_unreachable());
    let message = error.user_message(Service::Hub);
    assert!(
        message.contains("certificate") && message.contains("trusted authority"),
        "{message}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_inspector_reads_a_trusted_certificate() {
    for cert_days in [365, 10] {
        let sandbox = trusted_sandbox(cert_days).await;
        let info = certificate_of(&sandbox).await;
        let left = info.days_left(Utc::now());
        assert!(
            left == cert_days || left == cert_days - 1,
            "{cert_days} days: {left}"
        );
        assert_eq!(info.trusted, Ok(()), "{cert_days} days");
        assert!(!info.is_expired(Utc::now()));
        assert!(info.not_before < Utc::now() && Utc::now() < info.not_after);
        assert!(info.subject.contains("localhost"), "{}", info.subject);
        assert!(info.issuer.contains(CA_COMMON_NAME), "{}", info.issuer);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn the_inspector_reports_an_expired_certificate() {
    let sandbox = trusted_sandbox(-3).await;
    let info = certificate_of(&sandbox).await;
    let left = info.days_left(Utc::now());
    assert!(left == -3 || left == -4, "{left}");
    assert!(info.is_expired(Utc::now()));
    assert!(info.not_before < info.not_after);
    let reason = info.trusted.clone().unwrap_err();
    assert!(reason.contains("expired"), "{reason}");
    // The client refuses it too, in the same words.
    let error = hub_client(&sandbox).check_credentials().await.unwrap_err();
    assert_eq!(error.class(), "tls", "{error:?}");
    assert!(
        error.user_message(Service::Hub).contains("expired"),
        "{error:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_inspector_reports_an_unknown_issuer_and_still_reads_the_dates() {
    let sandbox = tls_sandbox(10).await;
    let info = certificate_of(&sandbox).await;
    let reason = info.trusted.clone().unwrap_err();
    assert!(reason.contains("unknown issuer"), "{reason}");
    assert!(reason.contains("self-signed"), "{reason}");
    let left = info.days_left(Utc::now());
    assert!(left == 10 || left == 9, "{left}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_http_url_has_no_certificate() {
    let found = inspect("http://127.0.0.1:1").await.unwrap();
    assert_eq!(found, Inspection::PlainHttp);
    let error = inspect("ftp://127.0.0.1").await.unwrap_err();
    assert_eq!(error.class(), "bad_url");
}

#[tokio::test]
async fn a_refused_port_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let error = inspect(&format!("https://127.0.0.1:{port}"))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ClientError::Network {
            detail: "connection refused".to_owned()
        }
    );
    assert!(error.is_unreachable());
}

#[tokio::test]
async fn an_unresolvable_host_is_dns() {
    let error = inspect("https://nowkey-test.invalid").await.unwrap_err();
    assert_eq!(error.class(), "dns", "{error:?}");
}

#[tokio::test]
async fn a_plain_http_server_on_an_https_url_is_tls_without_hanging() {
    let plain = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let url = plain.base_url().replace("http://", "https://");
    let started = Instant::now();
    let error = inspect(&url).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    let ClientError::Tls { detail } = &error else {
        panic!("expected Tls, got {error:?}");
    };
    assert!(detail.contains("did not answer with TLS"), "{detail}");
    plain.shutdown().await;
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts and holds the connection without a word.
    let holder = tokio::spawn(async move {
        let held = listener.accept().await;
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(held);
    });
    let quick = Timeouts {
        connect: Duration::from_millis(300),
        request: Duration::from_millis(500),
    };
    let started = Instant::now();
    let error = inspect_certificate(&Url::parse(&format!("https://{addr}")).unwrap(), quick)
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        error,
        ClientError::Timeout {
            after: quick.request
        }
    );
    holder.abort();
}

#[tokio::test]
async fn a_silent_client_blocks_neither_others_nor_shutdown() {
    let sandbox = trusted_sandbox(365).await;
    let addr = sandbox.base_url().replace("https://", "");
    // Connects and never starts the handshake.
    let _silent = TcpStream::connect(&addr).await.unwrap();
    let started = Instant::now();
    let client = hub_client(&sandbox);
    client.check_credentials().await.expect("served meanwhile");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    // The client keeps its connection alive; both it and the silent one must let
    // the sandbox stop within the grace period rather than be cut off after it.
    let started = Instant::now();
    sandbox.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
    let refused = TcpStream::connect(&addr).await;
    assert!(refused.is_err(), "the port is released");
}
