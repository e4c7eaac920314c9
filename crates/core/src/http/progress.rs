//! Bytes moved by one exchange, shared between the task moving them and the UI showing
//! them. Counters are atomics so neither side ever waits for the other.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// `receive_total` when the server sent no Content-Length.
const UNKNOWN: u64 = u64::MAX;

/// Live counters of one exchange. Create one per send and hand an `Arc` of it to both the
/// engine ([`execute_with`](super::execute_with)) and the view.
#[derive(Debug)]
pub struct Progress {
    started: Instant,
    sent: AtomicU64,
    send_total: AtomicU64,
    received: AtomicU64,
    receive_total: AtomicU64,
    /// Milliseconds after `started` of the last byte moved either way (for stall timeouts).
    last_activity_ms: AtomicU64,
    /// When the response head arrived (the download phase's start, for its rate).
    response_started: Mutex<Option<Instant>>,
    /// Word for the outgoing count when it is not an upload (`Hashing` a file).
    verb: Option<&'static str>,
    /// The elapsed time of a finished phase (see [`Progress::completed`]).
    frozen: Option<Duration>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            started: Instant::now(),
            sent: AtomicU64::new(0),
            send_total: AtomicU64::new(0),
            received: AtomicU64::new(0),
            receive_total: AtomicU64::new(UNKNOWN),
            last_activity_ms: AtomicU64::new(0),
            response_started: Mutex::new(None),
            verb: None,
            frozen: None,
        }
    }
}

impl Progress {
    /// Fresh counters; the clock starts now.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fresh counters for local work on bytes (reading a file to hash it): the outgoing
    /// count is then described with `verb` ("Hashing 12.0 MB of 48.0 MB") instead of
    /// "Uploading".
    pub fn with_verb(verb: &'static str) -> Self {
        Progress {
            verb: Some(verb),
            ..Self::default()
        }
    }

    /// Counters of a phase that is over: `bytes` of `bytes` in `took`, described with
    /// `verb` ("Uploaded 48.0 MB of 48.0 MB (100%) · 30.1 MB/s") and never changing, so
    /// a view can keep showing how the last transfer went.
    pub fn completed(verb: &'static str, bytes: u64, took: Duration) -> Self {
        let progress = Progress {
            verb: Some(verb),
            frozen: Some(took),
            ..Self::default()
        };
        progress.send_total.store(bytes, Ordering::Relaxed);
        progress.sent.store(bytes, Ordering::Relaxed);
        progress
    }

    /// Sets how many body bytes this hop will send (0 when there is no body). A redirect
    /// that resends the body starts the count again.
    pub(crate) fn begin_send(&self, total: u64) {
        self.send_total.store(total, Ordering::Relaxed);
        self.sent.store(0, Ordering::Relaxed);
        self.touch();
    }

    /// Sets the body size without resetting the count (a form whose text parts are
    /// already counted).
    pub(crate) fn set_send_total(&self, total: u64) {
        self.send_total.store(total, Ordering::Relaxed);
    }

    /// `n` more body bytes were handed to the connection.
    pub(crate) fn add_sent(&self, n: u64) {
        self.sent.fetch_add(n, Ordering::Relaxed);
        self.touch();
    }

    /// The response head arrived; `total` is its Content-Length, if any.
    pub(crate) fn begin_receive(&self, total: Option<u64>) {
        self.receive_total
            .store(total.unwrap_or(UNKNOWN), Ordering::Relaxed);
        self.received.store(0, Ordering::Relaxed);
        if let Ok(mut started) = self.response_started.lock() {
            *started = Some(Instant::now());
        }
        self.touch();
    }

    /// `n` more body bytes arrived.
    pub(crate) fn add_received(&self, n: u64) {
        self.received.fetch_add(n, Ordering::Relaxed);
        self.touch();
    }

    fn touch(&self) {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_activity_ms.store(ms, Ordering::Relaxed);
    }

    /// How long nothing has moved either way.
    pub fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_activity_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    /// The counters now.
    pub fn snapshot(&self) -> ProgressSnapshot {
        let receive_total = self.receive_total.load(Ordering::Relaxed);
        let response_started = self.response_started.lock().ok().and_then(|s| *s);
        ProgressSnapshot {
            sent: self.sent.load(Ordering::Relaxed),
            send_total: self.send_total.load(Ordering::Relaxed),
            received: self.received.load(Ordering::Relaxed),
            receive_total: (receive_total != UNKNOWN).then_some(receive_total),
            elapsed: self.frozen.unwrap_or_else(|| self.started.elapsed()),
            receiving_for: response_started.map(|t| t.elapsed()),
            verb: self.verb,
        }
    }
}

/// Which way bytes are moving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The request body is going out.
    Upload,
    /// The response body is coming in.
    Download,
}

/// A copy of the counters at one moment, with the figures a progress bar shows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProgressSnapshot {
    /// Request body bytes handed to the connection.
    pub sent: u64,
    /// Request body size.
    pub send_total: u64,
    /// Response body bytes received.
    pub received: u64,
    /// Response body size, when the server said.
    pub receive_total: Option<u64>,
    /// Time since the send started.
    pub elapsed: Duration,
    /// Time since the response head arrived, once it has.
    pub receiving_for: Option<Duration>,
    /// Word for the outgoing count when it is not an upload (see [`Progress::with_verb`]).
    pub verb: Option<&'static str>,
}

