//! The events the panel holds: a bounded list (oldest dropped and counted), one row per
//! event id (an update replaces its row, so a followed install shows its latest progress),
//! and a filter that matches as you type.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use crate::events::ServerEvent;

use super::Cause;

/// One event as the panel shows it.
#[derive(Clone, Debug)]
pub struct EventRow {
    /// The event, as last updated.
    pub event: ServerEvent,
    /// The frame as last received (shown whole, copied as JSON).
    pub raw: String,
    /// When it (or its last update) arrived here.
    pub received: Instant,
    /// How many updates of it arrived after the first delivery.
    pub updates: u32,
    /// The request of this window that caused it, when known.
    pub cause: Option<Cause>,
    /// Lower-cased topic, project, user, status and description, for the filter.
    haystack: String,
}

impl EventRow {
    fn new(event: ServerEvent, raw: String, received: Instant) -> Self {
        let haystack = haystack(&event);
        EventRow {
            event,
            raw,
            received,
            updates: 0,
            cause: None,
            haystack,
        }
    }

    /// Whether every word of `filter` (already lower-cased) is in the row.
    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.haystack.contains(w.as_str()))
    }
}

fn haystack(event: &ServerEvent) -> String {
    let parts = [
        Some(event.topic.as_str()),
        event.project.as_deref(),
        event.user.as_deref(),
        event.status.as_deref(),
        event.description.as_deref(),
        event.sender.as_deref(),
        Some(event.id.as_str()),
    ];
    parts
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The events, oldest first.
#[derive(Debug)]
pub struct EventBuffer {
    rows: VecDeque<EventRow>,
    /// The sequence number of `rows[0]`; each new row takes the next.
    first_seq: u64,
    by_id: HashMap<String, u64>,
    capacity: usize,
    /// Events dropped from the front to stay within `capacity`.
    pub dropped: u64,
    /// Changes since creation, so a filter result can be kept until the list changes.
    pub version: u64,
}

/// The default bound: 10,000 events.
pub const DEFAULT_CAPACITY: usize = 10_000;

impl Default for EventBuffer {
    fn default() -> Self {
        EventBuffer::with_capacity(DEFAULT_CAPACITY)
    }
}

impl EventBuffer {
    /// An empty buffer holding at most `capacity` events.
    pub fn with_capacity(capacity: usize) -> Self {
        EventBuffer {
            rows: VecDeque::new(),
            first_seq: 0,
            by_id: HashMap::new(),
            capacity: capacity.max(1),
            dropped: 0,
            version: 0,
        }
    }

    /// Adds an event, or updates the row of its id; returns the row's sequence number.
    pub fn push(&mut self, event: ServerEvent, raw: String, now: Instant) -> u64 {
        self.version += 1;
        if let Some(&seq) = self.by_id.get(&event.id)
            && let Some(row) = self.row_mut(seq)
        {
            row.haystack = haystack(&event);
            row.event = event;
            row.raw = raw;
            row.received = now;
            row.updates += 1;
            return seq;
        }
        let seq = self.first_seq + self.rows.len() as u64;
        self.by_id.insert(event.id.clone(), seq);
        self.rows.push_back(EventRow::new(event, raw, now));
        while self.rows.len() > self.capacity {
            if let Some(old) = self.rows.pop_front() {
                if self.by_id.get(&old.event.id) == Some(&self.first_seq) {
                    self.by_id.remove(&old.event.id);
                }
                self.dropped += 1;
            }
            self.first_seq += 1;
        }
        seq
    }

    /// The row with sequence number `seq`, while it is held.
    pub fn row(&self, seq: u64) -> Option<&EventRow> {
        let index = usize::try_from(seq.checked_sub(self.first_seq)?).ok()?;
        self.rows.get(index)
    }

    /// The row with sequence number `seq`, mutably.
    pub fn row_mut(&mut self, seq: u64) -> Option<&mut EventRow> {
        let index = usize::try_from(seq.checked_sub(self.first_seq)?).ok()?;
        self.rows.get_mut(index)
    }

    /// The row of event `id`, while it is held.
    pub fn by_id(&self, id: &str) -> Option<(u64, &EventRow)> {
        let seq = *self.by_id.get(id)?;
        self.row(seq).map(|row| (seq, row))
    }

    /// The rows held, oldest first.
    pub fn rows(&self) -> impl Iterator<Item = &EventRow> {
        self.rows.iter()
    }

    /// How many events are held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The sequence numbers of the rows that match `filter` (words, any case), oldest
    /// first.
    pub fn matching(&self, filter: &str) -> Vec<u64> {
        let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.matches(&words))
            .map(|(index, _)| self.first_seq + index as u64)
            .collect()
    }

    /// Drops every row (the dropped count starts again too).
    pub fn clear(&mut self) {
        self.first_seq += self.rows.len() as u64;
        self.rows.clear();
        self.by_id.clear();
        self.dropped = 0;
        self.version += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, topic: &str, status: &str) -> ServerEvent {
        ServerEvent {
            id: id.into(),
            topic: topic.into(),
            status: Some(status.into()),
            description: Some(format!("About {id}")),
            ..ServerEvent::default()
        }
    }

    #[test]
    fn keeps_the_newest_within_its_bound_and_counts_the_rest() {
        let now = Instant::now();
        let mut buffer = EventBuffer::with_capacity(3);
        for n in 0..5 {
            buffer.push(
                event(&n.to_string(), "lab.x", "finished"),
                String::new(),
                now,
            );
        }
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.dropped, 2);
        assert!(buffer.by_id("0").is_none());
        assert_eq!(buffer.by_id("4").map(|(seq, _)| seq), Some(4));
        assert_eq!(buffer.matching(""), [2, 3, 4]);
    }

    #[test]
    fn an_update_replaces_its_row() {
        let now = Instant::now();
        let mut buffer = EventBuffer::default();
        let first = buffer.push(event("a", "addon.install", "pending"), "1".into(), now);
        buffer.push(event("b", "lab.x", "finished"), String::new(), now);
        let again = buffer.push(event("a", "addon.install", "finished"), "2".into(), now);
        assert_eq!(first, again);
        assert_eq!(buffer.len(), 2);
        let row = buffer
            .row(first)
            .map(|r| (r.event.status.clone(), r.updates, r.raw.clone()));
        assert_eq!(row, Some((Some("finished".into()), 1, "2".into())));
    }

    #[test]
    fn the_filter_takes_every_word_in_any_case() {
        let now = Instant::now();
        let mut buffer = EventBuffer::default();
        buffer.push(
            event("alpha", "entity.project.created", "finished"),
            String::new(),
            now,
        );
        buffer.push(event("bravo", "log.error", "finished"), String::new(), now);
        buffer.push(
            event("charlie", "entity.project.deleted", "failed"),
            String::new(),
            now,
        );
        assert_eq!(buffer.matching("PROJECT"), [0, 2]);
        assert_eq!(buffer.matching("project failed"), [2]);
        assert_eq!(buffer.matching("about bravo"), [1]);
        buffer.clear();
        assert!(buffer.is_empty());
        assert!(buffer.matching("").is_empty());
    }
}
