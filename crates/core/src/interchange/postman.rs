//! Postman Collection v2.1 (and v2.0) import: folders, requests, collection variables,
//! auth with its inheritance; scripts and saved examples are reported, not carried.

mod auth;
mod body;
pub(crate) mod common;
mod environment;
pub(crate) mod url;

use serde_json::Value;

use self::common::{
    MAX_DEPTH, as_text, description, flag, folder_label, method_or_get, note_dynamic, parse_json,
    request_label, str_at,
};
use super::{Format, ImportError, Imported, ImportedFolder, ImportedRequest, ImportedVariable};
use crate::collection::format::is_var_name;
use crate::request::{KvRow, RequestDraft};

pub use environment::{import_postman_environment, import_postman_environment_file};

/// Reads a Postman Collection v2.1 or v2.0 export.
pub fn import_postman(text: &str) -> Result<Imported, ImportError> {
    let doc = unwrapped(parse_json(text, "Postman collection")?, "collection");
    check_schema(&doc)?;
    let info = doc.get("info");
    let name = info
        .and_then(|i| str_at(i, "name"))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("Postman collection");
    let mut imported = Imported::new(name, Format::Postman);
    let mut notes = Vec::new();
    imported.variables = variables(doc.get("variable"), &mut notes);
    note_events(&doc, &[], &mut notes);
    let auth = own_auth(&doc, None);
    let mut walker = Walker { notes };
    walker.items(doc.get("item"), &mut imported.root, &mut Vec::new(), auth);
    imported.not_carried = walker.notes;
    Ok(imported)
}

/// `doc[key]` when `doc` is only a wrapper around it (`{"collection": {...}}`, as
/// Postman's API and many repositories store it); `doc` otherwise.
pub(crate) fn unwrapped(doc: Value, key: &str) -> Value {
    match doc {
        Value::Object(mut map)
            if !map.contains_key("info")
                && !map.contains_key("values")
                && map.get(key).is_some_and(Value::is_object) =>
        {
            map.remove(key).unwrap_or_default()
        }
        other => other,
    }
}

fn check_schema(doc: &Value) -> Result<(), ImportError> {
    const EXPECTED: &str = "Not a Postman collection: expected a JSON object whose info.schema contains \"collection/v2\" (a Postman Collection v2.0 or v2.1 export)";
    let Some(schema) = doc.get("info").and_then(|i| i.get("schema")) else {
        return Err(ImportError::at(EXPECTED, "$.info.schema"));
    };
    let schema = schema.as_str().unwrap_or("");
    if schema.contains("collection/v2") {
        Ok(())
    } else if schema.contains("collection/v1") {
        Err(ImportError::at(
            "Postman Collection v1 is not supported: export the collection again as v2.1",
            "$.info.schema",
        ))
    } else {
        Err(ImportError::at(
            format!("{EXPECTED}; found schema \"{schema}\""),
            "$.info.schema",
        ))
    }
}

/// Collection variables; names our `{{}}` cannot reference are kept and reported.
fn variables(v: Option<&Value>, notes: &mut Vec<String>) -> Vec<ImportedVariable> {
    let mut out = Vec::new();
    for var in v.and_then(Value::as_array).into_iter().flatten() {
        let Some(name) = str_at(var, "key").or_else(|| str_at(var, "id")) else {
            continue;
        };
        if flag(var, "disabled") {
            notes.push(format!(
                "Collection variable '{name}' is disabled; not imported"
            ));
            continue;
        }
        if !is_var_name(name) {
            notes.push(format!(
                "Collection variable '{name}': the name has characters {{{{...}}}} references cannot use here; kept as is, rename it to use it"
            ));
        }
        out.push(ImportedVariable {
            name: name.to_string(),
            value: as_text(var.get("value")),
            secret: str_at(var, "type") == Some("secret"),
        });
    }
    out
}

/// Reports the non-empty scripts of an item, folder or the collection.
fn note_events(v: &Value, path: &[String], notes: &mut Vec<String>) {
    let label = folder_label(path);
    note_events_as(v, &label, notes);
}

