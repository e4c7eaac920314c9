//! Writes an accepted import into a collection folder: a new collection, or a folder of
//! the open one. Requests become request files (in the source's order), collection
//! variables and environments become environment files holding only the NAMES of secret
//! variables; the secret values are handed back for the secret store. Blocking: run it
//! off the UI thread.

mod error;

use std::path::{Path, PathBuf};

use crate::collection::environment::{Environment, Variable, load_environments, save_environment};
use crate::collection::format::RequestFile;
use crate::collection::store::Collection;
use crate::secret::Secret;

use super::model::{Imported, ImportedFolder, ImportedVariable};

pub use error::ImportWriteError;

/// Folders nest at most this deep.
const MAX_DEPTH: usize = 64;

/// Where an import goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteTarget {
    /// A new collection in this (new or empty) folder, named as the import.
    NewCollection(PathBuf),
    /// A new folder named as the import inside the collection at `root`.
    IntoCollection(PathBuf),
}

/// What was written.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// The collection folder.
    pub root: PathBuf,
    /// Folders made.
    pub folders: usize,
    /// Request files written.
    pub requests: usize,
    /// Environments written or extended, by name.
    pub environments: Vec<String>,
    /// Secret values to store, by environment and variable name (never written here).
    pub secret_values: Vec<(String, String, Secret)>,
}

/// The environment collection-level variables go to when the import has none.
pub const DEFAULT_ENVIRONMENT: &str = "imported";

/// Writes `imported` to `target`.
pub fn write_import(
    imported: &Imported,
    target: &WriteTarget,
) -> Result<WriteReport, ImportWriteError> {
    let (collection, folder) = match target {
        WriteTarget::NewCollection(root) => {
            let collection = Collection::create(root, &imported.name)?;
            (collection, PathBuf::new())
        }
        WriteTarget::IntoCollection(root) => {
            let collection = Collection::load(root);
            let name = unique_folder_name(&collection, &folder_name(&imported.name));
            let folder = collection.create_folder(Path::new(""), &name)?;
            (collection, folder)
        }
    };
    let mut report = WriteReport {
        root: collection.root.clone(),
        ..Default::default()
    };
    write_folder(&collection, &folder, &imported.root, &mut report, 0)?;
    write_environments(&collection.root, imported, &mut report)?;
    Ok(report)
}

/// `name` made acceptable as a folder name.
fn folder_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("environments") {
        "imported".to_string()
    } else {
        cleaned
            .chars()
            .take(80)
            .collect::<String>()
            .trim()
            .to_string()
    }
}

fn unique_folder_name(collection: &Collection, base: &str) -> String {
    let taken = |name: &str| collection.root.join(name).exists();
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_string())
}

fn write_folder(
    collection: &Collection,
    at: &Path,
    folder: &ImportedFolder,
    report: &mut WriteReport,
    depth: usize,
) -> Result<(), ImportWriteError> {
    if depth > MAX_DEPTH {
        return Err(ImportWriteError::TooDeep(MAX_DEPTH));
    }
    let mut order = Vec::new();
    for request in &folder.requests {
        let mut file = RequestFile::from_draft(&request.name, &request.draft);
        file.description = request.description.clone();
        let path = collection.save_request(at, &file)?;
        report.requests += 1;
        if let Some(stem) = path.file_stem() {
            order.push(stem.to_string_lossy().into_owned());
        }
    }
    for sub in &folder.folders {
        let base = folder_name(&sub.name);
        let mut name = base.clone();
        let mut n = 2;
        while collection.root.join(at).join(&name).exists() {
            name = format!("{base} {n}");
            n += 1;
        }
        let path = collection.create_folder(at, &name)?;
        report.folders += 1;
        order.push(name);
        write_folder(collection, &path, sub, report, depth + 1)?;
    }
    // The source's order, not alphabetical.
    if order.len() > 1 {
        collection.set_order(at, order)?;
    }
    Ok(())
}

fn write_environments(
    root: &Path,
    imported: &Imported,
    report: &mut WriteReport,
) -> Result<(), ImportWriteError> {
    let mut wanted: Vec<(String, Vec<ImportedVariable>)> = imported
        .environments
        .iter()
        .map(|e| (env_name(&e.name), e.variables.clone()))
        .collect();
    if !imported.variables.is_empty() {
        if wanted.is_empty() {
            wanted.push((DEFAULT_ENVIRONMENT.to_string(), Vec::new()));
        }
        // Collection variables are defaults every environment gets, unless it sets them.
        for (_, variables) in &mut wanted {
            for variable in &imported.variables {
                if !variables.iter().any(|v| v.name == variable.name) {
                    variables.push(variable.clone());
                }
            }
        }
    }
    let (existing, _) = load_environments(root);
    for (name, variables) in wanted {
        let mut environment = existing
            .iter()
            .find(|e| e.name == name)
            .cloned()
            .unwrap_or_else(|| Environment::new(&name));
        for variable in variables {
            if !crate::collection::environment::is_valid_variable_name(&variable.name)
                || environment
                    .variables
                    .iter()
                    .any(|v| v.name == variable.name)
            {
                continue;
            }
            if variable.secret {
                environment.variables.push(Variable::secret(&variable.name));
                if !variable.value.is_empty() {
                    report.secret_values.push((
                        name.clone(),
                        variable.name.clone(),
                        Secret::new(variable.value.clone()),
                    ));
                }
            } else {
                environment
                    .variables
                    .push(Variable::plain(&variable.name, &variable.value));
            }
        }
        save_environment(root, &environment)?;
        report.environments.push(name);
    }
    Ok(())
}

/// An environment name the collection accepts.
fn env_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if crate::collection::environment::is_valid_env_name(&cleaned) {
        cleaned
    } else {
        DEFAULT_ENVIRONMENT.to_string()
    }
}
