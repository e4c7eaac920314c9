//! Everything about the collection checked before the first request goes out: the
//! collection loads, the environment exists, the selected requests parse (a malformed
//! `expect:` or `capture:` included). A problem here is a configuration error (exit code
//! 2), as is a relative URL in a run without a server (`server.rs`).
//!
//! Every file of the collection the run reads and had to skip (it does not parse, cannot
//! be read, is not a regular file, is too big, has a name that is not UTF-8, sits too
//! deep) is named: the run stops before sending anything, unless `--skip-unreadable`
//! says to run the rest, and then the report lists them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ayon_explorer_core::collection::environment::{Environment, Problem, load_environments};
use ayon_explorer_core::collection::format::{COLLECTION_FILE, RequestFile};
use ayon_explorer_core::collection::store::Collection;
use ayon_explorer_core::collection::variables::find_references;
use ayon_explorer_core::untrusted::printable;

use super::RunOptions;

/// A configuration or usage problem: nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// One request to run, in collection order.
#[derive(Clone, Debug)]
pub struct Step {
    /// Path relative to the collection (`projects/list-projects.yml`).
    pub path: PathBuf,
    /// The request file.
    pub file: RequestFile,
}

/// What will run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The collection.
    pub collection: Collection,
    /// The environment in use.
    pub environment: Option<Environment>,
    /// The requests, in order.
    pub steps: Vec<Step>,
    /// Files of the collection that did not load and were skipped (`--skip-unreadable`),
    /// as printable `path: why` lines.
    pub unloaded: Vec<String>,
}

/// Every variable name the plan's requests (anywhere in their files, and the variables
/// their `auth:` names) and the collection's `defaults.base_url` refer to: a superset of
/// what the run can use.
pub fn referenced_names(plan: &Plan) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = plan
        .steps
        .iter()
        .filter_map(|step| step.file.auth.as_ref())
        .flat_map(|auth| [auth.token_var.clone(), auth.key_var.clone()])
        .flatten()
        .collect();
    let base = plan.collection.file.defaults.base_url.as_deref();
    for text in plan
        .steps
        .iter()
        .map(|step| step.file.to_yaml())
        .chain(base.map(str::to_owned))
    {
        names.extend(find_references(&text).into_iter().map(|(_, name)| name));
    }
    names
}

/// Loads and checks the collection for `options`.
pub fn plan(options: &RunOptions) -> Result<Plan, ConfigError> {
    let root = &options.collection;
    if !root.is_dir() {
        return Err(ConfigError(format!(
            "{} is not a collection folder (it does not exist or is not a folder)",
            root.display()
        )));
    }
    let collection = Collection::load(root);
    let (environments, env_problems) = load_environments(root);
    // A named environment whose file (shared or personal) did not load is named with the
    // file's problem, not reported as missing.
    if let Some(name) = &options.environment
        && let Some(problem) = env_problems.iter().find(|p| {
            let stem = p.path.file_stem().and_then(|s| s.to_str());
            stem == Some(name.as_str()) || stem == Some(format!("{name}.local").as_str())
        })
    {
        return Err(ConfigError(shown(root, problem)));
    }
    let environment = pick_environment(&options.environment, environments, root)?;
    let scope = scope(options, &collection)?;
    // Every file the run reads that did not load: inside what was asked for, the
    // collection's own file, and the environments.
    let unloaded: Vec<String> = collection
        .problems
        .iter()
        .filter(|p| p.path.starts_with(&scope) || p.path == Path::new(COLLECTION_FILE))
        .chain(&env_problems)
        .map(|p| shown(root, p))
        .collect();
    if !unloaded.is_empty() && !options.skip_unreadable {
        return Err(ConfigError(format!(
            "{} file(s) of the collection did not load, so nothing was sent (pass \
             --skip-unreadable to run the rest):\n  {}",
            unloaded.len(),
            unloaded.join("\n  ")
        )));
    }
    let steps: Vec<Step> = collection
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with(&scope))
        .map(|r| Step {
            path: r.path.clone(),
            file: r.file.clone(),
        })
        .collect();
    if steps.is_empty() {
        return Err(ConfigError(format!(
            "{} holds no request to run{}",
            root.display(),
            if scope.as_os_str().is_empty() {
                String::new()
            } else {
                format!(" under {}", scope.display())
            }
        )));
    }
    Ok(Plan {
        collection,
        environment,
        steps,
        unloaded,
    })
}

