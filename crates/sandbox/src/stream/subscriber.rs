//! An authorised `/ws` client and which messages it gets (AYON 1.16's rules,
//! ws/README.md "Filtering"): its topic prefixes, its `project` filter, the
//! projects its user may see, and the few topics guests get.

use crate::records::UserRecord;
use crate::state::{SessionCheck, Store};

use super::Delivery;
use super::client_message::AuthRequest;

/// Topics every authorised client gets whatever it subscribed to (1.16 also
/// counts `heartbeat`, which the connection sends by itself).
const ALWAYS_SUBSCRIBED: &[&str] = &["server.started", "server.restart_requested"];

/// Topics that ignore the client's `project` filter.
const IGNORE_PROJECT_FILTER: &[&str] = &[
    "server.started",
    "server.restart_requested",
    "heartbeat",
    "inbox.message",
];

/// The only topics guests get (besides heartbeats).
const GUEST_TOPICS: &[&str] = &[
    "activity.created",
    "activity.updated",
    "entity.version.updated",
];

/// A client that sent a good `auth`; a new `auth` replaces it.
#[derive(Debug, Clone)]
pub struct Subscriber {
    /// The user as it was when the client authorised.
    user: UserRecord,
    topics: Vec<String>,
    project: Option<String>,
}

impl Subscriber {
    /// The client of `user` with the subscription of `request`.
    pub fn new(user: UserRecord, request: AuthRequest) -> Self {
        Subscriber {
            user,
            topics: request.topics,
            project: request.project,
        }
    }

    /// The user's name.
    pub fn user_name(&self) -> &str {
        &self.user.name
    }

    /// Whether this client gets `message` (at most once, however many of its
    /// prefixes match).
    pub fn wants(&self, message: &Delivery) -> bool {
        let topic = message.topic.as_str();
        if self.user.is_guest() && !GUEST_TOPICS.contains(&topic) {
            return false;
        }
        // AYON tests the project's truthiness: an empty name is no project.
        if let Some(project) = message.project.as_deref().filter(|p| !p.is_empty()) {
            let filtered = self.project.as_deref().is_some_and(|own| own != project);
            if filtered && !IGNORE_PROJECT_FILTER.contains(&topic) {
                return false;
            }
            if !self.user.is_manager() && !self.user.has_access_group(project) {
                return false;
            }
        }
        ALWAYS_SUBSCRIBED.contains(&topic)
            || self
                .topics
                .iter()
                .any(|prefix| prefix == "*" || topic.starts_with(prefix.as_str()))
    }
}

/// The user a `/ws` token stands for: a live session's user, or the service
/// user whose API key it is, once that key authenticated a REST request (on
/// the real server that request creates a session whose token is the key).
pub fn authorize(store: &mut Store, token: &str) -> Option<UserRecord> {
    if let SessionCheck::Valid(name) = store.check_session(token) {
        return store.user(&name).cloned();
    }
    if !store.used_api_keys.contains(token) {
        return None;
    }
    store
        .user_by_api_key(token)
        .filter(|user| user.active)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};

    fn user(data: serde_json::Value) -> UserRecord {
        let data = data.as_object().cloned().unwrap_or_default();
        UserRecord::new("someone", Map::new(), data)
    }

    fn subscriber(user: UserRecord, topics: &[&str], project: Option<&str>) -> Subscriber {
        let request = AuthRequest {
            token: String::new(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            project: project.map(str::to_owned),
        };
        Subscriber::new(user, request)
    }

    fn message(topic: &str, project: Option<&str>) -> Delivery {
        Delivery {
            topic: topic.into(),
            project: project.map(str::to_owned),
            text: String::new(),
        }
    }

    #[test]
    fn prefixes_and_always_subscribed_topics() {
        let admin = user(json!({"isAdmin": true}));
        let lab = subscriber(admin, &["lab.x", "lab"], None);
        assert!(lab.wants(&message("lab.x.y", None)));
        assert!(!lab.wants(&message("entity.project.created", Some("p"))));
        assert!(lab.wants(&message("server.restart_requested", None)));
    }

    #[test]
    fn project_filter_and_access() {
        let admin = user(json!({"isAdmin": true}));
        let demo = subscriber(admin, &["*"], Some("demo"));
        assert!(demo.wants(&message("lab", None)));
        assert!(demo.wants(&message("lab", Some("demo"))));
        assert!(!demo.wants(&message("lab", Some("other"))));
        assert!(demo.wants(&message("inbox.message", Some("other"))));

        let artist = user(json!({"accessGroups": {"demo": ["artist"]}}));
        let artist = subscriber(artist, &["*"], None);
        assert!(artist.wants(&message("lab", None)));
        assert!(artist.wants(&message("lab", Some("demo"))));
        assert!(!artist.wants(&message("lab", Some("other"))));
    }

    #[test]
    fn guests_get_few_topics() {
        let guest = subscriber(user(json!({"isGuest": true})), &["*"], None);
        assert!(guest.wants(&message("activity.created", None)));
        assert!(!guest.wants(&message("lab", None)));
    }
}
