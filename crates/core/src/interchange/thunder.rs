//! Thunder Client: a collection export (`"client": "Thunder Client"`), an environment
//! export, the git-sync folder (`thunder-tests/collections/tc_col_*.json` and
//! `environments/tc_env_*.json`) and the old git-sync files (`thunderclient.json`,
//! `thunderCollection.json`, `thunderEnvironment.json`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::interchange::bruno::common::{
    MAX_DEPTH, SourceAuth, apply_auth, blank_draft, merge_headers, parse_method, report_dynamic,
    set_content_type, set_url, set_urlencoded,
};
use crate::interchange::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest,
    ImportedVariable,
};
use crate::request::{BodyMode, FormRow, KvRow};

/// Reads a Thunder Client export file or git-sync folder at `path`.
pub fn import_thunder(path: &Path) -> Result<Imported, ImportError> {
    if path.is_dir() {
        let base = if path.join("thunder-tests").is_dir() {
            path.join("thunder-tests")
        } else {
            path.to_path_buf()
        };
        if base.join("collections").is_dir() {
            return git_sync(&base);
        }
        if base.join("thunderclient.json").is_file() {
            return old_git_sync(&base);
        }
        return Err(ImportError::new(format!(
            "{}: no Thunder Client files (collections/tc_col_*.json or thunderclient.json)",
            path.display()
        )));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_name == "thunderclient.json"
        && let Some(dir) = path.parent()
    {
        return old_git_sync(dir);
    }
    let in_collections = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "collections");
    if in_collections && file_name.starts_with("tc_col_") {
        let text = read(path)?;
        let json = parse(&text, &file_name)?;
        let mut imported = Imported::new(
            str_at(&json, "colName").unwrap_or("Thunder collection"),
            Format::Thunder,
        );
        let mut notes = Vec::new();
        imported.root = collection_tree(&json, &field_array(&json, "requests"), &mut notes, 0)?;
        if let Some(envs) = path
            .parent()
            .and_then(Path::parent)
            .map(|p| p.join("environments"))
        {
            imported.environments = sync_environments(&envs)?;
        }
        imported.not_carried = notes;
        return Ok(imported);
    }
    import_thunder_text(&read(path)?)
}

/// Reads a pasted single-file Thunder export: a collection or an environment.
pub fn import_thunder_text(text: &str) -> Result<Imported, ImportError> {
    let json = parse(text, "Thunder export")?;
    if !json.is_object() {
        return Err(ImportError::at("expected a JSON object", "$"));
    }
    if let Some(name) = str_at(&json, "environmentName") {
        let mut imported = Imported::new(name, Format::Thunder);
        imported.environments.push(ImportedEnvironment {
            name: name.to_string(),
            variables: variables(json.get("variables")),
        });
        return Ok(imported);
    }
    let name = str_at(&json, "collectionName")
        .or_else(|| str_at(&json, "colName"))
        .ok_or_else(|| {
            ImportError::at(
                "not a Thunder Client export: no collectionName or environmentName",
                "$",
            )
        })?;
    if !json.get("requests").is_none_or(Value::is_array) {
        return Err(ImportError::at("requests must be a list", "$.requests"));
    }
    let mut imported = Imported::new(name, Format::Thunder);
    let mut notes = Vec::new();
    imported.root = collection_tree(&json, &field_array(&json, "requests"), &mut notes, 0)?;
    imported.not_carried = notes;
    Ok(imported)
}

fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path)
        .map_err(|e| ImportError::new(format!("{}: cannot read: {e}", path.display())))
}

fn parse(text: &str, shown: &str) -> Result<Value, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        ImportError::at(
            format!("{shown}: invalid JSON: {}", strip_position(&e.to_string())),
            format!("line {}, column {}", e.line(), e.column()),
        )
    })
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

