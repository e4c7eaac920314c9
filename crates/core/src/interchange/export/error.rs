//! Why an export could not be written.

use std::path::PathBuf;

use crate::files::WriteError;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The folder or request to export was removed since it was chosen.
    #[error("{} is not in the collection any more", path.display())]
    Gone {
        /// The folder or request, relative to the collection.
        path: PathBuf,
    },
    /// An OpenCollection export goes into a new or empty folder only.
    #[error("{} is not an empty folder: choose a new one for the export", path.display())]
    NotEmpty {
        /// The folder chosen.
        path: PathBuf,
    },
    /// A folder for the export could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A file of the export could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}
