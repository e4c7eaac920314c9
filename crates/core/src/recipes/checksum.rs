//! The size and sha256 of a file, read in chunks off the async threads, counting the
//! bytes read in a [`Progress`] so a large installer shows how far hashing got.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::digest::hex;
use crate::http::Progress;

use super::RecipeError;

/// Bytes read per chunk: large enough to keep system calls few.
const CHUNK: usize = 1024 * 1024;

/// Size and lowercase hex sha256 of the file at `path`, read on a blocking thread;
/// `progress` counts the bytes read as "sent" (make it with
/// [`Progress::with_verb`]`("Hashing")`).
pub async fn sha256_file(
    path: &Path,
    progress: Arc<Progress>,
) -> Result<(u64, String), RecipeError> {
    let owned = path.to_path_buf();
    let result = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&owned)?;
        let len = file.metadata()?.len();
        progress.begin_send(len);
        sha256_reader(file, &progress)
    })
    .await;
    match result {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(e)) => Err(RecipeError::Invalid(format!(
            "Could not read {}: {e}",
            path.display()
        ))),
        Err(e) => Err(RecipeError::Invalid(format!(
            "Hashing {} stopped: {e}",
            path.display()
        ))),
    }
}

/// Size and lowercase hex sha256 of everything `reader` gives, counted in `progress`.
pub fn sha256_reader(mut reader: impl Read, progress: &Progress) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buffer[..n]);
        total += n as u64;
        progress.add_sent(n as u64);
    }
    Ok((total, hex(&hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_a_file_and_counts_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        let data: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let progress = Arc::new(Progress::with_verb("Hashing"));
        let (len, sha) = sha256_file(&path, progress.clone()).await.unwrap();
        assert_eq!(len, data.len() as u64);
        assert_eq!(sha, hex(&Sha256::digest(&data)));
        let snap = progress.snapshot();
        assert_eq!((snap.sent, snap.send_total), (len, len));
        // The well-known digest of "abc".
        let (_, abc) = sha256_reader(&b"abc"[..], &Progress::new()).unwrap();
        assert_eq!(
            abc,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[tokio::test]
    async fn a_missing_file_is_named() {
        let err = sha256_file(Path::new("/no/such/file.bin"), Arc::new(Progress::new()))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, RecipeError::Invalid(m) if m.contains("/no/such/file.bin")),
            "{err:?}"
        );
    }
}
