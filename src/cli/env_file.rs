//! `import --secrets-to-env FILE`: an import's secret values as `AYON_SECRET_<NAME>=value`
//! lines in a 0600 file, for CI. The names follow the runner's rule
//! ([`crate::runner::secret_env_name`]), so `ayon-rest-explorer run` finds each value
//! where it looks. One line each, not quoted, as `docker --env-file` and `$GITHUB_ENV`
//! read them; no comment lines.

use std::path::Path;

use crate::interchange::Imported;
use crate::runner::secret_env_name;
use crate::secret::Secret;

/// The lines to write, and notes for the user.
#[derive(Debug, Default)]
pub struct EnvLines {
    /// `(NAME, value)`, in the order written, one per name.
    pub lines: Vec<(String, String)>,
    /// A name with different values in two environments keeps the first (the runner
    /// reads one value per name): said here.
    pub notes: Vec<String>,
}

/// Refuses, by name, a secret value of `imported` that spans lines: an env file holds
/// one line a value. Called before anything is written.
pub fn check_one_line(imported: &Imported) -> Result<(), String> {
    let all = imported.variables.iter().chain(
        imported
            .environments
            .iter()
            .flat_map(|e| e.variables.iter()),
    );
    for variable in all.filter(|v| v.secret) {
        if variable.value.contains(['\n', '\r', '\0']) {
            return Err(format!(
                "the secret value of {{{{{}}}}} spans lines, and an env file holds one line a \
                 value: import without --secrets-to-env to keep it in the secret store",
                variable.name
            ));
        }
    }
    Ok(())
}

/// The written import's secret values (`(environment, variable, value)`, as
/// [`crate::interchange::write::WriteReport::secret_values`] has them) as env lines.
pub fn env_lines(values: &[(String, String, Secret)]) -> EnvLines {
    let mut env = EnvLines::default();
    let mut from: Vec<&str> = Vec::new();
    for (environment, variable, value) in values {
        let name = secret_env_name(variable);
        match env.lines.iter().position(|(n, _)| *n == name) {
            None => {
                env.lines.push((name, value.expose().to_owned()));
                from.push(environment);
            }
            Some(i) if env.lines[i].1 != value.expose() => env.notes.push(format!(
                "{name} has different values in environments \"{}\" and \"{environment}\"; \
                 the env file holds the first (the runner reads one value per name)",
                from[i]
            )),
            Some(_) => {}
        }
    }
    env
}

/// Writes `lines` to `path`, private (0600) from its first byte.
pub fn write_env_file(path: &Path, lines: &[(String, String)]) -> Result<(), String> {
    let text: String = lines
        .iter()
        .map(|(name, value)| format!("{name}={value}\n"))
        .collect();
    crate::files::write_private(path, text.as_bytes()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{Format, ImportedVariable};

    fn value(env: &str, name: &str, value: &str) -> (String, String, Secret) {
        (env.into(), name.into(), Secret::new(value))
    }

    #[test]
    fn names_follow_the_runners_rule_and_a_clash_is_said() {
        let env = env_lines(&[
            value("dev", "api-key", "k1"),
            value("dev", "pass", "p"),
            value("prod", "api_key", "k2"),
            value("prod", "pass", "p"),
        ]);
        assert_eq!(
            env.lines,
            [
                ("AYON_SECRET_API_KEY".to_string(), "k1".to_string()),
                ("AYON_SECRET_PASS".to_string(), "p".to_string())
            ]
        );
        assert_eq!(env.notes.len(), 1, "{:?}", env.notes);
        assert!(
            env.notes[0].contains("\"dev\" and \"prod\""),
            "{:?}",
            env.notes
        );
    }

    #[test]
    fn a_value_on_two_lines_is_refused_by_name() {
        let mut imported = Imported::new("x", Format::Postman);
        imported.variables.push(ImportedVariable {
            name: "cert".into(),
            value: "a\nb".into(),
            secret: true,
        });
        let problem = check_one_line(&imported).err().unwrap_or_default();
        assert!(problem.contains("{{cert}}"), "{problem}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ci.env");
        write_env_file(&path, &[("AYON_SECRET_A".into(), "x".into())]).expect("written");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "AYON_SECRET_A=x\n"
        );
    }
}
