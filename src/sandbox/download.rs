//! Sending a stored file back, shaped like Starlette's `FileResponse` as AYON
//! 1.11.2 used it (fixtures 44 and 54): `application/octet-stream` whatever the
//! extension, `Content-Disposition: attachment`, `Content-Length`,
//! `Last-Modified` and an `ETag`. The file is streamed from disk in chunks.
//!
//! Simplification: `Range` requests are not honoured (the whole file is sent,
//! 200), so no `Accept-Ranges` header is sent either.

use std::fs::File;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use super::clock;
use super::storage::Blob;
use crate::digest::hex;

/// Bytes read from disk per body chunk.
const CHUNK: usize = 64 * 1024;

/// An opened stored file and what the headers need to say about it.
#[derive(Debug)]
pub struct Download {
    file: File,
    filename: String,
    len: u64,
    modified: SystemTime,
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
        })
    }
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        let file = tokio::fs::File::from_std(self.file);
        let stream = futures_util::stream::try_unfold(file, |mut file| async move {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), file)))
        });
        let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
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
        set(header::CONTENT_LENGTH, self.len.to_string());
        set(header::LAST_MODIFIED, clock::http_date(self.modified));
        set(header::ETAG, etag(self.modified, self.len));
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
