//! Why a catalog could not be kept in the cache, or read back from it.

use std::path::PathBuf;

use crate::files::WriteError;

/// Why a catalog could not be stored in the cache or read back from it.
#[derive(Debug, thiserror::Error)]
pub enum CatalogCacheError {
    /// The cache folder could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The catalog could not be encoded.
    #[error("Could not encode the catalog for the cache: {0}")]
    Encode(#[source] serde_json::Error),
    /// The cache file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The cache file could not be read.
    #[error("Could not read the cached catalog {}: {source}", path.display())]
    Read {
        /// The cache file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The cache file does not hold a catalog.
    #[error(
        "The cached catalog {} is damaged ({source}); press Refresh to fetch it again",
        path.display()
    )]
    Damaged {
        /// The cache file.
        path: PathBuf,
        /// What the JSON reader said.
        #[source]
        source: serde_json::Error,
    },
}
