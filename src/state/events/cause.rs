//! Which request of this window caused an event. Every send carries `x-sender:
//! WINDOW.N`; an event with that `sender` was caused by send N ("by sender"). Log lines
//! carry no sender, and 1.11.2 does not pass it on for some events (`sender: "ayon"`):
//! those are matched by the user, the time, and the method and path (a log line's stored
//! record says `"path": "[POST] /projects"`; an entity event's topic says what changed),
//! and marked "by path".

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::events::ServerEvent;
use crate::state::TabId;

/// A request this window sent, kept to match events to it.
#[derive(Clone, Debug)]
pub struct SentRequest {
    /// The `x-sender` value it carried (`WINDOW.N`).
    pub sender: String,
    /// The tab it was sent from.
    pub tab: TabId,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The URL's path (`/api/projects/demo`).
    pub path: String,
    /// The user it was sent as, when known.
    pub user: Option<String>,
    /// When it was sent.
    pub started: Instant,
    /// When its answer came.
    pub finished: Option<Instant>,
}

/// How an event was matched to its request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    /// The event's `sender` is the request's `x-sender`.
    Sender,
    /// By user, time, method and path (or topic): the server did not pass a sender on.
    Path,
}

/// The request an event was caused by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// The request's `x-sender` value.
    pub sender: String,
    /// Its tab.
    pub tab: TabId,
    /// How it was matched.
    pub by: MatchedBy,
}

/// How long after its answer an event may still belong to a request (events and log
/// lines are published a little after the handler returns).
const LATE_BY: Duration = Duration::from_secs(3);

/// How many sends are remembered for matching.
const REMEMBERED: usize = 256;

/// The sends of this window, newest last.
#[derive(Debug, Default)]
pub struct SentRequests {
    sends: VecDeque<SentRequest>,
}

impl SentRequests {
    /// Remembers a send.
    pub fn record(&mut self, send: SentRequest) {
        if self.sends.len() == REMEMBERED {
            self.sends.pop_front();
        }
        self.sends.push_back(send);
    }

    /// The answer to the send with `sender` came.
    pub fn finished(&mut self, sender: &str, now: Instant) {
        if let Some(send) = self.sends.iter_mut().rev().find(|s| s.sender == sender) {
            send.finished = Some(now);
        }
    }

    /// The send that carried `sender`.
    pub fn by_sender(&self, sender: &str) -> Option<&SentRequest> {
        self.sends.iter().rev().find(|s| s.sender == sender)
    }

    /// The cause of `event` (arrived at `now`) when it is plain: its sender is one of
    /// ours, or an entity event's topic, project and user fit exactly one send in time.
    pub fn cause_of(&self, event: &ServerEvent, now: Instant) -> Option<Cause> {
        if let Some(send) = event.sender.as_deref().and_then(|s| self.by_sender(s)) {
            return Some(Cause {
                sender: send.sender.clone(),
                tab: send.tab,
                by: MatchedBy::Sender,
            });
        }
        if event.is_log() {
            return None;
        }
        let mut fitting = self
            .in_time(event, now)
            .filter(|send| entity_event_fits(event, &send.method, &send.path));
        let send = fitting.next()?;
        fitting.next().is_none().then(|| Cause {
            sender: send.sender.clone(),
            tab: send.tab,
            by: MatchedBy::Path,
        })
    }

    /// Whether a log line (arrived at `now`) may belong to one of our sends: then its
    /// stored record is worth fetching for its path.
    pub fn may_have_caused_log(&self, event: &ServerEvent, now: Instant) -> bool {
        event.is_log() && event.sender.is_none() && self.in_time(event, now).next().is_some()
    }

    /// The cause of a log line whose stored record says `"path": "[POST] /projects"`.
    pub fn cause_of_log(
        &self,
        event: &ServerEvent,
        record_path: &str,
        arrived: Instant,
    ) -> Option<Cause> {
        let (method, path) = split_record_path(record_path)?;
        self.in_time(event, arrived)
            .filter(|send| send.method.eq_ignore_ascii_case(method) && same_path(&send.path, path))
            .last()
            .map(|send| Cause {
                sender: send.sender.clone(),
                tab: send.tab,
                by: MatchedBy::Path,
            })
    }

    /// Our sends by the event's user whose time span holds `now`.
    fn in_time<'a>(
        &'a self,
        event: &'a ServerEvent,
        now: Instant,
    ) -> impl Iterator<Item = &'a SentRequest> + 'a {
        self.sends.iter().filter(move |send| {
            let user_fits = match (&event.user, &send.user) {
                (Some(event_user), Some(user)) => event_user == user,
                _ => true,
            };
            let end = send.finished.map_or(now, |f| f + LATE_BY);
            user_fits && send.started <= now && now <= end
        })
    }
}

