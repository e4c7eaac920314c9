//! Asking a server which AYON release it runs: `GET /api/info`, which needs no auth.

use std::time::Duration;

use serde_json::Value;

use super::{AyonErrorBody, ServerVersion, resolve_url};
use crate::http::{HttpMethod, RequestSpec, execute};

/// `GET /api/info`'s `version`, parsed. The error says why there is none, in words.
pub async fn fetch_server_version(
    client: &impl crate::http::ClientFor,
    base: &str,
    timeout: Duration,
) -> Result<ServerVersion, String> {
    let reported = fetch_reported_version(client, base, timeout).await?;
    ServerVersion::parse(&reported)
        .ok_or_else(|| format!("the server reports the version {reported:?}, which is not one"))
}

/// `GET /api/info`'s `version` as the server wrote it (the catalog cache is keyed by it).
pub async fn fetch_reported_version(
    client: &impl crate::http::ClientFor,
    base: &str,
    timeout: Duration,
) -> Result<String, String> {
    let url = resolve_url(base, "/api/info").map_err(|e| e.to_string())?;
    let spec = RequestSpec::new(HttpMethod::Get, url.clone())
        .header("Accept", "application/json")
        .timeout(timeout);
    let exchange = execute(client, &spec).await.map_err(|e| e.to_string())?;
    let response = &exchange.response;
    if response.status != 200 {
        let detail = AyonErrorBody::decode(response.status, &response.body)
            .and_then(|e| e.detail)
            .unwrap_or_else(|| response.reason.clone());
        return Err(format!(
            "GET {url} answered HTTP {}: {detail}",
            response.status
        ));
    }
    serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_string))
        .ok_or_else(|| format!("GET {url} names no version; is this an AYON server?"))
}
