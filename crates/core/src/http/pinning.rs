//! "Trust this certificate for this host": the shared client's certificate verifier, which
//! checks as the system does but also accepts a leaf whose SHA-256 fingerprint the user
//! pinned for exactly that host, and remembers the certificate each host presented so a
//! failure can show it (subject, issuer, validity, fingerprint).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::Digest;

/// A certificate trusted for one host, by its SHA-256 fingerprint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Pin {
    /// The host name (or IP address) as in the URL.
    pub host: String,
    /// The fingerprint as [`CertificateInfo::sha256`] shows it (`AB:CD:…`).
    pub sha256: String,
}

/// What a certificate says, for the user to decide whether to trust it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The host it was presented by.
    pub host: String,
    /// Subject (`CN=…`).
    pub subject: String,
    /// Issuer; the same as the subject for a self-signed certificate.
    pub issuer: String,
    /// Start of validity (RFC 2822 date).
    pub not_before: String,
    /// End of validity.
    pub not_after: String,
    /// Host names and addresses it is for.
    pub names: Vec<String>,
    /// SHA-256 of the certificate, `AB:CD:…`.
    pub sha256: String,
}

/// The SHA-256 fingerprint of a DER certificate, `AB:CD:…`.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = sha2::Sha256::digest(der);
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Reads what the user needs to know from a DER certificate.
pub fn certificate_info(host: &str, der: &[u8]) -> CertificateInfo {
    let sha256 = fingerprint(der);
    match x509_parser::parse_x509_certificate(der) {
        Ok((_, cert)) => {
            let names = cert
                .subject_alternative_name()
                .ok()
                .flatten()
                .map(|san| {
                    san.value
                        .general_names
                        .iter()
                        .map(|name| match name {
                            x509_parser::extensions::GeneralName::DNSName(dns) => (*dns).to_owned(),
                            x509_parser::extensions::GeneralName::IPAddress(ip) => ip_text(ip),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            CertificateInfo {
                host: host.to_owned(),
                subject: cert.subject().to_string(),
                issuer: cert.issuer().to_string(),
                not_before: cert.validity().not_before.to_rfc2822().unwrap_or_default(),
                not_after: cert.validity().not_after.to_rfc2822().unwrap_or_default(),
                names,
                sha256,
            }
        }
        Err(_) => CertificateInfo {
            host: host.to_owned(),
            subject: "(unreadable certificate)".to_owned(),
            issuer: String::new(),
            not_before: String::new(),
            not_after: String::new(),
            names: Vec::new(),
            sha256,
        },
    }
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => format!("{bytes:?}"),
    }
}

/// The certificate each host presented last (DER), for explaining a failure. Each set of
/// clients keeps its own record, so two exchanges with different clients never see each
/// other's certificates; plain clients share [`Presented::shared`].
#[derive(Clone, Debug, Default)]
pub struct Presented(Arc<Mutex<HashMap<String, Vec<u8>>>>);

impl Presented {
    /// The record used by clients built without one of their own.
    pub fn shared() -> Presented {
        static SHARED: OnceLock<Presented> = OnceLock::new();
        SHARED.get_or_init(Presented::default).clone()
    }

    fn record(&self, host: String, der: &[u8]) {
        if let Ok(mut seen) = self.0.lock() {
            seen.insert(host, der.to_vec());
        }
    }

    /// What `host` presented last, if it was seen.
    pub fn get(&self, host: &str) -> Option<CertificateInfo> {
        let der = self.0.lock().ok()?.get(host).cloned()?;
        Some(certificate_info(host, &der))
    }
}

/// What `host` presented last to a client without a record of its own.
pub fn last_presented(host: &str) -> Option<CertificateInfo> {
    Presented::shared().get(host)
}

/// The system's verification, plus the user's pins.
#[derive(Debug)]
pub struct PinningVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    pins: Vec<Pin>,
    presented: Presented,
}

impl PinningVerifier {
    /// Verifies as `inner` does; a leaf pinned for the server's name is accepted too.
    /// Every leaf seen goes to `presented`.
    pub fn new(inner: Arc<dyn ServerCertVerifier>, pins: Vec<Pin>, presented: Presented) -> Self {
        Self {
            inner,
            pins,
            presented,
        }
    }
}

fn host_of(server_name: &ServerName<'_>) -> String {
    match server_name {
        ServerName::DnsName(name) => name.as_ref().to_owned(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        _ => String::new(),
    }
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let host = host_of(server_name);
        self.presented.record(host.clone(), end_entity.as_ref());
        let print = fingerprint(end_entity.as_ref());
        if self
            .pins
            .iter()
            .any(|p| p.host.eq_ignore_ascii_case(&host) && p.sha256.eq_ignore_ascii_case(&print))
        {
            return Ok(ServerCertVerified::assertion());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
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

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_colon_separated_hex() {
        let print = fingerprint(b"abc");
        assert_eq!(print.len(), 32 * 3 - 1);
        assert!(print.starts_with("BA:78:16:BF"), "{print}");
    }
}
