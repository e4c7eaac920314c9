//! What must be the same in the sandbox's answer and the recorded one.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fixture::RecordedAnswer;

/// The sandbox's answer, read completely.
pub struct Live {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub bytes: Vec<u8>,
}

impl Live {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Headers compared when the recording has them (`location` after mapping the address).
const COMPARED_HEADERS: &[&str] = &[
    "location",
    "allow",
    "accept-ranges",
    "content-range",
    "content-disposition",
];

/// Each way the live answer differs from the recorded one, in words.
pub fn differences(
    recorded: &RecordedAnswer,
    live: &Live,
    substitute: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    if live.status != recorded.status {
        out.push(format!(
            "status {} (real: {})",
            live.status, recorded.status
        ));
    }
    let content_type = live.header("content-type");
    if content_type != recorded.header("content-type") {
        out.push(format!(
            "content-type {content_type:?} (real: {:?})",
            recorded.header("content-type")
        ));
    }
    for name in COMPARED_HEADERS {
        if let Some(expected) = recorded.header(name) {
            let expected = substitute(expected);
            if live.header(name) != Some(expected.as_str()) {
                out.push(format!(
                    "{name}: {:?} (real: {expected:?})",
                    live.header(name)
                ));
            }
        }
    }
    let Some(body) = &recorded.body else {
        return out; // A header-only recording.
    };
    let recorded_json: Option<Value> = serde_json::from_str(body).ok();
    let live_json: Option<Value> = serde_json::from_slice(&live.bytes).ok();
    match (&recorded_json, &live_json) {
        (Some(expected), Some(actual)) => {
            let keys = |v: &Value| {
                v.as_object()
                    .map(|o| o.keys().cloned().collect::<BTreeSet<_>>())
            };
            if keys(expected) != keys(actual) {
                out.push(format!(
                    "top-level keys {:?} (real: {:?})",
                    keys(actual),
                    keys(expected)
                ));
            }
            if expected.is_array() != actual.is_array() {
                out.push("a JSON array on one side only".into());
            }
            if expected.get("detail") != actual.get("detail") {
                out.push(format!(
                    "detail {} (real: {})",
                    actual.get("detail").unwrap_or(&Value::Null),
                    expected.get("detail").unwrap_or(&Value::Null)
                ));
            }
        }
        (Some(_), None) => out.push("the body is not JSON".into()),
        (None, _) => {
            // Text, HTML or a download: the bytes, except for pages (they name versions).
            let is_html = recorded
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/html"));
            let live_text = String::from_utf8_lossy(&live.bytes);
            if !is_html && live_text.trim_end() != body.trim_end() {
                out.push(format!(
                    "body {:?} (real: {:?})",
                    live_text.chars().take(120).collect::<String>(),
                    body.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    out
}