/// A problem as a printable line: its path (under `root` when relative), line, column,
/// and what is wrong.
fn shown(root: &Path, problem: &Problem) -> String {
    let line = if problem.path.is_absolute() {
        problem.to_string()
    } else {
        format!("{}/{problem}", root.display())
    };
    printable(&line).into_owned()
}

/// The named environment; the only one when none is named; none when there are several
/// (or none) and none is named.
fn pick_environment(
    name: &Option<String>,
    environments: Vec<Environment>,
    root: &Path,
) -> Result<Option<Environment>, ConfigError> {
    match name {
        Some(name) => {
            let names: Vec<String> = environments.iter().map(|e| e.name.clone()).collect();
            environments
                .into_iter()
                .find(|e| e.name == *name)
                .map(Some)
                .ok_or_else(|| {
                    ConfigError(format!(
                        "{} has no environment \"{name}\" ({})",
                        root.display(),
                        if names.is_empty() {
                            "it has none".to_owned()
                        } else {
                            format!("it has: {}", names.join(", "))
                        }
                    ))
                })
        }
        None if environments.len() == 1 => Ok(environments.into_iter().next()),
        None => Ok(None),
    }
}

/// The relative path the run is limited to (empty: everything).
fn scope(options: &RunOptions, collection: &Collection) -> Result<PathBuf, ConfigError> {
    match (&options.folder, &options.request) {
        (Some(_), Some(_)) => Err(ConfigError(
            "--folder and --request cannot be used together".to_owned(),
        )),
        (Some(folder), None) => {
            let rel = relative(folder, &collection.root);
            if collection.folder(&rel).is_none() {
                return Err(ConfigError(format!(
                    "{} has no folder {}",
                    collection.root.display(),
                    rel.display()
                )));
            }
            Ok(rel)
        }
        (None, Some(request)) => {
            let mut rel = relative(request, &collection.root);
            if rel.extension().is_none_or(|e| e != "yml") {
                rel.set_extension("yml");
            }
            let known = collection.request(&rel).is_some() || collection.is_problem(&rel);
            if !known {
                return Err(ConfigError(format!(
                    "{} has no request {}",
                    collection.root.display(),
                    rel.display()
                )));
            }
            Ok(rel)
        }
        (None, None) => Ok(PathBuf::new()),
    }
}

/// `path` relative to the collection: as given, or with the collection's folder removed
/// when it was given from outside (`assets/getting-started/log-in.yml`).
fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_a_run_refers_to_include_the_auth_variables() {
        let root = std::env::temp_dir().join(format!("are-plan-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(path, text);
        };
        write(
            "collection.yml",
            "name: C\ndefaults:\n  base_url: \"{{base}}\"\n",
        );
        write(
            "r.yml",
            "name: R\nmethod: GET\nurl: /x?q={{query}}\nheaders:\n  - name: X-H\n    value: \"{{header}}\"\nauth:\n  mode: api_key\n  key_var: service_key\n",
        );
        let options = RunOptions {
            collection: root.clone(),
            environment: None,
            folder: None,
            request: None,
            reporter: crate::ReporterKind::Human,
            output: None,
            bail: false,
            timeout: std::time::Duration::from_secs(1),
            server: None,
            allow_hosts: Vec::new(),
            allow_files: Vec::new(),
            skip_unreadable: false,
            save_responses: None,
        };
        let names = plan(&options).map(|p| referenced_names(&p));
        let _ = std::fs::remove_dir_all(&root);
        let expected: BTreeSet<String> = ["base", "header", "query", "service_key"]
            .map(String::from)
            .into();
        assert_eq!(names, Ok(expected));
    }
}
