//! Text as a snippet writes it: literal parts and environment variables. A `{{name}}`
//! left in a draft once its non-secret variables are filled in (a secret, or a variable
//! with no value) becomes the environment variable [`crate::secret::env_name`] names
//! (`{{password}}` → `AYON_SECRET_PASSWORD`), the rule the runner reads secrets by.

use crate::collection::variables::find_references;

/// A part of a text in a snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Written as is (quoted for the language).
    Lit(String),
    /// The value of this environment variable.
    Env(String),
}

/// `text` split into literal parts and environment variables, one per `{{reference}}`.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut last = 0;
    for (range, name) in find_references(text) {
        if let Some(lit) = text.get(last..range.start).filter(|s| !s.is_empty()) {
            out.push(Piece::Lit(lit.to_string()));
        }
        out.push(Piece::Env(crate::secret::env_name(&name)));
        last = range.end;
    }
    if let Some(lit) = text.get(last..).filter(|s| !s.is_empty()) {
        out.push(Piece::Lit(lit.to_string()));
    }
    out
}

/// `pieces` with neighbouring literal parts joined (`'a: ''b'` would be noise).
pub fn joined(pieces: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Lit(last)), Piece::Lit(text)) => last.push_str(text),
            (_, Piece::Lit(text)) if text.is_empty() => {}
            _ => out.push(piece.clone()),
        }
    }
    out
}

/// Whether `text` holds a `{{reference}}`.
pub fn has_reference(text: &str) -> bool {
    !find_references(text).is_empty()
}

/// The literal text of `pieces` (environment variables left out).
pub fn literal_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Lit(s) => Some(s.as_str()),
            Piece::Env(_) => None,
        })
        .collect()
}

/// The environment variables named in `pieces`, added to `names` once each, in order.
pub fn collect_env(pieces: &[Piece], names: &mut Vec<String>) {
    for piece in pieces {
        if let Piece::Env(name) = piece
            && !names.contains(name)
        {
            names.push(name.clone());
        }
    }
}

/// The comment that opens a snippet (`#` starts a comment in shell and in Python): the
/// environment variables to set, and `optional` ones with what they default to.
pub fn env_comment(names: &[String], optional: &[(&str, &str)]) -> String {
    let mut out = String::new();
    if !names.is_empty() {
        out.push_str("# Set these environment variables first: ");
        out.push_str(&names.join(", "));
        out.push('\n');
    }
    for (name, default) in optional {
        out.push_str(&format!("# Optional: {name} (default {default})\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_secret_environment_variables() {
        assert_eq!(
            pieces("a {{password}}-{{ my-key }}"),
            vec![
                Piece::Lit("a ".into()),
                Piece::Env("AYON_SECRET_PASSWORD".into()),
                Piece::Lit("-".into()),
                Piece::Env("AYON_SECRET_MY_KEY".into()),
            ]
        );
        assert_eq!(pieces(""), Vec::<Piece>::new());
        assert_eq!(pieces("plain"), vec![Piece::Lit("plain".into())]);
    }

    #[test]
    fn the_comment_lists_each_variable_once() {
        let mut names = Vec::new();
        collect_env(&pieces("{{a}}{{b}}{{a}}"), &mut names);
        assert_eq!(names, ["AYON_SECRET_A", "AYON_SECRET_B"]);
        assert_eq!(
            env_comment(&names, &[]),
            "# Set these environment variables first: AYON_SECRET_A, AYON_SECRET_B\n"
        );
        assert_eq!(env_comment(&[], &[]), "");
    }
}
