//! Deterministic writing of environment files, and the collection's `.gitignore`.

use std::path::Path;

use super::Variable;

/// The `.gitignore` line that keeps personal overrides out of git.
pub const GITIGNORE_LINE: &str = "environments/*.local.yml";

/// The YAML text of an environment file: fixed key order (`name`, `value`, `secret`),
/// 2-space indent, LF line ends and a trailing newline. A secret variable is written as
/// `secret: true` and never with its value.
pub fn to_yaml(variables: &[Variable]) -> String {
    if variables.is_empty() {
        return "variables: []\n".to_string();
    }
    let mut out = String::from("variables:\n");
    for v in variables {
        out.push_str("  - name: ");
        out.push_str(&scalar(&v.name));
        out.push('\n');
        if v.secret {
            out.push_str("    secret: true\n");
        } else {
            out.push_str("    value: ");
            out.push_str(&scalar(&v.value));
            out.push('\n');
        }
    }
    out
}

/// A YAML scalar for `s`: plain when that reads back as the same string, else a
/// double-quoted (JSON-escaped, which YAML accepts) string.
fn scalar(s: &str) -> String {
    if is_safe_plain(s)
        && matches!(
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(s),
            Ok(serde_yaml_ng::Value::String(ref back)) if back == s
        )
    {
        return s.to_string();
    }
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn is_safe_plain(s: &str) -> bool {
    // YAML 1.1 readers (PyYAML) take these as booleans.
    const YAML11_BOOLS: [&str; 8] = ["y", "n", "yes", "no", "on", "off", "true", "false"];
    if YAML11_BOOLS.iter().any(|b| s.eq_ignore_ascii_case(b)) {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphanumeric() || matches!(first, '/' | '_'))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ' ' | '_'
                        | '-'
                        | '.'
                        | '/'
                        | ':'
                        | '@'
                        | '+'
                        | '='
                        | '?'
                        | '&'
                        | '%'
                        | ','
                        | '~'
                        | '('
                        | ')'
                )
        })
}

/// Makes sure `root/.gitignore` ignores local overrides: creates the file, or appends the
/// line to an existing one (keeping its other lines). Returns an error message on failure.
pub fn ensure_gitignore(root: &Path) -> Result<(), String> {
    let path = root.join(".gitignore");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("Could not read {}: {e}", path.display())),
    };
    let text = String::from_utf8_lossy(&existing);
    let covered = text.lines().any(|l| {
        matches!(
            l.trim(),
            "environments/*.local.yml" | "/environments/*.local.yml" | "*.local.yml"
        )
    });
    if covered {
        return Ok(());
    }
    let mut bytes = existing.clone();
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(GITIGNORE_LINE.as_bytes());
    bytes.push(b'\n');
    crate::files::write_file_atomically(&path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_only_when_needed() {
        assert_eq!(
            scalar("http://localhost:5000/api"),
            "http://localhost:5000/api"
        );
        assert_eq!(scalar("demo project"), "demo project");
        for tricky in [
            "",
            "true",
            "null",
            "123",
            "1e3",
            "{{x}}",
            "- a",
            "a: b",
            "a #b",
            " lead",
            "line\nbreak",
            "quote\"",
            "~",
            "yes",
            "0x1F",
            "é",
        ] {
            let y = scalar(tricky);
            let back: String = serde_yaml_ng::from_str(&y).unwrap();
            assert_eq!(back, tricky, "{y}");
            if matches!(tricky, "true" | "null" | "123" | "yes" | "Off" | "~") {
                assert!(y.starts_with('"'), "{y}");
            }
        }
    }

    #[test]
    fn layout_is_fixed() {
        let vars = vec![Variable::plain("host", "x"), Variable::secret("token")];
        assert_eq!(
            to_yaml(&vars),
            "variables:\n  - name: host\n    value: x\n  - name: token\n    secret: true\n"
        );
        assert_eq!(to_yaml(&[]), "variables: []\n");
    }
}
