//! Bodies in and out of the store: zstd, streamed in bounded pieces from a body file, and
//! cut to head and tail when over the cap.

use std::io::{Read, Seek, SeekFrom, Write};

use super::{AnswerBody, AnswerStoreError, BodyKept};

/// zstd level: fast, and JSON still shrinks about tenfold.
const LEVEL: i32 = 3;
/// Bytes read from a body file at a time.
const PIECE: usize = 256 * 1024;
/// The most bytes a stored body may claim to decompress to; more means a damaged row.
pub(super) const MOST_KEPT: u64 = 4 * 1024 * 1024 * 1024;

/// A body ready to store.
#[derive(Debug)]
pub(super) struct PackedBody {
    /// The original size in bytes.
    pub size: u64,
    /// What was kept.
    pub kept: BodyKept,
    /// The compressed bytes kept (empty when bodies are off).
    pub compressed: Vec<u8>,
}

/// Compresses `body`, keeping the first and last halves of `cap` when it is bigger.
pub(super) fn pack(
    body: &AnswerBody<'_>,
    cap: u64,
    keep: bool,
) -> Result<PackedBody, AnswerStoreError> {
    match body {
        AnswerBody::Bytes(bytes) => {
            let size = bytes.len() as u64;
            if !keep {
                return Ok(off(size));
            }
            let (head, tail) = cut(size, cap);
            let compressed = compress_pieces(|encoder| {
                if tail == 0 && head == size {
                    return encoder.write_all(bytes);
                }
                // head + tail <= size, so both ranges are inside the slice.
                let head_end = usize::try_from(head).unwrap_or(usize::MAX);
                let tail_start = usize::try_from(size - tail).unwrap_or(usize::MAX);
                encoder.write_all(bytes.get(..head_end).unwrap_or_default())?;
                encoder.write_all(bytes.get(tail_start..).unwrap_or_default())
            })?;
            Ok(PackedBody {
                size,
                kept: kept(size, head, tail),
                compressed,
            })
        }
        AnswerBody::Cut { head, tail, size } => {
            let size = *size;
            if !keep {
                return Ok(off(size));
            }
            let compressed = compress_pieces(|encoder| {
                encoder.write_all(head)?;
                encoder.write_all(tail)
            })?;
            Ok(PackedBody {
                size,
                kept: kept(size, head.len() as u64, tail.len() as u64),
                compressed,
            })
        }
        AnswerBody::File(path) => {
            let read_error = |source| AnswerStoreError::BodyFile {
                path: path.to_path_buf(),
                source,
            };
            let mut file = std::fs::File::open(path).map_err(read_error)?;
            let size = file.metadata().map_err(read_error)?.len();
            if !keep {
                return Ok(off(size));
            }
            let (head, tail) = cut(size, cap);
            let mut encoder = encoder()?;
            copy_exactly(&mut file, head, &mut encoder).map_err(|e| e.naming(path))?;
            if tail > 0 {
                let back = i64::try_from(tail)
                    .map_err(|_| read_error(std::io::Error::other("the body cap is too big")))?;
                file.seek(SeekFrom::End(-back)).map_err(read_error)?;
                copy_exactly(&mut file, tail, &mut encoder).map_err(|e| e.naming(path))?;
            }
            let compressed = encoder
                .finish()
                .map_err(|source| AnswerStoreError::Compress { source })?;
            Ok(PackedBody {
                size,
                kept: kept(size, head, tail),
                compressed,
            })
        }
    }
}

/// Decompresses a stored body that should come to `expected` bytes.
pub(super) fn unpack(compressed: &[u8], expected: u64) -> Result<Vec<u8>, String> {
    if expected > MOST_KEPT {
        return Err(format!("it claims a body of {expected} bytes"));
    }
    if compressed.is_empty() && expected == 0 {
        return Ok(Vec::new());
    }
    let capacity = usize::try_from(expected).map_err(|_| "the body is too big to open")?;
    let mut body = Vec::with_capacity(capacity);
    let decoder = zstd::stream::read::Decoder::with_buffer(compressed)
        .map_err(|e| format!("the body does not decompress: {e}"))?;
    // One byte more than expected shows a body that is longer than recorded.
    decoder
        .take(expected + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("the body does not decompress: {e}"))?;
    if body.len() as u64 != expected {
        return Err(format!(
            "the body decompresses to {} bytes, not the {expected} recorded",
            body.len()
        ));
    }
    Ok(body)
}

/// How many bytes to keep from the start and from the end of a body of `size` bytes.
/// `(size, 0)` keeps it whole.
pub fn cut_lengths(size: u64, cap: u64) -> (u64, u64) {
    cut(size, cap)
}

