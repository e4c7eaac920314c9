//! The built-in `practice` addon's endpoints (see [`crate::practice`]):
//! `GET .../ping`, `POST .../echo` and `GET .../openapi.json` under
//! `/api/addons/practice/1.0.0`. Like real addon handlers, they decide on auth
//! themselves: both endpoints want a logged-in user; the spec follows the rule
//! of `/openapi.json` (a manager, else 403).

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::auth::Auth;
use crate::errors::{ApiError, ValidationIssue};
use crate::practice::{self, MAX_REPEAT, NAME, VERSION};
use crate::request::{RequestInfo, Validator, decode_body};
use crate::routes::openapi::require_spec_reader;
use crate::state::SandboxState;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    let base = practice::base_path();
    Router::new()
        .route(&format!("{base}/ping"), get(ping))
        .route(&format!("{base}/echo"), post(echo))
        .route(&format!("{base}/openapi.json"), get(openapi))
}

/// `{"pong": true, "addon", "version"}`, like the test addon of fixture 66b.
async fn ping(auth: Auth) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    Ok(Json(
        json!({"pong": true, "addon": NAME, "version": VERSION}),
    ))
}

/// `{"message", "repeat"?}` → `{"echo": [message, ...]}`; bad bodies get the
/// usual 400 validation error.
async fn echo(
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    auth.require()?;
    let mut v = Validator::new();
    let fields = v.body_object(&body).map(|obj| {
        let message = v.required_str(obj, &["message"]);
        let repeat = v.optional_int(obj, &["repeat"]).unwrap_or(1);
        let loc = vec![json!("body"), json!("repeat")];
        if repeat < 1 {
            v.push(
                ValidationIssue::new(
                    loc,
                    "ensure this value is greater than or equal to 1",
                    "value_error.number.not_ge",
                )
                .with_ctx(json!({"limit_value": 1})),
            );
        } else if repeat > MAX_REPEAT {
            v.push(
                ValidationIssue::new(
                    loc,
                    format!("ensure this value is less than or equal to {MAX_REPEAT}"),
                    "value_error.number.not_le",
                )
                .with_ctx(json!({"limit_value": MAX_REPEAT})),
            );
        }
        (message, repeat)
    });
    v.finish(&info)?;
    let Some((Some(message), repeat)) = fields else {
        return Err(info.invalid(Vec::new()));
    };
    let count = usize::try_from(repeat).unwrap_or(1);
    Ok(Json(json!({"echo": vec![message; count]})))
}

/// The addon's spec: managers only, like `/openapi.json`.
async fn openapi(auth: Auth) -> Result<Json<Value>, ApiError> {
    require_spec_reader(auth)?;
    Ok(Json(practice::spec()))
}
