//! Extra trusted CA certificates (`--ca-file` / `NOWKEY_CA_FILE`): a corporate or
//! TLS-inspecting proxy's CA, or the sandbox's with `--tls`.
//!
//! They are process-wide on purpose: every client nowkey builds, and the
//! certificate inspector, must trust the same authorities, and the flag is read
//! once at start-up. They are added beside the system's and Mozilla's roots, never
//! instead of them.

use std::sync::{PoisonError, RwLock};

use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::CertificateDer;

use super::http::shorten;
use crate::domain::remote_error::ClientError;

/// One trusted CA, in the two forms the TLS stacks want.
struct ExtraRoot {
    der: CertificateDer<'static>,
    reqwest: reqwest::Certificate,
}

static EXTRA_ROOTS: RwLock<Vec<ExtraRoot>> = RwLock::new(Vec::new());

/// The largest CA file nowkey reads: a system's whole CA bundle is a few hundred
/// kilobytes.
pub const CA_FILE_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Why the CA file could not be read. Each message finishes "The CA file …, PATH,".
#[derive(Debug, thiserror::Error)]
pub enum CaFileError {
    /// Opening or reading failed.
    #[error("could not be read ({0}): check the path and its permissions")]
    Io(std::io::Error),
    /// A folder, a device (`/dev/zero`), a socket: nothing a CA bundle is kept in.
    #[error("is {0}, not a file: give the path of a PEM file of CA certificates")]
    NotAFile(&'static str),
    /// Larger than [`CA_FILE_MAX_BYTES`].
    #[error("is larger than {CA_FILE_MAX_BYTES} bytes, so it cannot be a CA bundle: give the PEM file of the CA certificates only")]
    TooLarge,
}

/// Reads a CA file given on the command line, at most [`CA_FILE_MAX_BYTES`]. A
/// regular file or a pipe (`--ca-file <(…)`) is read; a folder or a device is
/// refused before reading, so `/dev/zero` cannot fill memory.
pub fn read_ca_file(path: &std::path::Path) -> Result<Vec<u8>, CaFileError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(CaFileError::Io)?;
    let kind = file.metadata().map_err(CaFileError::Io)?.file_type();
    if !kind.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_dir() {
                return Err(CaFileError::NotAFile("a folder"));
            }
            if kind.is_char_device() || kind.is_block_device() {
                return Err(CaFileError::NotAFile("a device"));
            }
            if kind.is_socket() {
                return Err(CaFileError::NotAFile("a socket"));
            }
        }
        #[cfg(not(unix))]
        if kind.is_dir() {
            return Err(CaFileError::NotAFile("a folder"));
        }
    }
    let mut pem = Vec::new();
    file.take(CA_FILE_MAX_BYTES + 1)
        .read_to_end(&mut pem)
        .map_err(CaFileError::Io)?;
    if pem.len() as u64 > CA_FILE_MAX_BYTES {
        return Err(CaFileError::TooLarge);
    }
    Ok(pem)
}

/// Trusts, for the rest of the process, every certificate in `pem` (one or more
/// `-----BEGIN CERTIFICATE-----` blocks; anything else in the file is ignored).
/// Clients built afterwards trust them too; a certificate already trusted is not
/// added twice.
///
/// Returns how many certificates the PEM held. Fails, trusting none of them, when
/// it holds none, a block is not valid PEM, or a certificate cannot serve as a
/// trust anchor.
pub fn trust_extra_roots(pem: &[u8]) -> Result<usize, ClientError> {
    let mut parsed = Vec::new();
    for (index, block) in CertificateDer::pem_slice_iter(pem).enumerate() {
        let der = block.map_err(|error| ClientError::Tls {
            detail: shorten(&format!(
                "certificate {} is not valid PEM ({})",
                index + 1,
                pem_reason(&error)
            )),
        })?;
        parsed.push(anchor(index, der)?);
    }
    if parsed.is_empty() {
        return Err(ClientError::Tls {
            detail: "it holds no PEM certificate".to_owned(),
        });
    }
    let count = parsed.len();
    let mut roots = EXTRA_ROOTS.write().unwrap_or_else(PoisonError::into_inner);
    for root in parsed {
        if !roots.iter().any(|known| known.der == root.der) {
            roots.push(root);
        }
    }
    Ok(count)
}

/// The extra trusted certificates, DER, in the order they were added.
pub fn extra_roots() -> Vec<CertificateDer<'static>> {
    read_roots().iter().map(|root| root.der.clone()).collect()
}

/// How many extra roots are trusted. They are only ever added, so a change in the
/// count means clients built before it lack a root.
pub(crate) fn extra_root_count() -> usize {
    read_roots().len()
}

/// The extra trusted certificates, ready for `reqwest::ClientBuilder::add_root_certificate`.
pub(crate) fn extra_reqwest_roots() -> Vec<reqwest::Certificate> {
    read_roots()
        .iter()
        .map(|root| root.reqwest.clone())
        .collect()
}

fn read_roots() -> std::sync::RwLockReadGuard<'static, Vec<ExtraRoot>> {
    // The list is only ever pushed to whole entries; a panic elsewhere cannot leave
    // it half-written.
    EXTRA_ROOTS.read().unwrap_or_else(PoisonError::into_inner)
}

/// Checks that `der` is usable as a trust anchor now, rather than when some later
/// client build would fail with a less helpful message.
fn anchor(index: usize, der: CertificateDer<'static>) -> Result<ExtraRoot, ClientError> {
    let unusable = |why: String| ClientError::Tls {
        detail: shorten(&format!(
            "certificate {} cannot be trusted as a CA ({why})",
            index + 1
        )),
    };
    rustls::RootCertStore::empty()
        .add(der.clone())
        .map_err(|error| unusable(error.to_string()))?;
    let reqwest =
        reqwest::Certificate::from_der(&der).map_err(|error| unusable(error.to_string()))?;
    Ok(ExtraRoot { der, reqwest })
}

fn pem_reason(error: &pem::Error) -> String {
    match error {
        pem::Error::MissingSectionEnd { .. } => "its END line is missing".to_owned(),
        pem::Error::IllegalSectionStart { .. } => "its BEGIN line is malformed".to_owned(),
        pem::Error::Base64Decode(_) => "its body is not valid base64".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_certificate_is_refused() {
        for pem in [
            &b""[..],
            b"hello",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let error = trust_extra_roots(pem).unwrap_err();
            assert_eq!(error.class(), "tls");
            assert!(error.to_string().contains("no PEM certificate"), "{error}");
        }
    }

    #[test]
    fn a_broken_block_is_refused_with_its_number() {
        let pem = b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        let error = trust_extra_roots(pem).unwrap_err();
        assert!(error.to_string().contains("certificate 1"), "{error}");
    }

    #[test]
    fn a_non_certificate_body_is_refused() {
        let pem = b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n";
        let error = trust_extra_roots(pem).unwrap_err();
        assert!(error.to_string().contains("cannot be trusted"), "{error}");
    }
}
