//! Insomnia import: export format 4 (JSON `resources` linked by `parentId`) and 5 (YAML
//! `collection` tree). Folder auth is inherited; `{{ _.name }}` becomes `{{name}}`;
//! `{% ... %}` template tags are kept as text and reported.

use std::collections::HashMap;

use serde_json::Value;

use super::postman::common::{
    MAX_DEPTH, as_text, basic_auth, flag, folder_label, form_urlencoded, has_header, method_or_get,
    note_dynamic, parse_json, request_label, str_at, strip_bom,
};
use super::postman::url::colon_to_braces;
use super::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest,
    ImportedVariable,
};
use crate::ayon::{AuthInput, AuthMode};
use crate::state::{
    BodyMode, FormRow, KvRow, RequestDraft, merge_path_params, params_from_url, url_with_params,
};

/// A folder or a request, whichever version it came from.
enum Node<'a> {
    Folder {
        item: &'a Value,
        children: Vec<Node<'a>>,
    },
    Request(&'a Value),
}

/// Reads an Insomnia v4 (JSON) or v5 (YAML) export.
pub fn import_insomnia(text: &str) -> Result<Imported, ImportError> {
    let text = strip_bom(text);
    let doc = if text.trim_start().starts_with('{') {
        parse_json(text, "Insomnia export")?
    } else {
        serde_yaml_ng::from_str::<Value>(text).map_err(|e| {
            let position = e
                .location()
                .map(|l| format!("line {}, column {}", l.line(), l.column()));
            ImportError {
                message: format!("Not valid YAML (Insomnia export): {e}"),
                position,
            }
        })?
    };
    let mut notes = Vec::new();
    let (name, nodes, environments) = if str_at(&doc, "_type") == Some("export") {
        v4(&doc, &mut notes)
    } else if str_at(&doc, "type").is_some_and(|t| t.starts_with("collection.insomnia.rest/5")) {
        v5(&doc, &mut notes)
    } else {
        return Err(ImportError::new(
            "Not an Insomnia export: expected JSON with \"_type\": \"export\" and \"__export_format\": 4, or YAML with \"type: collection.insomnia.rest/5.0\"",
        ));
    };
    let mut imported = Imported::new(name, Format::Insomnia);
    imported.environments = environments;
    build(
        &nodes,
        &mut imported.root,
        &mut Vec::new(),
        None,
        &mut notes,
    );
    imported.not_carried = notes;
    Ok(imported)
}

/// Export format 4: the workspace's resources as a tree.
fn v4<'a>(
    doc: &'a Value,
    notes: &mut Vec<String>,
) -> (String, Vec<Node<'a>>, Vec<ImportedEnvironment>) {
    let resources: Vec<&Value> = doc
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let mut children: HashMap<&str, Vec<&Value>> = HashMap::new();
    for r in &resources {
        let parent = str_at(r, "parentId").unwrap_or("");
        children.entry(parent).or_default().push(r);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| {
            let key = |v: &Value| v.get("metaSortKey").and_then(Value::as_f64).unwrap_or(0.0);
            key(a).total_cmp(&key(b))
        });
    }
    let workspace = resources
        .iter()
        .find(|r| str_at(r, "_type") == Some("workspace"));
    let name = workspace
        .and_then(|w| str_at(w, "name"))
        .unwrap_or("Insomnia")
        .to_string();
    for r in &resources {
        let kind = str_at(r, "_type").unwrap_or("");
        let what = match kind {
            "api_spec" => "API spec (design document)",
            "unit_test_suite" => "unit test suite",
            "unit_test" => "unit test",
            "grpc_request" => "gRPC request",
            "websocket_request" => "WebSocket request",
            "workspace" | "request_group" | "request" | "environment" | "cookie_jar" => continue,
            _ => kind,
        };
        let label = str_at(r, "name")
            .or_else(|| str_at(r, "fileName"))
            .unwrap_or("");
        notes.push(format!("{what} '{label}' not carried over"));
    }
    let root_id = workspace.and_then(|w| str_at(w, "_id")).unwrap_or("");
    let nodes = v4_nodes(&children, root_id, 0, notes);
    // Base environment: the one under the workspace; sub environments under it.
    let base = children
        .get(root_id)
        .into_iter()
        .flatten()
        .find(|r| str_at(r, "_type") == Some("environment"));
    let subs: Vec<(&str, &Value)> = base
        .and_then(|b| str_at(b, "_id"))
        .and_then(|id| children.get(id))
        .into_iter()
        .flatten()
        .filter(|r| str_at(r, "_type") == Some("environment"))
        .map(|r| (str_at(r, "name").unwrap_or("Environment"), *r))
        .collect();
    let environments = environments(base.copied(), &subs);
    (name, nodes, environments)
}

