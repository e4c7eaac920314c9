//! The one shared HTTP client.

use super::HttpError;

/// Builds the shared client: redirects are NOT followed by reqwest (the engine follows
/// them itself so it can drop credential headers across origins), and no Referer is sent.
pub fn build_client() -> Result<reqwest::Client, HttpError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .user_agent(concat!("ayon-rest-explorer/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| HttpError::Other {
            url: String::new(),
            reason: format!("could not build the HTTP client: {e}"),
        })
}
