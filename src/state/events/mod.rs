//! The Events panel's state: the live stream's connection, the events it brought (see
//! [`buffer`]), the subscription typed, pause, filter, the events followed, and which
//! request of this window caused which event (see [`cause`]).

pub mod buffer;
pub mod cause;
mod send_form;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::events::stream::StreamUpdate;
use crate::events::{ServerEvent, Subscription};

pub use buffer::{DEFAULT_CAPACITY, EventBuffer, EventRow};
pub use cause::{Cause, MatchedBy, SentRequest, SentRequests};
pub use send_form::SendEventForm;

use super::TabId;

/// Where the stream's connection is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum StreamStatus {
    /// Not connected: nobody is logged in.
    #[default]
    Off,
    /// Opening the socket.
    Connecting {
        /// Which attempt.
        attempt: u32,
    },
    /// Open, the auth message sent; the server answers nothing, so this lasts until the
    /// first heartbeat or event.
    Waiting,
    /// Frames are arriving.
    Live,
    /// No heartbeat for a while where they were coming.
    Late {
        /// For how long.
        silent_for: Duration,
    },
    /// The server is restarting; the stream connects again on its own.
    Restarting,
    /// The connection dropped; another attempt follows.
    Retrying {
        /// Why it dropped.
        reason: String,
        /// When the next attempt starts.
        at: Instant,
        /// Which attempt that is.
        attempt: u32,
    },
    /// The server closed without a word: the token was not taken.
    NotAuthorised,
}

impl StreamStatus {
    /// A short line for the panel's header and the toggle.
    pub fn describe(&self, now: Instant) -> String {
        match self {
            StreamStatus::Off => "Off: log in to watch the server's events".into(),
            StreamStatus::Connecting { attempt: 1 } => "Connecting…".into(),
            StreamStatus::Connecting { attempt } => format!("Connecting (attempt {attempt})…"),
            StreamStatus::Waiting => "Connected, waiting for the first frame…".into(),
            StreamStatus::Live => "Connected".into(),
            StreamStatus::Late { silent_for } => {
                format!("Connected, but no heartbeat for {} s", silent_for.as_secs())
            }
            StreamStatus::Restarting => "The server is restarting; reconnecting…".into(),
            StreamStatus::Retrying {
                reason,
                at,
                attempt,
            } => format!(
                "Disconnected ({reason}); attempt {attempt} in {} s",
                at.saturating_duration_since(now).as_secs_f32().ceil() as u64
            ),
            StreamStatus::NotAuthorised => {
                "Not authorised: the server closed the stream without a word (log in again)".into()
            }
        }
    }

    /// Whether events are arriving.
    pub fn is_live(&self) -> bool {
        matches!(self, StreamStatus::Live | StreamStatus::Late { .. })
    }
}

/// Everything the Events panel shows and edits.
#[derive(Debug)]
pub struct EventsState {
    /// Whether the panel is open.
    pub open: bool,
    /// The connection.
    pub status: StreamStatus,
    /// The events.
    pub buffer: EventBuffer,
    /// Events that arrived while paused, shown on resume (bounded like the list).
    pub paused: Option<VecDeque<(ServerEvent, String)>>,
    /// Events that arrived while paused and did not fit.
    pub paused_dropped: u64,
    /// Heartbeats received (counted, not listed).
    pub heartbeats: u64,
    /// Repeat deliveries dropped (1.11.2).
    pub duplicates: u64,
    /// The filter typed.
    pub filter: String,
    /// The topic prefixes typed (comma or space separated; `*` is everything).
    pub topics_input: String,
    /// The project typed (empty: all).
    pub project_input: String,
    /// The subscription the stream has now.
    pub subscription: Subscription,
    /// The event shown whole.
    pub selected: Option<String>,
    /// Events followed (their updates are pinned at the top).
    pub followed: BTreeSet<String>,
    /// This window's `x-sender` prefix.
    pub window_sender: String,
    /// The sends of this window, to match events to.
    pub sent: SentRequests,
    /// Stored records fetched for log lines (`GET /api/events/{id}`): their payload.
    pub records: HashMap<String, serde_json::Value>,
    /// Log lines waiting for their record, with when they arrived.
    pub awaiting_record: HashMap<String, Instant>,
    /// The "Send an event" form.
    pub send_form: SendEventForm,
    /// The filter's last result: (filter, buffer version, rows).
    pub filtered: Option<(String, u64, Vec<u64>)>,
}

