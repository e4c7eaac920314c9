//! The sandbox's HTTP routes, one file per area of the AYON API.
//!
//! Each file exposes `routes()` returning a `Router<SandboxState>` with full
//! paths (`/api/...`, or root paths such as `/openapi.json` and `/graphql`);
//! [`all`] merges them. A new area is one new file here plus one `.merge(...)`
//! line below.

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::routing_quirks::NoRouteMatched;
use super::state::SandboxState;

pub mod addons;
pub mod auth;
pub mod bundles;
pub mod desktop;
pub mod events;
pub mod graphql;
pub mod info;
pub mod openapi;
pub mod practice;
pub mod projects;
pub mod system;
pub mod thumbnails;
pub mod users;
pub mod web;
pub mod ws;

/// Every sandbox route, without fallbacks or middleware.
pub fn all() -> Router<SandboxState> {
    Router::new()
        .merge(info::routes())
        .merge(auth::routes())
        .merge(users::routes())
        .merge(projects::routes())
        .merge(thumbnails::routes())
        .merge(desktop::routes())
        .merge(addons::routes())
        .merge(bundles::routes())
        .merge(events::routes())
        .merge(system::routes())
        .merge(openapi::routes())
        .merge(practice::routes())
        .merge(graphql::routes())
        .merge(ws::routes())
        .merge(web::routes())
}

/// No route matched: AYON's 404 (`API endpoint ... not found` under `/api`,
/// `File ... not found` elsewhere, since the sandbox has no web frontend beyond `/`).
pub async fn not_found(uri: Uri) -> Response {
    let mut response = ApiError::RouteNotFound {
        path: uri.path().to_owned(),
    }
    .into_response();
    // Lets a trailing-slash path be redirected (see `routing_quirks`).
    response.extensions_mut().insert(NoRouteMatched);
    response
}

/// A known path with an unsupported method: FastAPI's plain 405 body.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
