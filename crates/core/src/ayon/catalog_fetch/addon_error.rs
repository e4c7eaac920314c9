//! Why the addons' part of a catalog is missing: these come back as warnings, since the
//! catalog is useful without them.

use crate::catalog::SpecError;
use crate::http::HttpError;

/// Why the addon list (`GET /api/addons`) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AddonListError {
    /// The server URL is unusable.
    #[error(transparent)]
    Url(HttpError),
    /// No answer came.
    #[error("the addon list could not be read: {0}")]
    Transport(#[source] HttpError),
    /// The server answered with an error status.
    #[error("the addon list could not be read: {detail} (HTTP {status})")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's words, or the status's reason.
        detail: String,
    },
    /// The answer is not JSON.
    #[error("the addon list is not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
}

/// Why an addon version's own spec could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AddonSpecError {
    /// The URL is unusable, or no answer came.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// The answer is not an OpenAPI document.
    #[error("its openapi.json is unusable: {0}")]
    Unusable(#[source] SpecError),
    /// The server answered with an error status.
    #[error("its openapi.json answered HTTP {status}: {detail}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's words, or the status's reason.
        detail: String,
    },
}
