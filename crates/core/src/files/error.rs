//! Why a file could not be written.

use std::path::PathBuf;

/// A file that could not be written whole: the old file (or none) is still there.
#[derive(Debug, thiserror::Error)]
#[error("Could not write {}: {source}", path.display())]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}
