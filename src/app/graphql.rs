//! The app's side of the GraphQL schema: asking the server logged in to for it (its
//! cached answer when the version is unchanged), or reading one from a file.

use std::path::PathBuf;

use crate::graphql_schema::SchemaLoad;
use crate::state::{Notice, SessionState};
use crate::worker::Command;

use super::ExplorerApp;

impl ExplorerApp {
    /// Asks the server logged in to for its GraphQL schema; `refresh` skips the cache.
    pub(super) fn load_graphql_schema(&mut self, refresh: bool) {
        let SessionState::LoggedIn {
            server_url, token, ..
        } = &self.state.session
        else {
            self.state.notices.push(Notice::warning(
                "Log in to read the server's GraphQL schema".into(),
            ));
            return;
        };
        self.state.graphql_schema.loading = Some(server_url.clone());
        let load = SchemaLoad {
            server_url: server_url.clone(),
            token: token.clone(),
            timeout: self.state.settings.timeout(),
            cache: self.graphql_cache.clone(),
            refresh,
        };
        self.worker.submit(Command::LoadGraphQlSchema { load });
    }

    /// Reads the GraphQL schema from the file typed or picked in the editor.
    pub(super) fn load_graphql_schema_file(&mut self) {
        let path = self.state.graphql_schema.file_path.trim();
        if path.is_empty() {
            self.state.notices.push(Notice::warning(
                "Type or pick the schema file first (an introspection answer, JSON)".into(),
            ));
            return;
        }
        let path = PathBuf::from(path);
        self.worker.submit(Command::LoadGraphQlSchemaFile { path });
    }
}