fn note_events_as(v: &Value, label: &str, notes: &mut Vec<String>) {
    for event in v
        .get("event")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let script = event.get("script");
        let exec = script.and_then(|s| s.get("exec"));
        let code = match exec {
            Some(Value::Array(lines)) => lines.iter().map(|l| as_text(Some(l))).collect(),
            other => as_text(other),
        };
        if code.trim().is_empty() {
            continue;
        }
        let kind = match str_at(event, "listen") {
            Some("prerequest") => "pre-request script",
            Some("test") => "test script",
            Some(other) => other,
            None => "script",
        };
        notes.push(format!("{label}: {kind} not carried over"));
    }
}

/// The auth an item sets itself, or `parent`'s when it inherits.
fn own_auth<'a>(v: &'a Value, parent: Option<&'a Value>) -> Option<&'a Value> {
    let auth = v.get("auth");
    if auth::inherits(auth) { parent } else { auth }
}

struct Walker {
    notes: Vec<String>,
}

impl Walker {
    fn items(
        &mut self,
        items: Option<&Value>,
        folder: &mut ImportedFolder,
        path: &mut Vec<String>,
        auth: Option<&Value>,
    ) {
        if path.len() >= MAX_DEPTH {
            self.notes.push(format!(
                "{}: folders nested deeper than {MAX_DEPTH} levels; skipped",
                folder_label(path)
            ));
            return;
        }
        for item in items.and_then(Value::as_array).into_iter().flatten() {
            let name = str_at(item, "name")
                .filter(|n| !n.trim().is_empty())
                .unwrap_or("Untitled")
                .to_string();
            // A folder has an `item` list (possibly empty); a request has `request`.
            if item.get("item").is_some_and(Value::is_array) {
                let mut sub = ImportedFolder::named(name.clone());
                path.push(name);
                note_events(item, path, &mut self.notes);
                let sub_auth = own_auth(item, auth);
                self.items(item.get("item"), &mut sub, path, sub_auth);
                path.pop();
                folder.folders.push(sub);
            } else if let Some(request) = item.get("request") {
                let imported = self.request(item, request, &name, path, auth);
                folder.requests.push(imported);
            } else {
                self.notes.push(format!(
                    "{}: neither a request nor a folder; skipped",
                    request_label(path, &name)
                ));
            }
        }
    }

    fn request(
        &mut self,
        item: &Value,
        request: &Value,
        name: &str,
        path: &[String],
        auth: Option<&Value>,
    ) -> ImportedRequest {
        let label = request_label(path, name);
        // v2.0 allows the request to be just its URL.
        let url_field = match request {
            Value::String(_) => Some(request),
            _ => request.get("url"),
        };
        let url = url::read(url_field);
        let mut draft = RequestDraft {
            method: method_or_get(str_at(request, "method"), &label, &mut self.notes),
            url: url.url,
            params: url.params,
            path_params: url.path_params,
            headers: headers(request.get("header")),
            ..Default::default()
        };
        body::apply(request.get("body"), &mut draft, &label, &mut self.notes);
        auth::apply(own_auth(request, auth), &mut draft, &label, &mut self.notes);
        note_events_as(item, &label, &mut self.notes);
        let examples = item
            .get("response")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if examples > 0 {
            self.notes.push(format!(
                "{label}: {examples} saved example response(s) not carried over"
            ));
        }
        note_dynamic(&draft, &label, &mut self.notes);
        ImportedRequest {
            name: name.to_string(),
            description: description(request.get("description"))
                .or_else(|| description(item.get("description"))),
            draft,
        }
    }
}

/// Header rows from `[{key, value, disabled}]` or v2.0's `"Name: value\n..."` text.
fn headers(v: Option<&Value>) -> Vec<KvRow> {
    match v {
        Some(Value::Array(rows)) => rows
            .iter()
            .filter(|r| r.is_object())
            .map(|r| KvRow {
                enabled: !flag(r, "disabled"),
                name: as_text(r.get("key")),
                value: as_text(r.get("value")),
            })
            .collect(),
        Some(Value::String(text)) => text
            .lines()
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                Some(KvRow::new(name.trim(), value.trim()))
            })
            .collect(),
        _ => Vec::new(),
    }
}
