//! The variables an export carries: the collection's environments, shared values only.
//! Personal overrides (`NAME.local.yml`) stay on this computer, and a secret variable
//! is exported by its name with an empty value: its value is never written.

use std::path::Path;

use crate::collection::environment::load_environments;

/// What an exported secret variable's note says.
pub const SECRET_NOTE: &str =
    "Secret: its value is not exported. Set it in this tool before sending.";

/// One environment to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportEnvironment {
    /// Its name.
    pub name: String,
    /// Its variables, in the file's order.
    pub variables: Vec<ExportVariable>,
}

/// One variable to export. A secret one has an empty value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportVariable {
    /// Its name.
    pub name: String,
    /// Its value; always empty for a secret.
    pub value: String,
    /// Whether it is secret.
    pub secret: bool,
}

/// A variable merged over every environment, for a format with one set of variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedVariable {
    /// The variable, with the value of the first environment that defines it.
    pub variable: ExportVariable,
    /// What a reader should know: that it is secret, or that the environments differ.
    pub note: Option<String>,
}

/// The shared environments of the collection at `root` (files that do not load are left
/// out: they are reported where the collection is opened), secret values left empty.
pub fn environments_of(root: &Path) -> Vec<ExportEnvironment> {
    let (environments, _) = load_environments(root);
    environments
        .into_iter()
        .map(|e| ExportEnvironment {
            name: e.name,
            variables: e
                .variables
                .into_iter()
                .map(|v| ExportVariable {
                    value: if v.secret { String::new() } else { v.value },
                    name: v.name,
                    secret: v.secret,
                })
                .collect(),
        })
        .collect()
}

/// Every variable of `environments` once, in order of first appearance: the first
/// environment's value, secret when any environment has it secret, with a note naming the
/// environments whose values differ.
pub fn merged(environments: &[ExportEnvironment]) -> Vec<MergedVariable> {
    let mut out: Vec<(MergedVariable, &str, Vec<&str>)> = Vec::new();
    for environment in environments {
        for v in &environment.variables {
            match out.iter_mut().find(|(m, _, _)| m.variable.name == v.name) {
                Some((m, _, differing)) => {
                    m.variable.secret |= v.secret;
                    if m.variable.value != v.value
                        && !differing.contains(&environment.name.as_str())
                    {
                        differing.push(&environment.name);
                    }
                }
                None => out.push((
                    MergedVariable {
                        variable: v.clone(),
                        note: None,
                    },
                    &environment.name,
                    Vec::new(),
                )),
            }
        }
    }
    out.into_iter()
        .map(|(mut m, first, differing)| {
            if m.variable.secret {
                m.variable.value.clear();
                m.note = Some(SECRET_NOTE.to_owned());
            } else if !differing.is_empty() {
                m.note = Some(format!(
                    "The value of environment \"{first}\"; it differs in {}.",
                    differing
                        .iter()
                        .map(|d| format!("\"{d}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, value: &str, secret: bool) -> ExportVariable {
        ExportVariable {
            name: name.into(),
            value: value.into(),
            secret,
        }
    }

    #[test]
    fn environments_merge_in_order_and_say_where_they_differ() {
        let envs = [
            ExportEnvironment {
                name: "dev".into(),
                variables: vec![var("host", "h1", false), var("password", "", true)],
            },
            ExportEnvironment {
                name: "prod".into(),
                variables: vec![var("host", "h2", false), var("project", "p", false)],
            },
        ];
        let merged = merged(&envs);
        let names: Vec<_> = merged.iter().map(|m| m.variable.name.as_str()).collect();
        assert_eq!(names, ["host", "password", "project"]);
        assert_eq!(merged[0].variable.value, "h1");
        assert!(
            merged[0]
                .note
                .as_deref()
                .unwrap_or_default()
                .contains("\"prod\"")
        );
        assert_eq!(merged[1].note.as_deref(), Some(SECRET_NOTE));
        assert_eq!(merged[2].note, None);
    }
}
