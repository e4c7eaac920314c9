//! Deterministic writing of environment files.

use super::Variable;

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
