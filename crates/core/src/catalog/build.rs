//! Reading the operations out of one spec document.

use serde_json::Value;

use super::model::{BodyDoc, Operation, ResponseDoc};
use super::params::merged_params;
use super::quirks;
use super::resolve::{deref, ref_name, ref_of};
use crate::http::HttpMethod;

/// The method keys of a path item, in the order OpenAPI lists them.
const METHOD_KEYS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What one document yields: its operations, and the ones that could not be represented.
pub(super) struct Read {
    pub operations: Vec<Operation>,
    pub skipped: Vec<String>,
}

/// Every operation in `doc.paths`, in file order. `doc_index` is stored on each operation.
pub(super) fn read_operations(doc: &Value, doc_index: usize) -> Read {
    let mut read = Read {
        operations: Vec::new(),
        skipped: Vec::new(),
    };
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return read;
    };
    for (path, item) in paths {
        let item = deref(doc, item);
        let Some(fields) = item.as_object() else {
            continue;
        };
        for (key, op) in fields {
            let key = key.to_ascii_lowercase();
            if !METHOD_KEYS.contains(&key.as_str()) || !op.is_object() {
                continue;
            }
            match method_of(&key) {
                Some(method) => read.operations.push(read_operation(
                    doc,
                    doc_index,
                    method,
                    path,
                    item.get("parameters"),
                    op,
                )),
                None => read
                    .skipped
                    .push(format!("{} {path}", key.to_ascii_uppercase())),
            }
        }
    }
    read
}

fn method_of(key: &str) -> Option<HttpMethod> {
    HttpMethod::from_name(key)
}

fn read_operation(
    doc: &Value,
    doc_index: usize,
    method: HttpMethod,
    path: &str,
    item_params: Option<&Value>,
    op: &Value,
) -> Operation {
    let text = |key: &str| {
        op.get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let tags = op
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let (body, body_schema) = read_body(doc, op.get("requestBody"));
    Operation {
        method,
        path: path.to_string(),
        operation_id: text("operationId"),
        summary: text("summary"),
        description: text("description"),
        tags,
        params: merged_params(doc, path, item_params, op.get("parameters")),
        raw_upload: quirks::is_raw_upload(method, path, body.is_some()),
        responses: read_responses(doc, method, path, op.get("responses")),
        body,
        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
        doc: doc_index,
        body_schema,
    }
}

/// The body doc, and the JSON schema to build a skeleton from (None for non-JSON bodies).
fn read_body(doc: &Value, raw: Option<&Value>) -> (Option<BodyDoc>, Option<Value>) {
    let Some(body) = raw.map(|b| deref(doc, b)) else {
        return (None, None);
    };
    let Some(content) = body.get("content").and_then(Value::as_object) else {
        return (None, None);
    };
    let chosen = content
        .iter()
        .find(|(ct, _)| is_json(ct))
        .or_else(|| content.iter().next());
    let Some((content_type, media)) = chosen else {
        return (None, None);
    };
    let schema = media.get("schema");
    let doc_out = BodyDoc {
        content_type: content_type.clone(),
        required: body.get("required").and_then(Value::as_bool) == Some(true),
        schema_name: schema.and_then(ref_of).map(ref_name),
    };
    let json_schema = schema.filter(|_| is_json(content_type)).cloned();
    (Some(doc_out), json_schema)
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`...
pub(super) fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn read_responses(
    doc: &Value,
    method: HttpMethod,
    path: &str,
    raw: Option<&Value>,
) -> Vec<ResponseDoc> {
    let Some(map) = raw.and_then(Value::as_object) else {
        return Vec::new();
    };
    map.iter()
        .map(|(status, resp)| {
            let resp = deref(doc, resp);
            let schema = resp
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().find(|(ct, _)| is_json(ct)).or(c.iter().next()))
                .and_then(|(_, media)| media.get("schema"));
            let schema_name = schema.and_then(ref_of).map(ref_name);
            ResponseDoc {
                ayon_note: quirks::response_note(method, path, status, schema_name.as_deref()),
                status: status.clone(),
                description: resp
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                schema_name,
            }
        })
        .collect()
}
