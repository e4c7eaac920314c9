//! Asking a server for its schema: the standard introspection query, `POST /graphql`
//! with the session token.

use std::time::Duration;

use crate::ayon::resolve_url;
use crate::http::{HttpMethod, RequestSpec, SpecBody, execute};
use crate::secret::Secret;

use super::{INTROSPECTION_QUERY, Schema};

/// Runs the introspection query against `server_url`; a refusal or an answer that is not
/// a schema is named (the editor then checks syntax only).
pub async fn fetch_schema(
    client: &impl crate::http::ClientFor,
    server_url: &str,
    token: &Secret,
    timeout: Duration,
) -> Result<Schema, String> {
    fetch_introspection(client, server_url, token, timeout)
        .await
        .map(|(schema, _)| schema)
}

/// [`fetch_schema`], with the answer as it came (kept in the cache).
pub(super) async fn fetch_introspection(
    client: &impl crate::http::ClientFor,
    server_url: &str,
    token: &Secret,
    timeout: Duration,
) -> Result<(Schema, bytes::Bytes), String> {
    let url = resolve_url(server_url, "/graphql").map_err(|e| e.to_string())?;
    let body = serde_json::json!({ "query": INTROSPECTION_QUERY }).to_string();
    let mut spec = RequestSpec::new(HttpMethod::Post, url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header("Authorization", format!("Bearer {}", token.expose()))
        .timeout(timeout);
    spec.body = SpecBody::Bytes(bytes::Bytes::from(body.into_bytes()));
    spec.secrets.push(token.expose().to_owned());
    let exchange = execute(client, &spec)
        .await
        .map_err(|e| format!("The schema could not be read: {e}"))?;
    let status = exchange.response.status;
    if status != 200 {
        return Err(format!(
            "The server answered {status} to the introspection query: it does not give its \
             schema (the editor checks syntax only)"
        ));
    }
    let body = exchange.response.body;
    Schema::from_introspection(&body)
        .map(|schema| (schema, body))
        .map_err(|e| format!("The server's schema could not be read: {e}"))
}
