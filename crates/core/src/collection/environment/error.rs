//! Why an environment could not be saved or deleted.

use std::path::PathBuf;

use super::{GitignoreError, Problem};
use crate::files::WriteError;

/// Why an environment could not be saved or deleted.
#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    /// The name cannot be a file name.
    #[error(
        "\"{0}\" cannot name an environment: use letters, digits, spaces, '-' or '_', \
         not starting with '.' nor ending with \".local\""
    )]
    InvalidName(String),
    /// A variable's name cannot be written between braces.
    #[error("\"{name}\" cannot name a variable: use letters, digits, '_', '-' or '.'")]
    InvalidVariable {
        /// The name as given.
        name: String,
    },
    /// A variable is defined twice in one file.
    #[error("The variable \"{name}\" is defined twice")]
    RepeatedVariable {
        /// The name defined twice.
        name: String,
    },
    /// The file on disk does not parse; it is never overwritten.
    #[error("{0} (the file was not loaded, so it is not overwritten: fix or remove it first)")]
    Broken(Problem),
    /// The environments folder could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The collection's `.gitignore` could not be made to ignore local overrides.
    #[error(transparent)]
    Gitignore(#[from] GitignoreError),
    /// An environment file could not be written (a read-only collection folder, a full
    /// disk...).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// An environment file could not be deleted.
    #[error("Could not delete {}: {source}", path.display())]
    Delete {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}
