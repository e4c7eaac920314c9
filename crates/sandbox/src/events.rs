//! Events (ayon-api.md §7, fixture 62): the sandbox only creates the
//! `addon.install` events of addon uploads.
//!
//! An event's life is planned when it is created, as a list of [`Phase`]s each
//! starting some time after creation; its status, description and `updatedAt`
//! are read off that plan whenever the event is looked at. No task runs in the
//! background, and tests can rely on the timing.

use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::clock;
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
    /// The user who caused it.
    pub user: String,
    /// Topic-specific data.
    pub summary: Map<String, Value>,
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
            user: user.to_owned(),
            summary,
            created_at: now,
            started: Instant::now(),
            started_at: now,
            phases,
        }
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
            "sender": null,
            "senderType": null,
            "project": null,
            "user": self.user,
            "dependsOn": null,
            "status": self.status(now),
            "retries": 0,
            "description": self.description(now),
            "summary": self.summary,
            "payload": {},
            "createdAt": clock::format_system_time(self.created_at),
            "updatedAt": clock::format_system_time(self.updated_at(now)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Vec<Phase> {
        let phase = |ms, status, text: &str| Phase {
            after: Duration::from_millis(ms),
            status,
            description: text.into(),
        };
        vec![
            phase(0, "pending", "queued"),
            phase(200, "in_progress", "working"),
            phase(500, "finished", "done"),
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
        assert_eq!(event.done_at(), start + Duration::from_millis(500));
        assert_eq!(
            event.updated_at(end),
            event.started_at + Duration::from_millis(500)
        );
        let body = event.to_json(end);
        assert_eq!(body["hash"].as_str().map(str::len), Some(64));
        assert_eq!(body["senderType"], Value::Null);
    }
}
