//! The frames an AYON server sends on `/ws`: heartbeats and events. Anything else (a
//! frame that is not JSON, an object without a topic) is kept aside as ignored, never an
//! error: a newer server may send more.

use serde::{Deserialize, Serialize};

/// One event as the server sent it (keys as on the wire, camelCase). Updates of an event
/// carry the same `id` with a newer `updatedAt`, `status` and `progress`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServerEvent {
    /// The event's id (32 hex digits); `GET /api/events/{id}` has its full record.
    pub id: String,
    /// `entity.project.created`, `addon.install`, `log.error`, ...
    pub topic: String,
    /// The project it concerns, if any.
    pub project: Option<String>,
    /// The user whose request caused it (`null` for the server's own).
    pub user: Option<String>,
    /// The `x-sender` header of the request that caused it, when the server passed it on.
    pub sender: Option<String>,
    /// The `x-sender-type` header, or `api` (1.16).
    pub sender_type: Option<String>,
    /// `pending`, `in_progress`, `finished`, `failed`, `aborted`, `restarted`.
    pub status: Option<String>,
    /// 0-100, when set.
    pub progress: Option<f64>,
    /// One line for people.
    pub description: Option<String>,
    /// A small object of facts (the payload is only in the stored record).
    pub summary: serde_json::Value,
    /// When it was created (server time, ISO 8601 without a zone).
    pub created_at: Option<String>,
    /// When it last changed.
    pub updated_at: Option<String>,
    /// The event this one follows.
    pub depends_on: Option<String>,
    /// Whether the server stored it (`GET /api/events/{id}` then answers).
    pub store: Option<bool>,
}

impl ServerEvent {
    /// Whether it is one of the server's log lines (`log.info`, `log.error`, ...).
    pub fn is_log(&self) -> bool {
        self.topic.starts_with("log.") || self.topic == "log"
    }
}

/// One frame from the server, read.
#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    /// `{"topic":"heartbeat"}`.
    Heartbeat,
    /// An event, with the frame's text (to show it exactly as sent).
    Event {
        /// The event.
        event: Box<ServerEvent>,
        /// The frame as received.
        raw: String,
    },
    /// Not JSON, or JSON without a `topic` or `id`: shown as counted, never as an error.
    Ignored,
}

/// Reads a text frame.
pub fn parse_frame(text: &str) -> Frame {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Frame::Ignored;
    };
    let topic = value.get("topic").and_then(|t| t.as_str());
    match topic {
        Some("heartbeat") => Frame::Heartbeat,
        Some(_) if value.get("id").is_some_and(|id| id.is_string()) => {
            match serde_json::from_value::<ServerEvent>(value) {
                Ok(event) => Frame::Event {
                    event: Box::new(event),
                    raw: text.to_owned(),
                },
                Err(_) => Frame::Ignored,
            }
        }
        _ => Frame::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATED: &str = r#"{"createdAt":"2026-12-07T10:12:21.261415","dependsOn":null,"description":"Created project wsprobe_tmp","id":"b0b6500af22611f1b7da02fc00000001","progress":100,"project":"wsprobe_tmp","sender":null,"senderType":"api","status":"finished","store":true,"summary":{},"topic":"entity.project.created","updatedAt":"2026-12-07T10:12:21.261419","user":"admin"}"#;

    #[test]
    fn reads_heartbeats_events_and_ignores_the_rest() {
        assert_eq!(parse_frame(r#"{"topic":"heartbeat"}"#), Frame::Heartbeat);
        let Frame::Event { event, raw } = parse_frame(CREATED) else {
            panic!("an event");
        };
        assert_eq!(raw, CREATED);
        assert_eq!(event.topic, "entity.project.created");
        assert_eq!(event.project.as_deref(), Some("wsprobe_tmp"));
        assert_eq!(event.sender_type.as_deref(), Some("api"));
        assert_eq!(event.progress, Some(100.0));
        assert!(!event.is_log());
        for junk in [
            "not json",
            "{}",
            r#"{"no":"topic"}"#,
            "[1,2]",
            r#"{"topic":"x"}"#,
        ] {
            assert_eq!(parse_frame(junk), Frame::Ignored, "{junk}");
        }
    }

    #[test]
    fn an_update_without_store_or_progress_reads() {
        let update = r#"{"id":"ab","topic":"addon.install","status":"in_progress","updatedAt":"2026-12-07T10:00:00"}"#;
        let Frame::Event { event, .. } = parse_frame(update) else {
            panic!("an event");
        };
        assert_eq!(event.status.as_deref(), Some("in_progress"));
        assert_eq!(event.store, None);
        assert_eq!(event.progress, None);
    }
}
