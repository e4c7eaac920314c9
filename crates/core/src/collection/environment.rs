//! Environments: `environments/NAME.yml` in the collection (non-secret values and the
//! names of secret variables) and the personal, git-ignored `environments/NAME.local.yml`
//! whose values win. Secret values never live here: see [`super::secrets`].
//!
//! File format (both files):
//!
//! ```yaml
//! variables:
//!   - name: base_url
//!     value: http://localhost:5000
//!   - name: token
//!     secret: true
//! ```

mod error;
mod gitignore;
mod write;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use error::EnvError;
pub use gitignore::{GITIGNORE_LINE, GitignoreError, ensure_gitignore};
pub use write::to_yaml;

/// The folder, inside a collection, that holds environment files.
pub const ENV_DIR: &str = "environments";

/// One variable of an environment.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Name, as written between braces: `{{name}}`.
    pub name: String,
    /// Value; empty for secrets (their values live in the secret store).
    #[serde(default)]
    pub value: String,
    /// Whether the value is secret (kept in the OS keychain or the 0600 file).
    #[serde(default)]
    pub secret: bool,
}

impl Variable {
    /// A plain variable.
    pub fn plain(name: impl Into<String>, value: impl Into<String>) -> Self {
        Variable {
            name: name.into(),
            value: value.into(),
            secret: false,
        }
    }

    /// A secret variable (its value is stored elsewhere).
    pub fn secret(name: impl Into<String>) -> Self {
        Variable {
            name: name.into(),
            value: String::new(),
            secret: true,
        }
    }
}

/// A named environment: the shared variables and the personal overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// Name (the file name without `.yml`).
    pub name: String,
    /// Variables of `environments/NAME.yml`.
    pub variables: Vec<Variable>,
    /// Variables of `environments/NAME.local.yml` (personal; their values win).
    pub overrides: Vec<Variable>,
}

impl Environment {
    /// An empty environment.
    pub fn new(name: impl Into<String>) -> Self {
        Environment {
            name: name.into(),
            ..Default::default()
        }
    }

    /// The effective variables: shared ones with overrides applied, then override-only ones.
    /// A variable is secret when either file marks it so.
    pub fn merged(&self) -> Vec<Variable> {
        let mut out = self.variables.clone();
        for o in &self.overrides {
            match out.iter_mut().find(|v| v.name == o.name) {
                Some(v) => {
                    v.secret |= o.secret;
                    v.value = if v.secret {
                        String::new()
                    } else {
                        o.value.clone()
                    };
                }
                None => out.push(o.clone()),
            }
        }
        out
    }

    /// Names of the secret variables, in order.
    pub fn secret_names(&self) -> Vec<String> {
        self.merged()
            .into_iter()
            .filter(|v| v.secret)
            .map(|v| v.name)
            .collect()
    }
}

/// A file that could not be loaded (left untouched on disk): the same type the collection
/// store uses for its files.
pub use crate::collection::store::Problem;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvFile {
    #[serde(default)]
    variables: Vec<Variable>,
}

/// The path of the shared file of environment `name`.
pub fn env_path(root: &Path, name: &str) -> PathBuf {
    root.join(ENV_DIR).join(format!("{name}.yml"))
}

/// The path of the personal override file of environment `name`.
pub fn local_path(root: &Path, name: &str) -> PathBuf {
    root.join(ENV_DIR).join(format!("{name}.local.yml"))
}

/// Whether `name` can name an environment file.
pub fn is_valid_env_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.trim() == name
        && !name.starts_with('.')
        && !name.ends_with(".local")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'))
}

/// Whether `name` can be written as `{{name}}`.
pub fn is_valid_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Parses one environment file's text. `Err` carries line, column and message.
pub fn parse_env_file(path: &Path, text: &str) -> Result<Vec<Variable>, Problem> {
    let problem = |line, column, message: String| Problem {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let file: EnvFile = if text.trim().is_empty() {
        EnvFile {
            variables: Vec::new(),
        }
    } else {
        crate::untrusted::check_nesting(text)
            .map_err(|e| problem(Some(e.line), Some(e.column), e.to_string()))?;
        serde_yaml_ng::from_str(text).map_err(|e| {
            let loc = e.location();
            let message = e.to_string();
            let message = match message.find(" at line ") {
                Some(i) => &message[..i],
                None => &message,
            };
            problem(
                loc.as_ref().map(|l| l.line()),
                loc.as_ref().map(|l| l.column()),
                // The parser quotes the value it could not read, whole: keep an excerpt.
                crate::untrusted::parser_message(message, false),
            )
        })?
    };
    let shown = |name: &str| crate::untrusted::excerpt(name, crate::untrusted::EXCERPT_CHARS);
    let line_of = |name: &str| {
        text.lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches("- ").trim_start();
                l.strip_prefix("name:")
                    .is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == name)
            })
            .map(|i| i + 1)
    };
    let mut seen = std::collections::HashSet::new();
    for v in &file.variables {
        if !is_valid_variable_name(&v.name) {
            return Err(problem(
                line_of(&v.name),
                None,
                format!(
                    "\"{}\" cannot name a variable: use letters, digits, '_', '-' or '.'",
                    shown(&v.name)
                ),
            ));
        }
        if !seen.insert(v.name.as_str()) {
            return Err(problem(
                line_of(&v.name),
                None,
                format!("the variable \"{}\" is defined twice", shown(&v.name)),
            ));
        }
        if v.secret && !v.value.is_empty() {
            return Err(problem(
                line_of(&v.name),
                None,
                format!(
                    "the secret variable \"{}\" has a value in the file; secret values belong \
                     in the keychain, not in the collection (remove the value)",
                    shown(&v.name)
                ),
            ));
        }
    }
    Ok(file.variables)
}

