//! [`BodyPreview`]: how a response body is shown, decided once per response.

use std::borrow::Cow;

use super::document::TextDocument;
use super::pretty::{JsonSyntaxError, pretty_json_unless_same};

/// A response body prepared for display.
///
/// Built off the UI thread by [`BodyPreview::build`] when a response arrives;
/// cheap to clone (documents are shared).
#[derive(Clone, Debug)]
pub enum BodyPreview {
    /// No body bytes at all.
    Empty,
    /// A JSON body: pretty-printed, and the text as received.
    Json {
        /// The body re-indented by [`super::pretty_json`].
        pretty: TextDocument,
        /// The body as received (shares the data with `pretty` when the body
        /// was already pretty-printed the same way).
        raw: TextDocument,
    },
    /// A UTF-8 text body that is not shown as JSON.
    Text {
        /// The body as received.
        raw: TextDocument,
        /// Why the body is not JSON, when it claimed to be (a JSON content type).
        json_error: Option<JsonSyntaxError>,
    },
    /// A binary body (binary content type, or NUL bytes): only described.
    Binary {
        /// Body size in bytes.
        len: usize,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The bytes themselves (for "Save to file").
        bytes: bytes::Bytes,
    },
    /// A body that looks like text but is not valid UTF-8.
    InvalidUtf8 {
        /// Body size in bytes.
        len: usize,
        /// Byte offset of the first invalid byte.
        valid_up_to: usize,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The bytes themselves (for "Save to file").
        bytes: bytes::Bytes,
    },
}

impl BodyPreview {
    /// Classifies and prepares `bytes` for display (copies the text it keeps).
    ///
    /// - empty body: [`BodyPreview::Empty`];
    /// - binary content type (`image/*`, `application/octet-stream`, archives,
    ///   ...) or any NUL byte: [`BodyPreview::Binary`];
    /// - not valid UTF-8: [`BodyPreview::InvalidUtf8`];
    /// - JSON content type (`application/json`, `*/*+json`) or a body starting
    ///   with `{`/`[` that parses: [`BodyPreview::Json`]; a JSON content type
    ///   that does not parse gives [`BodyPreview::Text`] with the error;
    /// - anything else: [`BodyPreview::Text`].
    ///
    /// Linear in the body size; never panics.
    pub fn build(bytes: &[u8], content_type: Option<&str>) -> Self {
        Self::build_cow(Cow::Borrowed(bytes), content_type)
    }

    /// Like [`BodyPreview::build`] but takes the bytes, so a text body is kept
    /// without a copy.
    pub fn from_vec(bytes: Vec<u8>, content_type: Option<&str>) -> Self {
        Self::build_cow(Cow::Owned(bytes), content_type)
    }

