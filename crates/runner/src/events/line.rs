//! How an event prints: one line for people (`HH:MM:SS topic [project] user status
//! progress% description`, control characters escaped), or its frame as received, one per
//! line, for `--json`.

use ayon_explorer_core::events::ServerEvent;
use ayon_explorer_core::untrusted::printable;

/// One line for people (no newline). The time is the event's own (`updatedAt`, else
/// `createdAt`), as the server keeps it.
pub fn human_line(event: &ServerEvent) -> String {
    let time = event
        .updated_at
        .as_deref()
        .or(event.created_at.as_deref())
        .and_then(clock)
        .unwrap_or("--:--:--");
    let mut parts = vec![time.to_owned(), event.topic.clone()];
    if let Some(project) = event.project.as_deref().filter(|p| !p.is_empty()) {
        parts.push(format!("[{project}]"));
    }
    for field in [&event.user, &event.status] {
        if let Some(value) = field.as_deref().filter(|v| !v.is_empty()) {
            parts.push(value.to_owned());
        }
    }
    if let Some(progress) = event.progress {
        parts.push(percent(progress));
    }
    if let Some(description) = event.description.as_deref().filter(|d| !d.is_empty()) {
        parts.push(description.to_owned());
    }
    printable(&parts.join(" ")).into_owned()
}

/// The frame for `--json`: as received, unless it spans lines (then the same JSON on
/// one line).
pub fn json_line(raw: &str) -> String {
    if !raw.contains(['\n', '\r']) {
        return raw.to_owned();
    }
    serde_json::from_str::<serde_json::Value>(raw)
        .map(|value| value.to_string())
        .unwrap_or_else(|_| printable(raw).into_owned())
}

/// `HH:MM:SS` of an ISO 8601 time (`2026-12-07T10:12:21.261415`).
fn clock(timestamp: &str) -> Option<&str> {
    let time = timestamp.get(11..19)?;
    let shaped = timestamp
        .as_bytes()
        .get(10)
        .is_some_and(|b| *b == b'T' || *b == b' ')
        && time.bytes().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped.then_some(time)
}

/// `100%`, `12.5%`.
fn percent(progress: f64) -> String {
    if progress.fract() == 0.0 {
        format!("{progress:.0}%")
    } else {
        format!("{progress:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_one_escaped_line() {
        let event = ServerEvent {
            id: "b0".into(),
            topic: "entity.project.created".into(),
            project: Some("wsprobe_tmp".into()),
            user: Some("admin".into()),
            status: Some("finished".into()),
            progress: Some(100.0),
            description: Some("Created project wsprobe_tmp".into()),
            updated_at: Some("2026-12-07T10:12:21.261419".into()),
            ..ServerEvent::default()
        };
        assert_eq!(
            human_line(&event),
            "10:12:21 entity.project.created [wsprobe_tmp] admin finished 100% Created project \
             wsprobe_tmp"
        );
        let hostile = ServerEvent {
            topic: "log.info".into(),
            description: Some("\u{1b}[2Jcleared\nsecond line".into()),
            progress: Some(12.5),
            updated_at: Some("garbage".into()),
            ..ServerEvent::default()
        };
        let line = human_line(&hostile);
        assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line}");
        assert!(
            line.starts_with("--:--:-- log.info 12.5% \\u{1b}[2Jcleared"),
            "{line}"
        );
    }

    #[test]
    fn json_stays_one_line() {
        assert_eq!(json_line(r#"{"a":1}"#), r#"{"a":1}"#);
        assert_eq!(json_line("{\n \"a\": 1\n}"), r#"{"a":1}"#);
    }
}
