//! `POST /api/system/restart` (fixture 65). The sandbox does not stop: a
//! "restart" loads the addons installed since the last one (fixtures 64 and
//! 66) and does to `/ws` what AYON 1.16's restart does: `server.restart_requested`,
//! every connection closed with 1012, then a `log.info` when it is "back".

use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::sender::EventOrigin;
use crate::state::SandboxState;
use crate::stream::publish;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route("/api/system/restart", post(restart))
}

/// Admin only → 204. Sessions survive, as on the real server (fixture 66 still
/// uses the token from before the restart).
async fn restart(
    State(state): State<SandboxState>,
    auth: Auth,
    origin: EventOrigin,
) -> Result<StatusCode, ApiError> {
    let caller = auth.require()?;
    if !caller.user.is_admin() {
        return Err(ApiError::forbidden("Only admins can restart the server"));
    }
    state.store().addons.restart(Instant::now());
    publish::restart(&state, caller.name(), &origin);
    Ok(StatusCode::NO_CONTENT)
}
