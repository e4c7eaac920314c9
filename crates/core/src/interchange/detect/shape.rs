//! Which format a parsed document is in, told by its content alone: the keys each tool
//! writes, in every shape it saves (JSON or YAML, wrapped or not, every version).

use serde_json::Value;

use crate::interchange::Format;

/// The format of `doc`, a JSON or YAML document already parsed; `None` for anything else.
pub(crate) fn format_of(doc: &Value) -> Option<Format> {
    if !doc.is_object() {
        return None;
    }
    if doc.get("openapi").is_some() {
        return Some(Format::OpenApi);
    }
    if is_postman_collection(doc) || doc.get("collection").is_some_and(is_postman_collection) {
        return Some(Format::Postman);
    }
    if is_postman_environment(doc) || doc.get("environment").is_some_and(is_postman_environment) {
        return Some(Format::PostmanEnvironment);
    }
    if is_insomnia(doc) {
        return Some(Format::Insomnia);
    }
    if is_thunder(doc) {
        return Some(Format::Thunder);
    }
    None
}

fn text<'a>(doc: &'a Value, key: &str) -> Option<&'a str> {
    doc.get(key).and_then(Value::as_str)
}

/// `info.schema` names a Postman collection schema (v1 included: its importer says
/// that it is too old).
fn is_postman_collection(doc: &Value) -> bool {
    doc.pointer("/info/schema")
        .and_then(Value::as_str)
        .is_some_and(|s| {
            s.contains("getpostman") || s.contains("postman.com") || s.contains("collection/v")
        })
}

/// `{name, values: [...]}` or Postman's own marker.
fn is_postman_environment(doc: &Value) -> bool {
    doc.get("_postman_variable_scope").is_some()
        || (doc.get("values").is_some_and(Value::is_array)
            && doc.get("name").is_some_and(Value::is_string))
}

/// Export v4 (`_type: export`, JSON or YAML) or v5 (`type: collection.insomnia.rest/5.x`).
fn is_insomnia(doc: &Value) -> bool {
    text(doc, "_type") == Some("export")
        || text(doc, "type").is_some_and(|t| t.starts_with("collection.insomnia.rest/"))
}

/// A Thunder Client collection or environment export, or one git-sync file.
fn is_thunder(doc: &Value) -> bool {
    text(doc, "client") == Some("Thunder Client")
        || text(doc, "collectionName").is_some()
        || text(doc, "environmentName").is_some()
        || (text(doc, "colName").is_some() && doc.get("_id").is_some())
}
