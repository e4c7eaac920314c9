//! `GET /openapi.json` (at the root, not under `/api`): the OpenAPI 3.1.0 spec
//! of the sandbox's own endpoints, in the real server's style (ayon-api.md §8).
//!
//! The spec is the asset `crates/sandbox/src/openapi.json`: the real 1.11.2 server's
//! operations (operationIds, tags, summaries, parameters, the 422
//! `HTTPValidationError` responses its spec documents though the server answers
//! 400) for exactly the methods the sandbox serves, with request-body schemas
//! cut down to what the sandbox reads. Raw-upload endpoints declare no request
//! body, as on the real server. Addon endpoints are left out (AYON's default,
//! `AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS=false`), and so is `/graphql`.

use std::sync::OnceLock;

use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::auth::{Auth, Caller};
use crate::errors::ApiError;
use crate::routes::info::VERSION;
use crate::state::SandboxState;

/// The asset, as written.
const SPEC_SOURCE: &str = include_str!("../openapi.json");

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/docs", get(docs))
}

/// The page the real server's `/docs` is (ReDoc over `/openapi.json`, fixture 32),
/// here without scripts from the internet: a link to the spec. Any logged-in user
/// gets it, others 403 (fixture 32b).
async fn docs(auth: Auth) -> Result<Response, ApiError> {
    auth.optional()
        .ok_or_else(|| ApiError::forbidden("You must be logged in to access API documentation"))?;
    let page = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Ayon server</title>\n<meta charset=\"utf-8\"/>\n\
         </head>\n<body>\n<p>AYON sandbox {VERSION}: the API is described in \
         <a href=\"/openapi.json\">/openapi.json</a> (managers only).</p>\n</body>\n</html>\n"
    );
    Ok(Html(page).into_response())
}

/// The parsed spec, with `info.version` set to the version the sandbox reports.
/// Parsed once; a broken asset (caught by the unit test) gives an empty object.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let mut spec: Value = serde_json::from_str(SPEC_SOURCE).unwrap_or_else(|_| json!({}));
        if let Some(info) = spec.get_mut("info").and_then(Value::as_object_mut) {
            info.insert("version".into(), json!(VERSION));
        }
        spec
    })
}

/// AYON's rule for its OpenAPI specs (`AYON_OPENAPI_REQUIRE_AUTHENTICATION`,
/// on by default): a manager must be logged in, else 403, never 401.
pub fn require_spec_reader(auth: Auth) -> Result<Caller, ApiError> {
    let caller = auth
        .optional()
        .ok_or_else(|| ApiError::forbidden("You must be logged in to access OpenAPI schema"))?;
    if !caller.user.is_manager() {
        return Err(ApiError::forbidden(
            "You are not allowed to access OpenAPI schema",
        ));
    }
    Ok(caller)
}

/// Managers only (fixtures 33 and 29c).
async fn openapi(auth: Auth) -> Result<Json<Value>, ApiError> {
    require_spec_reader(auth)?;
    Ok(Json(spec().clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Sandbox, SandboxConfig};

    #[test]
    fn the_asset_is_an_openapi_3_1_spec() {
        let parsed: Value = serde_json::from_str(SPEC_SOURCE).expect("the asset is JSON");
        assert_eq!(parsed["openapi"], "3.1.0");
        assert_eq!(spec()["info"]["title"], "Ayon server");
        assert_eq!(spec()["info"]["version"], VERSION);
        let paths = spec()["paths"].as_object().expect("paths");
        assert!(paths.contains_key("/api/projects"));
        assert!(!paths.contains_key("/graphql"));
        assert!(paths.keys().all(|p| !p.contains("/practice/")));
    }

    /// Every `$ref` points at a schema the spec defines.
    #[test]
    fn every_reference_resolves() {
        let text = SPEC_SOURCE;
        let schemas = spec()["components"]["schemas"]
            .as_object()
            .expect("schemas");
        for chunk in text.split("\"#/components/schemas/").skip(1) {
            let name = chunk.split('"').next().unwrap_or_default();
            assert!(schemas.contains_key(name), "missing schema {name}");
        }
    }

    /// Each path and method in the spec reaches a handler: neither the 404
    /// fallback nor a 405.
    #[tokio::test]
    async fn every_operation_is_served() {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox starts");
        let http = reqwest::Client::new();
        let paths = spec()["paths"].as_object().expect("paths");
        let mut checked = 0;
        for (path, operations) in paths {
            let concrete = path
                .replace("{user_name}", "nobody")
                .replace("{project_name}", "nothing")
                .replace("{filename}", "none.zip")
                .replace("{addon_name}", "none")
                .replace("{addon_version}", "0.0.0")
                .replace("{version}", "0.0.0")
                .replace("{event_id}", &"0".repeat(32));
            for method in operations.as_object().expect("operations").keys() {
                let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                    .expect("a method");
                let reply = http
                    .request(method.clone(), format!("{}{concrete}", sandbox.base_url()))
                    .send()
                    .await
                    .expect("the sandbox answers");
                let status = reply.status().as_u16();
                let body: Value = reply.json().await.unwrap_or(Value::Null);
                let fallback = body["detail"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("API endpoint"));
                assert!(
                    status != 405 && !fallback,
                    "{method} {concrete} is not served: {status} {body}"
                );
                checked += 1;
            }
        }
        assert!(checked > 30, "only {checked} operations");
        sandbox.shutdown().await;
    }
}