fn cut(size: u64, cap: u64) -> (u64, u64) {
    if size <= cap {
        (size, 0)
    } else {
        (cap / 2, cap - cap / 2)
    }
}

fn kept(size: u64, head: u64, tail: u64) -> BodyKept {
    if head == size && tail == 0 {
        BodyKept::Whole
    } else {
        BodyKept::HeadAndTail { head, tail }
    }
}

fn off(size: u64) -> PackedBody {
    PackedBody {
        size,
        kept: BodyKept::Off,
        compressed: Vec::new(),
    }
}

type Encoder = zstd::stream::write::Encoder<'static, Vec<u8>>;

fn encoder() -> Result<Encoder, AnswerStoreError> {
    Encoder::new(Vec::new(), LEVEL).map_err(|source| AnswerStoreError::Compress { source })
}

/// Runs `fill` into a zstd encoder and returns the compressed bytes.
fn compress_pieces(
    fill: impl FnOnce(&mut Encoder) -> std::io::Result<()>,
) -> Result<Vec<u8>, AnswerStoreError> {
    let compress_error = |source| AnswerStoreError::Compress { source };
    let mut encoder = encoder()?;
    fill(&mut encoder).map_err(compress_error)?;
    encoder.finish().map_err(compress_error)
}

/// A failed copy: reading the body file, or writing to the encoder.
enum Copy {
    Read(std::io::Error),
    Write(std::io::Error),
}

impl Copy {
    fn naming(self, path: &std::path::Path) -> AnswerStoreError {
        match self {
            Copy::Read(source) => AnswerStoreError::BodyFile {
                path: path.to_path_buf(),
                source,
            },
            Copy::Write(source) => AnswerStoreError::Compress { source },
        }
    }
}

/// Copies exactly `count` bytes from `file` to `out` in bounded pieces.
fn copy_exactly(file: &mut std::fs::File, count: u64, out: &mut impl Write) -> Result<(), Copy> {
    let mut piece = vec![0u8; PIECE];
    let mut left = count;
    while left > 0 {
        let want = usize::try_from(left.min(PIECE as u64)).unwrap_or(PIECE);
        let got = match file.read(&mut piece[..want]) {
            Ok(0) => {
                return Err(Copy::Read(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file got shorter while it was read",
                )));
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e)),
        };
        out.write_all(&piece[..got]).map_err(Copy::Write)?;
        left -= got as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_body_is_kept_whole_and_comes_back() {
        let body = br#"{"a":1}"#.repeat(1000);
        let packed = pack(&AnswerBody::Bytes(&body), 1 << 20, true).unwrap();
        assert_eq!(packed.kept, BodyKept::Whole);
        assert_eq!(packed.size, body.len() as u64);
        assert!(packed.compressed.len() < body.len() / 10);
        assert_eq!(unpack(&packed.compressed, packed.size).unwrap(), body);
    }

    #[test]
    fn a_big_body_keeps_head_and_tail_from_bytes_and_from_a_file() {
        let body: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let packed = pack(&AnswerBody::Bytes(&body), 101, true).unwrap();
        assert_eq!(packed.kept, BodyKept::HeadAndTail { head: 50, tail: 51 });
        let expected = [&body[..50], &body[949..]].concat();
        assert_eq!(unpack(&packed.compressed, 101).unwrap(), expected);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("body.bin");
        std::fs::write(&path, &body).unwrap();
        let packed = pack(&AnswerBody::File(&path), 101, true).unwrap();
        assert_eq!(packed.size, 1000);
        assert_eq!(packed.kept, BodyKept::HeadAndTail { head: 50, tail: 51 });
        assert_eq!(unpack(&packed.compressed, 101).unwrap(), expected);
    }

    #[test]
    fn bodies_off_keep_only_the_size() {
        let packed = pack(&AnswerBody::Bytes(b"secret-free"), 100, false).unwrap();
        assert_eq!(packed.kept, BodyKept::Off);
        assert_eq!(packed.size, 11);
        assert!(packed.compressed.is_empty());
    }

    #[test]
    fn a_missing_body_file_is_named() {
        let err = pack(
            &AnswerBody::File(std::path::Path::new("/nonexistent/body.bin")),
            100,
            true,
        )
        .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/body.bin"), "{err}");
    }

    #[test]
    fn damaged_bodies_give_messages() {
        assert!(unpack(b"not zstd", 10).is_err());
        let packed = pack(&AnswerBody::Bytes(b"0123456789"), 100, true).unwrap();
        let err = unpack(&packed.compressed, 5).unwrap_err();
        assert!(err.contains("not the 5 recorded"), "{err}");
        assert!(unpack(&packed.compressed, u64::MAX).is_err());
    }
}
