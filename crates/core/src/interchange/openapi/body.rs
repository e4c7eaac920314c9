//! OpenAPI request bodies the JSON skeleton does not cover: form fields
//! (`application/x-www-form-urlencoded`), multipart forms with their file parts
//! (`multipart/form-data`), raw files (`*/*`, `application/octet-stream`, images...) and
//! text (`text/*`, XML). Local `$ref`s are followed.

use serde_json::Value;

use crate::interchange::bruno::common::{set_content_type, set_urlencoded};
use crate::request::{BodyMode, FormRow, KvRow, RequestDraft};

/// How deep `$ref`s are followed (a loop stops here).
const MAX_REFS: usize = 16;

/// Sets `draft`'s body from `operation`'s `requestBody` when the JSON skeleton gave it
/// none. Every media type has a body mode here: a file to pick for raw ones.
pub(super) fn apply(spec: &Value, operation: Option<&Value>, draft: &mut RequestDraft) {
    if draft.body_mode != BodyMode::None {
        return;
    }
    let body = operation
        .and_then(|o| o.get("requestBody"))
        .map(|b| resolve(spec, b));
    let Some(content) = body
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
    else {
        return;
    };
    // The first form, else the first media type, in the document's order.
    let chosen = content
        .iter()
        .find(|(t, _)| {
            matches!(
                essence(t).as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data"
            )
        })
        .or_else(|| content.iter().next());
    let Some((media_type, media)) = chosen else {
        return;
    };
    let kind = essence(media_type);
    let schema = media.get("schema").map(|s| resolve(spec, s));
    match kind.as_str() {
        "application/x-www-form-urlencoded" => {
            let rows: Vec<KvRow> = fields(spec, schema)
                .into_iter()
                // A form body is one text: every documented field is in it.
                .map(|f| KvRow::new(f.name, f.example))
                .collect();
            set_urlencoded(draft, &rows);
        }
        "multipart/form-data" => {
            draft.body_mode = BodyMode::Multipart;
            for field in fields(spec, schema) {
                let mut row = if field.binary {
                    FormRow::file(&field.name, "")
                } else {
                    FormRow::text(&field.name, field.example)
                };
                row.enabled = field.required || field.binary;
                row.content_type = media
                    .pointer(&format!("/encoding/{}/contentType", escape(&field.name)))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                draft.form.push(row);
            }
        }
        t if t.starts_with("text/") || t.ends_with("/xml") || t.ends_with("+xml") => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = example_text(media, schema);
            set_content_type(draft, media_type);
        }
        t if is_json(t) => {
            // A JSON body whose schema gave no skeleton: its example, else `{}`.
            draft.body_mode = BodyMode::Json;
            let text = example_text(media, schema);
            draft.body_text = if text.is_empty() { "{}".into() } else { text };
        }
        _ => {
            // `*/*`, application/octet-stream, images, archives...: a file sent raw.
            draft.body_mode = BodyMode::File;
            if !kind.ends_with("/*") {
                set_content_type(draft, media_type);
            }
        }
    }
}

/// One field of a form body's schema.
struct Field {
    name: String,
    required: bool,
    binary: bool,
    example: String,
}

/// The properties of an object schema (and of its `allOf` parts), in the document's order.
fn fields(spec: &Value, schema: Option<&Value>) -> Vec<Field> {
    let mut out = Vec::new();
    if let Some(schema) = schema {
        collect_fields(spec, schema, 0, &mut out);
    }
    out
}

fn collect_fields(spec: &Value, schema: &Value, depth: usize, out: &mut Vec<Field>) {
    if depth > MAX_REFS {
        return;
    }
    let schema = resolve(spec, schema);
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_fields(spec, part, depth + 1, out);
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, property) in properties {
        if out.iter().any(|f| &f.name == name) {
            continue;
        }
        let property = resolve(spec, property);
        let item = property.get("items").map(|i| resolve(spec, i));
        let is_binary = |s: &Value| {
            matches!(
                s.get("format").and_then(Value::as_str),
                Some("binary" | "base64" | "byte")
            ) && s.get("type").and_then(Value::as_str) == Some("string")
                || s.get("contentMediaType").is_some()
        };
        out.push(Field {
            name: name.clone(),
            required: required.contains(&name.as_str()),
            binary: is_binary(property) || item.is_some_and(is_binary),
            example: scalar_text(
                property
                    .get("example")
                    .or_else(|| property.get("default"))
                    .or_else(|| property.pointer("/enum/0")),
            ),
        });
    }
}

/// `value` itself, or what its local `$ref` (`#/...`) points to, followed a few times.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..MAX_REFS {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| spec.pointer(pointer))
        else {
            break;
        };
        value = target;
    }
    value
}

/// The media type without parameters, lower case.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// A JSON pointer token for `name`.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The media type's example (or the schema's), as body text.
fn example_text(media: &Value, schema: Option<&Value>) -> String {
    let example = media
        .get("example")
        .or_else(|| {
            media
                .get("examples")
                .and_then(Value::as_object)
                .and_then(|all| all.values().next())
                .and_then(|e| e.get("value"))
        })
        .or_else(|| schema.and_then(|s| s.get("example")));
    match example {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn scalar_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
