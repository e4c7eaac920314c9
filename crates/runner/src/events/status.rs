//! Where the command's lines go: events to standard output, connection changes and
//! problems to standard error. Every line is masked (the token) and escaped (control
//! characters) before it is written; a console that went away does not stop the stream.

use std::io::Write;
use std::time::Duration;

use ayon_explorer_core::events::stream::StreamUpdate;
use ayon_explorer_core::untrusted::printable;

use super::line::{human_line, json_line};

/// The two outputs and the counts.
pub(super) struct Console<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    json: bool,
    verbose: bool,
    masked: Option<String>,
    events: u64,
    heartbeats: u64,
    repeats: u64,
    ignored: u64,
}

impl<'a> Console<'a> {
    pub(super) fn new(
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
        json: bool,
        verbose: bool,
    ) -> Self {
        Console {
            out,
            err,
            json,
            verbose,
            masked: None,
            events: 0,
            heartbeats: 0,
            repeats: 0,
            ignored: 0,
        }
    }

    /// Never print `secret`, whoever echoes it.
    pub(super) fn mask(&mut self, secret: &str) {
        self.masked = Some(secret.to_owned()).filter(|s| !s.is_empty());
    }

    fn masked(&self, text: &str) -> String {
        match &self.masked {
            Some(secret) => text.replace(secret.as_str(), "***"),
            None => text.to_owned(),
        }
    }

    /// A line on stderr about the connection.
    pub(super) fn status(&mut self, text: &str) {
        let line = printable(&self.masked(text)).into_owned();
        let _ = writeln!(self.err, "events: {line}");
        let _ = self.err.flush();
    }

    /// A problem that ends the command, on stderr.
    pub(super) fn problem(&mut self, text: &str) {
        let line = printable(&self.masked(text)).into_owned();
        let _ = writeln!(self.err, "ayon-rest-explorer events: {line}");
        let _ = self.err.flush();
    }

    /// One update of the stream.
    pub(super) fn show(&mut self, update: &StreamUpdate) {
        match update {
            StreamUpdate::Event { event, raw } => {
                self.events += 1;
                let text = if self.json {
                    json_line(raw)
                } else {
                    human_line(event)
                };
                let line = self.masked(&text);
                let _ = writeln!(self.out, "{line}");
                let _ = self.out.flush();
            }
            StreamUpdate::Heartbeat => {
                self.heartbeats += 1;
                if self.verbose {
                    self.status("heartbeat");
                }
            }
            StreamUpdate::Duplicate => {
                self.repeats += 1;
                if self.verbose {
                    self.status("repeat delivery dropped");
                }
            }
            StreamUpdate::Ignored => {
                self.ignored += 1;
                if self.verbose {
                    self.status("a frame that is not an event was ignored");
                }
            }
            StreamUpdate::Connecting { attempt } if *attempt > 1 => {
                self.status(&format!("connecting (attempt {attempt})"));
            }
            StreamUpdate::Connecting { .. } => self.status("connecting"),
            StreamUpdate::Connected => self.status("connected, auth sent"),
            StreamUpdate::Authorised => self.status("authorised (the first frame came)"),
            StreamUpdate::HeartbeatLate { silent_for } => {
                self.status(&format!("no heartbeat for {}", seconds(*silent_for)));
            }
            StreamUpdate::Restarting => {
                self.status("the server is restarting; connecting again");
            }
            StreamUpdate::Dropped { reason } => self.status(&format!("dropped: {reason}")),
            StreamUpdate::Retrying { after, .. } => {
                self.status(&format!("retrying in {}", seconds(*after)));
            }
            StreamUpdate::NotAuthorised => self.status("not authorised"),
            StreamUpdate::Stopped => self.status("stopped"),
        }
    }

    /// The counts, on stderr.
    pub(super) fn summary(&mut self) {
        let mut text = format!("{} event(s), {} heartbeat(s)", self.events, self.heartbeats);
        if self.repeats > 0 {
            text.push_str(&format!(", {} repeat delivery(ies) dropped", self.repeats));
        }
        if self.ignored > 0 {
            text.push_str(&format!(", {} frame(s) ignored", self.ignored));
        }
        self.status(&text);
    }
}

/// `0.5 s`, `2 s`, `30 s`.
fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}
