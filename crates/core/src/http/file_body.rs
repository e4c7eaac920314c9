//! A file sent as a request body, read in chunks while the connection takes them, so an
//! installer of hundreds of MB never sits in memory whole.

use std::path::Path;

use std::sync::Arc;

use futures_util::{Stream, TryStreamExt};

use super::{HttpError, Progress};

/// How much is read from disk at a time.
const CHUNK: usize = 1024 * 1024;

/// Chunks read ahead of the connection (memory bound: this many times [`CHUNK`]).
const READ_AHEAD: usize = 4;

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
    // A blocking thread reads ahead a few chunks while the connection sends: cheaper than
    // one trip to tokio's blocking pool per read. A dropped request drops the receiver,
    // which ends the thread at its next send.
    let mut file = file.into_std().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<bytes::Bytes>>(READ_AHEAD);
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut left = len;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(CHUNK).min(CHUNK);
            // read_to_end fills spare capacity without zeroing it first.
            let mut buf = Vec::with_capacity(want);
            let chunk = match (&mut file).take(want as u64).read_to_end(&mut buf) {
                Ok(0) => Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file got shorter while it was being sent",
                )),
                Ok(n) => {
                    left -= n as u64;
                    Ok(bytes::Bytes::from(buf))
                }
                Err(e) => Err(e),
            };
            let failed = chunk.is_err();
            if tx.blocking_send(chunk).is_err() || failed {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
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
