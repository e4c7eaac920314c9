//! Shell words for the curl and HTTPie snippets (POSIX shell: sh, bash, zsh). Literal
//! text is single-quoted, so `$`, `"`, `\` and spaces in it mean nothing to the shell; an
//! environment variable is `"$NAME"`, expanded once, whatever its value holds. A variable
//! inside a JSON string is escaped for JSON on the way (`\` and `"`), so a password with
//! quotes still makes a valid body.

use super::pieces::{Piece, joined, pieces};
use crate::interchange::curl::single_quoted;

/// `pieces` as one shell word.
pub fn word(pieces: &[Piece]) -> String {
    let pieces = joined(pieces);
    if pieces.is_empty() {
        return "''".into();
    }
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => single_quoted(text),
            Piece::Env(name) => format!("\"${name}\""),
        })
        .collect()
}

/// `text` (references become environment variables) as one shell word.
pub fn text_word(text: &str) -> String {
    word(&pieces(text))
}

/// A JSON body as one shell word: a reference inside a JSON string becomes the variable
/// escaped for JSON; one outside strings (`"n": {{count}}`) is put in as it is.
pub fn json_word(text: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for piece in pieces(text) {
        match piece {
            Piece::Lit(lit) => {
                for c in lit.chars() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' if in_string => escaped = true,
                        '"' => in_string = !in_string,
                        _ => {}
                    }
                }
                out.push_str(&single_quoted(&lit));
            }
            Piece::Env(name) if in_string => out.push_str(&format!(
                "\"$(printf '%s' \"${name}\" | sed 's/[\\\"]/\\\\&/g')\""
            )),
            Piece::Env(name) => out.push_str(&format!("\"${name}\"")),
        }
    }
    if out.is_empty() {
        return "''".into();
    }
    out
}

/// Whether curl would read `[]{}` in this URL as a glob (then it needs `--globoff`).
pub fn has_glob_chars(url: &str) -> bool {
    url.contains(['[', ']', '{', '}'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `sh` makes of `word` with `env` set, or `None` when there is no `sh`.
    fn sh_value(word: &str, env: &[(&str, &str)]) -> Option<String> {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf '%s' {word}"))
            .envs(env.iter().copied())
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    const NASTY: &str = "it's \"a\" $HOME \\ pass";

    #[test]
    fn a_secret_with_quotes_dollars_and_spaces_stays_one_word() {
        let word = text_word("Bearer {{token}}!");
        assert_eq!(word, "'Bearer '\"$AYON_SECRET_TOKEN\"'!'");
        if let Some(v) = sh_value(&word, &[("AYON_SECRET_TOKEN", NASTY)]) {
            assert_eq!(v, format!("Bearer {NASTY}!"));
        } else {
            eprintln!("skipped running the word: no sh");
        }
        assert_eq!(text_word(""), "''");
        assert_eq!(text_word("it's"), "'it'\\''s'");
    }

    #[test]
    fn a_secret_inside_a_json_string_is_escaped_for_json() {
        let body = "{\"name\": \"a\\\"{{x}}\", \"password\": \"{{password}}\", \"n\": {{n}}}";
        let word = json_word(body);
        assert!(word.contains("sed"), "{word}");
        let Some(v) = sh_value(
            &word,
            &[
                ("AYON_SECRET_PASSWORD", NASTY),
                ("AYON_SECRET_X", "y"),
                ("AYON_SECRET_N", "3"),
            ],
        ) else {
            eprintln!("skipped running the word: no sh");
            return;
        };
        let parsed: serde_json::Value = serde_json::from_str(&v).unwrap_or_default();
        assert_eq!(parsed["password"], NASTY, "{v}");
        assert_eq!(parsed["name"], "a\"y", "{v}");
        assert_eq!(parsed["n"], 3, "{v}");
    }

    #[test]
    fn glob_characters() {
        assert!(has_glob_chars("http://h/api?f[0]=1"));
        assert!(!has_glob_chars("http://h/api/projects?x=1"));
    }
}
