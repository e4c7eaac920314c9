//! Python literals for the Python snippets. A `{{reference}}` in a text becomes
//! `os.environ["AYON_SECRET_NAME"]`, joined to the literal parts with `+`.

use serde_json::Value as Json;

use super::common::AuthHeader;
use super::pieces::{Piece, joined, pieces};

/// `text` as a Python string literal (a JSON string is one), taken as it is.
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `pieces` as a Python string expression.
pub fn expr(pieces: &[Piece]) -> String {
    let pieces = joined(pieces);
    if pieces.is_empty() {
        return "\"\"".into();
    }
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => string(text),
            Piece::Env(name) => format!("os.environ[{}]", string(name)),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// `text` as a Python string expression, references read from the environment.
pub fn text(text: &str) -> String {
    expr(&pieces(text))
}

/// A JSON value as a Python literal, nested values indented by four spaces per level.
pub fn literal(value: &Json, indent: usize) -> String {
    let pad = "    ".repeat(indent + 1);
    let close = "    ".repeat(indent);
    match value {
        Json::Null => "None".into(),
        Json::Bool(true) => "True".into(),
        Json::Bool(false) => "False".into(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => text(s),
        Json::Array(items) if items.is_empty() => "[]".into(),
        Json::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .map(|v| format!("{pad}{},\n", literal(v, indent + 1)))
                .collect();
            format!("[\n{}{close}]", inner.concat())
        }
        Json::Object(map) if map.is_empty() => "{}".into(),
        Json::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{pad}{}: {},\n", text(k), literal(v, indent + 1)))
                .collect();
            format!("{{\n{}{close}}}", inner.concat())
        }
    }
}

/// A `name = {...}` dict (or a list of pairs when a name repeats) of string pairs.
pub fn pairs(var: &str, rows: &[(String, String)]) -> String {
    let mut names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    let repeated = names.windows(2).any(|w| w.first() == w.get(1));
    let mut out = String::new();
    if repeated {
        out.push_str(&format!("{var} = [\n"));
        for (name, value) in rows {
            out.push_str(&format!("    ({}, {}),\n", string(name), value));
        }
        out.push_str("]\n");
    } else {
        out.push_str(&format!("{var} = {{\n"));
        for (name, value) in rows {
            out.push_str(&format!("    {}: {},\n", string(name), value));
        }
        out.push_str("}\n");
    }
    out
}

/// An auth header's value as a Python expression.
pub fn auth_value(auth: &AuthHeader) -> String {
    expr(&auth.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_the_environment() {
        assert_eq!(
            text("Bearer {{token}}"),
            "\"Bearer \" + os.environ[\"AYON_SECRET_TOKEN\"]"
        );
        assert_eq!(text(""), "\"\"");
        let body = serde_json::json!({"password": "{{password}}", "self": 1});
        assert_eq!(
            literal(&body, 0),
            "{\n    \"password\": os.environ[\"AYON_SECRET_PASSWORD\"],\n    \"self\": 1,\n}"
        );
    }
}