    fn build_cow(bytes: Cow<'_, [u8]>, content_type: Option<&str>) -> Self {
        let len = bytes.len();
        if len == 0 {
            return Self::Empty;
        }
        let owned_type = || content_type.map(str::to_owned);
        let mime = content_type.map(essence);
        if mime.as_deref().is_some_and(is_binary_mime) || bytes.contains(&0) {
            return Self::Binary {
                len,
                content_type: owned_type(),
                bytes: bytes::Bytes::from(bytes.into_owned()),
            };
        }
        if let Err(valid_up_to) = std::str::from_utf8(&bytes).map_err(|e| e.valid_up_to()) {
            return Self::InvalidUtf8 {
                len,
                valid_up_to,
                content_type: owned_type(),
                bytes: bytes::Bytes::from(bytes.into_owned()),
            };
        }
        let json_type = mime.as_deref().is_some_and(is_json_mime);
        let json_bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let looks_json = matches!(
            json_bytes.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
        let pretty = if json_type || looks_json {
            Some(pretty_json_unless_same(json_bytes))
        } else {
            None
        };
        let raw_text = match bytes {
            Cow::Borrowed(b) => String::from_utf8_lossy(b).into_owned(),
            Cow::Owned(v) => String::from_utf8(v)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        };
        match pretty {
            Some(Ok(pretty)) => {
                let raw = TextDocument::new(raw_text);
                let pretty = match pretty {
                    Some(pretty) => TextDocument::new(pretty),
                    // Already pretty: one document serves both views.
                    None => raw.clone(),
                };
                Self::Json { pretty, raw }
            }
            Some(Err(error)) => Self::Text {
                raw: TextDocument::new(raw_text),
                json_error: json_type.then_some(error),
            },
            None => Self::Text {
                raw: TextDocument::new(raw_text),
                json_error: None,
            },
        }
    }

    /// The document to show by default: pretty JSON, or the text.
    pub fn document(&self) -> Option<&TextDocument> {
        match self {
            Self::Json { pretty, .. } => Some(pretty),
            Self::Text { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The body exactly as received (text or binary), for copying and saving.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Empty => &[],
            Self::Json { raw, .. } | Self::Text { raw, .. } => raw.as_str().as_bytes(),
            Self::Binary { bytes, .. } | Self::InvalidUtf8 { bytes, .. } => bytes,
        }
    }

    /// The body text as received, if it is text.
    pub fn raw(&self) -> Option<&TextDocument> {
        match self {
            Self::Json { raw, .. } | Self::Text { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// A one-line human description for bodies that are not shown as text,
    /// e.g. "Binary body: 12.3 KB (image/png)"; `None` for JSON and text.
    pub fn message(&self) -> Option<String> {
        let with_type = |ct: &Option<String>| match ct {
            Some(ct) => format!(" ({ct})"),
            None => String::new(),
        };
        match self {
            Self::Empty => Some("Empty body".to_owned()),
            Self::Binary {
                len, content_type, ..
            } => Some(format!(
                "Binary body: {}{}",
                format_size(*len),
                with_type(content_type)
            )),
            Self::InvalidUtf8 {
                len,
                valid_up_to,
                content_type,
                ..
            } => Some(format!(
                "Body is not valid UTF-8: invalid byte at offset {valid_up_to} of {}{}",
                format_size(*len),
                with_type(content_type)
            )),
            Self::Json { .. } | Self::Text { .. } => None,
        }
    }
}

/// Formats a byte count as "512 B", "12.3 KB", "4.0 MB".
pub fn format_size(len: usize) -> String {
    const KB: f64 = 1024.0;
    let n = len as f64;
    if n < KB {
        format!("{len} B")
    } else if n < KB * KB {
        format!("{:.1} KB", n / KB)
    } else if n < KB * KB * KB {
        format!("{:.1} MB", n / (KB * KB))
    } else {
        format!("{:.1} GB", n / (KB * KB * KB))
    }
}

/// The lowercase media type without parameters: "Application/JSON; charset=x" -> "application/json".
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json_mime(mime: &str) -> bool {
    mime == "application/json"
        || mime == "text/json"
        || mime == "application/x-json"
        || mime.ends_with("+json")
}

fn is_binary_mime(mime: &str) -> bool {
    let (kind, sub) = mime.split_once('/').unwrap_or((mime, ""));
    match kind {
        "image" => !sub.contains("svg"),
        "audio" | "video" | "font" => true,
        "application" => {
            matches!(
                sub,
                "octet-stream"
                    | "zip"
                    | "gzip"
                    | "x-gzip"
                    | "x-tar"
                    | "x-bzip2"
                    | "x-xz"
                    | "zstd"
                    | "x-7z-compressed"
                    | "x-rar-compressed"
                    | "vnd.rar"
                    | "pdf"
                    | "wasm"
                    | "x-protobuf"
                    | "protobuf"
                    | "vnd.google.protobuf"
                    | "cbor"
                    | "msgpack"
                    | "x-msgpack"
                    | "vnd.apache.parquet"
                    | "x-executable"
                    | "x-msdownload"
                    | "java-archive"
                    | "vnd.ms-excel"
                    | "msword"
                    | "vnd.ms-powerpoint"
            ) || sub.starts_with("vnd.openxmlformats")
                || sub.starts_with("vnd.oasis.opendocument")
                || sub.starts_with("x-font")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty() {
        assert!(matches!(
            BodyPreview::build(b"", Some("application/json")),
            BodyPreview::Empty
        ));
    }

    #[test]
    fn json_by_content_type() {
        let p = BodyPreview::build(br#"{"a":[1,2]}"#, Some("application/json; charset=utf-8"));
        let BodyPreview::Json { pretty, raw } = &p else {
            panic!("{p:?}");
        };
        assert_eq!(pretty.as_str(), "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
        assert_eq!(raw.as_str(), r#"{"a":[1,2]}"#);
        assert_eq!(pretty.line_count(), 6);
        assert_eq!(p.document().map(|d| d.id()), Some(pretty.id()));
    }

    #[test]
    fn json_by_suffix_and_sniffing() {
        for ct in [Some("application/problem+json"), Some("text/plain"), None] {
            let p = BodyPreview::build(b" [true, null]", ct);
            assert!(matches!(p, BodyPreview::Json { .. }), "{ct:?}: {p:?}");
        }
    }

    #[test]
    fn already_pretty_json_shares_the_text() {
        let text = "{\n  \"a\": 1\n}";
        let BodyPreview::Json { pretty, raw } = BodyPreview::build(text.as_bytes(), None) else {
            panic!("not json");
        };
        assert_eq!(pretty.id(), raw.id());
    }

    #[test]
    fn bom_is_skipped_for_json() {
        let p = BodyPreview::build(b"\xEF\xBB\xBF{\"a\":1}", Some("application/json"));
        assert!(matches!(p, BodyPreview::Json { .. }), "{p:?}");
    }

    #[test]
    fn broken_json_with_json_type_is_text_with_error() {
        let p = BodyPreview::build(b"{\"a\": 1,\n \"b\" 2}", Some("application/json"));
        let BodyPreview::Text { raw, json_error } = &p else {
            panic!("{p:?}");
        };
        assert_eq!(raw.line_count(), 2);
        let err = json_error.as_ref().expect("error kept");
        assert_eq!((err.line, err.column), (2, 6));
        assert_eq!(err.to_string(), "line 2, column 6: expected `:`");
    }

    #[test]
    fn non_json_text() {
        let p = BodyPreview::build(b"<html>hi</html>", Some("text/html"));
        assert!(
            matches!(
                &p,
                BodyPreview::Text {
                    json_error: None,
                    ..
                }
            ),
            "{p:?}"
        );
        // Starts like JSON but is not, without a JSON type: plain text, no error.
        let p = BodyPreview::build(b"[not json", Some("text/plain"));
        assert!(
            matches!(
                &p,
                BodyPreview::Text {
                    json_error: None,
                    ..
                }
            ),
            "{p:?}"
        );
        let p = BodyPreview::build(b"42", None);
        assert!(matches!(&p, BodyPreview::Text { .. }), "{p:?}");
        assert_eq!(p.message(), None);
    }

    #[test]
    fn binary_by_type_or_nul() {
        let p = BodyPreview::build(b"\x89PNG....", Some("image/png"));
        assert!(
            matches!(&p, BodyPreview::Binary { len: 8, content_type: Some(ct), .. } if ct == "image/png"),
            "{p:?}"
        );
        assert_eq!(p.message().as_deref(), Some("Binary body: 8 B (image/png)"));
        let p = BodyPreview::build(b"abc\0def", None);
        assert!(
            matches!(
                &p,
                BodyPreview::Binary {
                    len: 7,
                    content_type: None,
                    ..
                }
            ),
            "{p:?}"
        );
        let p = BodyPreview::build(b"{}", Some("Application/Octet-Stream"));
        assert!(matches!(&p, BodyPreview::Binary { .. }), "{p:?}");
        // SVG is text.
        let p = BodyPreview::build(b"<svg/>", Some("image/svg+xml"));
        assert!(matches!(&p, BodyPreview::Text { .. }), "{p:?}");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        for ct in [None, Some("application/json"), Some("text/plain")] {
            let p = BodyPreview::build(b"{\"name\": \"caf\xe9\"}", ct);
            assert!(
                matches!(
                    &p,
                    BodyPreview::InvalidUtf8 {
                        len: 16,
                        valid_up_to: 13,
                        ..
                    }
                ),
                "{p:?}"
            );
            let msg = p.message().expect("message");
            assert!(
                msg.contains("not valid UTF-8") && msg.contains("offset 13"),
                "{msg}"
            );
        }
        // Truncated multi-byte char at the end.
        let p = BodyPreview::build(b"ok \xe2\x82", None);
        assert!(
            matches!(&p, BodyPreview::InvalidUtf8 { valid_up_to: 3, .. }),
            "{p:?}"
        );
    }

    #[test]
    fn from_vec_matches_build() {
        let body = br#"{"a":"b"}"#.to_vec();
        let a = BodyPreview::build(&body, None);
        let b = BodyPreview::from_vec(body, None);
        assert_eq!(
            a.document().map(|d| d.as_str().to_owned()),
            b.document().map(|d| d.as_str().to_owned())
        );
    }

    #[test]
    fn preview_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<BodyPreview>();
    }

    #[test]
    fn sizes() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(2048), "2.0 KB");
        assert_eq!(format_size(10 * 1024 * 1024), "10.0 MB");
    }
}