impl Default for EventsState {
    fn default() -> Self {
        EventsState {
            open: false,
            status: StreamStatus::Off,
            buffer: EventBuffer::default(),
            paused: None,
            paused_dropped: 0,
            heartbeats: 0,
            duplicates: 0,
            filter: String::new(),
            topics_input: "*".into(),
            project_input: String::new(),
            subscription: Subscription::default(),
            selected: None,
            followed: BTreeSet::new(),
            window_sender: window_id(),
            sent: SentRequests::default(),
            records: HashMap::new(),
            awaiting_record: HashMap::new(),
            send_form: SendEventForm::default(),
            filtered: None,
        }
    }
}

/// A window id unlikely to repeat: `explorer-` and 8 hex digits from the clock and the
/// process id.
fn window_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or_default();
    format!(
        "explorer-{:08x}",
        nanos ^ std::process::id().rotate_left(16)
    )
}

/// What the app does after the stream reported.
#[derive(Debug, PartialEq, Eq)]
pub enum EventsFollowUp {
    /// Fetch this event's stored record (a log line that may be ours).
    FetchRecord(String),
}

impl EventsState {
    /// Takes one report of the stream (arrived at `now`).
    pub fn stream_update(&mut self, update: StreamUpdate, now: Instant) -> Vec<EventsFollowUp> {
        match update {
            StreamUpdate::Connecting { attempt } => {
                self.status = StreamStatus::Connecting { attempt }
            }
            StreamUpdate::Connected => self.status = StreamStatus::Waiting,
            StreamUpdate::Authorised => self.status = StreamStatus::Live,
            StreamUpdate::Heartbeat => {
                self.heartbeats += 1;
                self.status = StreamStatus::Live;
            }
            StreamUpdate::HeartbeatLate { silent_for } => {
                self.status = StreamStatus::Late { silent_for }
            }
            StreamUpdate::Event { event, raw } => {
                if !matches!(self.status, StreamStatus::Live) {
                    self.status = StreamStatus::Live;
                }
                return self.take_event(*event, raw, now);
            }
            StreamUpdate::Duplicate => self.duplicates += 1,
            StreamUpdate::Ignored => {}
            StreamUpdate::NotAuthorised => self.status = StreamStatus::NotAuthorised,
            StreamUpdate::Restarting => self.status = StreamStatus::Restarting,
            StreamUpdate::Dropped { reason } => {
                self.status = StreamStatus::Retrying {
                    reason,
                    at: now,
                    attempt: 0,
                }
            }
            StreamUpdate::Retrying { after, attempt } => {
                let reason = match &self.status {
                    StreamStatus::Retrying { reason, .. } => reason.clone(),
                    StreamStatus::Restarting => "server restart".into(),
                    _ => "connection lost".into(),
                };
                if !matches!(self.status, StreamStatus::Restarting) {
                    self.status = StreamStatus::Retrying {
                        reason,
                        at: now + after,
                        attempt,
                    };
                }
            }
            StreamUpdate::Stopped => {
                if !matches!(self.status, StreamStatus::NotAuthorised) {
                    self.status = StreamStatus::Off;
                }
            }
        }
        Vec::new()
    }

    /// An event arrived: list it (or keep it aside while paused) and find its cause.
    fn take_event(&mut self, event: ServerEvent, raw: String, now: Instant) -> Vec<EventsFollowUp> {
        let mut follow_up = Vec::new();
        if self.sent.may_have_caused_log(&event, now) && event.store != Some(false) {
            self.awaiting_record.insert(event.id.clone(), now);
            follow_up.push(EventsFollowUp::FetchRecord(event.id.clone()));
        }
        let cause = self.sent.cause_of(&event, now);
        if let Some(queue) = &mut self.paused {
            if queue.len() >= DEFAULT_CAPACITY {
                queue.pop_front();
                self.paused_dropped += 1;
            }
            // The cause is found again on resume from the sender; a path match is
            // kept by pushing the row now would defeat the pause, so it waits.
            queue.push_back((event, raw));
            return follow_up;
        }
        self.list(event, raw, cause, now);
        follow_up
    }

