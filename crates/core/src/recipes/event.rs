//! Waiting for an AYON event to end by polling `GET /api/events/{id}` (ayon-api.md §7;
//! fixture 62). Progress is not in the REST model (only on the WebSocket), so the
//! status and description are all there is to show.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::http::{HttpMethod, human_duration};

use super::explain::Action;
use super::target::{json_of, unexpected};
use super::{RecipeError, RecipeRun, RecipeTarget, StepId, StepState};

/// An event as last read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventState {
    /// `pending`, `in_progress`, `finished`, `failed`, `aborted`, `restarted`.
    pub status: String,
    /// The server's description, e.g. `Addon labtest 0.1.0 installed`.
    pub description: String,
    /// The event's `summary` object (`name`, `version` for addon installs).
    pub summary: Value,
}

impl EventState {
    /// Whether the event will not change any more.
    pub fn is_final(&self) -> bool {
        matches!(self.status.as_str(), "finished" | "failed" | "aborted")
    }

    /// Whether it ended badly.
    pub fn is_failure(&self) -> bool {
        matches!(self.status.as_str(), "failed" | "aborted")
    }
}

/// Reads the event every `every` until it is final or `limit` has passed. A running
/// step of `run` shows the wait; each new status and description on the way becomes an
/// info step before it. Returns the final state and the running step, for the caller
/// to end; on an error the step is already marked failed.
pub(crate) async fn wait_for_event(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    id: &str,
    run: &RecipeRun,
    every: Duration,
    limit: Duration,
) -> Result<(EventState, StepId), RecipeError> {
    let waiting = format!("Waiting for the install event {id}…");
    let mut step = run.begin(waiting.clone());
    let started = Instant::now();
    let mut last: Option<(String, String)> = None;
    loop {
        let state = run.check(step, read_event(client, target, id).await)?;
        if state.is_final() {
            return Ok((state, step));
        }
        let seen = (state.status.clone(), state.description.clone());
        if last.as_ref() != Some(&seen) {
            // The news takes the waiting step's place; a new one follows it.
            run.finish(
                step,
                format!("Event {}: {}", state.status, state.description),
                StepState::Info,
            );
            step = run.begin(waiting.clone());
            last = Some(seen);
        }
        if started.elapsed() >= limit {
            let err = RecipeError::Server {
                status: 200,
                detail: state.status.clone(),
                explanation: format!(
                    "The event {id} still says {} after {}: the server may still be \
                     working; look at it again later (GET /api/events/{id}).",
                    state.status,
                    human_duration(limit)
                ),
            };
            run.fail(step, &err);
            return Err(err);
        }
        tokio::time::sleep(every).await;
    }
}

/// `GET /api/events/{id}` as an [`EventState`].
async fn read_event(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    id: &str,
) -> Result<EventState, RecipeError> {
    let action = Action::ReadEvent { id: id.to_string() };
    let spec = target.request(HttpMethod::Get, &["api", "events", id])?;
    let exchange = target.call(client, &spec, &action, None).await?;
    let body = json_of(&exchange, "an event")?;
    let Some(status) = body.get("status").and_then(Value::as_str) else {
        return Err(unexpected(&exchange, "an event", &"it has no status"));
    };
    Ok(EventState {
        status: status.to_string(),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        summary: body.get("summary").cloned().unwrap_or(Value::Null),
    })
}
