//! A file sent as a request body, read in chunks while the connection takes them, so an
//! installer of hundreds of MB never sits in memory whole.

use std::path::Path;

use std::sync::Arc;

use futures_util::{Stream, TryStreamExt};
use tokio::io::AsyncReadExt;

use super::{HttpError, Progress};

/// How much is read from disk at a time.
const CHUNK: usize = 256 * 1024;

/// A file opened for streaming: its length and its chunks.
pub struct FileStream {
    /// Bytes that will be sent.
    pub len: u64,
    /// The chunks; each is counted into the progress as the connection takes it.
    pub stream: std::pin::Pin<Box<dyn Stream<Item = std::io::Result<bytes::Bytes>> + Send>>,
}

/// Opens `path` for streaming. With `expected`, refuses a file whose size is no longer that
/// (the request's `Content-Length` would lie); sends at most `len` bytes even if it grows
/// meanwhile, and fails if it shrinks. An empty file is refused: AYON answers 400 "Empty
/// file" to an empty upload and deletes the file it already had.
pub async fn open(
    path: &Path,
    expected: Option<u64>,
    progress: Option<Arc<Progress>>,
) -> Result<FileStream, HttpError> {
    let error = |reason: String| HttpError::BodyFile {
        path: path.display().to_string(),
        reason,
    };
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| error(e.to_string()))?;
    let metadata = file.metadata().await.map_err(|e| error(e.to_string()))?;
    if metadata.is_dir() {
        return Err(error("it is a folder, not a file".into()));
    }
    let len = metadata.len();
    if let Some(expected) = expected
        && expected != len
    {
        return Err(error(format!(
            "its size changed from {expected} to {len} bytes since it was picked; send again"
        )));
    }
    if len == 0 {
        return Err(error(
            "it is empty. AYON answers an empty upload with 400 \"Empty file\" and deletes \
             the file it already had under that name"
                .into(),
        ));
    }
    let stream = futures_util::stream::try_unfold((file, len), |(mut file, left)| async move {
        if left == 0 {
            return Ok(None);
        }
        let want = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
        let mut buf = vec![0u8; want];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file got shorter while it was being sent",
            ));
        }
        buf.truncate(n);
        Ok(Some((bytes::Bytes::from(buf), (file, left - n as u64))))
    });
    let stream = stream.inspect_ok(move |chunk| {
        if let Some(p) = &progress {
            p.add_sent(chunk.len() as u64);
        }
    });
    Ok(FileStream {
        len,
        stream: Box::pin(stream),
    })
}
