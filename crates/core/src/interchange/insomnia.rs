//! Insomnia import: export format 4 (JSON `resources` linked by `parentId`) and 5 (YAML
//! `collection` tree). Folder auth is inherited; `{{ _.name }}` becomes `{{name}}`;
//! `{% ... %}` template tags are kept as text and reported.

mod environment;
mod request;

use std::collections::HashMap;

use serde_json::Value;

use self::environment::environments;
use self::request::note_scripts;
use super::postman::common::{MAX_DEPTH, folder_label, parse_json, str_at, strip_bom};
use super::{Format, ImportError, Imported, ImportedEnvironment, ImportedFolder};

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
        // The shared depth guard first: deep YAML stalls the parser.
        crate::untrusted::check_nesting(text).map_err(|e| ImportError {
            message: format!("Not read (Insomnia export): {e}"),
            position: Some(format!("line {}, column {}", e.line, e.column)),
        })?;
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
        if let Some(what) = v5_unsupported(item) {
            let name = str_at(item, "name").unwrap_or("");
            notes.push(format!("{what} '{name}' not carried over"));
        } else if item.get("children").is_some() {
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
                let request = request::request(r, path, own_auth(r).or(auth), notes);
                folder.requests.push(request);
            }
        }
    }
}

/// What a v5 item is when it is not an HTTP request or a folder: gRPC and WebSocket
/// items have a URL too, but sending them as HTTP requests would be a silent mistake.
fn v5_unsupported(item: &Value) -> Option<&'static str> {
    let id = item
        .pointer("/meta/id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let url = str_at(item, "url").unwrap_or("").trim_start();
    let scheme = |s: &str| {
        url.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    };
    if id.starts_with("greq_")
        || item.get("protoFileId").is_some()
        || item.get("protoMethodName").is_some()
    {
        Some("gRPC request")
    } else if id.starts_with("ws-req_") || scheme("ws://") || scheme("wss://") {
        Some("WebSocket request")
    } else {
        None
    }
}
