//! Why a client could not be built from the connection settings: its TLS files, its
//! proxy, or the HTTP library itself.

use std::path::PathBuf;

use rustls::pki_types::pem;

/// Why a client could not be built; the message says what in the settings is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The TLS files cannot be used.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// The proxy set in Settings cannot be used.
    #[error(transparent)]
    Proxy(#[from] ProxyError),
    /// The HTTP library refused the setup.
    #[error("could not build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}

/// Why the TLS setup (CA file, client certificate, system trust) cannot be used. Each
/// file problem names the file.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The CA file cannot be read.
    #[error("Could not read the CA file {}: {source}", path.display())]
    ReadCaFile {
        /// The CA file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The CA file is not PEM.
    #[error("The CA file {} is not a PEM bundle: {source}", path.display())]
    CaFileNotPem {
        /// The CA file.
        path: PathBuf,
        /// What the PEM reader said.
        #[source]
        source: pem::Error,
    },
    /// The CA file holds no certificate.
    #[error(
        "The CA file {} holds no certificate (PEM \"BEGIN CERTIFICATE\" blocks)",
        path.display()
    )]
    NoCaCertificate {
        /// The CA file.
        path: PathBuf,
    },
    /// The system's trust store cannot be loaded.
    #[error("Could not load the system's certificates: {0}")]
    SystemRoots(#[source] rustls::Error),
    /// The TLS library refused its own setup.
    #[error("TLS setup: {0}")]
    Setup(#[source] rustls::Error),
    /// The client certificate file cannot be read.
    #[error("Could not read the client certificate {}: {source}", path.display())]
    ReadClientCertificate {
        /// The client certificate file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The client certificate file does not hold a usable certificate and key.
    #[error(
        "The client certificate {} must hold the certificate and its private key in PEM: \
         {problem}",
        path.display()
    )]
    ClientCertificate {
        /// The client certificate file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        problem: ClientCertificateProblem,
    },
}

/// What is wrong with a client certificate file.
#[derive(Debug, thiserror::Error)]
pub enum ClientCertificateProblem {
    /// A certificate block does not read.
    #[error("{0}")]
    Pem(#[source] pem::Error),
    /// No certificate block.
    #[error("no certificate found")]
    NoCertificate,
    /// No private key block.
    #[error("no private key found ({0})")]
    NoKey(#[source] pem::Error),
    /// The TLS library refused the certificate and key.
    #[error("{0}")]
    Refused(#[source] rustls::Error),
}

/// Why the proxy URL set in Settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// The URL does not parse.
    #[error("The proxy URL \"{url}\" is not valid: {source}")]
    InvalidUrl {
        /// The URL as set.
        url: String,
        /// What the URL parser said.
        #[source]
        source: url::ParseError,
    },
    /// The URL is not http(s).
    #[error("The proxy URL \"{url}\" must start with http:// or https://")]
    Scheme {
        /// The URL as set.
        url: String,
    },
    /// The URL holds a password, which settings never keep.
    #[error(
        "The proxy URL holds a password, which settings never keep: name only the user in \
         the URL (http://user@proxy:3128) and type the password under Proxy password (it \
         goes to the secret store)"
    )]
    Password,
    /// A password was given for a proxy URL that names no user.
    #[error(
        "The proxy URL \"{url}\" names no user for the proxy password: write it as http://user@host:port"
    )]
    PasswordWithoutUser {
        /// The URL as set.
        url: String,
    },
    /// The HTTP library refused the URL.
    #[error("The proxy URL \"{url}\" cannot be used: {source}")]
    Unusable {
        /// The URL as set.
        url: String,
        /// What the HTTP library said.
        #[source]
        source: reqwest::Error,
    },
}
