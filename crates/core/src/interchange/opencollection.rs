//! Bruno's OpenCollection YAML: a folder with `opencollection.yml`, `environments/*.yml`,
//! sub-folders with `folder.yml`, and one `*.yml` file per item (http, graphql; websocket
//! and grpc items are reported).

use std::path::Path;

use serde_yaml_ng::Value;

use crate::interchange::bruno::common::{
    SourceAuth, apply_auth, blank_draft, file_reference, merge_headers, parse_method,
    reads_subfolder, report_dynamic, set_content_type, set_url, set_urlencoded,
};
use crate::interchange::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest,
    ImportedVariable,
};
use crate::request::{BodyMode, FormRow, KvRow, RequestDraft};

/// Reads the OpenCollection folder `folder`.
pub fn import_opencollection(folder: &Path) -> Result<Imported, ImportError> {
    let root_file = folder.join("opencollection.yml");
    let root = load(&root_file, "opencollection.yml")?;
    let fallback = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "OpenCollection".into());
    let name = get(&root, &["info", "name"])
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or(fallback);
    let mut imported = Imported::new(name, Format::OpenCollection);
    let mut notes = Vec::new();
    let top = Level {
        auth: SourceAuth::None,
        headers: Vec::new(),
    };
    let request = root.get("request");
    let level = level_of(request, &top, "Collection", true, &mut notes);
    imported.variables = variables(request.and_then(|r| r.get("variables")));
    imported.environments = environments(&folder.join("environments"))?;
    imported.root = walk(folder, "", &level, 0, &mut notes)?;
    imported.not_carried = notes;
    Ok(imported)
}

/// Parses a YAML file; errors name it with line and column.
fn load(path: &Path, shown: &str) -> Result<Value, ImportError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ImportError::new(format!("{shown}: cannot read: {e}")))?;
    parse_yaml(&text, shown)
}

/// Parses YAML text; `shown` names the file in errors. The shared depth guard runs
/// first: the YAML parser slows down badly on deep nesting long before its own depth
/// limit answers.
pub(crate) fn parse_yaml(text: &str, shown: &str) -> Result<Value, ImportError> {
    crate::untrusted::check_nesting(text).map_err(|e| {
        ImportError::at(
            format!("{shown}: {e}"),
            format!("line {}, column {}", e.line, e.column),
        )
    })?;
    serde_yaml_ng::from_str::<Value>(text).map_err(|e| {
        let message =
            crate::untrusted::parser_message(&format!("{shown}: invalid YAML: {e}"), false);
        match e.location() {
            Some(at) => ImportError::at(
                message,
                format!("line {}, column {}", at.line(), at.column()),
            ),
            None => ImportError::new(message),
        }
    })
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A scalar or typed value (`{type: number, data: "42"}`) as text.
fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Mapping(map)) if map.contains_key("data") => text(map.get("data")),
        Some(other) => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn list(value: Option<&Value>) -> &[Value] {
    value
        .and_then(Value::as_sequence)
        .map_or(&[], Vec::as_slice)
}

fn disabled(value: &Value) -> bool {
    value.get("disabled").and_then(Value::as_bool) == Some(true)
        || value.get("enabled").and_then(Value::as_bool) == Some(false)
}

fn rows(value: Option<&Value>) -> Vec<KvRow> {
    list(value)
        .iter()
        .map(|v| KvRow {
            enabled: !disabled(v),
            name: str_of(v, "name").unwrap_or("").to_string(),
            value: text(v.get("value")),
        })
        .collect()
}

