//! Sending a stored file back, shaped like Starlette's `FileResponse` as AYON
//! 1.11.2 used it (fixtures 44 and 54): `application/octet-stream` whatever the
//! extension, `Content-Disposition: attachment`, `Content-Length`,
//! `Last-Modified`, an `ETag` and `Accept-Ranges: bytes`. The file is streamed
//! from disk in chunks.
//!
//! A single `Range` (`bytes=a-b`, `bytes=a-`, `bytes=-n`) is answered with 206 and
//! `Content-Range` (more/1180); one past the end with 416. Simplification: a
//! request for several ranges gets the whole file (200), where newer Starlette
//! sends `multipart/byteranges`.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::clock;
use super::storage::Blob;
use ayon_explorer_core::digest::hex;

/// Bytes read from disk per body chunk.
const CHUNK: usize = 64 * 1024;

/// An opened stored file and what the headers need to say about it.
#[derive(Debug)]
pub struct Download {
    file: File,
    filename: String,
    len: u64,
    modified: SystemTime,
    range: Option<ByteRange>,
}

/// The part of a file a `Range` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// Bytes `start..=end` (clamped to the file).
    Part { start: u64, end: u64 },
    /// Nothing of the file can be given (416).
    Unsatisfiable,
}

impl ByteRange {
    /// Reads a `Range` header for a file of `len` bytes; `None` means "send it all"
    /// (no header, another unit, several ranges, or a malformed one).
    pub fn parse(header: Option<&str>, len: u64) -> Option<ByteRange> {
        let spec = header?.trim().strip_prefix("bytes=")?;
        if spec.contains(',') {
            return None;
        }
        let (first, last) = spec.split_once('-')?;
        let (first, last) = (first.trim(), last.trim());
        let part = if first.is_empty() {
            let suffix: u64 = last.parse().ok()?;
            if suffix == 0 || len == 0 {
                return Some(ByteRange::Unsatisfiable);
            }
            ByteRange::Part {
                start: len.saturating_sub(suffix),
                end: len - 1,
            }
        } else {
            let start: u64 = first.parse().ok()?;
            let end = if last.is_empty() {
                len.saturating_sub(1)
            } else {
                last.parse::<u64>().ok()?.min(len.saturating_sub(1))
            };
            if last.parse::<u64>().is_ok_and(|l| l < start) {
                return None;
            }
            if start >= len {
                return Some(ByteRange::Unsatisfiable);
            }
            ByteRange::Part { start, end }
        };
        Some(part)
    }
}

impl Download {
    /// Opens the blob's file now (while its record is known to exist), so a
    /// delete racing with the download cannot take it away half-way.
    pub fn open(blob: &Blob, filename: &str) -> std::io::Result<Download> {
        Ok(Download {
            file: File::open(blob.path())?,
            filename: filename.to_owned(),
            len: blob.info().len,
            modified: blob.modified(),
            range: None,
        })
    }

    /// Answers only the part `range` (a `Range` header's value) asks for.
    pub fn with_range(mut self, range: Option<&str>) -> Download {
        self.range = ByteRange::parse(range, self.len);
        self
    }
}

impl IntoResponse for Download {
    fn into_response(mut self) -> Response {
        let (status, start, count) = match self.range {
            None => (StatusCode::OK, 0, self.len),
            Some(ByteRange::Part { start, end }) => {
                (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
            }
            Some(ByteRange::Unsatisfiable) => {
                let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
                if let Ok(value) = HeaderValue::from_str(&format!("bytes */{}", self.len)) {
                    response.headers_mut().insert(header::CONTENT_RANGE, value);
                }
                return response;
            }
        };
        if start > 0 && self.file.seek(SeekFrom::Start(start)).is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        let file = tokio::fs::File::from_std(self.file).take(count);
        let stream = futures_util::stream::try_unfold(file, |mut file| async move {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), file)))
        });
        let mut response = (status, Body::from_stream(stream)).into_response();
        let headers = response.headers_mut();
        let mut set = |name: header::HeaderName, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        };
        set(header::CONTENT_TYPE, "application/octet-stream".into());
        set(
            header::CONTENT_DISPOSITION,
            content_disposition(&self.filename),
        );
        set(header::ACCEPT_RANGES, "bytes".into());
        set(header::CONTENT_LENGTH, count.to_string());
        set(header::LAST_MODIFIED, clock::http_date(self.modified));
        set(header::ETAG, etag(self.modified, self.len));
        if status == StatusCode::PARTIAL_CONTENT {
            let end = start + count.saturating_sub(1);
            set(
                header::CONTENT_RANGE,
                format!("bytes {start}-{end}/{}", self.len),
            );
        }
        response
    }
}

/// Starlette's form: `filename="..."` when URL-quoting leaves the name as it
/// is, else the RFC 5987 `filename*=utf-8''...` form.
fn content_disposition(filename: &str) -> String {
    let quoted = url_quote(filename);
    if quoted == filename {
        format!("attachment; filename=\"{filename}\"")
    } else {
        format!("attachment; filename*=utf-8''{quoted}")
    }
}

/// Python's `urllib.parse.quote` with its default safe characters.
fn url_quote(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Starlette hashes `"{mtime}-{size}"` with MD5; the sandbox has SHA-256 at
/// hand and keeps 32 hex characters, so the ETag looks the same.
fn etag(modified: SystemTime, len: u64) -> String {
    let mtime = modified
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64();
    let digest = hex(&Sha256::digest(format!("{mtime}-{len}").as_bytes()));
    format!("\"{}\"", &digest[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_like_starlette() {
        let part = |start, end| Some(ByteRange::Part { start, end });
        assert_eq!(ByteRange::parse(Some("bytes=0-3"), 16), part(0, 3));
        assert_eq!(ByteRange::parse(Some("bytes=10-"), 16), part(10, 15));
        assert_eq!(ByteRange::parse(Some("bytes=-4"), 16), part(12, 15));
        assert_eq!(ByteRange::parse(Some("bytes=4-100"), 16), part(4, 15));
        assert_eq!(
            ByteRange::parse(Some("bytes=16-20"), 16),
            Some(ByteRange::Unsatisfiable)
        );
        assert_eq!(ByteRange::parse(Some("bytes=0-1,4-5"), 16), None);
        assert_eq!(ByteRange::parse(Some("bytes=5-2"), 16), None);
        assert_eq!(ByteRange::parse(Some("items=0-1"), 16), None);
        assert_eq!(ByteRange::parse(Some("bytes=x-1"), 16), None);
        assert_eq!(ByteRange::parse(None, 16), None);
    }

    #[test]
    fn content_disposition_like_starlette() {
        assert_eq!(
            content_disposition("AYON-1.2.3-linux.tar.gz"),
            "attachment; filename=\"AYON-1.2.3-linux.tar.gz\""
        );
        assert_eq!(
            content_disposition("a+b é.zip"),
            "attachment; filename*=utf-8''a%2Bb%20%C3%A9.zip"
        );
    }

    #[test]
    fn etag_is_quoted_hex() {
        let tag = etag(UNIX_EPOCH, 10);
        assert_eq!(tag.len(), 34);
        assert!(tag.starts_with('"') && tag.ends_with('"'));
    }
}
