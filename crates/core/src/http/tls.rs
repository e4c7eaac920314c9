//! TLS trust beyond the system's: an extra CA bundle and a client certificate (read from
//! Settings, else `AYON_CA_FILE` / `AYON_CERT_FILE` as ayon-python-api reads them), and
//! certificate failures explained in words.

use std::path::PathBuf;
use std::sync::Arc;

use super::pinning::{Pin, PinningVerifier, Presented};
use super::{ClientCertificateProblem, TlsError};

/// Extra CA certificates and a client certificate for the shared client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TlsFiles {
    /// A PEM bundle of CA certificates trusted on top of the system's (a studio's CA).
    pub ca_file: Option<PathBuf>,
    /// A PEM file holding the client certificate and its private key.
    pub client_cert_file: Option<PathBuf>,
}

impl TlsFiles {
    /// The files as typed in Settings (trimmed; an empty field is no file).
    pub fn typed(ca_file: &str, client_cert_file: &str) -> TlsFiles {
        let path =
            |text: &str| Some(PathBuf::from(text.trim())).filter(|_| !text.trim().is_empty());
        TlsFiles {
            ca_file: path(ca_file),
            client_cert_file: path(client_cert_file),
        }
    }

    /// The files as set, falling back to `AYON_CA_FILE` and `AYON_CERT_FILE` from `vars`
    /// (the process environment in the app; a map in tests).
    pub fn with_environment(self, vars: impl Fn(&str) -> Option<String>) -> TlsFiles {
        let from = |name: &str| {
            vars(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| PathBuf::from(v.trim()))
        };
        TlsFiles {
            ca_file: self.ca_file.or_else(|| from("AYON_CA_FILE")),
            client_cert_file: self.client_cert_file.or_else(|| from("AYON_CERT_FILE")),
        }
    }

    /// The TLS setup of the shared client: the system's trust plus the CA file, the
    /// user's pins, and the client certificate. Reads the files: call it off the UI
    /// thread. Errors name the file and the problem.
    pub fn rustls_config(
        &self,
        pins: &[Pin],
        presented: &Presented,
    ) -> Result<rustls::ClientConfig, TlsError> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut extra_roots = Vec::new();
        if let Some(path) = &self.ca_file {
            let pem = std::fs::read(path).map_err(|source| TlsError::ReadCaFile {
                path: path.clone(),
                source,
            })?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                extra_roots.push(cert.map_err(|source| TlsError::CaFileNotPem {
                    path: path.clone(),
                    source,
                })?);
            }
            if extra_roots.is_empty() {
                return Err(TlsError::NoCaCertificate { path: path.clone() });
            }
        }
        let system = rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots,
            Arc::clone(&provider),
        )
        .map_err(TlsError::SystemRoots)?;
        let verifier = Arc::new(PinningVerifier::new(
            Arc::new(system),
            pins.to_vec(),
            presented.clone(),
        ));
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(TlsError::Setup)?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut config = match &self.client_cert_file {
            None => builder.with_no_client_auth(),
            Some(path) => {
                let pem =
                    std::fs::read(path).map_err(|source| TlsError::ReadClientCertificate {
                        path: path.clone(),
                        source,
                    })?;
                let unusable = |problem| TlsError::ClientCertificate {
                    path: path.clone(),
                    problem,
                };
                let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                    .collect::<Result<_, _>>()
                    .map_err(|e| unusable(ClientCertificateProblem::Pem(e)))?;
                if chain.is_empty() {
                    return Err(unusable(ClientCertificateProblem::NoCertificate));
                }
                let key = PrivateKeyDer::from_pem_slice(&pem)
                    .map_err(|e| unusable(ClientCertificateProblem::NoKey(e)))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| unusable(ClientCertificateProblem::Refused(e)))?
            }
        };
        // The engine speaks HTTP/1.1 (reqwest is built without HTTP/2).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// A certificate failure in words, found in the error's chain (`None` when it is not
