//! What the user edits in a request tab.

use crate::ayon::AuthInput;
use crate::http::HttpMethod;

use super::{GraphQlBody, KvRow};

/// How the body editor's text is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyMode {
    /// No body.
    #[default]
    None,
    /// JSON text, checked as you type; `Content-Type: application/json`.
    Json,
    /// A GraphQL query and its variables, sent as one JSON object (to `/graphql`).
    GraphQl,
    /// Plain text; `Content-Type: text/plain`.
    Text,
    /// A file streamed from disk as the raw body (how AYON takes uploads).
    File,
    /// `multipart/form-data`: text fields and files.
    Multipart,
}

impl BodyMode {
    /// Every mode, in selector order.
    pub const ALL: [BodyMode; 6] = [
        BodyMode::None,
        BodyMode::Json,
        BodyMode::GraphQl,
        BodyMode::Text,
        BodyMode::File,
        BodyMode::Multipart,
    ];

    /// Label in the selector.
    pub fn label(self) -> &'static str {
        match self {
            BodyMode::None => "None",
            BodyMode::Json => "JSON",
            BodyMode::GraphQl => "GraphQL",
            BodyMode::Text => "Text",
            BodyMode::File => "File (raw)",
            BodyMode::Multipart => "Multipart form",
        }
    }

    /// The content type sent unless the headers table sets one.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            // The form's own Content-Type carries its boundary.
            BodyMode::None | BodyMode::Multipart => None,
            BodyMode::Json | BodyMode::GraphQl => Some("application/json"),
            BodyMode::Text => Some("text/plain; charset=utf-8"),
            // AYON ignores it on uploads; the neutral choice for any file.
            BodyMode::File => Some("application/octet-stream"),
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
    /// Values of the URL path's `{name}` placeholders; kept in sync with `url`.
    pub path_params: Vec<KvRow>,
    /// Extra headers.
    pub headers: Vec<KvRow>,
    /// Body mode.
    pub body_mode: BodyMode,
    /// Body text.
    pub body_text: String,
    /// The file sent in `File` mode: absolute, or relative to the collection folder.
    pub body_file: String,
    /// The fields sent in `Multipart` mode.
    pub form: Vec<FormRow>,
    /// The query, variables and operation sent in `GraphQl` mode.
    pub graphql: GraphQlBody,
    /// Auth.
    pub auth: AuthInput,
    /// Whether 3xx answers are followed (up to 10 hops) or shown as they are.
    pub follow_redirects: bool,
    /// Whether the window marks it with `x-sender` (so the server's events name it).
    pub mark_sender: bool,
    /// What the answer must be (`expect:` of the request file), checked after each send.
    pub expect: Option<crate::checks::ExpectFile>,
    /// Values the answer gives to later requests (`capture:` of the request file).
    pub capture: Vec<crate::checks::Capture>,
}

impl Default for RequestDraft {
    fn default() -> Self {
        RequestDraft {
            method: HttpMethod::Get,
            url: "/api/users/me".into(),
            params: Vec::new(),
            path_params: Vec::new(),
            headers: vec![KvRow::new("Accept", "application/json")],
            body_mode: BodyMode::None,
            body_text: String::new(),
            body_file: String::new(),
            form: Vec::new(),
            graphql: GraphQlBody::default(),
            auth: AuthInput::default(),
            follow_redirects: true,
            mark_sender: true,
            expect: None,
            capture: Vec::new(),
        }
    }
}

impl RequestDraft {
    /// A GET of `url` with the default headers and session auth.
    pub fn get(url: &str) -> Self {
        RequestDraft {
            url: url.to_string(),
            params: super::params_from_url(url),
            path_params: super::merge_path_params(url, &[]),
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
                message: crate::ayon::graphql::without_position(&e.to_string()),
            })
    }
}

/// One field of a multipart form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormRow {
    /// Whether the field is sent.
    pub enabled: bool,
    /// Field name.
    pub name: String,
    /// Text or file.
    pub kind: FormKind,
    /// The text, or the file's path (absolute, or relative to the collection folder).
    pub value: String,
    /// The part's Content-Type; empty guesses it from the file name (files) or sends none.
    pub content_type: String,
}

impl FormRow {
    /// An enabled text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        FormRow {
            enabled: true,
            name: name.into(),
            kind: FormKind::Text,
            value: value.into(),
            content_type: String::new(),
        }
    }

    /// An enabled file field.
    pub fn file(name: impl Into<String>, path: impl Into<String>) -> Self {
        FormRow {
            kind: FormKind::File,
            ..FormRow::text(name, path)
        }
    }

    /// Whether name and value are both empty (the table's trailing "add" row).
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.value.is_empty()
    }
}

/// What a form field holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// A text value.
    #[default]
    Text,
    /// A file from disk.
    File,
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
