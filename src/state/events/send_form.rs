//! The "Send an event" form: a `POST /api/events` to test a listener, built as a
//! request so its answer shows in the viewer like any other.

use crate::http::HttpMethod;
use crate::request::{BodyMode, RequestDraft};

/// What the form holds.
#[derive(Clone, Debug, PartialEq)]
pub struct SendEventForm {
    /// Whether the form is shown.
    pub open: bool,
    /// The topic (required).
    pub topic: String,
    /// One line for people.
    pub description: String,
    /// A JSON object of facts, sent to listeners.
    pub summary: String,
    /// A JSON object kept with a stored event (only `GET /api/events/{id}` has it).
    pub payload: String,
    /// Whether the server stores it (`false`: fire and forget).
    pub store: bool,
    /// Why the last attempt was not sent.
    pub problem: Option<String>,
}

impl Default for SendEventForm {
    fn default() -> Self {
        SendEventForm {
            open: false,
            topic: "lab.test".into(),
            description: "Sent from AYON REST Explorer".into(),
            summary: "{}".into(),
            payload: "{}".into(),
            store: false,
            problem: None,
        }
    }
}

impl SendEventForm {
    /// The request it stands for, or what is wrong with the form (named).
    pub fn to_draft(&self) -> Result<RequestDraft, String> {
        let topic = self.topic.trim();
        if topic.is_empty() {
            return Err("An event needs a topic (e.g. lab.test).".into());
        }
        let object = |name: &str, text: &str| -> Result<serde_json::Value, String> {
            let text = if text.trim().is_empty() { "{}" } else { text };
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value @ serde_json::Value::Object(_)) => Ok(value),
                Ok(_) => Err(format!("The {name} must be a JSON object ({{...}}).")),
                Err(e) => Err(format!("The {name} is not JSON: {e}")),
            }
        };
        let body = serde_json::json!({
            "topic": topic,
            "description": self.description,
            "summary": object("summary", &self.summary)?,
            "payload": object("payload", &self.payload)?,
            "store": self.store,
        });
        let text = serde_json::to_string_pretty(&body).map_err(|e| e.to_string())?;
        Ok(RequestDraft {
            method: HttpMethod::Post,
            url: "/api/events".into(),
            body_mode: BodyMode::Json,
            body_text: text,
            ..RequestDraft::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_post_and_names_what_is_wrong() {
        let form = SendEventForm {
            summary: r#"{"probe": 1}"#.into(),
            store: true,
            ..SendEventForm::default()
        };
        let draft = form.to_draft().unwrap_or_default();
        assert_eq!(draft.url, "/api/events");
        let body: serde_json::Value = serde_json::from_str(&draft.body_text).unwrap_or_default();
        assert_eq!(body["topic"], "lab.test");
        assert_eq!(body["summary"]["probe"], 1);
        assert_eq!(body["store"], true);
        let bad = SendEventForm {
            payload: "[1]".into(),
            ..SendEventForm::default()
        };
        assert_eq!(
            bad.to_draft().err().as_deref(),
            Some("The payload must be a JSON object ({...}).")
        );
        let bad = SendEventForm {
            topic: " ".into(),
            ..SendEventForm::default()
        };
        assert!(bad.to_draft().is_err());
    }
}