/// `("POST", "/projects")` from `[POST] /projects`.
fn split_record_path(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim().strip_prefix('[')?;
    let (method, path) = rest.split_once(']')?;
    Some((method.trim(), path.trim()))
}

/// Whether a request path and a path as a server route saw it are the same: the route
/// may leave out `/api` and the query.
fn same_path(sent: &str, seen: &str) -> bool {
    let strip = |p: &str| {
        let p = p.split('?').next().unwrap_or(p).trim_end_matches('/');
        p.strip_prefix("/api").unwrap_or(p).to_owned()
    };
    strip(sent) == strip(seen)
}

/// Whether an `entity.KIND.VERB` event can come from `method` on `path`: a project event
/// from a projects path naming its project, a creation from POST or PUT, a deletion from
/// DELETE, a change from PATCH, PUT or POST.
fn entity_event_fits(event: &ServerEvent, method: &str, path: &str) -> bool {
    let mut parts = event.topic.split('.');
    let (Some("entity"), Some(kind), Some(verb)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let method = method.to_ascii_uppercase();
    let verb_fits = match verb {
        "created" => matches!(method.as_str(), "POST" | "PUT"),
        "deleted" => method == "DELETE",
        _ => matches!(method.as_str(), "PATCH" | "PUT" | "POST"),
    };
    let path = path.to_ascii_lowercase();
    let project_fits = event.project.as_deref().is_none_or(|p| {
        path.contains(&format!("/projects/{}", p.to_ascii_lowercase()))
            || (kind == "project" && path.ends_with("/projects"))
    });
    verb_fits && project_fits && path.contains("/api/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(sender: &str, method: &str, path: &str, started: Instant) -> SentRequest {
        SentRequest {
            sender: sender.into(),
            tab: TabId::from(1),
            method: method.into(),
            path: path.into(),
            user: Some("admin".into()),
            started,
            finished: None,
        }
    }

    fn event(topic: &str, sender: Option<&str>, project: Option<&str>) -> ServerEvent {
        ServerEvent {
            id: "e".into(),
            topic: topic.into(),
            sender: sender.map(Into::into),
            project: project.map(Into::into),
            user: Some("admin".into()),
            ..ServerEvent::default()
        }
    }

    #[test]
    fn our_sender_names_the_request() {
        let now = Instant::now();
        let mut sent = SentRequests::default();
        sent.record(send("w.1", "POST", "/api/projects", now));
        let cause = sent.cause_of(
            &event("entity.project.created", Some("w.1"), Some("p")),
            now,
        );
        assert_eq!(cause.map(|c| c.by), Some(MatchedBy::Sender));
        assert_eq!(
            sent.cause_of(&event("lab.x", Some("other"), None), now),
            None
        );
    }

    #[test]
    fn without_a_sender_an_entity_event_matches_by_topic_project_and_time() {
        let start = Instant::now();
        let mut sent = SentRequests::default();
        sent.record(send("w.1", "POST", "/api/projects", start));
        sent.record(send("w.2", "DELETE", "/api/projects/old", start));
        // 1.11.2 says sender "ayon" for a project created over REST.
        let created = event("entity.project.created", Some("ayon"), Some("fresh"));
        let cause = sent.cause_of(&created, start);
        assert_eq!(
            cause.map(|c| (c.sender, c.by)),
            Some(("w.1".into(), MatchedBy::Path))
        );
        let deleted = event("entity.project.deleted", None, Some("old"));
        assert_eq!(
            sent.cause_of(&deleted, start).map(|c| c.sender),
            Some("w.2".into())
        );
        sent.finished("w.2", start);
        let late = start + LATE_BY + Duration::from_secs(1);
        assert_eq!(
            sent.cause_of(&deleted, late),
            None,
            "too late for w.2, wrong verb for w.1"
        );
    }

    #[test]
    fn a_log_line_matches_by_its_records_method_and_path() {
        let start = Instant::now();
        let mut sent = SentRequests::default();
        sent.record(send("w.1", "GET", "/api/users/me", start));
        sent.record(send("w.2", "POST", "/api/addons/install", start));
        let log = event("log.error", None, None);
        assert!(sent.may_have_caused_log(&log, start));
        assert_eq!(sent.cause_of(&log, start), None);
        let cause = sent.cause_of_log(&log, "[POST] /addons/install", start);
        assert_eq!(
            cause.map(|c| (c.sender, c.by)),
            Some(("w.2".into(), MatchedBy::Path))
        );
        assert_eq!(
            sent.cause_of_log(&log, "[DELETE] /addons/install", start),
            None
        );
        assert_eq!(sent.cause_of_log(&log, "nonsense", start), None);
    }
}