impl ProgressSnapshot {
    /// Whether the response is coming in (else the request is still going out).
    pub fn direction(&self) -> Direction {
        if self.receiving_for.is_some() {
            Direction::Download
        } else {
            Direction::Upload
        }
    }

    /// Bytes done and the total (if known) in the current direction.
    pub fn done_and_total(&self) -> (u64, Option<u64>) {
        match self.direction() {
            Direction::Upload => (self.sent, Some(self.send_total)),
            Direction::Download => (self.received, self.receive_total),
        }
    }

    /// Share done in the current direction, 0.0 to 1.0, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let (done, total) = self.done_and_total();
        let total = total.filter(|t| *t > 0)?;
        Some((done as f64 / total as f64).clamp(0.0, 1.0) as f32)
    }

    /// Average bytes per second in the current direction.
    pub fn rate(&self) -> Option<f64> {
        let (done, _) = self.done_and_total();
        let secs = match self.direction() {
            Direction::Upload => self.elapsed,
            Direction::Download => self.receiving_for.unwrap_or_default(),
        }
        .as_secs_f64();
        (secs > 0.05 && done > 0).then(|| done as f64 / secs)
    }

    /// Time left at the average rate, when the total is known and not yet reached.
    pub fn time_left(&self) -> Option<Duration> {
        let (done, total) = self.done_and_total();
        let left = total?.saturating_sub(done);
        if left == 0 {
            return None;
        }
        let rate = self.rate()?;
        Some(Duration::from_secs_f64(left as f64 / rate))
    }

    /// One line for the view: `Uploading 12.0 MB of 48.0 MB (25%) · 30.1 MB/s · 1 s left`.
    pub fn describe(&self) -> String {
        let (done, total) = self.done_and_total();
        let verb = match self.direction() {
            Direction::Upload => self.verb.unwrap_or("Uploading"),
            Direction::Download => "Downloading",
        };
        let mut text = match (total, self.fraction()) {
            (Some(total), Some(f)) => format!(
                "{verb} {} of {} ({:.0}%)",
                human_bytes(done),
                human_bytes(total),
                f * 100.0
            ),
            _ => format!("{verb} {}", human_bytes(done)),
        };
        if let Some(rate) = self.rate() {
            text.push_str(&format!(" · {}/s", human_bytes(rate as u64)));
        }
        if let Some(left) = self.time_left() {
            text.push_str(&format!(" · {} left", human_duration(left)));
        }
        text
    }
}

/// `1.5 MB`, `312 B`: decimal units, as file managers show sizes.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `42 s`, `3 min 5 s`, `2 h 10 min`.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_figures() {
        let snap = ProgressSnapshot {
            sent: 25_000_000,
            send_total: 100_000_000,
            elapsed: Duration::from_secs(5),
            ..Default::default()
        };
        assert_eq!(snap.direction(), Direction::Upload);
        assert_eq!(snap.fraction(), Some(0.25));
        assert_eq!(snap.rate(), Some(5_000_000.0));
        assert_eq!(snap.time_left(), Some(Duration::from_secs(15)));
        assert_eq!(
            snap.describe(),
            "Uploading 25.0 MB of 100.0 MB (25%) · 5.0 MB/s · 15 s left"
        );
    }

    #[test]
    fn download_without_length_shows_bytes_and_rate_only() {
        let snap = ProgressSnapshot {
            received: 2_000,
            receiving_for: Some(Duration::from_secs(2)),
            elapsed: Duration::from_secs(3),
            ..Default::default()
        };
        assert_eq!(snap.fraction(), None);
        assert_eq!(snap.time_left(), None);
        assert_eq!(snap.describe(), "Downloading 2.0 kB · 1.0 kB/s");
    }

    #[test]
    fn counters_reset_per_hop_and_track_idleness() {
        let p = Progress::new();
        p.begin_send(10);
        p.add_sent(4);
        p.begin_send(10);
        p.add_sent(3);
        assert_eq!(p.snapshot().sent, 3);
        assert!(p.idle_for() < Duration::from_secs(1));
        p.begin_receive(Some(7));
        p.add_received(7);
        let snap = p.snapshot();
        assert_eq!((snap.received, snap.receive_total), (7, Some(7)));
        assert_eq!(snap.fraction(), Some(1.0));
    }

    #[test]
    fn local_work_is_described_with_its_own_verb() {
        let p = Progress::with_verb("Hashing");
        p.begin_send(2_000_000);
        p.add_sent(500_000);
        assert!(
            p.snapshot()
                .describe()
                .starts_with("Hashing 500.0 kB of 2.0 MB (25%)")
        );
    }

    #[test]
    fn sizes_and_durations_read_naturally() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500_000), "1.5 MB");
        assert_eq!(human_bytes(2_147_483_648), "2.1 GB");
        assert_eq!(human_duration(Duration::from_secs(185)), "3 min 5 s");
        assert_eq!(human_duration(Duration::from_secs(7800)), "2 h 10 min");
    }
}
