//! Why the Getting started collection could not be written.

use std::path::PathBuf;

use crate::files::WriteError;

/// Why the Getting started collection could not be written.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// A folder of the collection could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A file of the collection could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}
