//! `GET /api/events/{event_id}` (ayon-api.md §7, fixture 62). The sandbox's
//! events are the `addon.install` events of addon uploads.

use std::time::Instant;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::auth::Auth;
use crate::errors::{ApiError, ValidationIssue};
use crate::names;
use crate::request::{RequestInfo, Validator, path_text, regex_issue};
use crate::state::SandboxState;

/// Event IDs are exactly this long.
const EVENT_ID_LEN: usize = 32;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route("/api/events/{event_id}", get(get_event))
}

/// One event; its status is read off its plan at the time of the request.
async fn get_event(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let id = path_text(id);
    let mut v = Validator::new();
    if let Some(issue) = event_id_issue(&id) {
        v.push(issue);
    }
    v.finish(&info)?;
    let store = state.store();
    let event = store
        .events
        .get(&id)
        .ok_or_else(|| ApiError::not_found("Event not found"))?;
    Ok(Json(event.to_json(Instant::now())))
}

/// Pydantic's checks of `constr(min_length=32, max_length=32, regex=...)`, in
/// its order: length first, then the pattern.
fn event_id_issue(id: &str) -> Option<ValidationIssue> {
    let loc = vec![json!("path"), json!("event_id")];
    let len = id.chars().count();
    let (relation, kind) = match len {
        l if l < EVENT_ID_LEN => ("at least", "value_error.any_str.min_length"),
        l if l > EVENT_ID_LEN => ("at most", "value_error.any_str.max_length"),
        _ if !names::is_event_id(id) => return Some(regex_issue(loc, names::EVENT_ID_REGEX)),
        _ => return None,
    };
    Some(
        ValidationIssue::new(
            loc,
            format!("ensure this value has {relation} {EVENT_ID_LEN} characters"),
            kind,
        )
        .with_ctx(json!({"limit_value": EVENT_ID_LEN})),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_checked_like_pydantic() {
        assert!(event_id_issue(&"a".repeat(32)).is_none());
        let short = event_id_issue("abc").map(|i| i.kind);
        assert_eq!(short.as_deref(), Some("value_error.any_str.min_length"));
        let long = event_id_issue(&"a".repeat(33)).map(|i| i.kind);
        assert_eq!(long.as_deref(), Some("value_error.any_str.max_length"));
        let upper = event_id_issue(&"A".repeat(32)).map(|i| i.kind);
        assert_eq!(upper.as_deref(), Some("value_error.str.regex"));
    }
}