/// Reads one environment file of the collection at `root` through the loader's guards
/// (regular file, inside the collection, size cap, depth guard).
fn read_env_file(root: &Path, path: &Path) -> Result<Vec<Variable>, Problem> {
    let read = crate::untrusted::read_text(
        path,
        Some(root),
        crate::untrusted::MAX_COLLECTION_FILE_BYTES,
    )
    .map_err(|e| Problem {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: e.to_string(),
    })?;
    parse_env_file(path, &read.text).map_err(|mut problem| {
        // A file read through a symlink may be any file of the collection: quote nothing.
        if read.through_link {
            problem.message = crate::untrusted::parser_message(&problem.message, true);
        }
        problem
    })
}

/// Loads every environment of the collection at `root`, sorted by name. A file that does
/// not load (does not parse, has unknown fields, is not a regular file, is too big, has a
/// name that is not UTF-8) is reported and its environment is not loaded, so it is never
/// overwritten. A local override without a shared file is a personal environment.
pub fn load_environments(root: &Path) -> (Vec<Environment>, Vec<Problem>) {
    let dir = root.join(ENV_DIR);
    let mut problems = Vec::new();
    let listed = |message: String| Problem {
        path: dir.clone(),
        line: None,
        column: None,
        message,
    };
    if let Err(message) = folder_inside(root, &dir) {
        problems.push(listed(message));
        return (Vec::new(), problems);
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), problems),
        Err(e) => {
            problems.push(listed(format!("cannot be listed: {e}")));
            return (Vec::new(), problems);
        }
    };
    let mut names = std::collections::BTreeSet::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(listed(format!("cannot be listed whole: {e}")));
                continue;
            }
        };
        let raw = entry.file_name();
        let Some(file_name) = raw.to_str() else {
            let bytes = raw.as_encoded_bytes();
            if bytes.ends_with(b".yml") && !bytes.starts_with(b".") {
                problems.push(Problem {
                    path: dir.join(&raw),
                    line: None,
                    column: None,
                    message: "has a name that is not UTF-8: not loaded (rename it)".to_string(),
                });
            }
            continue;
        };
        if let Some(stem) = file_name.strip_suffix(".yml") {
            let name = stem.strip_suffix(".local").unwrap_or(stem);
            if !name.is_empty() && !name.starts_with('.') {
                names.insert(name.to_string());
            }
        }
    }
    let mut envs = Vec::new();
    for name in names {
        // A name that is there at all is read (a dangling link is a problem, not absent).
        let read = |path: &Path| match std::fs::symlink_metadata(path) {
            Ok(_) => read_env_file(root, path),
            Err(_) => Ok(Vec::new()),
        };
        let variables = match read(&env_path(root, &name)) {
            Ok(v) => v,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let overrides = match read(&local_path(root, &name)) {
            Ok(v) => v,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        envs.push(Environment {
            name,
            variables,
            overrides,
        });
    }
    (envs, problems)
}

/// `Ok` when `dir` is not a symlink, or is one to a folder inside the collection at
/// `root` (environment files are read only from inside the collection).
fn folder_inside(root: &Path, dir: &Path) -> Result<(), String> {
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let (Ok(target), Ok(root)) = (std::fs::canonicalize(dir), std::fs::canonicalize(root)) else {
        return Err("is a symlink to nothing (its target does not exist): not read".into());
    };
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err("is a symlink to a folder outside the collection: not read".into())
    }
}