fn str_at<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn field_array(value: &Value, key: &str) -> Vec<Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// New git-sync: one file per collection and per environment.
fn git_sync(base: &Path) -> Result<Imported, ImportError> {
    let mut files = json_files(&base.join("collections"), "tc_col_")?;
    files.sort();
    let mut collections = Vec::new();
    for file in &files {
        let shown = display_name(file);
        collections.push(parse(&read(file)?, &shown)?);
    }
    let mut notes = Vec::new();
    let mut imported = match collections.as_slice() {
        [only] => {
            let mut imported = Imported::new(
                str_at(only, "colName").unwrap_or("Thunder collection"),
                Format::Thunder,
            );
            imported.root = collection_tree(only, &field_array(only, "requests"), &mut notes, 0)?;
            imported
        }
        many => {
            let mut imported = Imported::new("Thunder Client", Format::Thunder);
            for col in many {
                let mut folder =
                    collection_tree(col, &field_array(col, "requests"), &mut notes, 1)?;
                folder.name = str_at(col, "colName").unwrap_or("Collection").to_string();
                imported.root.folders.push(folder);
            }
            imported
        }
    };
    imported.environments = sync_environments(&base.join("environments"))?;
    imported.not_carried = notes;
    Ok(imported)
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn json_files(dir: &Path, prefix: &str) -> Result<Vec<std::path::PathBuf>, ImportError> {
    let Ok(read_dir) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    Ok(read_dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = display_name(p);
            name.starts_with(prefix) && name.ends_with(".json")
        })
        .collect())
}

fn sync_environments(dir: &Path) -> Result<Vec<ImportedEnvironment>, ImportError> {
    let mut files = json_files(dir, "tc_env_")?;
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let json = parse(&read(&file)?, &display_name(&file))?;
        out.push(environment(&json));
    }
    Ok(out)
}

fn environment(json: &Value) -> ImportedEnvironment {
    ImportedEnvironment {
        name: str_at(json, "name").unwrap_or("Environment").to_string(),
        variables: variables(json.get("data")),
    }
}

