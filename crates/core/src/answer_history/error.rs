//! Why the answer history could not do something.

use std::path::PathBuf;

/// What went wrong, naming the database (or body file) and the operation.
#[derive(Debug, thiserror::Error)]
pub enum AnswerStoreError {
    /// The folder for the database could not be made or reached.
    #[error("Could not make the answer history folder {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The database file could not be created, opened or made private.
    #[error("Could not open the answer history {}: {source}", path.display())]
    File {
        /// The database file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// SQLite refused an operation.
    #[error("Answer history {}: could not {operation}: {source}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// What was being done, e.g. "record an answer".
        operation: &'static str,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// A newer version of the app wrote the database; this one leaves it alone.
    #[error(
        "The answer history {} was written by a newer version of the app (schema {found}; this version knows {known})",
        path.display()
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found.
        found: i64,
        /// The newest schema version this app knows.
        known: i64,
    },
    /// A damaged database could not be renamed aside, so it was left as it is.
    #[error(
        "The answer history {} is damaged ({problem}) and could not be set aside as {}: {source}",
        path.display(),
        aside.display()
    )]
    SetAside {
        /// The damaged database file.
        path: PathBuf,
        /// The name it was to get.
        aside: PathBuf,
        /// What made it count as damaged.
        problem: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A body file could not be read.
    #[error("Could not read the answer body {}: {source}", path.display())]
    BodyFile {
        /// The body file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A body could not be compressed.
    #[error("Could not compress the answer body: {source}")]
    Compress {
        /// What zstd said.
        #[source]
        source: std::io::Error,
    },
    /// No answer has this id (it was evicted, forgotten or never recorded).
    #[error("Answer history {}: no answer {id}", path.display())]
    NotFound {
        /// The database file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// A stored answer does not read back: a damaged row.
    #[error("Answer history {}: answer {id} is damaged: {problem}", path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// The answer's id.
        id: i64,
        /// What does not read.
        problem: String,
    },
}
