//! Publishing events: store them (unless fire-and-forget), send them to the
//! stream, and announce each later phase of a planned event when it begins.

use std::time::Instant;

use serde_json::{Map, Value};

use crate::events::EventRecord;
use crate::sender::EventOrigin;
use crate::state::SandboxState;

use super::frame;

/// The `log.info` the server publishes when a restart is over.
pub const READY_MESSAGE: &str = "Server is now ready to connect";

/// Stores `event` when `store` is set, then publishes it; returns its ID. A
/// stored event is in the store before any client hears of it.
pub fn dispatch(state: &SandboxState, event: EventRecord, store: bool) -> String {
    let message = frame::dispatched(&event, Instant::now(), store);
    let id = event.id.clone();
    if store {
        state.store().events.insert(id.clone(), event);
    }
    state.stream().publish(&message);
    id
}

/// Publishes the stored event `id` as new, then each later phase of its plan
/// as an update with the same ID when the phase begins. Stops when the event
/// is gone (a reinstall replaces it).
pub fn announce_stored(state: &SandboxState, id: &str) {
    let now = Instant::now();
    let Some((message, starts)) = state
        .store()
        .events
        .get(id)
        .map(|e| (frame::dispatched(e, now, true), e.phase_starts()))
    else {
        return;
    };
    state.stream().publish(&message);
    let later: Vec<Instant> = starts.into_iter().filter(|s| *s > now).collect();
    // Outside a runtime (never in a handler) the updates are just not sent.
    let (false, Ok(runtime)) = (later.is_empty(), tokio::runtime::Handle::try_current()) else {
        return;
    };
    let state = state.clone();
    let id = id.to_owned();
    runtime.spawn(async move {
        for start in later {
            tokio::time::sleep_until(start.into()).await;
            let at = Instant::now().max(start);
            let Some(message) = state.store().events.get(&id).map(|e| frame::updated(e, at)) else {
                return;
            };
            state.stream().publish(&message);
        }
    });
}

/// A `log.error` for a request that failed with a 500: stored, from the
/// server itself (no sender), with the caller as its user.
pub fn log_error(
    state: &SandboxState,
    description: &str,
    user: Option<&str>,
    payload: Map<String, Value>,
) -> String {
    let event = EventRecord::finished("log.error", description)
        .with_user(user)
        .with_payload(payload);
    dispatch(state, event, true)
}

/// `POST /api/system/restart`: `server.restart_requested`, then every
/// connection closes with 1012, and after the configured delay the stored
/// `log.info` [`READY_MESSAGE`] that reconnected clients see first.
pub fn restart(state: &SandboxState, user: &str, origin: &EventOrigin) {
    let requested = EventRecord::finished("server.restart_requested", "")
        .with_user(Some(user))
        .with_origin(origin);
    dispatch(state, requested, true);
    state.stream().restart();
    let delay = state.stream().settings().restart_ready_delay;
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let state = state.clone();
    runtime.spawn(async move {
        tokio::time::sleep(delay).await;
        dispatch(
            &state,
            EventRecord::finished("log.info", READY_MESSAGE),
            true,
        );
    });
}