/// Saves `env`: `NAME.yml` always, `NAME.local.yml` when there are overrides or it exists.
/// Writes are deterministic, through a temp file and a rename; secret variables are written
/// as `secret: true` without a value. Refuses to overwrite a file that does not parse.
/// Also makes sure the collection's `.gitignore` keeps local overrides out of git.
pub fn save_environment(root: &Path, env: &Environment) -> Result<(), EnvError> {
    if !is_valid_env_name(&env.name) {
        return Err(EnvError::InvalidName(env.name.clone()));
    }
    for list in [&env.variables, &env.overrides] {
        let mut seen = std::collections::HashSet::new();
        for v in list {
            if !is_valid_variable_name(&v.name) {
                return Err(EnvError::InvalidVariable {
                    name: v.name.clone(),
                });
            }
            if !seen.insert(v.name.as_str()) {
                return Err(EnvError::RepeatedVariable {
                    name: v.name.clone(),
                });
            }
        }
    }
    let shared = env_path(root, &env.name);
    let local = local_path(root, &env.name);
    let write_local = !env.overrides.is_empty() || local.exists();
    for path in [&shared, &local] {
        if std::fs::symlink_metadata(path).is_ok() {
            read_env_file(root, path).map_err(EnvError::Broken)?;
        }
    }
    let dir = root.join(ENV_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| EnvError::CreateFolder {
        path: dir.clone(),
        source,
    })?;
    ensure_gitignore(root)?;
    crate::files::write_file(&shared, to_yaml(&env.variables).as_bytes())?;
    if write_local {
        crate::files::write_file(&local, to_yaml(&env.overrides).as_bytes())?;
    }
    Ok(())
}

/// Deletes both files of environment `name` (the shared one and the local override).
pub fn delete_environment(root: &Path, name: &str) -> Result<(), EnvError> {
    if !is_valid_env_name(name) {
        return Err(EnvError::InvalidName(name.to_string()));
    }
    for path in [env_path(root, name), local_path(root, name)] {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(EnvError::Delete { path, source }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_secrets_stay_secret() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![Variable::plain("host", "a"), Variable::secret("token")],
            overrides: vec![
                Variable::plain("host", "b"),
                Variable::plain("token", "leak"),
                Variable::plain("me", "x"),
            ],
        };
        let merged = env.merged();
        assert_eq!(merged[0], Variable::plain("host", "b"));
        assert_eq!(merged[1], Variable::secret("token"));
        assert_eq!(merged[2], Variable::plain("me", "x"));
        assert_eq!(env.secret_names(), vec!["token".to_string()]);
    }

    #[test]
    fn unknown_fields_and_secret_values_are_problems() {
        let p = Path::new("e.yml");
        let err = parse_env_file(p, "variables:\n  - name: a\n    valeu: b\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("unknown field"), "{err}");
        let err = parse_env_file(
            p,
            "variables:\n  - name: t\n    secret: true\n    value: x\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = parse_env_file(p, "variables:\n  - name: a\n  - name: a\n").unwrap_err();
        assert!(err.message.contains("twice"));
        assert_eq!(parse_env_file(p, "# nothing yet\n"), Ok(Vec::new()));
        // Hand-written numbers and booleans are read as their text.
        let vars = parse_env_file(p, "variables:\n  - name: port\n    value: 5000\n").unwrap();
        assert_eq!(vars, vec![Variable::plain("port", "5000")]);
    }

    #[test]
    fn names() {
        assert!(is_valid_env_name("dev server"));
        assert!(!is_valid_env_name("dev.local"));
        assert!(!is_valid_env_name("../x"));
        assert!(!is_valid_env_name(".hidden"));
        assert!(is_valid_variable_name("api.key-2"));
        assert!(!is_valid_variable_name("a b"));
    }
    #[test]
    fn a_deep_environment_is_refused_before_parsing() {
        let text = format!("variables: {}\n", "[".repeat(100_000));
        let err = parse_env_file(Path::new("e.yml"), &text).unwrap_err();
        assert_eq!((err.line, err.column), (Some(1), Some(12 + 127)));
        assert_eq!(err.message, "nested more than 128 levels deep: not parsed");
    }

    #[cfg(unix)]
    #[test]
    fn environment_files_that_cannot_be_read_are_listed() {
        use std::os::unix::ffi::OsStrExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(ENV_DIR);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(
            dir.join("ok.yml"),
            "variables:\n  - name: a\n    value: b\n",
        )
        .unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yml")).unwrap();
        std::os::unix::fs::symlink("gone.yml", dir.join("dangling.yml")).unwrap();
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.yml")), "").unwrap();
        let (envs, problems) = load_environments(root.path());
        assert_eq!(envs.len(), 1);
        let message = |name: &str| {
            problems
                .iter()
                .find(|p| {
                    p.path
                        .file_name()
                        .is_some_and(|n| n.as_encoded_bytes() == name.as_bytes())
                })
                .map(|p| p.message.clone())
                .unwrap_or_else(|| panic!("{name}: {problems:?}"))
        };
        assert_eq!(
            message("zero.yml"),
            "is a symlink to a character device outside the collection: not read"
        );
        assert!(message("dangling.yml").contains("symlink to nothing"));
        assert!(
            problems.iter().any(|p| p.message.contains("not UTF-8")),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[cfg(unix)]
    #[test]
    fn an_environments_folder_linked_outside_is_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("dev.yml"), "variables: []\n").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join(ENV_DIR)).unwrap();
        let (envs, problems) = load_environments(root.path());
        assert!(envs.is_empty());
        assert_eq!(
            problems[0].message,
            "is a symlink to a folder outside the collection: not read"
        );
    }
}
