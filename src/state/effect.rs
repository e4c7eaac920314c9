//! What applying an event asks the window to do next: work that needs the worker, the
//! settings file or another action. [`AppState::apply`](super::AppState::apply) returns
//! them, so nothing is left in the state for the app to go looking for; the app performs
//! each one right after the event.

use std::path::PathBuf;

use crate::collection::history::HistoryEntry;
use crate::secret::Secret;

use super::CatalogWanted;

/// One thing for the app to do after an event.
#[derive(Debug)]
pub enum Effect {
    /// The settings changed: write the settings file.
    SaveSettings,
    /// Append this entry to the history file.
    AppendHistory(HistoryEntry),
    /// Keep this answer in the response history (masked by the worker).
    RecordAnswer(Box<super::answers::AnswerToRecord>),
    /// List the past answers of the request with this key.
    ListAnswers(String),
    /// Compare two answers off the UI thread.
    Compare(Box<super::compare::CompareJob>),
    /// Keep this session token as the collection's secret `token` ("remember").
    RememberToken(Secret),
    /// Load the endpoint catalog.
    LoadCatalog(CatalogWanted),
    /// Open the collection folder at this path.
    OpenCollection(PathBuf),
    /// Read the open collection again from disk.
    ReloadCollection,
    /// Connect the server's event stream with the new session.
    StartEvents,
    /// Ask the server for its GraphQL schema.
    LoadGraphQlSchema,
    /// Read the GraphQL schema from the file in `graphql_schema.file_path`.
    LoadGraphQlSchemaFile,
    /// Read this event's stored record (a log line that may be one of ours).
    FetchEventRecord(String),
    /// Rebuild the clients when the connection settings changed (the proxy password).
    ApplyClientOptions,
    /// Keep (or, with `None`, forget) the proxy password in the secret store, bound to
    /// the proxy at `origin`.
    StoreProxyPassword {
        /// The password.
        password: Option<Secret>,
        /// The proxy's origin.
        origin: String,
    },
}
