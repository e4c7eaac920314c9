//! Where the sandbox keeps uploaded files (installers, dependency packages,
//! addon zips): a temporary directory owned by the state and removed with it.
//!
//! The directory is created on the first upload, so a sandbox nobody uploads to
//! never touches the disk. Uploads are written to `incoming/` first and only
//! moved to `files/` once complete ([`Storage::keep`]). A kept file is a [`Blob`]:
//! dropping it (replacing or deleting its record) deletes the file.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use tempfile::{NamedTempFile, TempDir, TempPath};

const INCOMING: &str = "incoming";
const FILES: &str = "files";

/// What a stored file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoredKind {
    /// A desktop installer, keyed by its filename.
    Installer,
    /// A dependency package, keyed by its filename.
    DependencyPackage,
    /// An installed addon's zip, keyed by [`addon_key`] (`name/version`).
    Addon,
}

impl StoredKind {
    fn prefix(self) -> &'static str {
        match self {
            StoredKind::Installer => "installer",
            StoredKind::DependencyPackage => "package",
            StoredKind::Addon => "addon",
        }
    }
}

/// The key under which an installed addon's zip is stored: `name/version`.
pub fn addon_key(name: &str, version: &str) -> String {
    format!("{name}/{version}")
}

/// Size and SHA-256 of a stored file, as measured while it was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Length in bytes.
    pub len: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

/// A complete file on disk. Dropping it deletes the file.
#[derive(Debug)]
pub struct Blob {
    path: TempPath,
    info: StoredFile,
    modified: SystemTime,
}

impl Blob {
    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its size and hash.
    pub fn info(&self) -> &StoredFile {
        &self.info
    }

    /// When it was stored (for `Last-Modified`).
    pub fn modified(&self) -> SystemTime {
        self.modified
    }
}

/// The sandbox's file area.
#[derive(Debug, Default)]
pub struct Storage {
    root: Mutex<Option<TempDir>>,
    next_id: AtomicU64,
}

impl Storage {
    /// An empty storage; no directory is created yet.
    pub fn new() -> Self {
        Storage::default()
    }

    /// The root directory, created with its sub-folders on first use.
    fn root(&self) -> io::Result<PathBuf> {
        let mut root = self.root.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(dir) = root.as_ref() {
            return Ok(dir.path().to_owned());
        }
        let dir = tempfile::Builder::new().prefix("ayon-sandbox-").tempdir()?;
        std::fs::create_dir(dir.path().join(INCOMING))?;
        std::fs::create_dir(dir.path().join(FILES))?;
        let path = dir.path().to_owned();
        *root = Some(dir);
        Ok(path)
    }

    /// A new file in `incoming/` for an upload in progress; it is deleted when
    /// dropped, so an abandoned upload leaves nothing behind.
    pub fn incoming_file(&self) -> io::Result<NamedTempFile> {
        tempfile::Builder::new()
            .prefix("upload-")
            .suffix(".part")
            .tempfile_in(self.root()?.join(INCOMING))
    }

    /// Moves a complete upload into `files/` under a fresh name.
    pub fn keep(&self, part: TempPath, kind: StoredKind, info: StoredFile) -> io::Result<Blob> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let target = self
            .root()?
            .join(FILES)
            .join(format!("{}-{id}", kind.prefix()));
        part.persist(&target).map_err(|err| err.error)?;
        Ok(Blob {
            path: TempPath::try_from_path(target)?,
            info,
            modified: SystemTime::now(),
        })
    }

    /// How many uploads are in `incoming/` right now (running or, if this is
    /// ever non-zero when idle, left behind).
    pub fn partial_uploads(&self) -> usize {
        let root = self.root.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(dir) = root.as_ref() else {
            return 0;
        };
        std::fs::read_dir(dir.path().join(INCOMING))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn kept_files_move_out_of_incoming_and_vanish_when_dropped() {
        let storage = Storage::new();
        assert_eq!(storage.partial_uploads(), 0);
        let mut part = storage.incoming_file().unwrap();
        part.write_all(b"abc").unwrap();
        assert_eq!(storage.partial_uploads(), 1);
        let info = StoredFile {
            len: 3,
            sha256: "x".into(),
        };
        let blob = storage
            .keep(part.into_temp_path(), StoredKind::Installer, info)
            .unwrap();
        assert_eq!(storage.partial_uploads(), 0);
        assert_eq!(std::fs::read(blob.path()).unwrap(), b"abc");
        let path = blob.path().to_owned();
        drop(blob);
        assert!(!path.exists());
    }

    #[test]
    fn the_directory_goes_with_the_storage() {
        let storage = Storage::new();
        let part = storage.incoming_file().unwrap();
        let root = part
            .path()
            .parent()
            .and_then(Path::parent)
            .unwrap()
            .to_owned();
        drop(part);
        assert!(root.is_dir());
        drop(storage);
        assert!(!root.exists());
    }
}
