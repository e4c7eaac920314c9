//! Writes Bruno's OpenCollection YAML: `opencollection.yml`, a folder with `folder.yml`
//! per folder and one `.yml` file per request, in the schema the importer reads. Secrets
//! are never written: literal tokens and keys become `{{token}}` / `{{api_key}}`, and an
//! environment's secret variable is written as `secret: true` without a value.

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::variables::ExportEnvironment;
use super::{ExportFolder, ExportRequest};
use crate::ayon::AuthMode;
use crate::request::{BodyMode, FormKind, KvRow, RequestDraft, path_param_names};

/// The files of the collection `name` (paths relative to the collection folder, with
/// their contents), without environments.
pub fn export_opencollection(name: &str, root: &ExportFolder) -> Vec<(PathBuf, String)> {
    export_opencollection_with(name, root, &[])
}

/// The files of the collection `name`, with `environments/NAME.yml` for each of
/// `environments`.
pub fn export_opencollection_with(
    name: &str,
    root: &ExportFolder,
    environments: &[ExportEnvironment],
) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut top = Mapping::new();
    top.insert("opencollection".into(), "1.0.0".into());
    top.insert("info".into(), map(&[("name", name.into())]));
    if let Some(docs) = root.description.as_deref().filter(|d| !d.is_empty()) {
        top.insert("docs".into(), docs.into());
    }
    files.push((PathBuf::from("opencollection.yml"), yaml(top)));
    write_folder(root, Path::new(""), &mut files);
    let mut taken = Vec::new();
    for environment in environments {
        let stem = file_stem(&environment.name, &mut taken);
        files.push((
            Path::new("environments").join(format!("{stem}.yml")),
            environment_yaml(environment),
        ));
    }
    files
}

/// An environment file: its name and variables, secrets without a value.
fn environment_yaml(environment: &ExportEnvironment) -> String {
    let variables = environment
        .variables
        .iter()
        .map(|v| {
            let mut m = Mapping::new();
            m.insert("name".into(), v.name.as_str().into());
            if v.secret {
                m.insert("value".into(), "".into());
                m.insert("secret".into(), true.into());
            } else {
                m.insert("value".into(), v.value.as_str().into());
            }
            Value::Mapping(m)
        })
        .collect();
    let mut doc = Mapping::new();
    doc.insert("name".into(), environment.name.as_str().into());
    doc.insert("variables".into(), Value::Sequence(variables));
    yaml(doc)
}

fn yaml(value: Mapping) -> String {
    serde_yaml_ng::to_string(&Value::Mapping(value)).unwrap_or_default()
}

fn map(pairs: &[(&str, Value)]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert((*k).into(), v.clone());
    }
    Value::Mapping(m)
}

/// A name usable as a file name on every system; `taken` keeps names unique.
fn file_stem(name: &str, taken: &mut Vec<String>) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    let base = if cleaned.is_empty() {
        "request".to_string()
    } else {
        cleaned
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate))
        || matches!(
            candidate.as_str(),
            "folder" | "opencollection" | "environments"
        )
    {
        candidate = format!("{base} ({n})");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

fn write_folder(folder: &ExportFolder, dir: &Path, files: &mut Vec<(PathBuf, String)>) {
    let mut taken = Vec::new();
    for (index, sub) in folder.folders.iter().enumerate() {
        let sub_dir = dir.join(file_stem(&sub.name, &mut taken));
        let mut doc = Mapping::new();
        doc.insert(
            "info".into(),
            map(&[
                ("name", sub.name.as_str().into()),
                ("type", "folder".into()),
                ("seq", (index as u64 + 1).into()),
            ]),
        );
        if let Some(docs) = sub.description.as_deref().filter(|d| !d.is_empty()) {
            doc.insert("docs".into(), docs.into());
        }
        files.push((sub_dir.join("folder.yml"), yaml(doc)));
        write_folder(sub, &sub_dir, files);
    }
    for (index, request) in folder.requests.iter().enumerate() {
        let stem = file_stem(&request.name, &mut taken);
        files.push((
            dir.join(format!("{stem}.yml")),
            request_yaml(request, index + 1),
        ));
    }
}

/// `{name}` placeholders back to Bruno's `:name`.
fn braces_to_colon(url: &str, names: &[String]) -> String {
    let mut out = url.to_string();
    for name in names {
        out = out.replace(&format!("{{{name}}}"), &format!(":{name}"));
    }
    out
}

fn rows_value(rows: &[KvRow], kind: Option<&str>) -> Vec<Value> {
    rows.iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let mut m = Mapping::new();
            m.insert("name".into(), r.name.as_str().into());
            m.insert("value".into(), r.value.as_str().into());
            if let Some(kind) = kind {
                m.insert("type".into(), kind.into());
            }
            if !r.enabled {
                m.insert("disabled".into(), true.into());
            }
            Value::Mapping(m)
        })
        .collect()
}

