//! The GraphQL schema of the server logged in to: asked for after login and on demand,
//! used by the GraphQL editor to complete and check queries. A server that does not give
//! it is named, and the editor checks syntax only.

use std::sync::Arc;

use crate::graphql_schema::Schema;

/// Where the schema is.
#[derive(Clone, Default)]
pub struct SchemaState {
    /// The schema and the server it came from.
    pub schema: Option<(String, Arc<Schema>)>,
    /// Being read from this server.
    pub loading: Option<String>,
    /// Why the last read failed.
    pub problem: Option<String>,
}

impl std::fmt::Debug for SchemaState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaState")
            .field("types", &self.schema.as_ref().map(|(_, s)| s.type_count()))
            .field("loading", &self.loading)
            .field("problem", &self.problem)
            .finish()
    }
}

impl SchemaState {
    /// The schema for `server_url`, when it is the one loaded.
    pub fn for_server(&self, server_url: &str) -> Option<&Arc<Schema>> {
        self.schema
            .as_ref()
            .filter(|(server, _)| super::same_server(server, server_url))
            .map(|(_, schema)| schema)
    }

    /// The read of `server_url` finished.
    pub fn loaded(&mut self, server_url: String, result: Result<Arc<Schema>, String>) {
        if self.loading.as_deref() == Some(server_url.as_str()) {
            self.loading = None;
        }
        match result {
            Ok(schema) => {
                self.schema = Some((server_url, schema));
                self.problem = None;
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// One line for the editor: where the schema stands.
    pub fn describe(&self, server_url: &str) -> String {
        if let Some(schema) = self.for_server(server_url) {
            return format!("Schema: {} types from the server", schema.type_count());
        }
        if self.loading.is_some() {
            return "Reading the server's schema…".into();
        }
        match &self.problem {
            Some(problem) => problem.clone(),
            None => "No schema yet (log in to read it): syntax is checked".into(),
        }
    }
}
