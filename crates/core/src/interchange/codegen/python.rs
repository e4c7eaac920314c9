//! Python literals for the Python snippets.

use serde_json::Value as Json;

use super::common::{AuthHeader, Value};

/// `text` as a Python string literal (a JSON string is one).
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
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
        Json::String(s) => string(s),
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
                .map(|(k, v)| format!("{pad}{}: {},\n", string(k), literal(v, indent + 1)))
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
    match &auth.value {
        Value::Literal(v) => string(&format!("{}{v}", auth.prefix)),
        Value::Env(var) if auth.prefix.is_empty() => format!("os.environ[{}]", string(var)),
        Value::Env(var) => format!("{} + os.environ[{}]", string(auth.prefix), string(var)),
    }
}

/// Whether `name` can be a Python keyword argument.
pub fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}