fn variables(value: Option<&Value>) -> Vec<ImportedVariable> {
    list(value)
        .iter()
        .filter_map(|v| {
            Some(ImportedVariable {
                name: str_of(v, "name")?.to_string(),
                value: text(v.get("value")),
                secret: v.get("secret").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect()
}

fn environments(dir: &Path) -> Result<Vec<ImportedEnvironment>, ImportError> {
    let Ok(read_dir) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = read_dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = format!("environments/{}", file_name(&path));
        let env = load(&path, &shown)?;
        out.push(ImportedEnvironment {
            name: str_of(&env, "name").unwrap_or(&stem).to_string(),
            variables: variables(env.get("variables")),
        });
    }
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[derive(Clone)]
struct Level {
    auth: SourceAuth,
    headers: Vec<KvRow>,
}

/// `auth: inherit`, or `{type: bearer, token}`, `{type: basic, username, password}`,
/// `{type: apikey, key, value, placement}`, `{type: none}`.
fn auth_of(value: Option<&Value>) -> SourceAuth {
    let Some(value) = value else {
        return SourceAuth::Inherit;
    };
    if let Some(mode) = value.as_str() {
        return match mode {
            "inherit" => SourceAuth::Inherit,
            "none" | "" => SourceAuth::None,
            other => SourceAuth::Other(other.to_string()),
        };
    }
    let field = |key: &str| text(value.get(key));
    match str_of(value, "type").unwrap_or("none") {
        "inherit" => SourceAuth::Inherit,
        "none" | "" => SourceAuth::None,
        "bearer" => SourceAuth::Bearer(field("token")),
        "basic" => SourceAuth::Basic {
            user: field("username"),
            pass: field("password"),
        },
        "apikey" => SourceAuth::ApiKey {
            key: field("key"),
            value: field("value"),
            in_query: matches!(field("placement").as_str(), "query" | "queryparams"),
        },
        other => SourceAuth::Other(other.to_string()),
    }
}

/// The settings a folder or the collection passes down; its scripts are reported.
fn level_of(
    request: Option<&Value>,
    parent: &Level,
    label: &str,
    is_collection: bool,
    notes: &mut Vec<String>,
) -> Level {
    let Some(request) = request else {
        return parent.clone();
    };
    let auth = auth_of(request.get("auth")).resolved(&parent.auth);
    if let SourceAuth::Other(kind) = &auth {
        notes.push(format!("{label}: {kind} auth is not supported"));
    }
    report_scripts(request.get("scripts"), label, notes);
    if !is_collection && !list(request.get("variables")).is_empty() {
        notes.push(format!("{label}: folder variables not carried over"));
    }
    Level {
        auth,
        headers: merge_headers(&parent.headers, rows(request.get("headers"))),
    }
}

fn report_scripts(scripts: Option<&Value>, label: &str, notes: &mut Vec<String>) {
    let mut kinds: Vec<String> = Vec::new();
    for script in list(scripts) {
        let kind = str_of(script, "type").unwrap_or("script").to_string();
        if !kinds.contains(&kind) {
            notes.push(format!("{label}: {kind} script not carried over"));
            kinds.push(kind);
        }
    }
}

enum Item {
    Folder(ImportedFolder),
    Request(Box<ImportedRequest>),
}

fn walk(
    dir: &Path,
    place: &str,
    level: &Level,
    depth: usize,
    notes: &mut Vec<String>,
) -> Result<ImportedFolder, ImportError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ImportError::new(format!("{}: cannot read: {e}", dir.display())))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let mut items: Vec<(Option<f64>, String, Item)> = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = join(place, &name);
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !reads_subfolder(&name, &rel, depth, notes) {
                continue;
            }
            let folder_file = entry.path().join("folder.yml");
            let meta = if folder_file.is_file() {
                load(&folder_file, &format!("{rel}/folder.yml"))?
            } else {
                Value::Null
            };
            let folder_name = get(&meta, &["info", "name"])
                .and_then(Value::as_str)
                .unwrap_or(&name)
                .to_string();
            let seq = get(&meta, &["info", "seq"]).and_then(as_f64);
            let label = format!("Folder '{rel}'");
            let sub_level = level_of(meta.get("request"), level, &label, false, notes);
            let mut folder = walk(&entry.path(), &rel, &sub_level, depth + 1, notes)?;
            folder.name = folder_name.clone();
            items.push((seq, folder_name, Item::Folder(folder)));
        } else if name.ends_with(".yml") || name.ends_with(".yaml") {
            let stem = name.trim_end_matches(".yml").trim_end_matches(".yaml");
            if stem == "folder" || (depth == 0 && stem == "opencollection") {
                continue;
            }
            let doc = load(&entry.path(), &rel)?;
            if let Some((seq, request)) = item(&doc, stem, place, level, notes) {
                items.push((seq, request.name.clone(), Item::Request(Box::new(request))));
            }
        }
    }
    items.sort_by(|a, b| {
        let key = |s: Option<f64>| s.unwrap_or(f64::MAX);
        key(a.0)
            .total_cmp(&key(b.0))
            .then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase()))
    });
    let mut folder = ImportedFolder::default();
    for (_, _, item) in items {
        match item {
            Item::Folder(f) => folder.folders.push(f),
            Item::Request(r) => folder.requests.push(*r),
        }
    }
    Ok(folder)
}

fn as_f64(value: &Value) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

fn join(place: &str, name: &str) -> String {
    if place.is_empty() {
        name.to_string()
    } else {
        format!("{place}/{name}")
    }
}

