//! The one shared HTTP client.

use std::time::Duration;

use super::{HttpError, ProxySettings};

/// How long to wait for a TCP (and TLS) connection before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the shared client: redirects are NOT followed by reqwest (the engine follows
/// them itself so it can drop credential headers across origins), and no Referer is sent.
/// Proxies come from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`).
pub fn build_client() -> Result<reqwest::Client, HttpError> {
    build_client_with(&ProxySettings::default())
}

/// Like [`build_client`], with the proxy override from Settings (when it is set, the
/// environment's proxy variables are not used).
pub fn build_client_with(proxy: &ProxySettings) -> Result<reqwest::Client, HttpError> {
    let mut builder = reqwest::Client::builder();
    if let Some(proxy) = proxy.to_proxy().map_err(|reason| HttpError::Other {
        url: String::new(),
        reason,
    })? {
        builder = builder.no_proxy().proxy(proxy);
    }
    builder
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .user_agent(concat!("ayon-rest-explorer/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|e| HttpError::Other {
            url: String::new(),
            reason: format!("could not build the HTTP client: {e}"),
        })
}