    /// Puts an event in the list with the request that caused it, when known.
    fn list(&mut self, event: ServerEvent, raw: String, cause: Option<Cause>, now: Instant) {
        let seq = self.buffer.push(event, raw, now);
        if let Some(row) = self.buffer.row_mut(seq)
            && cause.is_some()
        {
            row.cause = cause;
        }
    }

    /// Pauses the list (events keep arriving into a queue) or resumes it.
    pub fn toggle_pause(&mut self, now: Instant) {
        match self.paused.take() {
            None => self.paused = Some(VecDeque::new()),
            Some(queue) => {
                for (event, raw) in queue {
                    let cause = self.sent.cause_of(&event, now);
                    self.list(event, raw, cause, now);
                }
                self.buffer.dropped += self.paused_dropped;
                self.paused_dropped = 0;
            }
        }
    }

    /// Events waiting while paused.
    pub fn waiting(&self) -> usize {
        self.paused.as_ref().map_or(0, VecDeque::len)
    }

    /// The stored record of `id` arrived: keep its payload, and match a log line by the
    /// path it names.
    pub fn record_fetched(&mut self, id: &str, record: serde_json::Value) {
        let arrived = self.awaiting_record.remove(id);
        let path = record
            .pointer("/payload/path")
            .and_then(|p| p.as_str())
            .map(str::to_owned);
        if let (Some(arrived), Some(path)) = (arrived, path)
            && let Some((seq, row)) = self.buffer.by_id(id)
            && row.cause.is_none()
        {
            let cause = self.sent.cause_of_log(&row.event, &path, arrived);
            if let Some(row) = self.buffer.row_mut(seq) {
                row.cause = cause;
                self.buffer.version += 1;
            }
        }
        self.records.insert(id.to_owned(), record);
    }

    /// The rows matching the filter (cached until the filter or the list changes).
    pub fn visible(&mut self) -> &[u64] {
        let fresh = matches!(&self.filtered, Some((f, v, _)) if *f == self.filter && *v == self.buffer.version);
        if !fresh {
            let rows = self.buffer.matching(&self.filter);
            self.filtered = Some((self.filter.clone(), self.buffer.version, rows));
        }
        self.filtered
            .as_ref()
            .map_or(&[], |(_, _, rows)| rows.as_slice())
    }

    /// The subscription typed in the panel.
    pub fn typed_subscription(&self) -> Subscription {
        let topics: Vec<String> = self
            .topics_input
            .split([',', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        Subscription {
            topics: if topics.is_empty() {
                vec!["*".into()]
            } else {
                topics
            },
            project: Some(self.project_input.trim().to_owned()).filter(|p| !p.is_empty()),
        }
    }

    /// The events caused by the send with `sender`, oldest first, with the log lines
    /// that are errors counted.
    pub fn caused_by(&self, sender: &str) -> Vec<&EventRow> {
        self.buffer
            .rows()
            .filter(|row| row.cause.as_ref().is_some_and(|c| c.sender == sender))
            .collect()
    }

    /// Follows (or stops following) an event.
    pub fn toggle_follow(&mut self, id: &str) {
        if !self.followed.remove(id) {
            self.followed.insert(id.to_owned());
        }
    }

    /// The `x-sender` value of send `send_id`: this window's id and the send's number.
    pub fn sender_for(&self, send_id: u64) -> String {
        format!("{}.{send_id}", self.window_sender)
    }

    /// A new `x-sender` value for the next send from `tab`, remembered for matching.
    pub fn next_sender(
        &mut self,
        send_id: u64,
        tab: TabId,
        method: &str,
        path: &str,
        user: Option<String>,
        now: Instant,
    ) -> String {
        let sender = self.sender_for(send_id);
        self.sent.record(SentRequest {
            sender: sender.clone(),
            tab,
            method: method.to_owned(),
            path: path.to_owned(),
            user,
            started: now,
            finished: None,
        });
        sender
    }
}

/// One line counting what a request caused: `3 events, 1 log.error`.
pub fn caused_summary(rows: &[&EventRow]) -> String {
    let errors = rows.iter().filter(|r| r.event.topic == "log.error").count();
    let noun = if rows.len() == 1 { "event" } else { "events" };
    match errors {
        0 => format!("{} {noun}", rows.len()),
        n => format!("{} {noun}, {n} log.error", rows.len()),
    }
}

#[cfg(test)]
mod tests;
