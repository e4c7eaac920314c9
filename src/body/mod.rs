//! TEMPORARY stand-in for the body model (replaced by the body work on merge).

/// Lines of a text.
#[derive(Debug, Default)]
pub struct TextDocument {
    text: String,
}

impl TextDocument {
    /// Wraps a text.
    pub fn new(text: String) -> Self {
        TextDocument { text }
    }
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A body prepared for display.
#[derive(Debug)]
pub enum BodyPreview {
    /// No body.
    Empty,
    /// JSON.
    Json {
        /// Pretty.
        pretty: TextDocument,
        /// Raw.
        raw: TextDocument,
    },
    /// Text.
    Text {
        /// Raw.
        raw: TextDocument,
    },
    /// Binary.
    Binary {
        /// Size.
        len: usize,
        /// Type.
        content_type: Option<String>,
    },
    /// Not UTF-8.
    InvalidUtf8 {
        /// Size.
        len: usize,
        /// First bad byte.
        valid_up_to: usize,
        /// Type.
        content_type: Option<String>,
    },
}

impl BodyPreview {
    /// Classifies a body.
    pub fn build(bytes: &[u8], content_type: Option<&str>) -> BodyPreview {
        if bytes.is_empty() {
            return BodyPreview::Empty;
        }
        match std::str::from_utf8(bytes) {
            Err(e) => BodyPreview::InvalidUtf8 {
                len: bytes.len(),
                valid_up_to: e.valid_up_to(),
                content_type: content_type.map(str::to_string),
            },
            Ok(text) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => BodyPreview::Json {
                    pretty: TextDocument::new(serde_json::to_string_pretty(&v).unwrap_or_default()),
                    raw: TextDocument::new(text.to_string()),
                },
                Err(_) => BodyPreview::Text {
                    raw: TextDocument::new(text.to_string()),
                },
            },
        }
    }
}
