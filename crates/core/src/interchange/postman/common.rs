//! Helpers shared by the importers of JSON/YAML tools (Postman, Insomnia): reading
//! loosely typed values, methods, Basic auth, form encoding and dynamic variables.

use base64::Engine;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::http::HttpMethod;
use crate::request::{FormRow, KvRow, RequestDraft};

/// How deep folders may nest before the rest is skipped (keeps the stack safe).
pub(crate) const MAX_DEPTH: usize = 64;

/// The string at `key`, when it is one.
pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A value shown as text: strings as they are, numbers and booleans printed, null empty.
pub(crate) fn as_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Whether `v[key]` is `true` (or the string "true").
pub(crate) fn flag(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A description given as a string or as `{content: ...}`; `None` when empty.
pub(crate) fn description(v: Option<&Value>) -> Option<String> {
    let text = match v? {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("content").and_then(Value::as_str)?.to_string(),
        _ => return None,
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

/// The method named `name`; `None` for one this app cannot send.
pub(crate) fn method(name: &str) -> Option<HttpMethod> {
    HttpMethod::from_name(name)
}

/// The draft's method from `name`, GET (and a note) for an unknown one.
pub(crate) fn method_or_get(
    name: Option<&str>,
    where_: &str,
    notes: &mut Vec<String>,
) -> HttpMethod {
    match name.filter(|n| !n.trim().is_empty()) {
        None => HttpMethod::Get,
        Some(n) => method(n).unwrap_or_else(|| {
            notes.push(format!(
                "{where_}: method {n} is not supported; imported as GET"
            ));
            HttpMethod::Get
        }),
    }
}

/// Whether `s` contains a `{{variable}}` reference or a template tag.
pub(crate) fn has_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

/// The `Authorization` header row for Basic auth with literal user and password, or a
/// note saying why it was not carried (variables cannot be base64-encoded ahead).
pub(crate) fn basic_auth(
    user: &str,
    password: &str,
    where_: &str,
    headers: &mut Vec<KvRow>,
    notes: &mut Vec<String>,
) {
    if has_template(user) || has_template(password) {
        notes.push(format!(
            "{where_}: Basic auth with variables ({user}) is not supported; add an Authorization header by hand"
        ));
        return;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    headers.push(KvRow::new("Authorization", format!("Basic {encoded}")));
}

/// What form encoding escapes: all but unreserved characters and the braces of
/// `{{variables}}` (which must stay readable to be resolved).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'{')
    .remove(b'}');

/// `application/x-www-form-urlencoded` text of the enabled fields.
pub(crate) fn form_urlencoded(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, FORM),
                utf8_percent_encode(v, FORM)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether a header named `name` (any case) is among `headers`.
pub(crate) fn has_header(headers: &[KvRow], name: &str) -> bool {
    headers
        .iter()
        .any(|h| h.name.trim().eq_ignore_ascii_case(name))
}

/// Whether a raw body is JSON: the source says so, or it parses as an object or array.
pub(crate) fn looks_json(text: &str, declared: Option<&str>) -> bool {
    if let Some(d) = declared {
        return d.to_ascii_lowercase().contains("json");
    }
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Notes one line per distinct dynamic variable (`{{$guid}}`) or template tag (`{% %}`)
/// used anywhere in the draft.
pub(crate) fn note_dynamic(draft: &RequestDraft, where_: &str, notes: &mut Vec<String>) {
    let mut texts: Vec<&str> = vec![
        &draft.url,
        &draft.body_text,
        &draft.body_file,
        &draft.graphql.query,
        &draft.graphql.variables,
        &draft.auth.bearer_token,
        &draft.auth.api_key,
    ];
    for row in draft
        .params
        .iter()
        .chain(&draft.headers)
        .chain(&draft.path_params)
    {
        texts.push(&row.name);
        texts.push(&row.value);
    }
    for FormRow { name, value, .. } in &draft.form {
        texts.push(name);
        texts.push(value);
    }
    let mut seen: Vec<String> = Vec::new();
    for text in texts {
        for found in dynamic_in(text) {
            if !seen.contains(&found) {
                seen.push(found);
            }
        }
    }
    for found in seen {
        let what = if found.starts_with("{%") {
            "template tag"
        } else {
            "dynamic variable"
        };
        notes.push(format!(
            "{where_}: {what} {found} is not supported; kept as text"
        ));
    }
}

/// The `{{$name}}` and `{% ... %}` pieces of `text`.
fn dynamic_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        if inner.starts_with('$') {
            out.push(format!("{{{{{inner}}}}}"));
        }
        rest = &after[end + 2..];
    }
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start..];
        let Some(end) = after.find("%}") else { break };
        // Named by the tag alone: its arguments (request ids, encoded paths) would make
        // each use a separate, unreadable line.
        let word = after[2..end].split_whitespace().next().unwrap_or("");
        out.push(format!("{{% {word} ... %}}"));
        rest = &after[end + 2..];
    }
    out
}

/// Where a request is, for notes: `Request 'Folder / Name'`.
pub(crate) fn request_label(path: &[String], name: &str) -> String {
    let mut parts: Vec<&str> = path.iter().map(String::as_str).collect();
    parts.push(name);
    format!("Request '{}'", parts.join(" / "))
}

/// Where a folder is, for notes.
pub(crate) fn folder_label(path: &[String]) -> String {
    if path.is_empty() {
        "Collection".to_string()
    } else {
        format!("Folder '{}'", path.join(" / "))
    }
}

/// A text without the UTF-8 byte order mark some exporters write first.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses JSON, an error with line and column when it is not.
pub(crate) fn parse_json(text: &str, what: &str) -> Result<Value, crate::interchange::ImportError> {
    serde_json::from_str(strip_bom(text)).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        crate::interchange::ImportError::at(
            format!("Not valid JSON ({what}): {message}"),
            format!("line {}, column {}", e.line(), e.column()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_pieces_found() {
        assert_eq!(
            dynamic_in("a {{$guid}} {{x}} {% response 'body' %} {{ $timestamp }}"),
            vec!["{{$guid}}", "{{$timestamp}}", "{% response ... %}"]
        );
    }

    #[test]
    fn form_keeps_variables() {
        let f = form_urlencoded(&[("a b".into(), "{{v}}&x".into())]);
        assert_eq!(f, "a%20b={{v}}%26x");
    }

    #[test]
    fn json_error_has_position() {
        let e = parse_json("{\n  \"a\": ,\n}", "test").unwrap_err();
        assert_eq!(e.position.as_deref(), Some("line 2, column 8"));
    }
}
