//! `GET /api/projects/{project_name}/thumbnails/{thumbnail_id}`: a stored thumbnail's
//! bytes with its media type, as the real server's `get_thumbnail`.
//!
//! Simplified: the real server answers an unknown ID with a placeholder picture
//! (`?placeholder=empty`, the default) or 204 (`none`); the sandbox answers 404
//! "Thumbnail not found" either way, so a client sees the miss. `?original=` is
//! accepted and ignored (there is one size of each thumbnail). Version, folder and
//! task thumbnail routes are not served.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::names;
use crate::request::{RequestInfo, Validator, const_issue, regex_issue};
use crate::state::SandboxState;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route(
        "/api/projects/{project_name}/thumbnails/{thumbnail_id}",
        get(get_thumbnail),
    )
}

/// The thumbnail's bytes (managers only, as the real server says: a thumbnail ID alone
/// must not reveal a project's pictures); 404 for an unknown project or ID.
async fn get_thumbnail(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    params: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let caller = auth.require()?;
    let mut v = Validator::new();
    let (project, id) = params.map(|Path(p)| p).unwrap_or_default();
    if !names::is_project_name(&project) {
        v.push(regex_issue(
            vec![json!("path"), json!("project_name")],
            names::PROJECT_NAME_REGEX,
        ));
    }
    if !names::is_event_id(&id) {
        v.push(regex_issue(
            vec![json!("path"), json!("thumbnail_id")],
            names::EVENT_ID_REGEX,
        ));
    }
    if let Some(placeholder) = info.query.get("placeholder")
        && !matches!(placeholder, "empty" | "none")
    {
        v.push(const_issue(
            vec![json!("query"), json!("placeholder")],
            &json!(placeholder),
            &["empty", "none"],
        ));
    }
    let _original = v.query_bool(&info.query, "original");
    v.finish(&info)?;
    caller.require_manager()?;
    let store = state.store();
    if store.project(&project).is_none() {
        return Err(ApiError::not_found(format!("Project {project} not found")));
    }
    let thumbnail = store
        .thumbnails
        .get(&project, &id)
        .ok_or_else(|| ApiError::not_found("Thumbnail not found"))?;
    Ok((
        [(header::CONTENT_TYPE, thumbnail.mime)],
        thumbnail.bytes.clone(),
    )
        .into_response())
}