fn variables(list: Option<&Value>) -> Vec<ImportedVariable> {
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| {
                    let name = str_at(v, "name")?;
                    let secret = ["secret", "isSecret"]
                        .iter()
                        .any(|k| v.get(*k).and_then(Value::as_bool) == Some(true));
                    Some(ImportedVariable {
                        name: name.to_string(),
                        value: text_of(v.get("value")),
                        secret,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A JSON value as text: strings as they are, other values as JSON.
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Old git-sync: all requests in one array, collections (with their folders) in another.
fn old_git_sync(dir: &Path) -> Result<Imported, ImportError> {
    let requests = parse(
        &read(&dir.join("thunderclient.json"))?,
        "thunderclient.json",
    )?;
    let Some(requests) = requests.as_array() else {
        return Err(ImportError::at(
            "thunderclient.json: expected a list of requests",
            "$",
        ));
    };
    let collection_file = dir.join("thunderCollection.json");
    let has_collection_file = collection_file.is_file();
    let collections = if has_collection_file {
        parse(&read(&collection_file)?, "thunderCollection.json")?
    } else {
        Value::Array(Vec::new())
    };
    let collections = collections.as_array().cloned().unwrap_or_default();
    let mut notes = Vec::new();
    let mut imported = Imported::new(
        match collections.as_slice() {
            [only] => str_at(only, "colName").unwrap_or("Thunder Client"),
            _ => "Thunder Client",
        },
        Format::Thunder,
    );
    // Requests by collection id, in the order the ids first appear (never hash order:
    // the same files give the same tree on every run).
    let mut by_col: Vec<(&str, Vec<Value>)> = Vec::new();
    for request in requests {
        let col = str_at(request, "colId").unwrap_or("");
        match by_col.iter_mut().find(|(id, _)| *id == col) {
            Some((_, list)) => list.push(request.clone()),
            None => by_col.push((col, vec![request.clone()])),
        }
    }
    let mut cols = collections.clone();
    cols.sort_by(|a, b| sort_num(a).total_cmp(&sort_num(b)));
    for col in &cols {
        let id = str_at(col, "_id").unwrap_or("");
        let reqs = by_col
            .iter()
            .position(|(col_id, _)| *col_id == id)
            .map(|at| by_col.remove(at).1)
            .unwrap_or_default();
        let mut folder = collection_tree(col, &reqs, &mut notes, 1)?;
        if cols.len() == 1 {
            imported.root = folder;
        } else {
            folder.name = str_at(col, "colName").unwrap_or("Collection").to_string();
            imported.root.folders.push(folder);
        }
    }
    // Requests of a collection that is not in thunderCollection.json: kept at the top.
    let empty = Value::Object(Default::default());
    let mut rest: Vec<Value> = by_col.into_iter().flat_map(|(_, list)| list).collect();
    rest.sort_by(|a, b| sort_num(a).total_cmp(&sort_num(b)));
    if !rest.is_empty() {
        let in_folders = rest
            .iter()
            .filter(|r| str_at(r, "containerId").is_some_and(|c| !c.is_empty()))
            .count();
        notes.push(if has_collection_file {
            format!(
                "{} requests belong to a collection that thunderCollection.json does not list; \
                 imported at the top",
                rest.len()
            )
        } else {
            format!(
                "thunderCollection.json is missing: the collections and folders of {} requests \
                 ({in_folders} of them in folders) are unknown; imported at the top",
                rest.len()
            )
        });
        let extra = collection_tree(&empty, &rest, &mut notes, 1)?;
        imported.root.requests.extend(extra.requests);
        imported.root.folders.extend(extra.folders);
    }
    let env_path = dir.join("thunderEnvironment.json");
    if env_path.is_file() {
        let envs = parse(&read(&env_path)?, "thunderEnvironment.json")?;
        imported.environments = envs
            .as_array()
            .map(|list| list.iter().map(environment).collect())
            .unwrap_or_default();
    }
    imported.not_carried = notes;
    Ok(imported)
}

fn sort_num(value: &Value) -> f64 {
    value
        .get("sortNum")
        .and_then(Value::as_f64)
        .unwrap_or(f64::MAX)
}

/// What a level passes down to its requests.
#[derive(Clone)]
struct Level {
    auth: SourceAuth,
    headers: Vec<KvRow>,
}

/// The tree of one collection: its folders (linked by `containerId`) and `requests`.
fn collection_tree(
    col: &Value,
    requests: &[Value],
    notes: &mut Vec<String>,
    depth: usize,
) -> Result<ImportedFolder, ImportError> {
    let root_level = settings_level(
        col.get("settings"),
        &Level {
            auth: SourceAuth::None,
            headers: Vec::new(),
        },
        "Collection",
        notes,
    );
    let folders = field_array(col, "folders");
    let ids: Vec<&str> = folders
        .iter()
        .map(|f| str_at(f, "_id").unwrap_or(""))
        .collect();
    // Children by parent id, so the tree is built in one pass.
    let mut child_folders: HashMap<&str, Vec<&Value>> = HashMap::new();
    for folder in &folders {
        let parent = str_at(folder, "containerId").unwrap_or("");
        let parent = if ids.contains(&parent) { parent } else { "" };
        child_folders.entry(parent).or_default().push(folder);
    }
    let mut child_requests: HashMap<&str, Vec<&Value>> = HashMap::new();
    for request in requests {
        let parent = str_at(request, "containerId").unwrap_or("");
        let parent = if ids.contains(&parent) { parent } else { "" };
        child_requests.entry(parent).or_default().push(request);
    }
    let mut builder = Builder {
        child_folders,
        child_requests,
        notes,
        placed: 0,
    };
    let tree = builder.build("", "", &root_level, depth)?;
    let lost = requests.len() - builder.placed.min(requests.len());
    if lost > 0 {
        builder.notes.push(format!(
            "{lost} requests in folders nested too deep or in a loop were not imported"
        ));
    }
    Ok(tree)
}

struct Builder<'a, 'n> {
    child_folders: HashMap<&'a str, Vec<&'a Value>>,
    child_requests: HashMap<&'a str, Vec<&'a Value>>,
    notes: &'n mut Vec<String>,
    placed: usize,
}

impl<'a> Builder<'a, '_> {
    fn build(
        &mut self,
        id: &str,
        place: &str,
        level: &Level,
        depth: usize,
    ) -> Result<ImportedFolder, ImportError> {
        let mut folder = ImportedFolder::default();
        let mut requests = self.child_requests.remove(id).unwrap_or_default();
        requests.sort_by(|a, b| sort_num(a).total_cmp(&sort_num(b)));
        self.placed += requests.len();
        for request in requests {
            folder.requests.push(self.request(request, place, level));
        }
        let mut folders = self.child_folders.remove(id).unwrap_or_default();
        folders.sort_by(|a, b| sort_num(a).total_cmp(&sort_num(b)));
        for sub in folders {
            let name = str_at(sub, "name").unwrap_or("Folder").to_string();
            let path = join(place, &name);
            if depth + 1 >= MAX_DEPTH {
                self.notes.push(format!(
                    "Folder '{path}': nested deeper than {MAX_DEPTH} levels; not imported"
                ));
                continue;
            }
            let label = format!("Folder '{path}'");
            let sub_level = settings_level(sub.get("settings"), level, &label, self.notes);
            let sub_id = str_at(sub, "_id").unwrap_or("");
            if sub_id.is_empty() {
                continue;
            }
            let mut built = self.build(sub_id, &path, &sub_level, depth + 1)?;
            built.name = name;
            folder.folders.push(built);
        }
        Ok(folder)
    }

    fn request(&mut self, r: &Value, place: &str, level: &Level) -> ImportedRequest {
        let name = str_at(r, "name").unwrap_or("Request").to_string();
        let path = join(place, &name);
        let label = format!("Request '{path}'");
        let method = str_at(r, "method").unwrap_or("GET");
        let mut draft = blank_draft(parse_method(method).unwrap_or_default());
        if parse_method(method).is_none() {
            self.notes.push(format!(
                "{label}: method {method} is not supported; GET used"
            ));
        }
        let mut query_rows = Vec::new();
        let mut path_rows = Vec::new();
        for (row, raw) in rows(r.get("params"))
            .into_iter()
            .zip(field_array(r, "params"))
        {
            if raw.get("isPath").and_then(Value::as_bool) == Some(true) {
                path_rows.push(row);
            } else {
                query_rows.push(row);
            }
        }
        set_url(
            &mut draft,
            str_at(r, "url").unwrap_or(""),
            query_rows,
            &path_rows,
        );
        draft.headers = merge_headers(&level.headers, rows(r.get("headers")));
        let auth = match r.get("auth") {
            Some(a) => auth_of(a),
            None => SourceAuth::Inherit,
        };
        apply_auth(&mut draft, &auth.resolved(&level.auth), &label, self.notes);
        if let Some(body) = r.get("body") {
            self.body(&mut draft, body, &label);
        }
        for (key, what) in [
            ("tests", "tests"),
            ("preReq", "pre-request actions"),
            ("postReq", "post-request actions"),
        ] {
            let present = match r.get(key) {
                Some(Value::Array(list)) => !list.is_empty(),
                Some(Value::Object(map)) => map.values().any(|v| match v {
                    Value::Array(l) => !l.is_empty(),
                    Value::Null => false,
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                }),
                _ => false,
            };
            if present {
                self.notes.push(format!("{label}: {what} not carried over"));
            }
        }
        report_dynamic(&draft, &path, self.notes);
        let description = str_at(r, "docs")
            .or_else(|| str_at(r, "description"))
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string);
        ImportedRequest {
            name,
            description,
            draft,
        }
    }

    fn body(&mut self, draft: &mut crate::request::RequestDraft, body: &Value, label: &str) {
        let kind = str_at(body, "type").unwrap_or("none");
        let raw = str_at(body, "raw").unwrap_or("").to_string();
        match kind {
            "none" | "" => {}
            "json" => {
                draft.body_mode = BodyMode::Json;
                draft.body_text = raw;
            }
            "text" => {
                draft.body_mode = BodyMode::Text;
                draft.body_text = raw;
            }
            "xml" => {
                draft.body_mode = BodyMode::Text;
                draft.body_text = raw;
                set_content_type(draft, "application/xml");
            }
            "formencoded" => set_urlencoded(draft, &rows(body.get("form"))),
            "formdata" => {
                draft.body_mode = BodyMode::Multipart;
                for row in rows(body.get("form")) {
                    draft.form.push(FormRow {
                        enabled: row.enabled,
                        ..FormRow::text(row.name, row.value)
                    });
                }
                for row in rows(body.get("files")) {
                    draft.form.push(FormRow {
                        enabled: row.enabled,
                        ..FormRow::file(row.name, row.value)
                    });
                }
            }
            "graphql" => {
                draft.body_mode = BodyMode::GraphQl;
                let gql = body.get("graphql");
                draft.graphql.query = gql.and_then(|g| str_at(g, "query")).unwrap_or("").into();
                draft.graphql.variables =
                    gql.map(|g| text_of(g.get("variables"))).unwrap_or_default();
            }
            "binary" => {
                draft.body_mode = BodyMode::File;
                draft.body_file = str_at(body, "binary").unwrap_or("").to_string();
            }
            other => self
                .notes
                .push(format!("{label}: body type {other} is not supported")),
        }
    }
}

fn join(place: &str, name: &str) -> String {
    if place.is_empty() {
        name.to_string()
    } else {
        format!("{place}/{name}")
    }
}

/// `[{name, value, isDisabled}]` as rows.
fn rows(list: Option<&Value>) -> Vec<KvRow> {
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|v| KvRow {
                    enabled: v.get("isDisabled").and_then(Value::as_bool) != Some(true),
                    name: str_at(v, "name").unwrap_or("").to_string(),
                    value: text_of(v.get("value")),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn auth_of(auth: &Value) -> SourceAuth {
    match str_at(auth, "type").unwrap_or("none") {
        "inherit" => SourceAuth::Inherit,
        "none" | "" => SourceAuth::None,
        "bearer" => SourceAuth::Bearer(str_at(auth, "bearer").unwrap_or("").to_string()),
        "basic" => {
            let basic = auth.get("basic");
            SourceAuth::Basic {
                user: basic
                    .and_then(|b| str_at(b, "username"))
                    .unwrap_or("")
                    .into(),
                pass: basic
                    .and_then(|b| str_at(b, "password"))
                    .unwrap_or("")
                    .into(),
            }
        }
        other => SourceAuth::Other(other.to_string()),
    }
}

/// A collection's or folder's `settings`: auth (inherited when absent) and headers.
fn settings_level(
    settings: Option<&Value>,
    parent: &Level,
    label: &str,
    notes: &mut Vec<String>,
) -> Level {
    let Some(settings) = settings else {
        return parent.clone();
    };
    let auth = settings
        .get("auth")
        .map_or(SourceAuth::Inherit, auth_of)
        .resolved(&parent.auth);
    if let SourceAuth::Other(kind) = &auth {
        notes.push(format!("{label}: {kind} auth is not supported"));
    }
    if settings
        .get("tests")
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty())
    {
        notes.push(format!("{label}: tests not carried over"));
    }
    Level {
        auth,
        headers: merge_headers(&parent.headers, rows(settings.get("headers"))),
    }
}
