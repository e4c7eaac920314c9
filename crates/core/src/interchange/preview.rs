//! The preview of an import as text: what will be created (format, name, counts of
//! requests, folders and environments), which secret variables go to the secret store,
//! what is not carried over and which files stay outside the collection. The command
//! line prints it; a front end shows the same lines.

use super::model::Imported;

/// What an import will create, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// `Postman Collection v2.1: "Name", 3 requests in 1 folders`.
    pub headline: String,
    /// Requests to write.
    pub requests: usize,
    /// Folders to make (the collection's root not counted).
    pub folders: usize,
    /// Names of the environments in the source.
    pub environments: Vec<String>,
    /// How many collection variables there are (they go into every environment).
    pub collection_variables: usize,
    /// Names of the secret variables, once each, in the source's order: their values go
    /// to the secret store, never into the collection's files.
    pub secret_names: Vec<String>,
    /// How many of them were made from literal credentials found in the requests.
    pub secrets_moved: usize,
    /// What could not be carried over, one line each.
    pub not_carried: Vec<String>,
    /// Files outside the collection that requests send (kept as they are).
    pub outside_files: Vec<String>,
}

impl ImportSummary {
    /// The summary of `imported`, after [`super::secrets::move_secrets`] made
    /// `secrets_moved` secret variables.
    pub fn of(imported: &Imported, secrets_moved: usize) -> Self {
        let (folders, requests) = imported.counts();
        let mut secret_names: Vec<String> = Vec::new();
        let all = imported.variables.iter().chain(
            imported
                .environments
                .iter()
                .flat_map(|e| e.variables.iter()),
        );
        for variable in all.filter(|v| v.secret) {
            if !secret_names.contains(&variable.name) {
                secret_names.push(variable.name.clone());
            }
        }
        ImportSummary {
            headline: format!(
                "{}: \"{}\", {requests} requests in {folders} folders",
                imported.format.label(),
                imported.name
            ),
            requests,
            folders,
            environments: imported
                .environments
                .iter()
                .map(|e| e.name.clone())
                .collect(),
            collection_variables: imported.variables.len(),
            secret_names,
            secrets_moved,
            not_carried: imported.not_carried.clone(),
            outside_files: imported.outside_files.clone(),
        }
    }

    /// Whether something of the source is not carried over.
    pub fn is_lossy(&self) -> bool {
        !self.not_carried.is_empty()
    }

    /// The preview as lines of text, as the Import window words them.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.headline.clone()];
        lines.push(format!(
            "Environments ({}): {}",
            self.environments.len(),
            if self.environments.is_empty() {
                "none".to_string()
            } else {
                self.environments.join(", ")
            }
        ));
        if self.collection_variables > 0 {
            lines.push(format!(
                "{} collection variables (they go into every environment)",
                self.collection_variables
            ));
        }
        if self.secret_names.is_empty() {
            lines.push("Secret variables: none".to_string());
        } else {
            lines.push(format!(
                "Secret variables (values go to the secret store, never into the files): {}",
                self.secret_names.join(", ")
            ));
        }
        if self.secrets_moved > 0 {
            lines.push(format!(
                "{} secret values moved out of the requests into secret variables",
                self.secrets_moved
            ));
        }
        if !self.not_carried.is_empty() {
            // Grouped as the window groups them: a line per kind with its count, then
            // that kind's notes.
            lines.push(format!("Not carried over ({}):", self.not_carried.len()));
            for group in super::notes::group_notes(&self.not_carried) {
                lines.push(format!("  {} ({}):", group.kind, group.items.len()));
                lines.extend(group.items.iter().map(|l| format!("    {l}")));
            }
        }
        if !self.outside_files.is_empty() {
            lines.push(format!(
                "Files outside the collection ({}), kept as they are; a request sends such a \
                 file only once it is allowed on the computer that sends it:",
                self.outside_files.len()
            ));
            lines.extend(self.outside_files.iter().map(|l| format!("  {l}")));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{Format, ImportedEnvironment, ImportedVariable};

    fn variable(name: &str, secret: bool) -> ImportedVariable {
        ImportedVariable {
            name: name.into(),
            value: "v".into(),
            secret,
        }
    }

    #[test]
    fn counts_secrets_and_losses_are_worded() {
        let mut imported = Imported::new("Shop", Format::Postman);
        imported.variables.push(variable("token", true));
        imported.environments.push(ImportedEnvironment {
            name: "dev".into(),
            variables: vec![variable("token", true), variable("host", false)],
        });
        imported
            .not_carried
            .push("Login: a pre-request script".into());
        let summary = ImportSummary::of(&imported, 1);
        assert_eq!(summary.secret_names, ["token"]);
        assert!(summary.is_lossy());
        let text = summary.lines().join("\n");
        assert!(
            text.starts_with("Postman Collection v2.1: \"Shop\", 0 requests in 0 folders"),
            "{text}"
        );
        assert!(text.contains("Environments (1): dev"), "{text}");
        assert!(text.contains("1 collection variables"), "{text}");
        assert!(text.contains("never into the files): token"), "{text}");
        assert!(text.contains("1 secret values moved"), "{text}");
        assert!(text.contains("Not carried over (1):\n  "), "{text}");
        assert!(
            text.contains("(1):\n    Login: a pre-request script"),
            "grouped by kind, the note under its group: {text}"
        );
    }

    #[test]
    fn a_clean_import_is_not_lossy() {
        let summary = ImportSummary::of(&Imported::new("x", Format::Curl), 0);
        assert!(!summary.is_lossy());
        assert!(
            summary
                .lines()
                .contains(&"Secret variables: none".to_string())
        );
    }
}
