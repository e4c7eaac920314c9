//! Why the history file could not be written or read.

use std::path::PathBuf;

use crate::files::WriteError;

/// Why the history file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// An entry could not be encoded as JSON.
    #[error("History entry: {0}")]
    Encode(#[source] serde_json::Error),
    /// The folder of the history file could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Why the history file's content does not parse.
#[derive(Debug, thiserror::Error)]
pub(super) enum ParseError {
    /// The bytes are not text.
    #[error("not UTF-8: {0}")]
    NotUtf8(#[source] std::str::Utf8Error),
    /// A line is not an entry.
    #[error("line {line}: {source}")]
    Line {
        /// The line, counted from 1.
        line: usize,
        /// What the JSON reader said.
        #[source]
        source: serde_json::Error,
    },
}
