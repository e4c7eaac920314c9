//! The environment editor's form: one row per variable, secret values held only here and
//! in the secret store, never in the environment's files.

use std::collections::BTreeMap;

use crate::collection::environment::{Environment, Variable};
use crate::secret::Secret;
use crate::vault::VaultCommand;

/// One variable being edited.
#[derive(Clone, Default, PartialEq)]
pub struct EnvRow {
    /// Name, as in `{{name}}`.
    pub name: String,
    /// Value (for a secret: the value kept in the secret store).
    pub value: String,
    /// Whether the value is secret (masked, kept outside the collection).
    pub secret: bool,
    /// Whether the variable is personal (`NAME.local.yml`, kept out of git).
    pub personal: bool,
    /// Whether a secret value is shown in clear.
    pub revealed: bool,
}

impl std::fmt::Debug for EnvRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvRow")
            .field("name", &self.name)
            .field("secret", &self.secret)
            .field("personal", &self.personal)
            .finish_non_exhaustive()
    }
}

/// The open environment editor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvEditor {
    /// The environment as loaded (empty name: none exists yet).
    pub original: Environment,
    /// The rows.
    pub rows: Vec<EnvRow>,
    /// The name typed for a new environment.
    pub new_name: String,
    /// A save is in flight.
    pub saving: bool,
    /// The rows as last loaded or saved (what "unsaved changes" compares against).
    pub saved_rows: Vec<EnvRow>,
    /// Closing was asked with unsaved changes: "Save / Discard / Keep editing" shows.
    pub asking_to_close: bool,
    /// "Save" was chosen in that question: the window closes once the save lands.
    pub close_when_saved: bool,
    /// That save was seen in flight (a failed one then leaves the window open).
    pub closing_save_started: bool,
}

impl EnvEditor {
    /// The editor for `env`, with the secret values known for it.
    pub fn open(env: &Environment, secret_values: &BTreeMap<String, Secret>) -> Self {
        let rows = env
            .merged()
            .into_iter()
            .map(|v| EnvRow {
                value: if v.secret {
                    secret_values
                        .get(&v.name)
                        .map(|s| s.expose().to_string())
                        .unwrap_or_default()
                } else {
                    v.value
                },
                personal: env.overrides.iter().any(|o| o.name == v.name),
                secret: v.secret,
                revealed: false,
                name: v.name,
            })
            .collect::<Vec<_>>();
        EnvEditor {
            original: env.clone(),
            saved_rows: rows.clone(),
            rows,
            new_name: String::new(),
            saving: false,
            asking_to_close: false,
            close_when_saved: false,
            closing_save_started: false,
        }
    }

    /// Whether the rows differ from what was last loaded or saved (a revealed or hidden
    /// secret is no change).
    pub fn is_edited(&self) -> bool {
        let key = |r: &EnvRow| (r.name.clone(), r.value.clone(), r.secret, r.personal);
        !self
            .rows
            .iter()
            .map(key)
            .eq(self.saved_rows.iter().map(key))
    }

    /// A save of `env` landed: it is the new baseline, with the rows as they are now.
    pub fn saved(&mut self, env: Environment) {
        self.original = env;
        self.saved_rows = self.rows.clone();
    }

    /// The environment's files as the form says, and the secret values to store or
    /// remove. A personal row that overrides a shared variable keeps the shared one as it
    /// was, so the team's value is never lost.
    pub fn to_save(&self) -> (Environment, Vec<(String, Secret)>, Vec<String>) {
        let mut variables = Vec::new();
        let mut overrides = Vec::new();
        for row in self.rows.iter().filter(|r| !r.name.trim().is_empty()) {
            let name = row.name.trim().to_string();
            let variable = Variable {
                name: name.clone(),
                value: if row.secret {
                    String::new()
                } else {
                    row.value.clone()
                },
                secret: row.secret,
            };
            if row.personal {
                if let Some(shared) = self.original.variables.iter().find(|v| v.name == name) {
                    variables.push(shared.clone());
                }
                overrides.push(variable);
            } else {
                variables.push(variable);
            }
        }
        let values: Vec<(String, Secret)> = self
            .rows
            .iter()
            .filter(|r| r.secret && !r.value.is_empty() && !r.name.trim().is_empty())
            .map(|r| (r.name.trim().to_string(), Secret::new(r.value.clone())))
            .collect();
        let removed: Vec<String> = self
            .original
            .secret_names()
            .into_iter()
            .filter(|n| !values.iter().any(|(v, _)| v == n))
            .collect();
        let env = Environment {
            name: self.original.name.clone(),
            variables,
            overrides,
        };
        (env, values, removed)
    }

    /// The command that saves the form; a new or changed secret value is bound to
    /// `bound_to` (the window's server) and the environment's `base_url`.
    pub fn save_command(
        &self,
        root: std::path::PathBuf,
        collection_id: String,
        bound_to: Vec<String>,
    ) -> VaultCommand {
        let (environment, values, removed) = self.to_save();
        VaultCommand::SaveEnvironment {
            root,
            collection_id,
            environment,
            values,
            removed,
            bound_to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_the_files_and_shared_values_survive_overrides() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![
                Variable::plain("host", "team-host"),
                Variable::secret("key"),
                Variable::secret("old"),
            ],
            overrides: vec![Variable::plain("host", "my-host")],
        };
        let mut values = BTreeMap::new();
        values.insert("key".to_string(), Secret::new("k-123"));
        let mut editor = EnvEditor::open(&env, &values);
        assert_eq!(editor.rows[0].value, "my-host");
        assert!(editor.rows[0].personal);
        assert_eq!(editor.rows[1].value, "k-123");
        assert!(!format!("{editor:?}").contains("k-123"));
        editor.rows.retain(|r| r.name != "old");
        editor.rows.push(EnvRow {
            name: "extra".into(),
            value: "e-1".into(),
            secret: true,
            ..Default::default()
        });
        let (saved, values, removed) = editor.to_save();
        assert_eq!(saved.variables[0], Variable::plain("host", "team-host"));
        assert_eq!(saved.overrides, vec![Variable::plain("host", "my-host")]);
        assert!(saved.variables.contains(&Variable::secret("extra")));
        let names: Vec<&str> = values.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["key", "extra"]);
        assert_eq!(removed, vec!["old".to_string()]);
    }

    #[test]
    fn an_edit_is_unsaved_until_saved_and_revealing_is_no_edit() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![Variable::secret("key")],
            overrides: Vec::new(),
        };
        let mut editor = EnvEditor::open(&env, &BTreeMap::new());
        assert!(!editor.is_edited());
        editor.rows[0].revealed = true;
        assert!(!editor.is_edited());
        editor.rows[0].value = "typed".into();
        assert!(editor.is_edited());
        editor.saved(env);
        assert!(!editor.is_edited());
    }
}