fn secret_ref(value: &str, variable: &str) -> String {
    if value.trim().is_empty() || value.contains("{{") {
        value.trim().to_string()
    } else {
        format!("{{{{{variable}}}}}")
    }
}

fn auth_value(draft: &RequestDraft) -> Value {
    match draft.auth.mode {
        AuthMode::None => map(&[("type", "none".into())]),
        // The session has no equivalent: the collection's auth applies.
        AuthMode::Session => "inherit".into(),
        AuthMode::Bearer => map(&[
            ("type", "bearer".into()),
            (
                "token",
                secret_ref(&draft.auth.bearer_token, "token").into(),
            ),
        ]),
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => map(&[
            ("type", "apikey".into()),
            ("key", "X-Api-Key".into()),
            ("value", secret_ref(&draft.auth.api_key, "api_key").into()),
            ("placement", "header".into()),
        ]),
    }
}

fn request_yaml(request: &ExportRequest, seq: usize) -> String {
    let draft = &request.draft;
    let is_graphql = draft.body_mode == BodyMode::GraphQl;
    let kind = if is_graphql { "graphql" } else { "http" };
    let mut doc = Mapping::new();
    doc.insert(
        "info".into(),
        map(&[
            ("name", request.name.as_str().into()),
            ("type", kind.into()),
            ("seq", (seq as u64).into()),
        ]),
    );
    let names = path_param_names(&draft.url);
    let mut spec = Mapping::new();
    spec.insert("method".into(), draft.method.as_str().into());
    spec.insert("url".into(), braces_to_colon(&draft.url, &names).into());
    let mut headers = draft.headers.clone();
    if draft.auth.mode == AuthMode::ApiKeyAsUser && !draft.auth.as_user.is_empty() {
        headers.push(KvRow::new("X-as-user", draft.auth.as_user.clone()));
    }
    let headers = rows_value(&headers, None);
    if !headers.is_empty() {
        spec.insert("headers".into(), Value::Sequence(headers));
    }
    let mut params = rows_value(&draft.params, Some("query"));
    params.extend(rows_value(&draft.path_params, Some("path")));
    if !params.is_empty() {
        spec.insert("params".into(), Value::Sequence(params));
    }
    if let Some(body) = body_value(draft) {
        spec.insert("body".into(), body);
    }
    spec.insert("auth".into(), auth_value(draft));
    doc.insert(kind.into(), Value::Mapping(spec));
    if let Some(description) = request.description.as_deref().filter(|d| !d.is_empty()) {
        doc.insert("docs".into(), description.into());
    }
    yaml(doc)
}

fn body_value(draft: &RequestDraft) -> Option<Value> {
    Some(match draft.body_mode {
        BodyMode::None => return None,
        BodyMode::Json => map(&[
            ("type", "json".into()),
            ("data", draft.body_text.as_str().into()),
        ]),
        BodyMode::Text => map(&[
            ("type", "text".into()),
            ("data", draft.body_text.as_str().into()),
        ]),
        BodyMode::GraphQl => {
            let mut m = Mapping::new();
            m.insert("query".into(), draft.graphql.query.as_str().into());
            if !draft.graphql.variables.trim().is_empty() {
                m.insert("variables".into(), draft.graphql.variables.as_str().into());
            }
            Value::Mapping(m)
        }
        BodyMode::File => map(&[
            ("type", "file".into()),
            (
                "data",
                Value::Sequence(vec![map(&[
                    ("filePath", draft.body_file.as_str().into()),
                    ("selected", true.into()),
                ])]),
            ),
        ]),
        BodyMode::Multipart => {
            let fields = draft
                .form
                .iter()
                .filter(|f| !f.is_blank())
                .map(|f| {
                    let mut m = Mapping::new();
                    m.insert("name".into(), f.name.as_str().into());
                    let (kind, value): (&str, Value) = match f.kind {
                        FormKind::Text => ("text", f.value.as_str().into()),
                        FormKind::File => ("file", Value::Sequence(vec![f.value.as_str().into()])),
                    };
                    m.insert("type".into(), kind.into());
                    m.insert("value".into(), value);
                    if !f.content_type.is_empty() {
                        m.insert("contentType".into(), f.content_type.as_str().into());
                    }
                    if !f.enabled {
                        m.insert("disabled".into(), true.into());
                    }
                    Value::Mapping(m)
                })
                .collect();
            map(&[
                ("type", "multipart-form".into()),
                ("data", Value::Sequence(fields)),
            ])
        }
    })
}
