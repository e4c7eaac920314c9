//! A file sent as a request body, read in chunks while the connection takes them, so an
//! installer of hundreds of MB never sits in memory whole.

use std::path::Path;

use futures_util::Stream;
use tokio::io::AsyncReadExt;

use super::HttpError;

/// How much is read from disk at a time.
const CHUNK: usize = 256 * 1024;

/// Opens `path` for streaming. Refuses a file whose size is no longer `len` (the request's
/// `Content-Length` would lie), and sends at most `len` bytes even if it grows meanwhile.
pub async fn open(
    path: &Path,
    len: u64,
) -> Result<impl Stream<Item = std::io::Result<bytes::Bytes>> + Send + 'static, HttpError> {
    let error = |reason: String| HttpError::BodyFile {
        path: path.display().to_string(),
        reason,
    };
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| error(e.to_string()))?;
    let size = file
        .metadata()
        .await
        .map_err(|e| error(e.to_string()))?
        .len();
    if size != len {
        return Err(error(format!(
            "its size changed from {len} to {size} bytes since it was picked; send again"
        )));
    }
    Ok(futures_util::stream::try_unfold(
        (file, len),
        |(mut file, left)| async move {
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
        },
    ))
}
