//! Reading one file someone else wrote: regular files only, under a size cap, and, for a
//! collection's files, only inside the collection.
//!
//! What a path names is checked before it is opened: a FIFO would block the open (and
//! every read) forever, a device such as `/dev/zero` never ends, and opening some devices
//! has effects of its own. A symlink is followed only to a regular file, and, when a
//! folder confines the read, only to one inside that folder (compared by real paths). The
//! file is then opened without blocking, checked again through the open handle (so a
//! swap between the check and the open is caught), and read through a `take` of the cap
//! plus one byte, so a file that grows while it is read still cannot pass the cap.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// The cap for a collection's files: `collection.yml`, `folder.yml`, requests and
/// environments. A request file is a few hundred bytes; large bodies belong in files.
pub const MAX_COLLECTION_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The cap for an OpenAPI spec file (AYON's, with every addon, is a few megabytes).
pub const MAX_SPEC_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a path names, when it is not a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file.
    Regular,
    /// A folder.
    Folder,
    /// A FIFO (named pipe): reading it waits for a writer.
    Fifo,
    /// A socket.
    Socket,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// Anything else.
    Other,
}

impl FileKind {
    /// The kind of file `meta` describes.
    pub fn of(meta: &std::fs::Metadata) -> FileKind {
        let kind = meta.file_type();
        if kind.is_file() {
            return FileKind::Regular;
        }
        if kind.is_dir() {
            return FileKind::Folder;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return FileKind::Fifo;
            }
            if kind.is_socket() {
                return FileKind::Socket;
            }
            if kind.is_char_device() {
                return FileKind::CharDevice;
            }
            if kind.is_block_device() {
                return FileKind::BlockDevice;
            }
        }
        FileKind::Other
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Regular => "a regular file",
            FileKind::Folder => "a folder",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "a special file",
        })
    }
}

/// Why a file was not read. The words follow the file's name: `requests/a.yml: is a FIFO
/// (named pipe), not a regular file: not read`.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file (a FIFO, a device, a folder, ...).
    #[error("is {}{kind}, not a regular file: not read", if *.through_link { "a symlink to " } else { "" })]
    NotRegular {
        /// What it is.
        kind: FileKind,
        /// Whether a symlink led there.
        through_link: bool,
    },
    /// A symlink whose target is outside the folder the read is confined to.
    #[error("is a symlink to {kind} outside the collection: not read")]
    Outside {
        /// What the target is.
        kind: FileKind,
    },
    /// A symlink to nothing.
    #[error("is a symlink to nothing (its target does not exist): not read")]
    DanglingLink,
    /// Larger than the cap.
    #[error("is larger than {}, the limit for this file: not read", size_words(*.limit))]
    TooBig {
        /// The cap, in bytes.
        limit: u64,
    },
    /// Bytes that are not UTF-8 text.
    #[error("is not UTF-8 text (byte {at}): not read")]
    NotUtf8 {
        /// Offset of the first byte that is not.
        at: usize,
    },
    /// The system refused (missing, permissions, name too long, ...).
    #[error("cannot be read: {0}")]
    Io(#[source] std::io::Error),
}

/// `8 MB` for 8 MiB; bytes otherwise.
fn size_words(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A file's bytes, and whether a symlink led to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileBytes {
    /// The content.
    pub bytes: Vec<u8>,
    /// Whether the path was a symlink (its content may be any file's: never quote it).
    pub through_link: bool,
}

/// A file's text, and whether a symlink led to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileText {
    /// The content.
    pub text: String,
    /// Whether the path was a symlink (its content may be any file's: never quote it).
    pub through_link: bool,
}

/// Opens the regular file at `path` for reading, with its size. With `inside`, a symlink
/// is followed only to a file whose real path is in that folder. Nothing that is not a
/// regular file is opened.
pub fn open_checked(
    path: &Path,
    inside: Option<&Path>,
) -> Result<(std::fs::File, u64, bool), ReadError> {
    let link = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    let through_link = link.file_type().is_symlink();
    let (target, meta): (Cow<'_, Path>, std::fs::Metadata) = if through_link {
        let target = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::DanglingLink,
            _ => ReadError::Io(e),
        })?;
        let meta = std::fs::metadata(&target).map_err(ReadError::Io)?;
        if let Some(root) = inside {
            let root = std::fs::canonicalize(root).map_err(ReadError::Io)?;
            if !target.starts_with(&root) {
                return Err(ReadError::Outside {
                    kind: FileKind::of(&meta),
                });
            }
        }
        (Cow::Owned(target), meta)
    } else {
        (Cow::Borrowed(path), link)
    };
    let regular = |meta: &std::fs::Metadata| {
        if meta.is_file() {
            Ok(())
        } else {
            Err(ReadError::NotRegular {
                kind: FileKind::of(meta),
                through_link,
            })
        }
    };
    regular(&meta)?;
    let file = open_without_blocking(&target).map_err(ReadError::Io)?;
    // What was opened is what was checked: a file swapped for a FIFO since is refused.
    let opened = file.metadata().map_err(ReadError::Io)?;
    regular(&opened)?;
    Ok((file, opened.len(), through_link))
}

/// Opens the regular file at `path` (one the user picked: symlinks are followed) for
/// reading; a FIFO, a device or a folder is refused before it is opened.
pub fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    open_checked(path, None).map(|(file, _, _)| file)
}

/// Reads the regular file at `path`, at most `limit` bytes. With `inside`, a symlink is
/// followed only to a file whose real path is in that folder.
pub fn read_file(path: &Path, inside: Option<&Path>, limit: u64) -> Result<FileBytes, ReadError> {
    let (file, len, through_link) = open_checked(path, inside)?;
    if len > limit {
        return Err(ReadError::TooBig { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig { limit });
    }
    Ok(FileBytes {
        bytes,
        through_link,
    })
}

/// [`read_file`], as UTF-8 text.
pub fn read_text(path: &Path, inside: Option<&Path>, limit: u64) -> Result<FileText, ReadError> {
    let FileBytes {
        bytes,
        through_link,
    } = read_file(path, inside, limit)?;
    let text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        at: e.utf8_error().valid_up_to(),
    })?;
    Ok(FileText { text, through_link })
}

/// Opens for reading; on Unix with `O_NONBLOCK`, so a FIFO put there after the check
/// cannot block the open (regular files read the same either way).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests;
