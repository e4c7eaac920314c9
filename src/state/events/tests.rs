use std::time::{Duration, Instant};

use super::*;

fn event(id: &str, topic: &str, sender: Option<&str>) -> Box<ServerEvent> {
    Box::new(ServerEvent {
        id: id.into(),
        topic: topic.into(),
        sender: sender.map(Into::into),
        user: Some("admin".into()),
        project: Some("demo".into()),
        ..ServerEvent::default()
    })
}

fn arrive(state: &mut EventsState, event: Box<ServerEvent>, now: Instant) -> Vec<EventsFollowUp> {
    state.stream_update(
        StreamUpdate::Event {
            event,
            raw: "{}".into(),
        },
        now,
    )
}

#[test]
fn the_connection_moves_through_its_states() {
    let now = Instant::now();
    let mut state = EventsState::default();
    state.stream_update(StreamUpdate::Connecting { attempt: 1 }, now);
    state.stream_update(StreamUpdate::Connected, now);
    assert_eq!(state.status, StreamStatus::Waiting);
    state.stream_update(StreamUpdate::Heartbeat, now);
    assert!(state.status.is_live());
    assert_eq!(state.heartbeats, 1);
    assert!(
        state.buffer.is_empty(),
        "heartbeats are counted, not listed"
    );
    state.stream_update(StreamUpdate::Restarting, now);
    state.stream_update(
        StreamUpdate::Retrying {
            after: Duration::from_secs(1),
            attempt: 1,
        },
        now,
    );
    assert_eq!(state.status, StreamStatus::Restarting);
    state.stream_update(
        StreamUpdate::Dropped {
            reason: "reset".into(),
        },
        now,
    );
    state.stream_update(
        StreamUpdate::Retrying {
            after: Duration::from_secs(2),
            attempt: 2,
        },
        now,
    );
    assert!(
        state.status.describe(now).contains("reset"),
        "{:?}",
        state.status
    );
    assert!(state.status.describe(now).contains("in 2 s"));
    state.stream_update(StreamUpdate::NotAuthorised, now);
    state.stream_update(StreamUpdate::Stopped, now);
    assert_eq!(state.status, StreamStatus::NotAuthorised);
    assert!(state.status.describe(now).contains("Not authorised"));
}

#[test]
fn pause_keeps_events_aside_and_resume_lists_them() {
    let now = Instant::now();
    let mut state = EventsState::default();
    arrive(&mut state, event("a", "lab.x", None), now);
    state.toggle_pause(now);
    arrive(&mut state, event("b", "lab.x", None), now);
    arrive(&mut state, event("c", "lab.x", None), now);
    assert_eq!(state.buffer.len(), 1);
    assert_eq!(state.waiting(), 2);
    state.toggle_pause(now);
    assert_eq!(state.buffer.len(), 3);
    assert_eq!(state.waiting(), 0);
}

#[test]
fn events_of_our_requests_are_marked_with_their_cause() {
    let now = Instant::now();
    let mut state = EventsState::default();
    let sender = state.next_sender(
        7,
        TabId::from(3),
        "POST",
        "/api/projects",
        Some("admin".into()),
        now,
    );
    assert!(
        sender.starts_with("explorer-") && sender.ends_with(".7"),
        "{sender}"
    );
    arrive(
        &mut state,
        event("a", "entity.project.created", Some(&sender)),
        now,
    );
    arrive(&mut state, event("b", "lab.x", Some("someone-else")), now);
    let follow_up = arrive(&mut state, event("c", "log.error", None), now);
    assert_eq!(follow_up, [EventsFollowUp::FetchRecord("c".into())]);
    state.record_fetched(
        "c",
        serde_json::json!({"payload": {"path": "[POST] /projects", "traceback": "Traceback..."}}),
    );
    let caused = state.caused_by(&sender);
    let ids: Vec<&str> = caused.iter().map(|r| r.event.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(
        caused[0].cause.as_ref().map(|c| c.by),
        Some(MatchedBy::Sender)
    );
    assert_eq!(
        caused[1].cause.as_ref().map(|c| c.by),
        Some(MatchedBy::Path)
    );
    assert_eq!(caused_summary(&caused), "2 events, 1 log.error");
    assert!(state.records.contains_key("c"));
}

#[test]
fn the_filter_result_is_kept_until_something_changes() {
    let now = Instant::now();
    let mut state = EventsState::default();
    arrive(&mut state, event("a", "entity.project.created", None), now);
    arrive(&mut state, event("b", "log.error", None), now);
    state.filter = "log".into();
    assert_eq!(state.visible(), [1]);
    arrive(&mut state, event("c", "log.info", None), now);
    assert_eq!(state.visible(), [1, 2]);
}

#[test]
fn the_typed_subscription_reads_commas_and_spaces() {
    let mut state = EventsState {
        topics_input: "entity.project, log. ".into(),
        project_input: " demo ".into(),
        ..EventsState::default()
    };
    let subscription = state.typed_subscription();
    assert_eq!(subscription.topics, ["entity.project", "log."]);
    assert_eq!(subscription.project.as_deref(), Some("demo"));
    state.topics_input = " ".into();
    assert_eq!(state.typed_subscription().topics, ["*"]);
}
