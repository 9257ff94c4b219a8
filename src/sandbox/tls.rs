//! HTTPS for the sandbox: a throwaway CA and a server certificate made with rcgen
//! at start-up, presented through tokio-rustls by the accept loop in `serve`.
//!
//! The certificate's lifetime is chosen by the caller ([`SandboxTls::cert_days`]),
//! negative meaning "already expired", so that nowkey's certificate checks can be
//! exercised against a real handshake rather than a mock.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

/// The CA's common name, as shown by browsers and `openssl x509 -subject`.
pub const CA_COMMON_NAME: &str = "nowkey sandbox CA";

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest lifetime (either way) a certificate is given: a century is plenty
/// for any test, and keeps the dates inside what X.509 and `time` can represent.
const MAX_CERT_DAYS: i64 = 36_500;

/// Serve HTTPS instead of plain http.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SandboxTls {
    /// The server certificate expires this many days after start-up; negative means
    /// it expired that many days ago. Clamped to a century either way.
    pub cert_days: i64,
}

/// A freshly generated CA and the server configuration that presents its leaf.
pub(crate) struct Identity {
    /// The CA certificate, PEM: public, for `--ca-file`.
    pub ca_pem: String,
    /// Presents the leaf certificate (only: the CA is the client's trust anchor).
    pub acceptor: TlsAcceptor,
}

impl Identity {
    /// Generates a CA ([`CA_COMMON_NAME`]) and a leaf for `localhost`, `127.0.0.1`,
    /// `::1` and `bound` (the address actually listened on, when it is another
    /// loopback address), valid from a day ago (or earlier, for an expired one)
    /// until `cert_days` from now.
    pub fn generate(cert_days: i64, bound: IpAddr) -> io::Result<Identity> {
        let now = SystemTime::now();
        let leaf_not_after = shift_days(now, cert_days);
        // A certificate valid for no time at all would fail for the wrong reason;
        // an expired one still spans a day, ending in the past.
        let leaf_not_before = (now - DAY).min(leaf_not_after - DAY);

        let ca_key = KeyPair::generate().map_err(generation_error)?;
        let mut ca = CertificateParams::default();
        ca.distinguished_name = ca_name();
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        // The CA outlives the leaf either way: only the leaf's dates are under test.
        ca.not_before = (leaf_not_before - DAY).into();
        ca.not_after = (leaf_not_after.max(now) + 365 * DAY).into();
        let ca_cert = ca.self_signed(&ca_key).map_err(generation_error)?;
        let issuer = Issuer::new(ca, ca_key);

        let leaf_key = KeyPair::generate().map_err(generation_error)?;
        let mut leaf =
            CertificateParams::new(subject_alt_names(bound)).map_err(generation_error)?;
        leaf.distinguished_name = common_name("localhost");
        leaf.is_ca = IsCa::ExplicitNoCa;
        leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf.use_authority_key_identifier_extension = true;
        leaf.not_before = leaf_not_before.into();
        leaf.not_after = leaf_not_after.into();
        let leaf_cert = leaf
            .signed_by(&leaf_key, &issuer)
            .map_err(generation_error)?;

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let chain: Vec<CertificateDer<'static>> = vec![leaf_cert.der().clone()];
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(setup_error)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(setup_error)?;
        // HTTP/1.1 only, as over plain http: its header-read limit is what closes
        // slow and idle connections (see `serve`).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Identity {
            ca_pem: ca_cert.pem(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }
}

/// `when` moved by a signed number of days (at most [`MAX_CERT_DAYS`] either way).
fn shift_days(when: SystemTime, days: i64) -> SystemTime {
    let days = days.clamp(-MAX_CERT_DAYS, MAX_CERT_DAYS);
    // In range after the clamp; the fallback only keeps this free of a panic path.
    let span = DAY * u32::try_from(days.unsigned_abs()).unwrap_or(u32::MAX);
    if days >= 0 {
        when + span
    } else {
        when - span
    }
}

/// [`CA_COMMON_NAME`] plus a unit unique to this start-up. Were every sandbox's
/// CA named alike, a client still trusting an earlier sandbox's CA would match it
/// by name and report a bad signature; with distinct names it reports what is
/// true: the issuer is unknown.
fn ca_name() -> DistinguishedName {
    let mut dn = common_name(CA_COMMON_NAME);
    let instance = uuid::Uuid::new_v4().simple().to_string();
    dn.push(
        DnType::OrganizationalUnitName,
        format!("instance {}", &instance[..12]),
    );
    dn
}

fn common_name(name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn
}

/// Every name a client may use for a loopback sandbox, plus the bound address.
fn subject_alt_names(bound: IpAddr) -> Vec<String> {
    let mut names = vec![
        "localhost".to_owned(),
        IpAddr::V4(Ipv4Addr::LOCALHOST).to_string(),
        IpAddr::V6(Ipv6Addr::LOCALHOST).to_string(),
    ];
    let bound = bound.to_string();
    if !names.contains(&bound) {
        names.push(bound);
    }
    names
}

fn generation_error(error: rcgen::Error) -> io::Error {
    io::Error::other(format!(
        "could not generate the sandbox's TLS certificate: {error}"
    ))
}

fn setup_error(error: rustls::Error) -> io::Error {
    io::Error::other(format!("could not set up the sandbox's TLS: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expired_leaf_still_starts_before_it_ends() {
        let now = SystemTime::now();
        let end = shift_days(now, -3);
        assert!(end < now);
        assert_eq!(now.duration_since(end).unwrap(), 3 * DAY);
        assert!(shift_days(now, 10) > now);
    }

    #[test]
    fn the_names_cover_every_loopback_spelling_and_the_bound_address() {
        let names = subject_alt_names("127.0.0.7".parse().unwrap());
        assert_eq!(names, ["localhost", "127.0.0.1", "::1", "127.0.0.7"]);
        assert_eq!(subject_alt_names("::1".parse().unwrap()).len(), 3);
    }

    #[test]
    fn the_ca_is_pem_and_named() {
        let identity = Identity::generate(-3, IpAddr::V4(Ipv4Addr::LOCALHOST)).unwrap();
        assert!(identity.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        let der = rustls::pki_types::pem::PemObject::from_pem_slice(identity.ca_pem.as_bytes());
        let der: CertificateDer<'static> = der.unwrap();
        let (_, ca) = x509_parser::parse_x509_certificate(&der).unwrap();
        assert!(ca.subject().to_string().contains(CA_COMMON_NAME));
        assert!(ca.is_ca());
    }
}