fn v4_nodes<'a>(
    children: &HashMap<&str, Vec<&'a Value>>,
    parent: &str,
    depth: usize,
    notes: &mut Vec<String>,
) -> Vec<Node<'a>> {
    if depth >= MAX_DEPTH {
        notes.push(format!(
            "Folders nested deeper than {MAX_DEPTH} levels; skipped"
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in children.get(parent).into_iter().flatten() {
        match str_at(r, "_type") {
            Some("request_group") => {
                let id = str_at(r, "_id").unwrap_or("");
                let sub = if id.is_empty() {
                    Vec::new()
                } else {
                    v4_nodes(children, id, depth + 1, notes)
                };
                out.push(Node::Folder {
                    item: r,
                    children: sub,
                });
            }
            Some("request") => out.push(Node::Request(r)),
            _ => {}
        }
    }
    out
}

/// Export format 5: `collection` (folders have `children`) and `environments`.
fn v5<'a>(
    doc: &'a Value,
    notes: &mut Vec<String>,
) -> (String, Vec<Node<'a>>, Vec<ImportedEnvironment>) {
    let name = str_at(doc, "name").unwrap_or("Insomnia").to_string();
    let nodes = v5_nodes(doc.get("collection"), 0, notes);
    let env = doc.get("environments");
    let subs: Vec<(&str, &Value)> = env
        .and_then(|e| e.get("subEnvironments"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| (str_at(s, "name").unwrap_or("Environment"), s))
        .collect();
    if doc.get("spec").is_some() {
        notes.push("API spec (design document) not carried over".into());
    }
    (name, nodes, environments(env, &subs))
}

fn v5_nodes<'a>(list: Option<&'a Value>, depth: usize, notes: &mut Vec<String>) -> Vec<Node<'a>> {
    if depth >= MAX_DEPTH {
        notes.push(format!(
            "Folders nested deeper than {MAX_DEPTH} levels; skipped"
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        if item.get("children").is_some() {
            let children = v5_nodes(item.get("children"), depth + 1, notes);
            out.push(Node::Folder { item, children });
        } else if item.get("url").is_some() || item.get("method").is_some() {
            out.push(Node::Request(item));
        } else {
            let name = str_at(item, "name").unwrap_or("");
            notes.push(format!(
                "Item '{name}': neither a request nor a folder; skipped"
            ));
        }
    }
    out
}

/// Each sub environment merged over the base; the base alone when there is none.
fn environments(base: Option<&Value>, subs: &[(&str, &Value)]) -> Vec<ImportedEnvironment> {
    let base_vars = base.map(env_vars).unwrap_or_default();
    if subs.is_empty() {
        if base_vars.is_empty() {
            return Vec::new();
        }
        let name = base
            .and_then(|b| str_at(b, "name"))
            .unwrap_or("Base Environment");
        return vec![ImportedEnvironment {
            name: name.to_string(),
            variables: base_vars,
        }];
    }
    subs.iter()
        .map(|(name, sub)| {
            let mut variables = base_vars.clone();
            for var in env_vars(sub) {
                match variables.iter_mut().find(|v| v.name == var.name) {
                    Some(existing) => *existing = var,
                    None => variables.push(var),
                }
            }
            ImportedEnvironment {
                name: name.to_string(),
                variables,
            }
        })
        .collect()
}

/// An environment's `data`, nested objects flattened to `a.b` names.
fn env_vars(env: &Value) -> Vec<ImportedVariable> {
    let mut out = Vec::new();
    if let Some(data) = env.get("data") {
        flatten("", data, 0, &mut out);
    }
    out
}

fn flatten(prefix: &str, v: &Value, depth: usize, out: &mut Vec<ImportedVariable>) {
    match v {
        Value::Object(map) if depth < MAX_DEPTH => {
            for (k, inner) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, inner, depth + 1, out);
            }
        }
        other if !prefix.is_empty() => out.push(ImportedVariable {
            name: prefix.to_string(),
            value: untemplate(&as_text(Some(other))),
            secret: false,
        }),
        _ => {}
    }
}

