//! Decoding `Content-Encoding: gzip | deflate | br | zstd` bodies as they stream in,
//! with a guard against decompression bombs.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio_util::io::{ReaderStream, StreamReader};

/// What the request advertises in `Accept-Encoding` (unless the user set one).
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// Past this many decoded bytes, a body that expands more than [`MAX_RATIO`] times its
/// compressed size is refused. Real JSON compresses 5-20x; a bomb of zeros ~1000x.
pub const BOMB_FLOOR: u64 = 32 * 1024 * 1024;
/// See [`BOMB_FLOOR`].
pub const MAX_RATIO: u64 = 200;

/// A body encoding the engine decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `gzip` / `x-gzip`.
    Gzip,
    /// `deflate` (zlib-wrapped, as servers send it).
    Deflate,
    /// `br`.
    Brotli,
    /// `zstd`.
    Zstd,
}

impl Encoding {
    /// The encoding named by a `Content-Encoding` value; `None` for `identity`, none,
    /// several stacked encodings or one not known (the body is then kept as it came).
    pub fn from_header(value: Option<&str>) -> Option<Encoding> {
        let value = value?.trim().to_ascii_lowercase();
        match value.as_str() {
            "gzip" | "x-gzip" => Some(Encoding::Gzip),
            "deflate" => Some(Encoding::Deflate),
            "br" => Some(Encoding::Brotli),
            "zstd" => Some(Encoding::Zstd),
            _ => None,
        }
    }

    /// The name as in the header.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gzip => "gzip",
            Encoding::Deflate => "deflate",
            Encoding::Brotli => "br",
            Encoding::Zstd => "zstd",
        }
    }
}

/// Whether `decoded` bytes out of `compressed` look like a decompression bomb.
pub fn is_bomb(compressed: u64, decoded: u64) -> bool {
    decoded > BOMB_FLOOR && decoded > compressed.max(1).saturating_mul(MAX_RATIO)
}

/// A stream of body chunks (decoded when the body is encoded).
pub type BodyStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// The transport error met while reading, kept aside so it can be classified (the
/// decoder only sees an `io::Error`).
pub type TransportError = Arc<Mutex<Option<reqwest::Error>>>;

/// The body of `response` as a stream: decoded when `encoding` is set. Bytes as they
/// came off the wire are counted in `wire` (and passed to `on_wire`, for progress).
pub fn body_stream(
    response: reqwest::Response,
    encoding: Option<Encoding>,
    wire: Arc<AtomicU64>,
    transport_error: TransportError,
    on_wire: impl Fn(u64) + Send + 'static,
) -> BodyStream {
    let raw = response.bytes_stream().map(move |item| match item {
        Ok(chunk) => {
            wire.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            on_wire(chunk.len() as u64);
            Ok(chunk)
        }
        Err(e) => {
            let message = e.to_string();
            if let Ok(mut slot) = transport_error.lock() {
                *slot = Some(e);
            }
            Err(std::io::Error::other(message))
        }
    });
    let Some(encoding) = encoding else {
        return Box::pin(raw);
    };
    let reader = StreamReader::new(raw);
    use async_compression::tokio::bufread as de;
    match encoding {
        Encoding::Gzip => Box::pin(ReaderStream::new(de::GzipDecoder::new(reader))),
        Encoding::Deflate => Box::pin(ReaderStream::new(de::ZlibDecoder::new(reader))),
        Encoding::Brotli => Box::pin(ReaderStream::new(de::BrotliDecoder::new(reader))),
        Encoding::Zstd => Box::pin(ReaderStream::new(de::ZstdDecoder::new(reader))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bombs() {
        assert_eq!(Encoding::from_header(Some(" GZIP ")), Some(Encoding::Gzip));
        assert_eq!(Encoding::from_header(Some("x-gzip")), Some(Encoding::Gzip));
        assert_eq!(Encoding::from_header(Some("br")), Some(Encoding::Brotli));
        assert_eq!(Encoding::from_header(Some("identity")), None);
        assert_eq!(Encoding::from_header(Some("gzip, br")), None);
        assert_eq!(Encoding::from_header(None), None);
        assert!(!is_bomb(1024, BOMB_FLOOR), "small bodies never");
        assert!(
            !is_bomb(10 * 1024 * 1024, 100 * 1024 * 1024),
            "10x is normal"
        );
        assert!(is_bomb(100 * 1024, 64 * 1024 * 1024));
    }
}
