//! An event's stored record (`GET /api/events/{id}`): the stream sends events without
//! their payload; a log line's payload names the request's method and path and holds the
//! traceback.

use std::time::Duration;

use crate::ayon::resolve_url;
use crate::http::{HttpMethod, RequestSpec, execute};
use crate::secret::Secret;

/// Why the record could not be read (never holds the token).
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The server URL or the id does not make a URL.
    #[error("No URL for event {id}: {problem}")]
    Url {
        /// The event id.
        id: String,
        /// What was wrong.
        problem: String,
    },
    /// The request failed.
    #[error("Reading event {id} failed: {problem}")]
    Request {
        /// The event id.
        id: String,
        /// What failed.
        problem: String,
    },
    /// The server answered something else than 200 with JSON.
    #[error("Reading event {id}: the server answered {status}")]
    Status {
        /// The event id.
        id: String,
        /// The status.
        status: u16,
    },
}

/// Reads event `id`'s stored record with the session `token`.
pub async fn fetch_record(
    client: &impl crate::http::ClientFor,
    server_url: &str,
    token: &Secret,
    id: &str,
    timeout: Duration,
) -> Result<serde_json::Value, RecordError> {
    // An id is 32 hex digits; anything else would change the path.
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(RecordError::Url {
            id: id.to_owned(),
            problem: "an event id is letters and digits only".into(),
        });
    }
    let url =
        resolve_url(server_url, &format!("/api/events/{id}")).map_err(|e| RecordError::Url {
            id: id.to_owned(),
            problem: e.to_string(),
        })?;
    let mut spec = RequestSpec::new(HttpMethod::Get, url)
        .header("Accept", "application/json")
        .header("Authorization", format!("Bearer {}", token.expose()))
        .timeout(timeout);
    spec.secrets.push(token.expose().to_owned());
    let exchange = execute(client, &spec)
        .await
        .map_err(|e| RecordError::Request {
            id: id.to_owned(),
            problem: e.to_string(),
        })?;
    let status = exchange.response.status;
    match serde_json::from_slice(&exchange.response.body) {
        Ok(value) if status == 200 => Ok(value),
        _ => Err(RecordError::Status {
            id: id.to_owned(),
            status,
        }),
    }
}