/// One item file: an http or graphql request; other kinds are reported.
fn item(
    doc: &Value,
    stem: &str,
    place: &str,
    level: &Level,
    notes: &mut Vec<String>,
) -> Option<(Option<f64>, ImportedRequest)> {
    let info = doc.get("info");
    let name = info
        .and_then(|i| str_of(i, "name"))
        .unwrap_or(stem)
        .to_string();
    let path = join(place, &name);
    let label = format!("Request '{path}'");
    let kind = info.and_then(|i| str_of(i, "type")).unwrap_or("http");
    let seq = info.and_then(|i| i.get("seq")).and_then(as_f64);
    let Some(spec) = doc
        .get(kind)
        .filter(|_| kind == "http" || kind == "graphql")
    else {
        notes.push(format!("{label}: {kind} items are not supported; skipped"));
        return None;
    };
    let method = str_of(spec, "method").unwrap_or("GET");
    let mut draft = blank_draft(parse_method(method).unwrap_or_default());
    if parse_method(method).is_none() {
        notes.push(format!(
            "{label}: method {method} is not supported; GET used"
        ));
    }
    let mut query = Vec::new();
    let mut path_values = Vec::new();
    for p in list(spec.get("params")) {
        let row = KvRow {
            enabled: !disabled(p),
            name: str_of(p, "name").unwrap_or("").to_string(),
            value: text(p.get("value")),
        };
        if str_of(p, "type") == Some("path") {
            path_values.push(row);
        } else {
            query.push(row);
        }
    }
    set_url(
        &mut draft,
        str_of(spec, "url").unwrap_or(""),
        query,
        &path_values,
    );
    draft.headers = merge_headers(&level.headers, rows(spec.get("headers")));
    let auth = auth_of(spec.get("auth")).resolved(&level.auth);
    apply_auth(&mut draft, &auth, &label, notes);
    if kind == "graphql" {
        let body = spec.get("body");
        draft.body_mode = BodyMode::GraphQl;
        draft.graphql.query = text(body.and_then(|b| b.get("query")));
        draft.graphql.variables = text(body.and_then(|b| b.get("variables")));
    } else if let Some(body) = spec.get("body") {
        read_body(&mut draft, body, &label, notes);
    }
    let runtime = doc.get("runtime");
    report_scripts(runtime.and_then(|r| r.get("scripts")), &label, notes);
    if !list(runtime.and_then(|r| r.get("variables"))).is_empty() {
        notes.push(format!("{label}: request variables not carried over"));
    }
    if !list(runtime.and_then(|r| r.get("assertions"))).is_empty() {
        notes.push(format!("{label}: assertions not carried over"));
    }
    report_settings(doc.get("settings"), &mut draft, &label, notes);
    report_dynamic(&draft, &path, notes);
    let description = match doc.get("docs") {
        Some(Value::Mapping(m)) => m.get("content").map(|c| text(Some(c))),
        other => other.map(|d| text(Some(d))),
    }
    .filter(|d| !d.trim().is_empty());
    Some((
        seq,
        ImportedRequest {
            name,
            description,
            draft,
        },
    ))
}

fn report_settings(
    settings: Option<&Value>,
    draft: &mut RequestDraft,
    label: &str,
    notes: &mut Vec<String>,
) {
    let Some(map) = settings.and_then(Value::as_mapping) else {
        return;
    };
    let odd: Vec<String> = map
        .iter()
        .filter(|(k, v)| {
            !crate::interchange::bruno::common::apply_setting(
                draft,
                k.as_str().unwrap_or(""),
                &text(Some(v)),
            )
        })
        .map(|(k, v)| format!("{}: {}", text(Some(k)), text(Some(v))))
        .collect();
    if !odd.is_empty() {
        notes.push(format!(
            "{label}: settings ({}) not carried over",
            odd.join(", ")
        ));
    }
}

fn read_body(draft: &mut RequestDraft, body: &Value, label: &str, notes: &mut Vec<String>) {
    let kind = str_of(body, "type").unwrap_or("none");
    let data = body.get("data");
    match kind {
        "none" | "" => {}
        "json" => {
            draft.body_mode = BodyMode::Json;
            draft.body_text = text(data);
        }
        "text" => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = text(data);
        }
        "xml" | "sparql" => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = text(data);
            let ct = if kind == "xml" {
                "application/xml"
            } else {
                "application/sparql-query"
            };
            set_content_type(draft, ct);
        }
        "form-urlencoded" => set_urlencoded(draft, &rows(data)),
        "multipart-form" => {
            draft.body_mode = BodyMode::Multipart;
            for field in list(data) {
                let name = str_of(field, "name").unwrap_or("").to_string();
                let enabled = !disabled(field);
                let content_type = str_of(field, "contentType").unwrap_or("").to_string();
                let value = field.get("value");
                let files: Option<Vec<String>> = match value {
                    Some(Value::Sequence(paths)) => {
                        Some(paths.iter().map(|p| text(Some(p))).collect())
                    }
                    other => {
                        let t = text(other);
                        file_reference(&t).or_else(|| {
                            (str_of(field, "type") == Some("file")).then(|| vec![t.clone()])
                        })
                    }
                };
                match files {
                    Some(paths) => {
                        for path in paths {
                            draft.form.push(FormRow {
                                enabled,
                                content_type: content_type.clone(),
                                ..FormRow::file(name.clone(), path)
                            });
                        }
                    }
                    None => draft.form.push(FormRow {
                        enabled,
                        content_type,
                        ..FormRow::text(name, text(value))
                    }),
                }
            }
        }
        "file" => {
            let chosen = list(data)
                .iter()
                .find(|f| f.get("selected").and_then(Value::as_bool) != Some(false));
            match chosen {
                Some(file) => {
                    draft.body_mode = BodyMode::File;
                    draft.body_file = text(file.get("filePath"));
                }
                None => notes.push(format!("{label}: empty file body")),
            }
        }
        other => notes.push(format!("{label}: body type {other} is not supported")),
    }
}
