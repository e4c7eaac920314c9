//! The GraphQL schema the editor completes and checks against: the server's, asked for
//! after login (its cached answer when the server's version is unchanged) and on demand,
//! or one read from a file. A server that does not give it is named, and the editor checks
//! syntax only.

use std::sync::Arc;

use crate::graphql_schema::{LoadedSchema, Schema, SchemaOrigin};

/// A schema held, and whose it is.
#[derive(Clone)]
pub struct HeldSchema {
    /// The server it was asked of; `None` for a file (used whatever the server).
    pub server_url: Option<String>,
    /// The schema.
    pub schema: Arc<Schema>,
    /// Where it came from.
    pub origin: SchemaOrigin,
}

/// Where the schema is.
#[derive(Clone, Default)]
pub struct SchemaState {
    /// The schema held.
    pub schema: Option<HeldSchema>,
    /// Being read from this server.
    pub loading: Option<String>,
    /// Why the last read failed.
    pub problem: Option<String>,
    /// The schema file last asked for ("Load schema from file").
    pub file_path: String,
}

impl std::fmt::Debug for SchemaState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaState")
            .field(
                "types",
                &self.schema.as_ref().map(|held| held.schema.type_count()),
            )
            .field("origin", &self.schema.as_ref().map(|held| &held.origin))
            .field("loading", &self.loading)
            .field("problem", &self.problem)
            .finish()
    }
}

impl SchemaState {
    /// The schema for `server_url`: the one read from it, or one read from a file.
    pub fn for_server(&self, server_url: &str) -> Option<&Arc<Schema>> {
        self.schema
            .as_ref()
            .filter(|held| {
                held.server_url
                    .as_deref()
                    .is_none_or(|server| super::same_server(server, server_url))
            })
            .map(|held| &held.schema)
    }

    /// A read finished: of `server_url`, or of a file when `None`. A failed read keeps
    /// the schema held (a file's, when the server refuses introspection) and says why.
    /// Returns a warning to show, if the read left one.
    pub fn loaded(
        &mut self,
        server_url: Option<String>,
        result: Result<LoadedSchema, String>,
    ) -> Option<String> {
        if server_url.is_some() && self.loading == server_url {
            self.loading = None;
        }
        match result {
            Ok(loaded) => {
                self.schema = Some(HeldSchema {
                    server_url,
                    schema: loaded.schema,
                    origin: loaded.origin,
                });
                self.problem = None;
                loaded.warning
            }
            Err(problem) => {
                self.problem = Some(problem);
                None
            }
        }
    }

    /// One line for the editor: where the schema stands.
    pub fn describe(&self, server_url: &str) -> String {
        if let Some(held) = self.schema.as_ref()
            && self.for_server(server_url).is_some()
        {
            let types = held.schema.type_count();
            let held_line = match &held.origin {
                SchemaOrigin::Server { version, cached } => {
                    let mut notes: Vec<&str> = version.iter().map(String::as_str).collect();
                    if *cached {
                        notes.push("cached");
                    }
                    if notes.is_empty() {
                        format!("Schema: {types} types from the server")
                    } else {
                        format!(
                            "Schema: {types} types from the server ({})",
                            notes.join(", ")
                        )
                    }
                }
                SchemaOrigin::File(path) => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| path.display().to_string());
                    format!("Schema: {types} types from {name}")
                }
            };
            // A failed reload is still worth a word beside the schema kept.
            return match &self.problem {
                Some(problem) => format!("{held_line}; {problem}"),
                None => held_line,
            };
        }
        if self.loading.is_some() {
            return "Reading the server's schema…".into();
        }
        match &self.problem {
            Some(problem) => problem.clone(),
            None => "No schema yet (log in to read it, or load one from a file): syntax is \
                     checked"
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn schema() -> Arc<Schema> {
        let answer = r#"{"data":{"__schema":{"queryType":{"name":"Query"},"directives":[],
            "types":[{"kind":"OBJECT","name":"Query","fields":[{"name":"me","args":[],
            "type":{"kind":"SCALAR","name":"String","ofType":null}}]},
            {"kind":"SCALAR","name":"String"}]}}}"#;
        match Schema::from_introspection(answer.as_bytes()) {
            Ok(schema) => Arc::new(schema),
            Err(e) => panic!("the test schema reads: {e}"),
        }
    }

    fn loaded(origin: SchemaOrigin) -> Result<LoadedSchema, String> {
        Ok(LoadedSchema {
            schema: schema(),
            origin,
            warning: None,
        })
    }

    #[test]
    fn a_server_schema_is_held_for_that_server_and_says_its_version() {
        let mut state = SchemaState {
            loading: Some("http://a:5000".into()),
            ..SchemaState::default()
        };
        let origin = SchemaOrigin::Server {
            version: Some("1.11.2".into()),
            cached: true,
        };
        state.loaded(Some("http://a:5000".into()), loaded(origin));
        assert!(state.loading.is_none());
        assert!(state.for_server("http://a:5000/").is_some());
        assert!(state.for_server("http://b:5000").is_none());
        assert_eq!(
            state.describe("http://a:5000"),
            "Schema: 2 types from the server (1.11.2, cached)"
        );
        assert!(state.describe("http://b:5000").starts_with("No schema yet"));
    }

    #[test]
    fn a_file_schema_serves_every_server_and_survives_a_refusal() {
        let mut state = SchemaState::default();
        let path = PathBuf::from("/schemas/ayon-1.11.2.json");
        state.loaded(None, loaded(SchemaOrigin::File(path)));
        assert!(state.for_server("http://anything").is_some());
        state.loaded(
            Some("http://a".into()),
            Err("The server answered 403 to the introspection query".into()),
        );
        assert!(state.for_server("http://a").is_some(), "the file's is kept");
        assert_eq!(
            state.describe("http://a"),
            "Schema: 2 types from ayon-1.11.2.json; The server answered 403 to the \
             introspection query"
        );
    }
}
