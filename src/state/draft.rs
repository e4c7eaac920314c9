//! What the user edits in a request tab.

use crate::ayon::AuthInput;
use crate::http::HttpMethod;

use super::KvRow;

/// How the body editor's text is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyMode {
    /// No body.
    #[default]
    None,
    /// JSON text, checked as you type; `Content-Type: application/json`.
    Json,
    /// Plain text; `Content-Type: text/plain`.
    Text,
}

impl BodyMode {
    /// Every mode, in selector order.
    pub const ALL: [BodyMode; 3] = [BodyMode::None, BodyMode::Json, BodyMode::Text];

    /// Label in the selector.
    pub fn label(self) -> &'static str {
        match self {
            BodyMode::None => "None",
            BodyMode::Json => "JSON",
            BodyMode::Text => "Text",
        }
    }

    /// The content type sent unless the headers table sets one.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            BodyMode::None => None,
            BodyMode::Json => Some("application/json"),
            BodyMode::Text => Some("text/plain; charset=utf-8"),
        }
    }
}

/// A request as edited: may be incomplete or invalid.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestDraft {
    /// Method.
    pub method: HttpMethod,
    /// Path relative to the server (`/api/projects`) or a full URL, query included.
    pub url: String,
    /// Query params; kept in sync with `url`.
    pub params: Vec<KvRow>,
    /// Extra headers.
    pub headers: Vec<KvRow>,
    /// Body mode.
    pub body_mode: BodyMode,
    /// Body text.
    pub body_text: String,
    /// Auth.
    pub auth: AuthInput,
}

impl Default for RequestDraft {
    fn default() -> Self {
        RequestDraft {
            method: HttpMethod::Get,
            url: "/api/users/me".into(),
            params: Vec::new(),
            headers: vec![KvRow::new("Accept", "application/json")],
            body_mode: BodyMode::None,
            body_text: String::new(),
            auth: AuthInput::default(),
        }
    }
}

impl RequestDraft {
    /// A GET of `url` with the default headers and session auth.
    pub fn get(url: &str) -> Self {
        RequestDraft {
            url: url.to_string(),
            params: super::params_from_url(url),
            ..Default::default()
        }
    }

    /// Short title for the tab strip: `GET /api/projects`.
    pub fn title(&self) -> String {
        let path = self.url.split('?').next().unwrap_or("").trim();
        let path = if path.is_empty() { "(no URL)" } else { path };
        let short: String = path.chars().take(40).collect();
        format!("{} {}", self.method, short)
    }

    /// The JSON syntax error of the body, when the body is JSON and invalid.
    pub fn json_error(&self) -> Option<JsonError> {
        if self.body_mode != BodyMode::Json || self.body_text.trim().is_empty() {
            return None;
        }
        serde_json::from_str::<serde::de::IgnoredAny>(&self.body_text)
            .err()
            .map(|e| JsonError {
                line: e.line(),
                column: e.column(),
                message: without_position(&e.to_string()),
            })
    }
}

/// A JSON syntax error with its position (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Invalid JSON at line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_line_and_column() {
        let draft = RequestDraft {
            body_mode: BodyMode::Json,
            body_text: "{\n  \"name\": \"x\",\n  \"code\" 1\n}".into(),
            ..Default::default()
        };
        let err = draft.json_error().unwrap();
        assert_eq!((err.line, err.column), (3, 10));
        assert!(
            err.to_string()
                .starts_with("Invalid JSON at line 3, column 10: expected `:`")
        );
        let ok = RequestDraft {
            body_text: "{\"a\": 1}".into(),
            ..draft
        };
        assert_eq!(ok.json_error(), None);
    }
}
