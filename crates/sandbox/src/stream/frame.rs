//! The JSON the server sends over `/ws`, keys in alphabetical order as the
//! real server's `json_dumps` writes them (ws/README.md). Timestamps are naive
//! (no `+00:00`), `recipients` is never sent and `payload` stays on the server.

use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::clock;
use crate::events::EventRecord;

/// The heartbeat every authorised client gets.
pub const HEARTBEAT: &str = r#"{"topic":"heartbeat"}"#;

/// The message of a new event (`EventStream.dispatch`): with `store`, and
/// `progress` 100 when it starts finished, else 0.0 (AYON's rule).
pub fn dispatched(event: &EventRecord, now: Instant, store: bool) -> Value {
    let mut frame = common(event, now);
    let progress = if event.status(now) == "finished" {
        json!(100)
    } else {
        json!(f64::from(event.progress(now)))
    };
    frame.insert("progress".into(), progress);
    frame.insert("store".into(), json!(store));
    frame.sort_keys();
    Value::Object(frame)
}

/// The message of a change to a stored event (`EventStream.update`): the same
/// ID, no `store`, and the progress of the phase it is in.
pub fn updated(event: &EventRecord, now: Instant) -> Value {
    let mut frame = common(event, now);
    frame.insert("progress".into(), json!(event.progress(now)));
    frame.sort_keys();
    Value::Object(frame)
}

/// The keys both kinds share.
fn common(event: &EventRecord, now: Instant) -> Map<String, Value> {
    let mut frame = Map::new();
    frame.insert(
        "createdAt".into(),
        json!(clock::format_naive(event.created_at)),
    );
    frame.insert("dependsOn".into(), json!(event.depends_on));
    frame.insert("description".into(), json!(event.description(now)));
    frame.insert("id".into(), json!(event.id));
    frame.insert("project".into(), json!(event.project));
    frame.insert("sender".into(), json!(event.sender));
    frame.insert("senderType".into(), json!(event.sender_type));
    frame.insert("status".into(), json!(event.status(now)));
    frame.insert("summary".into(), Value::Object(event.summary.clone()));
    frame.insert("topic".into(), json!(event.topic));
    frame.insert(
        "updatedAt".into(),
        json!(clock::format_naive(event.updated_at(now))),
    );
    frame.insert("user".into(), json!(event.user));
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_in_alphabetical_order() {
        let event = EventRecord::finished("lab.probe", "hello").with_user(Some("admin"));
        let frame = dispatched(&event, Instant::now(), false);
        let keys: Vec<&str> = frame
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        assert_eq!(keys.len(), 14);
        assert_eq!(frame["progress"], json!(100));
        assert_eq!(frame["store"], json!(false));
        let created = frame["createdAt"].as_str().unwrap_or_default();
        assert!(!created.ends_with("+00:00"), "{created}");

        let update = updated(&event, Instant::now());
        assert!(update.get("store").is_none());
        assert_eq!(update["id"], frame["id"]);
    }
}
