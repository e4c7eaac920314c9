//! `POST /api/auth/login` and `POST /api/auth/logout`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::auth::logout_token;
use crate::errors::ApiError;
use crate::records::truthy;
use crate::request::{RequestInfo, Validator, decode_body};
use crate::state::SandboxState;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
}

/// Checks name and password and opens a session. The token is only in the body:
/// AYON sets no cookie. Unknown user and wrong password look the same (403).
async fn login(
    State(state): State<SandboxState>,
    info: RequestInfo,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let mut v = Validator::new();
    let fields = v.body_object(&body).map(|obj| {
        (
            v.required_str(obj, &["name"]),
            v.required_str(obj, &["password"]),
        )
    });
    v.finish(&info)?;
    let Some((Some(name), Some(password))) = fields else {
        // finish() reported every missing field, so this cannot happen.
        return Err(info.invalid(Vec::new()));
    };

    let invalid = || ApiError::forbidden("Invalid login/password combination");
    let mut store = state.store();
    let user = store.user_for_login(&name).cloned().ok_or_else(invalid)?;
    if user.is_service() {
        return Err(ApiError::forbidden("Service users cannot log in"));
    }
    let Some(stored) = &user.password else {
        return Err(ApiError::forbidden(
            "Password login is not enabled for this user",
        ));
    };
    if truthy(user.data.get("disablePasswordLogin")) {
        return Err(ApiError::forbidden("Password login is disabled"));
    }
    if *stored != password {
        return Err(invalid());
    }
    if !user.active {
        return Err(ApiError::unauthorized("User is not active"));
    }
    let token = store.create_session(&user.name);
    Ok(Json(json!({
        "detail": format!("Logged in as {}", user.name),
        "error": null,
        "token": token,
        "user": user.to_login_json(),
        "redirectUrl": null,
    })))
}

/// Ends the session named by `?token=`, the `accessToken` cookie or a 64-char
/// Bearer token (in that order). Always 200, valid token or not; `X-Api-Key` is
/// not considered.
async fn logout(
    State(state): State<SandboxState>,
    info: RequestInfo,
    headers: HeaderMap,
) -> Json<Value> {
    if let Some(token) = logout_token(&headers, &info.query) {
        state.store().end_session(&token, "User logged out");
    }
    Json(json!({"detail": "Logged out"}))
}