/// `{{ _.name }}` (Insomnia's environment reference) as `{{name}}`.
fn untemplate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = after[..end].trim();
        let inner = inner.strip_prefix("_.").unwrap_or(inner);
        out.push_str("{{");
        out.push_str(inner);
        out.push_str("}}");
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The auth a folder or request sets itself; `None` when it inherits.
fn own_auth(v: &Value) -> Option<&Value> {
    let auth = v.get("authentication")?;
    let kind = str_at(auth, "type")?;
    (kind != "inherit" && !kind.is_empty()).then_some(auth)
}

fn build(
    nodes: &[Node],
    folder: &mut ImportedFolder,
    path: &mut Vec<String>,
    auth: Option<&Value>,
    notes: &mut Vec<String>,
) {
    for node in nodes {
        match node {
            Node::Folder { item, children } => {
                let name = str_at(item, "name").unwrap_or("Folder").to_string();
                let mut sub = ImportedFolder::named(name.clone());
                path.push(name);
                note_scripts(item, &folder_label(path), notes);
                // Folder environments (v4 `environment`, v5 `environment`) override
                // variables for their requests: something our collections cannot say.
                if item
                    .get("environment")
                    .and_then(Value::as_object)
                    .is_some_and(|e| !e.is_empty())
                {
                    notes.push(format!(
                        "{}: folder environment variables not carried over",
                        folder_label(path)
                    ));
                }
                let sub_auth = own_auth(item).or(auth);
                build(children, &mut sub, path, sub_auth, notes);
                path.pop();
                folder.folders.push(sub);
            }
            Node::Request(r) => {
                let request = request(r, path, own_auth(r).or(auth), notes);
                folder.requests.push(request);
            }
        }
    }
}

fn note_scripts(item: &Value, label: &str, notes: &mut Vec<String>) {
    for (v4_key, v5_key, what) in [
        ("preRequestScript", "preRequest", "pre-request script"),
        (
            "afterResponseScript",
            "afterResponse",
            "after-response script",
        ),
    ] {
        let code = item
            .get("scripts")
            .and_then(|s| s.get(v5_key))
            .or_else(|| item.get(v4_key));
        if code.is_some_and(|c| !as_text(Some(c)).trim().is_empty()) {
            notes.push(format!("{label}: {what} not carried over"));
        }
    }
}

fn rows(v: Option<&Value>) -> Vec<KvRow> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.is_object())
        .map(|r| KvRow {
            enabled: !flag(r, "disabled"),
            name: untemplate(&as_text(r.get("name"))),
            value: untemplate(&as_text(r.get("value"))),
        })
        .collect()
}

fn request(
    r: &Value,
    path: &[String],
    auth: Option<&Value>,
    notes: &mut Vec<String>,
) -> ImportedRequest {
    let name = str_at(r, "name").unwrap_or("Untitled").to_string();
    let label = request_label(path, &name);
    let url = colon_to_braces(&untemplate(str_at(r, "url").unwrap_or("").trim()));
    let mut params = params_from_url(&url);
    params.extend(rows(r.get("parameters")));
    let url = url_with_params(&url, &params);
    let path_values = rows(r.get("pathParameters"));
    let mut draft = RequestDraft {
        method: method_or_get(str_at(r, "method"), &label, notes),
        path_params: merge_path_params(&url, &path_values),
        url,
        params,
        headers: rows(r.get("headers")),
        auth: AuthInput {
            mode: AuthMode::None,
            ..Default::default()
        },
        ..Default::default()
    };
    body(r.get("body"), &mut draft);
    apply_auth(auth, &mut draft, &label, notes);
    note_scripts(r, &label, notes);
    note_dynamic(&draft, &label, notes);
    let description = str_at(r, "description")
        .or_else(|| r.get("meta").and_then(|m| str_at(m, "description")))
        .filter(|d| !d.trim().is_empty())
        .map(str::to_string);
    ImportedRequest {
        name,
        description,
        draft,
    }
}

