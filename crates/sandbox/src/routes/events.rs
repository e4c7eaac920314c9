//! `GET /api/events/{event_id}` (ayon-api.md §7, fixture 62) and `POST
//! /api/events` (the 1.11.2 request model; answers as recorded in
//! ws/ayon-*-probe.jsonl). Stored events are install, entity, log and
//! posted events; each new one also goes to `/ws`.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::auth::Auth;
use crate::errors::{ApiError, ValidationIssue};
use crate::events::{EventRecord, Phase};
use crate::names;
use crate::request::{RequestInfo, Validator, decode_body, path_text, regex_issue};
use crate::sender::EventOrigin;
use crate::state::SandboxState;
use crate::stream::publish;
use crate::tokens;

/// Event IDs are exactly this long.
const EVENT_ID_LEN: usize = 32;

/// What event topics may look like.
const TOPIC_REGEX: &str = r"^[a-zA-Z][a-zA-Z0-9_\.\*]{2,64}$";

/// What an event's project name may look like.
const EVENT_PROJECT_REGEX: &str = r"^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$";

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/events", post(post_event))
        .route("/api/events/{event_id}", get(get_event))
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
    if let Some(issue) = length_issue(loc.clone(), id) {
        return Some(issue);
    }
    (!names::is_event_id(id)).then(|| regex_issue(loc, names::EVENT_ID_REGEX))
}

/// Pydantic's `min_length=32, max_length=32`.
fn length_issue(loc: Vec<Value>, value: &str) -> Option<ValidationIssue> {
    let (relation, kind) = match value.chars().count() {
        l if l < EVENT_ID_LEN => ("at least", "value_error.any_str.min_length"),
        l if l > EVENT_ID_LEN => ("at most", "value_error.any_str.max_length"),
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

/// The fields of `POST /api/events` (`DispatchEventRequestModel`).
struct NewEvent {
    topic: String,
    sender: Option<String>,
    hash: Option<String>,
    project: Option<String>,
    depends_on: Option<String>,
    description: String,
    summary: Map<String, Value>,
    payload: Map<String, Value>,
    finished: bool,
    store: bool,
    reuse: bool,
}

/// Creates an event (managers) → `{"id"}`. With `"store": false` it is only
/// published ("fire-and-forget"): `GET /api/events/{id}` then answers 404. A
/// taken `hash` is a 409 unless `reuse` is set, which replaces that event
/// (keeping its ID).
async fn post_event(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let new_event = v
        .body_object(&body)
        .and_then(|obj| read_new_event(&mut v, obj));
    v.finish(&info)?;
    let Some(new_event) = new_event else {
        return Err(info.invalid(Vec::new()));
    };
    caller.require_manager()?;

    let phase = if new_event.finished {
        Phase::finished(new_event.description)
    } else {
        Phase {
            after: Duration::ZERO,
            status: "pending",
            description: new_event.description,
            progress: 0,
        }
    };
    let mut event = EventRecord::new(
        tokens::random_hex(EVENT_ID_LEN),
        &new_event.topic,
        caller.name(),
        new_event.summary,
        vec![phase],
    )
    .with_origin(&origin)
    .with_project(new_event.project.as_deref())
    .with_payload(new_event.payload);
    // A sender named in the body wins over the header.
    if new_event.sender.is_some() {
        event.sender = new_event.sender;
    }
    event.depends_on = new_event.depends_on;
    if new_event.store {
        let store = state.store();
        if let Some(depends_on) = &event.depends_on
            && !store.events.contains_key(depends_on)
        {
            return Err(ApiError::conflict("Event depends on non-existing event"));
        }
        if let Some(hash) = new_event.hash {
            let taken = store.events.values().find(|e| e.hash == hash);
            match taken {
                Some(_) if !new_event.reuse => {
                    return Err(ApiError::conflict("Event with same hash already exists"));
                }
                Some(earlier) => {
                    event.id = earlier.id.clone();
                    event.created_at = earlier.created_at;
                }
                None => {}
            }
            event.hash = hash;
        }
    } else if let Some(hash) = new_event.hash {
        event.hash = hash;
    }
    let id = publish::dispatch(&state, event, new_event.store);
    Ok(Json(json!({"id": id})))
}

/// Reads and checks the body of `POST /api/events`.
fn read_new_event(v: &mut Validator, obj: &Map<String, Value>) -> Option<NewEvent> {
    let topic = v.required_str(obj, &["topic"]);
    if let Some(topic) = &topic
        && !is_topic(topic)
    {
        v.push(regex_issue(
            vec![json!("body"), json!("topic")],
            TOPIC_REGEX,
        ));
    }
    let sender = v.optional_str(obj, &["sender"]);
    let hash = v.optional_str(obj, &["hash"]);
    let project = v.optional_str(obj, &["project"]);
    if let Some(project) = &project
        && !is_event_project(project)
    {
        v.push(regex_issue(
            vec![json!("body"), json!("project")],
            EVENT_PROJECT_REGEX,
        ));
    }
    let depends_on = v.optional_str(obj, &["dependsOn", "depends_on"]);
    if let Some(issue) = depends_on
        .as_deref()
        .and_then(|d| length_issue(vec![json!("body"), json!("dependsOn")], d))
    {
        v.push(issue);
    }
    let description = v.optional_str(obj, &["description"]).unwrap_or_default();
    let summary = v.optional_object(obj, &["summary"]).unwrap_or_default();
    let payload = v.optional_object(obj, &["payload"]).unwrap_or_default();
    let finished = v.optional_bool(obj, &["finished"]).unwrap_or(true);
    let store = v.optional_bool(obj, &["store"]).unwrap_or(true);
    let reuse = v.optional_bool(obj, &["reuse"]).unwrap_or(false);
    Some(NewEvent {
        topic: topic?,
        sender,
        hash,
        project,
        depends_on,
        description,
        summary,
        payload,
        finished,
        store,
        reuse,
    })
}

/// `^[a-zA-Z][a-zA-Z0-9_\.\*]{2,64}$`.
fn is_topic(topic: &str) -> bool {
    let mut chars = topic.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest: Vec<char> = chars.collect();
    first_ok
        && (2..=64).contains(&rest.len())
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '*'))
}

/// `^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$`.
fn is_event_project(project: &str) -> bool {
    let edge = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let (Some(first), Some(last)) = (project.chars().next(), project.chars().last()) else {
        return false;
    };
    edge(first) && edge(last) && project.chars().all(|c| edge(c) || matches!(c, '.' | '-'))
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

    #[test]
    fn topics_and_projects_follow_the_model() {
        assert!(is_topic("lab.wsprobe"));
        assert!(is_topic("abc"));
        assert!(!is_topic("ab"));
        assert!(!is_topic("1abc"));
        assert!(!is_topic("lab probe"));
        assert!(is_event_project("demo_Commercial"));
        assert!(is_event_project("a.b-c"));
        assert!(!is_event_project("a-"));
        assert!(!is_event_project(""));
    }
}
