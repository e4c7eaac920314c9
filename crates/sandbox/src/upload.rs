//! Receiving a raw request body into a file, as AYON's `handle_upload` does:
//! chunk by chunk to disk (never the whole body in memory), whatever the
//! `Content-Type`, with or without a `Content-Length`.
//!
//! The SHA-256 is computed on the way. A body that ends in an error (the client
//! cancelled, the connection dropped) leaves no file behind: the partial file is
//! deleted at once, and also when the handler is simply dropped mid-way.

use std::path::Path;

use axum::body::Body;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tempfile::TempPath;
use tokio::io::{AsyncWriteExt, BufWriter};

use super::errors::ApiError;
use super::storage::{Blob, Storage, StoredFile, StoredKind};
use ayon_explorer_core::digest::hex;

/// How much of the body is gathered in memory before it is written out.
const WRITE_BUFFER: usize = 1024 * 1024;

/// A complete body, on disk in the storage's `incoming/` folder.
#[derive(Debug)]
pub struct Upload {
    part: TempPath,
    info: StoredFile,
}

impl Upload {
    /// Where the received bytes are.
    pub fn path(&self) -> &Path {
        &self.part
    }

    /// Size and SHA-256 of the body.
    pub fn info(&self) -> &StoredFile {
        &self.info
    }

    /// Moves the file into the storage for good.
    pub fn keep(self, storage: &Storage, kind: StoredKind) -> Result<Blob, ApiError> {
        storage
            .keep(self.part, kind, self.info)
            .map_err(|err| write_failed(&err))
    }
}

/// Why a body could not be received.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The body had no bytes at all.
    #[error("Empty file")]
    Empty,
    /// The body stream broke off (client gone, connection reset).
    #[error("the request body ended early: {0}")]
    Interrupted(String),
    /// The sandbox could not write its file.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<UploadError> for ApiError {
    /// 400 `Empty file` for an empty body, else AYON's 500 `Failed to write file`.
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::Empty => ApiError::bad_request("Empty file"),
            other => write_failed(&other),
        }
    }
}

fn write_failed(err: &dyn std::fmt::Display) -> ApiError {
    ApiError::server_error(format!("Failed to write file: {err}"))
}

/// Streams `body` into a new file in `storage`, hashing it on the way.
pub async fn receive(storage: &Storage, body: Body) -> Result<Upload, UploadError> {
    let (file, part) = storage.incoming_file()?.into_parts();
    // `part` deletes the file if anything below returns early or the future is dropped.
    // Each write to a tokio file is a trip to a blocking thread: batch small chunks.
    let mut file = BufWriter::with_capacity(WRITE_BUFFER, tokio::fs::File::from_std(file));
    let mut hasher = Sha256::new();
    let mut len = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|err| UploadError::Interrupted(err.to_string()))?;
        file.write_all(&chunk).await?;
        hasher.update(&chunk);
        len += chunk.len() as u64;
    }
    // Write out the buffer, and wait for tokio's background write to finish.
    file.flush().await?;
    drop(file);
    if len == 0 {
        return Err(UploadError::Empty);
    }
    Ok(Upload {
        part,
        info: StoredFile {
            len,
            sha256: hex(&hasher.finalize()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_and_hashes_a_streamed_body() {
        let storage = Storage::new();
        let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"ab"), Ok(b"c")];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let upload = receive(&storage, body).await.unwrap();
        assert_eq!(upload.info().len, 3);
        assert_eq!(
            upload.info().sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(upload.path()).unwrap(), b"abc");
    }

    #[tokio::test]
    async fn a_broken_or_empty_body_leaves_no_file() {
        let storage = Storage::new();
        let chunks: Vec<Result<&'static [u8], std::io::Error>> =
            vec![Ok(b"ab"), Err(std::io::Error::other("gone"))];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let err = receive(&storage, body).await.unwrap_err();
        assert!(matches!(err, UploadError::Interrupted(_)), "{err:?}");
        assert_eq!(storage.partial_uploads(), 0);

        let err = receive(&storage, Body::empty()).await.unwrap_err();
        assert!(matches!(err, UploadError::Empty));
        assert_eq!(storage.partial_uploads(), 0);
    }
}
