//! The one shared HTTP client.

use std::time::Duration;

use super::pinning::Presented;
use super::server_tls::ServerMatch;
use super::{ClientError, HttpError, Pin, ProxySettings, TlsFiles};

/// How the shared client connects: its proxy and the TLS trust added to the system's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ClientOptions {
    /// The proxy override (empty: the environment's proxy variables).
    pub proxy: ProxySettings,
    /// An extra CA bundle and a client certificate.
    pub tls: TlsFiles,
    /// Certificates the user trusts for one host each.
    pub pins: Vec<Pin>,
    /// Servers with TLS files of their own (see [`super::Clients`]); the app-wide client
    /// ignores these.
    pub servers: Vec<(ServerMatch, TlsFiles)>,
}

/// How long to wait for a TCP (and TLS) connection before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the shared client: redirects are NOT followed by reqwest (the engine follows
/// them itself so it can drop credential headers across origins), and no Referer is sent.
/// Proxies come from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`).
pub fn build_client() -> Result<reqwest::Client, HttpError> {
    build_client_with(&ClientOptions::default())
}

/// Like [`build_client`], with the proxy override from Settings (when it is set, the
/// environment's proxy variables are not used) and extra TLS trust. Reads the TLS files:
/// call it off the UI thread.
pub fn build_client_with(options: &ClientOptions) -> Result<reqwest::Client, HttpError> {
    build_client_recording(options, &Presented::shared()).map_err(|e| HttpError::Other {
        url: String::new(),
        reason: e.to_string(),
    })
}

/// Like [`build_client_with`], keeping the certificates servers present in `presented`;
/// the error says what in the settings is unusable.
pub(crate) fn build_client_recording(
    options: &ClientOptions,
    presented: &Presented,
) -> Result<reqwest::Client, ClientError> {
    let tls = options.tls.rustls_config(&options.pins, presented)?;
    let mut builder = reqwest::Client::builder().tls_backend_preconfigured(tls);
    if let Some(proxy) = options.proxy.to_proxy()? {
        builder = builder.no_proxy().proxy(proxy);
    }
    builder
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .user_agent(concat!("ayon-rest-explorer/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(ClientError::Build)
}
