//! A Postman request body (raw, urlencoded, formdata, file, graphql) on the draft.

use serde_json::Value;

use super::common::{as_text, flag, form_urlencoded, has_header, looks_json, str_at};
use crate::request::{BodyMode, FormRow, KvRow, RequestDraft};

/// Applies `body` to `draft` (whose headers are already set).
pub(super) fn apply(
    body: Option<&Value>,
    draft: &mut RequestDraft,
    where_: &str,
    notes: &mut Vec<String>,
) {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return;
    };
    if flag(body, "disabled") {
        return;
    }
    match str_at(body, "mode").unwrap_or("") {
        "" | "none" => {}
        "raw" => raw(body, draft),
        "urlencoded" => {
            let fields: Vec<(String, String)> = rows(body.get("urlencoded"))
                .filter(|f| !flag(f, "disabled"))
                .map(|f| (as_text(f.get("key")), as_text(f.get("value"))))
                .collect();
            draft.body_mode = BodyMode::Text;
            draft.body_text = form_urlencoded(&fields);
            if !has_header(&draft.headers, "content-type") {
                draft.headers.push(KvRow::new(
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                ));
            }
        }
        "formdata" => {
            draft.body_mode = BodyMode::Multipart;
            draft.form = rows(body.get("formdata")).map(form_row).collect();
        }
        "file" => {
            draft.body_mode = BodyMode::File;
            draft.body_file = body
                .get("file")
                .map(|f| src(f.get("src")))
                .unwrap_or_default();
        }
        "graphql" => {
            let gql = body.get("graphql");
            draft.body_mode = BodyMode::GraphQl;
            draft.graphql.query = as_text(gql.and_then(|g| g.get("query")));
            draft.graphql.variables = match gql.and_then(|g| g.get("variables")) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
        }
        other => notes.push(format!(
            "{where_}: body mode '{other}' is not supported; imported without body"
        )),
    }
}

fn rows(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.is_object())
}

fn raw(body: &Value, draft: &mut RequestDraft) {
    let text = as_text(body.get("raw"));
    // An empty raw body is no body (Postman keeps the mode when the text is cleared).
    if text.is_empty() {
        return;
    }
    let language = body
        .get("options")
        .and_then(|o| o.get("raw"))
        .and_then(|r| str_at(r, "language"));
    let header_type = draft
        .headers
        .iter()
        .find(|h| h.enabled && h.name.trim().eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.clone());
    let declared = match language {
        Some("json") => Some("json".to_string()),
        Some("text") | None => header_type.clone(),
        Some(other) => Some(other.to_string()),
    };
    if looks_json(&text, declared.as_deref()) {
        draft.body_mode = BodyMode::Json;
    } else {
        draft.body_mode = BodyMode::Text;
        let implied = match language {
            Some("xml") => Some("application/xml"),
            Some("html") => Some("text/html"),
            Some("javascript") => Some("application/javascript"),
            _ => None,
        };
        if let (Some(ct), None) = (implied, header_type) {
            draft.headers.push(KvRow::new("Content-Type", ct));
        }
    }
    draft.body_text = text;
}

/// A file path given as a string or as a list of them (the first taken).
fn src(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(list)) => list.first().map(|s| as_text(Some(s))).unwrap_or_default(),
        other => as_text(other),
    }
}

fn form_row(f: &Value) -> FormRow {
    let name = as_text(f.get("key"));
    let mut row = if str_at(f, "type") == Some("file") {
        FormRow::file(name, src(f.get("src")))
    } else {
        FormRow::text(name, as_text(f.get("value")))
    };
    row.enabled = !flag(f, "disabled");
    row.content_type = as_text(f.get("contentType"));
    row
}
