//! The app's side of the GraphQL schema: asking the server logged in to for it.

use crate::state::SessionState;
use crate::worker::Command;

use super::ExplorerApp;

impl ExplorerApp {
    /// Asks the server logged in to for its GraphQL schema.
    pub(super) fn load_graphql_schema(&mut self) {
        let SessionState::LoggedIn {
            server_url, token, ..
        } = &self.state.session
        else {
            return;
        };
        self.state.graphql_schema.loading = Some(server_url.clone());
        let command = Command::LoadGraphQlSchema {
            server_url: server_url.clone(),
            token: token.clone(),
            timeout: self.state.settings.timeout(),
        };
        self.worker.submit(command);
    }
}