fn body(body: Option<&Value>, draft: &mut RequestDraft) {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return;
    };
    let mime = str_at(body, "mimeType").unwrap_or("").to_ascii_lowercase();
    let text = untemplate(&as_text(body.get("text")));
    if mime.starts_with("multipart/form-data") {
        draft.body_mode = BodyMode::Multipart;
        draft.form = form_rows(body.get("params"));
        // The form sends its own Content-Type with the boundary.
        draft.headers.retain(|h| {
            !(h.name.eq_ignore_ascii_case("content-type")
                && h.value.trim().eq_ignore_ascii_case("multipart/form-data"))
        });
    } else if mime == "application/x-www-form-urlencoded" {
        let fields: Vec<(String, String)> = rows(body.get("params"))
            .into_iter()
            .filter(|r| r.enabled)
            .map(|r| (r.name, r.value))
            .collect();
        draft.body_mode = BodyMode::Text;
        draft.body_text = form_urlencoded(&fields);
        if !has_header(&draft.headers, "content-type") {
            draft.headers.push(KvRow::new("Content-Type", mime));
        }
    } else if mime == "application/graphql" {
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        draft.body_mode = BodyMode::GraphQl;
        draft.graphql.query = as_text(parsed.get("query"));
        draft.graphql.variables = match parsed.get("variables") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
        };
        draft.graphql.operation_name = as_text(parsed.get("operationName"));
    } else if let Some(file) = str_at(body, "fileName").filter(|f| !f.is_empty() && text.is_empty())
    {
        draft.body_mode = BodyMode::File;
        draft.body_file = file.to_string();
    } else if !text.is_empty() {
        draft.body_mode = if mime.contains("json") {
            BodyMode::Json
        } else {
            BodyMode::Text
        };
        draft.body_text = text;
    }
}

fn form_rows(v: Option<&Value>) -> Vec<FormRow> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.is_object())
        .map(|p| {
            let name = untemplate(&as_text(p.get("name")));
            let mut row = if str_at(p, "type") == Some("file") {
                FormRow::file(name, as_text(p.get("fileName")))
            } else {
                FormRow::text(name, untemplate(&as_text(p.get("value"))))
            };
            row.enabled = !flag(p, "disabled");
            row
        })
        .collect()
}

fn apply_auth(
    auth: Option<&Value>,
    draft: &mut RequestDraft,
    label: &str,
    notes: &mut Vec<String>,
) {
    let Some(auth) = auth.filter(|a| !flag(a, "disabled")) else {
        return;
    };
    let text = |key: &str| untemplate(&as_text(auth.get(key)));
    match str_at(auth, "type").unwrap_or("none") {
        "none" | "noauth" => {}
        "bearer" => {
            let prefix = text("prefix");
            if !prefix.is_empty() && !prefix.eq_ignore_ascii_case("bearer") {
                draft.headers.push(KvRow::new(
                    "Authorization",
                    format!("{prefix} {}", text("token")),
                ));
            } else {
                draft.auth.mode = AuthMode::Bearer;
                draft.auth.bearer_token = text("token");
            }
        }
        "basic" => basic_auth(
            &text("username"),
            &text("password"),
            label,
            &mut draft.headers,
            notes,
        ),
        "apikey" => {
            let key = text("key");
            let value = text("value");
            if str_at(auth, "addTo") == Some("queryParams") {
                draft.params.push(KvRow::new(key, value));
                draft.url = url_with_params(&draft.url, &draft.params);
            } else if key.trim().eq_ignore_ascii_case("x-api-key") {
                draft.auth.mode = AuthMode::ApiKey;
                draft.auth.api_key = value;
            } else {
                draft.headers.push(KvRow::new(key, value));
            }
        }
        other => notes.push(format!(
            "{label}: auth type '{other}' is not supported; imported without auth"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_references() {
        assert_eq!(
            untemplate("{{ _.BASE }}/x/{{_.a.b}}/{{ c }}"),
            "{{BASE}}/x/{{a.b}}/{{c}}"
        );
        assert_eq!(
            untemplate("{% response 'body' %} {{"),
            "{% response 'body' %} {{"
        );
    }
}
