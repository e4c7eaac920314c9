//! Export to Postman Collection v2.1. Secret values never leave: a literal bearer token,
//! API key or credential header is written as a `{{variable}}` reference instead, and a
//! secret variable goes into the `variable` block by its name only, with a note.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::variables::{ExportEnvironment, merged};
use super::{ExportFolder, ExportRequest};
use crate::ayon::AuthMode;
use crate::collection::format::var_reference;
use crate::request::{BodyMode, FormKind, KvRow, RequestDraft, path_param_names};

/// The schema URL Postman recognises for v2.1.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The collection `root` named `name` as Postman v2.1 JSON text, without variables.
pub fn export_postman(name: &str, root: &ExportFolder) -> String {
    export_postman_with(name, root, &[])
}

/// The collection `root` named `name` as Postman v2.1 JSON text, the variables of
/// `environments` as its collection variables (Postman keeps one set: the first
/// environment's value, a note where the others differ; secrets with an empty value).
pub fn export_postman_with(
    name: &str,
    root: &ExportFolder,
    environments: &[ExportEnvironment],
) -> String {
    let mut info = json!({
        "_postman_id": id_from(name),
        "name": name,
        "schema": SCHEMA,
    });
    if let Some(text) = &root.description {
        info["description"] = json!(text);
    }
    let mut doc = json!({"info": info, "item": items(root)});
    let variables = variable_block(environments);
    if !variables.is_empty() {
        doc["variable"] = json!(variables);
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The `variable` block: one entry per variable, secrets typed `secret` with no value.
fn variable_block(environments: &[ExportEnvironment]) -> Vec<Value> {
    merged(environments)
        .into_iter()
        .map(|m| {
            let kind = if m.variable.secret {
                "secret"
            } else {
                "string"
            };
            let mut entry = json!({
                "key": m.variable.name,
                "value": m.variable.value,
                "type": kind,
            });
            if let Some(note) = m.note {
                entry["description"] = json!(note);
            }
            entry
        })
        .collect()
}

/// A stable uuid-shaped id derived from the name (same name, same id on re-export).
fn id_from(name: &str) -> String {
    let hash = Sha256::digest(name.as_bytes());
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn items(folder: &ExportFolder) -> Vec<Value> {
    let mut out: Vec<Value> = folder
        .folders
        .iter()
        .map(|f| {
            let mut folder = json!({"name": f.name, "item": items(f)});
            if let Some(text) = &f.description {
                folder["description"] = json!(text);
            }
            folder
        })
        .collect();
    out.extend(folder.requests.iter().map(request_item));
    out
}

fn request_item(r: &ExportRequest) -> Value {
    let d = &r.draft;
    let mut request = json!({
        "method": d.method.as_str(),
        "header": headers(d),
        "url": url(d),
        "auth": auth(d),
    });
    if let Some(body) = body(d) {
        request["body"] = body;
    }
    if let Some(text) = &r.description {
        request["description"] = json!(text);
    }
    json!({"name": r.name, "request": request, "response": []})
}

/// A value that is a secret unless it is a reference: the reference `fallback` instead.
fn reference_or(value: &str, fallback: &str) -> String {
    match var_reference(value) {
        Some(_) => value.trim().to_string(),
        None => format!("{{{{{fallback}}}}}"),
    }
}

fn headers(d: &RequestDraft) -> Vec<Value> {
    let mut rows: Vec<Value> = d
        .headers
        .iter()
        .filter(|h| !h.is_blank())
        .map(|h| {
            let lower = h.name.trim().to_ascii_lowercase();
            let credential = matches!(lower.as_str(), "authorization" | "x-api-key" | "cookie");
            // A credential typed literally stays home; one built from variables goes.
            let value = if credential && !h.value.contains("{{") {
                format!("{{{{{}}}}}", lower.replace('-', "_"))
            } else {
                h.value.clone()
            };
            kv(&h.name, &value, h.enabled)
        })
        .collect();
    if d.auth.mode == AuthMode::ApiKeyAsUser {
        rows.push(kv("X-as-user", &d.auth.as_user, true));
    }
    rows
}

fn kv(key: &str, value: &str, enabled: bool) -> Value {
    let mut row = json!({"key": key, "value": value});
    if !enabled {
        row["disabled"] = json!(true);
    }
    row
}

fn url(d: &RequestDraft) -> Value {
    let names = path_param_names(&d.url);
    let cut = d.url.find(['?', '#']).unwrap_or(d.url.len());
    let mut path_part = d.url[..cut].to_string();
    for name in &names {
        path_part = path_part.replace(&format!("{{{name}}}"), &format!(":{name}"));
    }
    let raw = format!("{path_part}{}", &d.url[cut..]);
    let (protocol, rest) = match path_part.split_once("://") {
        Some((p, rest)) => (Some(p.to_string()), rest.to_string()),
        None => (None, path_part.clone()),
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest.as_str(), ""));
    let host: Vec<&str> = if host.starts_with("{{") || host.is_empty() {
        vec![host]
    } else {
        host.split('.').collect()
    };
    let path: Vec<&str> = path.split('/').collect();
    let mut out = json!({"raw": raw});
    // A relative URL (`/api/...`, as AYON requests are saved) has no host to list.
    if host.iter().any(|h| !h.is_empty()) {
        out["host"] = json!(host);
    }
    if let Some(p) = protocol {
        out["protocol"] = json!(p);
    }
    if !rest.contains('/') {
        out["path"] = json!([]);
    } else {
        out["path"] = json!(path);
    }
    let query: Vec<Value> = d
        .params
        .iter()
        .filter(|p| !p.is_blank())
        .map(|p| kv(&p.name, &p.value, p.enabled))
        .collect();
    if !query.is_empty() {
        out["query"] = json!(query);
    }
    let variables: Vec<Value> = names
        .iter()
        .map(|n| {
            let value = d
                .path_params
                .iter()
                .find(|r: &&KvRow| &r.name == n)
                .map(|r| r.value.clone())
                .unwrap_or_default();
            json!({"key": n, "value": value})
        })
        .collect();
    if !variables.is_empty() {
        out["variable"] = json!(variables);
    }
    out
}

fn body(d: &RequestDraft) -> Option<Value> {
    Some(match d.body_mode {
        BodyMode::None => return None,
        BodyMode::Json => json!({
            "mode": "raw",
            "raw": d.body_text,
            "options": {"raw": {"language": "json"}},
        }),
        BodyMode::Text => json!({
            "mode": "raw",
            "raw": d.body_text,
            "options": {"raw": {"language": "text"}},
        }),
        BodyMode::File => json!({"mode": "file", "file": {"src": d.body_file}}),
        BodyMode::GraphQl => json!({
            "mode": "graphql",
            "graphql": {"query": d.graphql.query, "variables": d.graphql.variables},
        }),
        BodyMode::Multipart => {
            let fields: Vec<Value> = d
                .form
                .iter()
                .filter(|f| !f.is_blank())
                .map(|f| {
                    let mut row = match f.kind {
                        FormKind::Text => json!({"key": f.name, "value": f.value, "type": "text"}),
                        FormKind::File => json!({"key": f.name, "src": f.value, "type": "file"}),
                    };
                    if !f.content_type.is_empty() {
                        row["contentType"] = json!(f.content_type);
                    }
                    if !f.enabled {
                        row["disabled"] = json!(true);
                    }
                    row
                })
                .collect();
            json!({"mode": "formdata", "formdata": fields})
        }
    })
}

fn auth(d: &RequestDraft) -> Value {
    let a = &d.auth;
    match a.mode {
        AuthMode::None => json!({"type": "noauth"}),
        // The logged-in session's token: a `{{token}}` the user fills in Postman.
        AuthMode::Session => bearer("{{token}}"),
        AuthMode::Bearer => bearer(&reference_or(&a.bearer_token, "token")),
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => json!({
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": "X-Api-Key", "type": "string"},
                {"key": "value", "value": reference_or(&a.api_key, "api_key"), "type": "string"},
                {"key": "in", "value": "header", "type": "string"},
            ],
        }),
    }
}

fn bearer(token: &str) -> Value {
    json!({"type": "bearer", "bearer": [{"key": "token", "value": token, "type": "string"}]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_uuid_shaped_and_stable() {
        let a = id_from("x");
        assert_eq!(a, id_from("x"));
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn literal_secrets_stay_home() {
        let mut draft = RequestDraft::get("https://h/api/{project}");
        draft.auth.mode = AuthMode::Bearer;
        draft.auth.bearer_token = "abcdef-secret".into();
        draft
            .headers
            .push(KvRow::new("Authorization", "Basic dTpw"));
        let root = ExportFolder {
            requests: vec![ExportRequest {
                name: "r".into(),
                description: None,
                draft,
            }],
            ..Default::default()
        };
        let text = export_postman("c", &root);
        assert!(!text.contains("abcdef-secret"));
        assert!(!text.contains("dTpw"));
        assert!(text.contains("{{token}}"));
        assert!(text.contains("https://h/api/:project"));
    }
}
