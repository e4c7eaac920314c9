//! The one shared HTTP client.

use std::time::Duration;

use super::HttpError;

/// How long to wait for a TCP (and TLS) connection before giving up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds the shared client: redirects are NOT followed by reqwest (the engine follows
/// them itself so it can drop credential headers across origins), and no Referer is sent.
pub fn build_client() -> Result<reqwest::Client, HttpError> {
    reqwest::Client::builder()
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
