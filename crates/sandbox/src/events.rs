//! Events (ayon-api.md §7, fixture 62): the `addon.install` events of addon
//! uploads, the entity events of project changes, server log events and the
//! events clients post themselves.
//!
//! An event's life is planned when it is created, as a list of [`Phase`]s each
//! starting some time after creation; its status, description and `updatedAt`
//! are read off that plan whenever the event is looked at, so tests can rely on
//! the timing. The live stream follows the same plan (see
//! [`crate::stream::publish`]): it announces each phase when it begins.

use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::clock;
use super::sender::EventOrigin;
use super::tokens;
use ayon_explorer_core::digest::hex;

/// One step of an event's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// How long after the event (re)started this phase begins.
    pub after: Duration,
    /// `pending`, `in_progress`, `finished`, `failed`, ...
    pub status: &'static str,
    /// The event's description during this phase.
    pub description: String,
    /// Percent done, sent with the phase's update on `/ws` (never over REST).
    pub progress: u8,
}

impl Phase {
    /// The single phase of a one-shot event: finished from the start.
    pub fn finished(description: impl Into<String>) -> Self {
        Phase {
            after: Duration::ZERO,
            status: "finished",
            description: description.into(),
            progress: 100,
        }
    }
}

/// An event as stored.
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// 32 lowercase hex characters.
    pub id: String,
    /// 64 hex characters, as AYON's event hashes are.
    pub hash: String,
    /// E.g. `addon.install`.
    pub topic: String,
    /// The user who caused it (none for the server's own log events).
    pub user: Option<String>,
    /// The `x-sender` of the request that caused it.
    pub sender: Option<String>,
    /// The `x-sender-type` of that request (`api` when it had none).
    pub sender_type: Option<String>,
    /// The project it belongs to.
    pub project: Option<String>,
    /// The ID of the event this one depends on.
    pub depends_on: Option<String>,
    /// Topic-specific data, also sent over `/ws`.
    pub summary: Map<String, Value>,
    /// Details only `GET /api/events/{id}` shows.
    pub payload: Map<String, Value>,
    /// When the event was first created (kept when it is reused).
    pub created_at: SystemTime,
    /// When its current run started, on both clocks.
    started: Instant,
    started_at: SystemTime,
    phases: Vec<Phase>,
}

impl EventRecord {
    /// A new event starting now with the given plan (the first phase should
    /// start at zero; an empty plan reads as `pending`).
    pub fn new(
        id: String,
        topic: &str,
        user: &str,
        summary: Map<String, Value>,
        phases: Vec<Phase>,
    ) -> Self {
        let now = SystemTime::now();
        EventRecord {
            hash: hex(&Sha256::digest(format!("{topic}:{id}").as_bytes())),
            id,
            topic: topic.to_owned(),
            user: Some(user.to_owned()),
            sender: None,
            sender_type: None,
            project: None,
            depends_on: None,
            summary,
            payload: Map::new(),
            created_at: now,
            started: Instant::now(),
            started_at: now,
            phases,
        }
    }

    /// A one-shot event with a new ID, finished at once, for nobody in
    /// particular: set the user, origin and project with the `with_*` methods.
    pub fn finished(topic: &str, description: impl Into<String>) -> Self {
        let mut event = EventRecord::new(
            tokens::random_hex(32),
            topic,
            "",
            Map::new(),
            vec![Phase::finished(description)],
        );
        event.user = None;
        event
    }

    /// Sets the user who caused the event.
    pub fn with_user(mut self, user: Option<&str>) -> Self {
        self.user = user.map(str::to_owned);
        self
    }

    /// Sets `sender` and `senderType` from the request.
    pub fn with_origin(mut self, origin: &EventOrigin) -> Self {
        self.sender.clone_from(&origin.sender);
        self.sender_type.clone_from(&origin.sender_type);
        self
    }

    /// Sets the project the event belongs to.
    pub fn with_project(mut self, project: Option<&str>) -> Self {
        self.project = project.map(str::to_owned);
        self
    }

    /// Sets the summary.
    pub fn with_summary(mut self, summary: Map<String, Value>) -> Self {
        self.summary = summary;
        self
    }

