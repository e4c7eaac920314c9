//! [`BodyPreview`]: how a response body is shown, decided once per response.

use super::document::TextDocument;
use super::hex::HexDump;
use super::pretty::JsonSyntaxError;
use super::pretty_doc::PrettyJson;
use super::rows::Rows;
use super::text::BodyText;

/// A response body prepared for display.
///
/// Built off the UI thread when a response arrives; cheap to clone (the text
/// and its indexes are shared). The body bytes are held once, in memory or
/// memory-mapped from the file a large body was spilled to.
#[derive(Clone, Debug)]
pub enum BodyPreview {
    /// No body bytes at all.
    Empty,
    /// A JSON body: pretty-printed on the fly, and the text as received.
    Json {
        /// The pretty layout of `raw` (rendered row by row, never stored).
        pretty: PrettyJson,
        /// The body as received.
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
        bytes: BodyText,
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
        bytes: BodyText,
    },
}

impl BodyPreview {
    /// Classifies and prepares `bytes` for display (copies them).
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
        Self::from_text(BodyText::from_vec(bytes.to_vec()), content_type)
    }

    /// Like [`BodyPreview::build`] but takes the bytes (no copy).
    pub fn from_vec(bytes: Vec<u8>, content_type: Option<&str>) -> Self {
        Self::from_text(BodyText::from_vec(bytes), content_type)
    }

    /// Like [`BodyPreview::build`] for a body kept in a file, which is
    /// memory-mapped rather than read, so its size is not limited by memory.
    pub fn from_file(path: &std::path::Path, content_type: Option<&str>) -> std::io::Result<Self> {
        Ok(Self::from_text(BodyText::map_file(path)?, content_type))
    }

    /// Classifies shared body bytes (see [`BodyPreview::build`]).
    pub fn from_text(text: BodyText, content_type: Option<&str>) -> Self {
        let bytes = text.bytes();
        let len = bytes.len();
        if len == 0 {
            return Self::Empty;
        }
        let owned_type = || content_type.map(str::to_owned);
        let mime = content_type.map(essence);
        if mime.as_deref().is_some_and(is_binary_mime) || memchr::memchr(0, bytes).is_some() {
            return Self::Binary {
                len,
                content_type: owned_type(),
                bytes: text,
            };
        }
        if let Err(valid_up_to) = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to()) {
            return Self::InvalidUtf8 {
                len,
                valid_up_to,
                content_type: owned_type(),
                bytes: text,
            };
        }
        let json_type = mime.as_deref().is_some_and(is_json_mime);
        let json_bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let looks_json = matches!(
            json_bytes.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
        if !(json_type || looks_json) {
            return Self::Text {
                raw: TextDocument::from_text(text),
                json_error: None,
            };
        }
        match PrettyJson::build(text.clone()) {
            Ok(pretty) => Self::Json {
                pretty,
                raw: TextDocument::from_text(text),
            },
            Err(error) => Self::Text {
                raw: TextDocument::from_text(text),
                json_error: json_type.then_some(error),
            },
        }
    }

    /// The document to show by default: pretty JSON, or the text.
    pub fn document(&self) -> Option<&dyn Rows> {
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
            Self::Json { raw, .. } | Self::Text { raw, .. } => raw.text().bytes(),
            Self::Binary { bytes, .. } | Self::InvalidUtf8 { bytes, .. } => bytes.bytes(),
        }
    }

    /// The body as a hex dump (any kind of body; shares the bytes, no copy).
    pub fn hex(&self) -> HexDump {
        let bytes = match self {
            Self::Empty => BodyText::from_vec(Vec::new()),
            Self::Json { raw, .. } | Self::Text { raw, .. } => raw.text().clone(),
            Self::Binary { bytes, .. } | Self::InvalidUtf8 { bytes, .. } => bytes.clone(),
        };
        HexDump::new(bytes)
    }

    /// The body text as received, if it is text.
    pub fn raw(&self) -> Option<&TextDocument> {
        match self {
            Self::Json { raw, .. } | Self::Text { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The pretty JSON layout, if the body is JSON.
    pub fn json(&self) -> Option<&PrettyJson> {
        match self {
            Self::Json { pretty, .. } => Some(pretty),
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
        let rows: Vec<String> = (0..pretty.line_count()).map(|i| pretty.render(i)).collect();
        assert_eq!(rows.join("\n"), "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
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
    fn pretty_and_raw_share_the_bytes() {
        let text = "{\n  \"a\": 1\n}";
        let BodyPreview::Json { pretty, raw } = BodyPreview::build(text.as_bytes(), None) else {
            panic!("not json");
        };
        assert_eq!(pretty.text().bytes().as_ptr(), raw.text().bytes().as_ptr());
    }

    #[test]
    fn spilled_file_is_mapped_and_classified() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("spill");
        std::fs::write(&path, r#"{"big":[1,2,3]}"#)?;
        let p = BodyPreview::from_file(&path, Some("application/json"))?;
        let Some(pretty) = p.json() else {
            panic!("{p:?}");
        };
        assert!(pretty.text().is_mapped());
        assert_eq!(pretty.line_count(), 7);
        assert_eq!(p.bytes(), br#"{"big":[1,2,3]}"#);
        Ok(())
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
    fn hex_dump_shares_the_body() {
        let p = BodyPreview::build(b"\x89PNG\0", Some("application/octet-stream"));
        let hex = p.hex();
        assert_eq!(hex.row_count(), 1);
        assert!(
            hex.row(0).starts_with("00000000  89 50 4e 47 00"),
            "{}",
            hex.row(0)
        );
        assert_eq!(BodyPreview::Empty.hex().row_count(), 0);
        assert!(
            BodyPreview::build(b"{}", None)
                .hex()
                .row(0)
                .ends_with("|{}|")
        );
    }

    #[test]
    fn from_vec_matches_build() {
        let body = br#"{"a":"b"}"#.to_vec();
        let a = BodyPreview::build(&body, None);
        let b = BodyPreview::from_vec(body, None);
        assert_eq!(
            a.document().map(|d| d.row(1).into_owned()),
            b.document().map(|d| d.row(1).into_owned())
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
