//! What a client asks the stream for: topic prefixes and an optional project, sent in the
//! auth message (which the server never answers).

use crate::secret::Secret;

/// Topic prefixes of AYON's own events, for a picker; any prefix can be typed.
pub const KNOWN_TOPICS: &[&str] = &[
    "entity.",
    "entity.project",
    "entity.folder",
    "entity.task",
    "entity.product",
    "entity.version",
    "entity.representation",
    "entity.workfile",
    "activity.",
    "inbox.message",
    "addon.install",
    "installer.install",
    "dependency_package.install",
    "server.",
    "settings.changed",
    "user.",
    "log.",
    "log.error",
];

/// The topics and project of a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// Topic prefixes (`str.startswith` on the server); `*` is everything.
    pub topics: Vec<String>,
    /// Only events of this project (and those without one).
    pub project: Option<String>,
}

impl Default for Subscription {
    fn default() -> Self {
        Subscription {
            topics: vec!["*".to_owned()],
            project: None,
        }
    }
}

impl Subscription {
    /// Whether the server sends heartbeats for it everywhere: 1.11.2 sends them only to
    /// `*` subscribers, 1.16 to all.
    pub fn heartbeats_everywhere(&self) -> bool {
        self.topics.iter().any(|t| t == "*")
    }
}

/// The auth message for `token` (a session token, or a service user's API key once used
/// in a REST request). The text holds the token: send it, never log it.
pub fn auth_message(token: &Secret, subscription: &Subscription) -> String {
    let topics: Vec<&str> = subscription
        .topics
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let mut message = serde_json::json!({
        "topic": "auth",
        "token": token.expose(),
        "subscribe": topics,
    });
    if let Some(project) = subscription
        .project
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        message["project"] = project.into();
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_auth_message_is_what_the_server_reads() {
        let token = Secret::new("a".repeat(64));
        let text = auth_message(&token, &Subscription::default());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["topic"], "auth");
        assert_eq!(value["subscribe"], serde_json::json!(["*"]));
        assert!(value.get("project").is_none());
        let narrow = Subscription {
            topics: vec!["entity.project".into(), " ".into(), "log.".into()],
            project: Some(" demo ".into()),
        };
        let value: serde_json::Value =
            serde_json::from_str(&auth_message(&token, &narrow)).unwrap_or_default();
        assert_eq!(
            value["subscribe"],
            serde_json::json!(["entity.project", "log."])
        );
        assert_eq!(value["project"], "demo");
        assert!(!narrow.heartbeats_everywhere());
    }
}
