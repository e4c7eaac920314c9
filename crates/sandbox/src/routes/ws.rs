//! `GET /ws`: AYON's live event stream (ws/README.md). No subprotocol and no
//! token in the URL: the client authorises with its first text frames (see
//! [`crate::stream::connection`]).

use axum::Router;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::Uri;
use axum::response::Response;
use axum::routing::get;

use crate::state::SandboxState;
use crate::stream::connection;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route("/ws", get(upgrade))
}

/// Accepts the WebSocket at once. A plain HTTP request gets the usual 404, as
/// Starlette finds no HTTP route at `/ws`.
async fn upgrade(
    State(state): State<SandboxState>,
    uri: Uri,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    match upgrade {
        Ok(upgrade) => upgrade.on_upgrade(move |socket| connection::serve(socket, state)),
        Err(_) => super::not_found(uri).await,
    }
}