    /// Sets the payload.
    pub fn with_payload(mut self, payload: Map<String, Value>) -> Self {
        self.payload = payload;
        self
    }

    /// When each phase begins.
    pub fn phase_starts(&self) -> Vec<Instant> {
        self.phases.iter().map(|p| self.started + p.after).collect()
    }

    /// The phase the event is in at `now`.
    fn phase(&self, now: Instant) -> Option<&Phase> {
        let elapsed = now.saturating_duration_since(self.started);
        self.phases.iter().rev().find(|p| p.after <= elapsed)
    }

    /// Status at `now`.
    pub fn status(&self, now: Instant) -> &'static str {
        self.phase(now).map_or("pending", |p| p.status)
    }

    /// Percent done at `now`.
    pub fn progress(&self, now: Instant) -> u8 {
        self.phase(now).map_or(0, |p| p.progress)
    }

    /// Description at `now`.
    pub fn description(&self, now: Instant) -> &str {
        self.phase(now).map_or("", |p| p.description.as_str())
    }

    /// When the event last changed, as of `now`.
    pub fn updated_at(&self, now: Instant) -> SystemTime {
        self.started_at + self.phase(now).map_or(Duration::ZERO, |p| p.after)
    }

    /// When the plan reaches its last phase.
    pub fn done_at(&self) -> Instant {
        self.started + self.phases.last().map_or(Duration::ZERO, |p| p.after)
    }

    /// The REST model of `GET /api/events/{id}`, in the real server's key order.
    pub fn to_json(&self, now: Instant) -> Value {
        json!({
            "id": self.id,
            "hash": self.hash,
            "topic": self.topic,
            "sender": self.sender,
            "senderType": self.sender_type,
            "project": self.project,
            "user": self.user,
            "dependsOn": self.depends_on,
            "status": self.status(now),
            "retries": 0,
            "description": self.description(now),
            "summary": self.summary,
            "payload": self.payload,
            "createdAt": clock::format_system_time(self.created_at),
            "updatedAt": clock::format_system_time(self.updated_at(now)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Vec<Phase> {
        let phase = |ms, status, text: &str, progress| Phase {
            after: Duration::from_millis(ms),
            status,
            description: text.into(),
            progress,
        };
        vec![
            phase(0, "pending", "queued", 0),
            phase(200, "in_progress", "working", 50),
            phase(500, "finished", "done", 100),
        ]
    }

    #[test]
    fn status_follows_the_plan() {
        let event = EventRecord::new("a".repeat(32), "addon.install", "admin", Map::new(), plan());
        let start = event.started;
        assert_eq!(event.status(start), "pending");
        assert_eq!(
            event.status(start + Duration::from_millis(250)),
            "in_progress"
        );
        let end = start + Duration::from_secs(1);
        assert_eq!(event.status(end), "finished");
        assert_eq!(event.description(end), "done");
        assert_eq!(event.progress(end), 100);
        assert_eq!(event.phase_starts().len(), 3);
        assert_eq!(event.done_at(), start + Duration::from_millis(500));
        assert_eq!(
            event.updated_at(end),
            event.started_at + Duration::from_millis(500)
        );
        let body = event.to_json(end);
        assert_eq!(body["hash"].as_str().map(str::len), Some(64));
        assert_eq!(body["senderType"], Value::Null);
    }

    #[test]
    fn one_shot_events_are_finished_and_carry_their_origin() {
        let origin = EventOrigin {
            sender: Some("me".into()),
            sender_type: Some("api".into()),
        };
        let event = EventRecord::finished("entity.project.created", "Created project p")
            .with_user(Some("admin"))
            .with_origin(&origin)
            .with_project(Some("p"));
        let body = event.to_json(Instant::now());
        assert_eq!(body["status"], "finished");
        assert_eq!(body["sender"], "me");
        assert_eq!(body["senderType"], "api");
        assert_eq!(body["project"], "p");
        assert_eq!(body["user"], "admin");
        assert_eq!(body["id"].as_str().map(str::len), Some(32));
    }
}
