//! Asking a server which AYON release it runs: `GET /api/info`, which needs no auth.

use std::time::Duration;

use serde_json::Value;

use super::{AyonErrorBody, ServerVersion, resolve_url};
use crate::http::{HttpError, HttpMethod, RequestSpec, execute};

/// Why a server's version is not known.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ServerInfoError {
    /// The URL is unusable, or no answer came.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// `GET /api/info` answered with an error status.
    #[error("GET {url} answered HTTP {status}: {detail}")]
    Status {
        /// The URL asked.
        url: url::Url,
        /// The HTTP status.
        status: u16,
        /// The server's words, or the status's reason.
        detail: String,
    },
    /// The answer holds no version.
    #[error("GET {url} names no version; is this an AYON server?")]
    NoVersion {
        /// The URL asked.
        url: url::Url,
    },
    /// The version the server reports is not a version.
    #[error("the server reports the version {reported:?}, which is not one")]
    NotAVersion {
        /// What the server reported.
        reported: String,
    },
}

/// `GET /api/info`'s `version`, parsed. The error says why there is none.
pub async fn fetch_server_version(
    client: &impl crate::http::ClientFor,
    base: &str,
    timeout: Duration,
) -> Result<ServerVersion, ServerInfoError> {
    let reported = fetch_reported_version(client, base, timeout).await?;
    ServerVersion::parse(&reported).ok_or(ServerInfoError::NotAVersion { reported })
}

/// `GET /api/info`'s `version` as the server wrote it (the catalog cache is keyed by it).
pub async fn fetch_reported_version(
    client: &impl crate::http::ClientFor,
    base: &str,
    timeout: Duration,
) -> Result<String, ServerInfoError> {
    let url = resolve_url(base, "/api/info")?;
    let spec = RequestSpec::new(HttpMethod::Get, url.clone())
        .header("Accept", "application/json")
        .timeout(timeout);
    let exchange = execute(client, &spec).await?;
    let response = &exchange.response;
    if response.status != 200 {
        let detail = AyonErrorBody::decode(response.status, &response.body)
            .and_then(|e| e.detail)
            .unwrap_or_else(|| response.reason.clone());
        return Err(ServerInfoError::Status {
            url,
            status: response.status,
            detail,
        });
    }
    serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_string))
        .ok_or(ServerInfoError::NoVersion { url })
}