/// one). `host` is the name that was asked for.
pub(crate) fn explain_certificate_error(
    err: &(dyn std::error::Error + 'static),
    host: &str,
) -> Option<String> {
    use rustls::CertificateError as C;
    let problem = find_rustls_error(err)?;
    let rustls::Error::InvalidCertificate(cert) = problem else {
        return match problem {
            rustls::Error::NoCertificatesPresented
            | rustls::Error::AlertReceived(
                rustls::AlertDescription::CertificateRequired
                | rustls::AlertDescription::BadCertificate,
            ) => Some(
                "the server asks for a client certificate and none was sent (set one in \
                 Settings, for this server or for all, or AYON_CERT_FILE)"
                    .to_owned(),
            ),
            _ => None,
        };
    };
    Some(match cert {
        C::Expired | C::ExpiredContext { .. } => format!(
            "the certificate of {host} has expired (its validity period is over); the server \
             must renew it"
        ),
        C::NotValidYet | C::NotValidYetContext { .. } => format!(
            "the certificate of {host} is not valid yet (its validity starts in the future; \
             check this computer's clock)"
        ),
        C::NotValidForNameContext { presented, .. } => format!(
            "wrong host name: the certificate is for {}, not {host}",
            if presented.is_empty() {
                "no host name".to_owned()
            } else {
                presented.join(", ")
            }
        ),
        C::NotValidForName => format!("wrong host name: the certificate is not for {host}"),
        C::UnknownIssuer => format!(
            "unknown issuer: the certificate of {host} is self-signed or signed by a CA this \
             computer does not trust (a studio CA: set its PEM file in Settings, for this \
             server or for all, or AYON_CA_FILE)"
        ),
        C::BadSignature => format!("the certificate of {host} has a bad signature"),
        C::Revoked => format!("the certificate of {host} was revoked"),
        other => format!("the certificate of {host} was refused ({other:?})"),
    })
}

/// The same explanation from rustls' message text, for when its error value did not
/// survive the layers between it and reqwest.
pub(crate) fn explain_certificate_text(text: &str, host: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let kind = if lower.contains("expired") {
        rustls::CertificateError::Expired
    } else if lower.contains("notvalidyet") || lower.contains("not valid yet") {
        rustls::CertificateError::NotValidYet
    } else if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        rustls::CertificateError::NotValidForName
    } else if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        rustls::CertificateError::UnknownIssuer
    } else {
        return None;
    };
    let error = rustls::Error::InvalidCertificate(kind);
    explain_certificate_error(&error, host)
}

/// The rustls error in `err`'s chain (looking inside `io::Error`s, whose `source()`
/// skips the error they wrap).
fn find_rustls_error<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(found) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(found);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_fills_what_settings_leave_empty() {
        let vars = |name: &str| match name {
            "AYON_CA_FILE" => Some("/etc/studio/ca.pem".to_owned()),
            "AYON_CERT_FILE" => Some(" ".to_owned()),
            _ => None,
        };
        let files = TlsFiles::default().with_environment(vars);
        assert_eq!(files.ca_file, Some(PathBuf::from("/etc/studio/ca.pem")));
        assert_eq!(files.client_cert_file, None);
        let set = TlsFiles {
            ca_file: Some(PathBuf::from("/mine.pem")),
            client_cert_file: None,
        }
        .with_environment(vars);
        assert_eq!(set.ca_file, Some(PathBuf::from("/mine.pem")));
    }

    #[test]
    fn unreadable_or_empty_files_are_named() {
        let missing = TlsFiles {
            ca_file: Some(PathBuf::from("/no/such/ca.pem")),
            client_cert_file: None,
        };
        let err = missing
            .rustls_config(&[], &Presented::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("/no/such/ca.pem"), "{err}");
        let dir = std::env::temp_dir().join(format!("are-tls-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let empty = dir.join("empty.pem");
        let _ = std::fs::write(&empty, "not a certificate\n");
        let err = TlsFiles {
            ca_file: Some(empty),
            client_cert_file: None,
        }
        .rustls_config(&[], &Presented::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("holds no certificate"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
