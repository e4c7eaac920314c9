//! One Bruno request file (`.bru` blocks) turned into an [`ImportedRequest`].

use crate::interchange::ImportError;
use crate::interchange::ImportedRequest;
use crate::request::{BodyMode, FormRow, KvRow, RequestDraft};

use super::bru_parse::{Block, Entry};
use super::common::{
    SourceAuth, apply_auth, blank_draft, file_reference, merge_headers, parse_method,
    report_dynamic, set_content_type, set_url, set_urlencoded,
};

/// What a request inherits from its folders and the collection.
#[derive(Clone, Debug)]
pub(crate) struct Inherited {
    /// Effective auth of the parent (never `Inherit`).
    pub auth: SourceAuth,
    /// Headers of the parent levels.
    pub headers: Vec<KvRow>,
}

/// A parsed request with its ordering key.
pub(crate) struct ParsedRequest {
    pub request: ImportedRequest,
    pub seq: Option<f64>,
}

/// Blocks of a request file; `file` names it in errors, `place` (folder path and name)
/// in notes.
pub(crate) fn read_request(
    blocks: &[Block],
    file: &str,
    fallback_name: &str,
    place: &str,
    parent: &Inherited,
    notes: &mut Vec<String>,
) -> Result<Option<ParsedRequest>, ImportError> {
    let find = |name: &str| blocks.iter().find(|b| b.name == name);
    let entries = |name: &str| -> Result<Vec<Entry>, ImportError> {
        find(name).map_or(Ok(Vec::new()), |b| b.entries(file))
    };
    let meta = entries("meta")?;
    let get =
        |list: &[Entry], key: &str| list.iter().find(|e| e.key == key).map(|e| e.value.clone());
    let name = get(&meta, "name").unwrap_or_else(|| fallback_name.to_string());
    let label = format!("Request '{}'", join(place, &name));
    let seq = get(&meta, "seq").and_then(|s| s.trim().parse::<f64>().ok());
    let kind = get(&meta, "type").unwrap_or_else(|| "http".into());
    if kind != "http" && kind != "graphql" {
        notes.push(format!(
            "{label}: {kind} requests are not supported; skipped"
        ));
        return Ok(None);
    }
    let Some(method_block) = blocks.iter().find(|b| parse_method(&b.name).is_some()) else {
        return Err(ImportError::at(
            format!("{file}: no method block such as `get {{ url: ... }}`"),
            "line 1, column 1",
        ));
    };
    let method = parse_method(&method_block.name).unwrap_or_default();
    let main = method_block.entries(file)?;
    let mut draft = blank_draft(method);

    let query = entries("params:query")?;
    let path = to_rows(entries("params:path")?);
    set_url(
        &mut draft,
        &get(&main, "url").unwrap_or_default(),
        to_rows(query),
        &path,
    );
    draft.headers = merge_headers(&parent.headers, to_rows(entries("headers")?));

    let auth = request_auth(
        &get(&main, "auth").unwrap_or_else(|| "none".into()),
        blocks,
        file,
    )?;
    apply_auth(&mut draft, &auth.resolved(&parent.auth), &label, notes);

    let body = get(&main, "body").unwrap_or_else(|| "none".into());
    let text_of = |name: &str| find(name).map(Block::text).unwrap_or_default();
    match body.as_str() {
        "none" | "" => {}
        "json" => {
            draft.body_mode = BodyMode::Json;
            draft.body_text = text_of("body:json");
        }
        "text" => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = text_of("body:text");
        }
        "xml" => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = text_of("body:xml");
            set_content_type(&mut draft, "application/xml");
        }
        "sparql" => {
            draft.body_mode = BodyMode::Text;
            draft.body_text = text_of("body:sparql");
            set_content_type(&mut draft, "application/sparql-query");
        }
        "formUrlEncoded" | "form-urlencoded" => {
            set_urlencoded(&mut draft, &to_rows(entries("body:form-urlencoded")?));
        }
        "multipartForm" | "multipart-form" => {
            draft.body_mode = BodyMode::Multipart;
            draft.form = form_rows(entries("body:multipart-form")?);
        }
        "graphql" => {
            draft.body_mode = BodyMode::GraphQl;
            draft.graphql.query = text_of("body:graphql");
            draft.graphql.variables = text_of("body:graphql:vars");
        }
        "file" => {
            let files = entries("body:file")?;
            match files.iter().find(|e| e.enabled).or(files.first()) {
                Some(entry) => {
                    draft.body_mode = BodyMode::File;
                    let (value, _) = strip_content_type(&entry.value);
                    draft.body_file = file_reference(value)
                        .and_then(|f| f.into_iter().next())
                        .unwrap_or_else(|| value.to_string());
                }
                None => notes.push(format!("{label}: empty file body")),
            }
        }
        other => notes.push(format!("{label}: body type {other} is not supported")),
    }

    report_blocks(blocks, &mut draft, &label, notes);
    report_dynamic(&draft, &join(place, &name), notes);
    let description = find("docs").map(Block::text).filter(|d| !d.is_empty());
    Ok(Some(ParsedRequest {
        request: ImportedRequest {
            name,
            description,
            draft,
        },
        seq,
    }))
}

fn join(place: &str, name: &str) -> String {
    if place.is_empty() {
        name.to_string()
    } else {
        format!("{place}/{name}")
    }
}

/// Entries as table rows.
pub(crate) fn to_rows(entries: Vec<Entry>) -> Vec<KvRow> {
    entries
        .into_iter()
        .map(|e| KvRow {
            enabled: e.enabled,
            name: e.key,
            value: e.value,
        })
        .collect()
}

/// The auth of a level whose mode is `mode`, read from its `auth:<mode>` block.
pub(crate) fn request_auth(
    mode: &str,
    blocks: &[Block],
    file: &str,
) -> Result<SourceAuth, ImportError> {
    let entries = |name: &str| -> Result<Vec<Entry>, ImportError> {
        blocks
            .iter()
            .find(|b| b.name == name)
            .map_or(Ok(Vec::new()), |b| b.entries(file))
    };
    let value = |list: &[Entry], key: &str| {
        list.iter()
            .find(|e| e.key == key)
            .map(|e| e.value.clone())
            .unwrap_or_default()
    };
    Ok(match mode.trim() {
        "inherit" => SourceAuth::Inherit,
        "none" | "" => SourceAuth::None,
        "bearer" => SourceAuth::Bearer(value(&entries("auth:bearer")?, "token")),
        "basic" => {
            let e = entries("auth:basic")?;
            SourceAuth::Basic {
                user: value(&e, "username"),
                pass: value(&e, "password"),
            }
        }
        "apikey" => {
            let e = entries("auth:apikey")?;
            SourceAuth::ApiKey {
                key: value(&e, "key"),
                value: value(&e, "value"),
                in_query: value(&e, "placement") == "queryparams",
            }
        }
        other => SourceAuth::Other(other.to_string()),
    })
}

fn strip_content_type(value: &str) -> (&str, Option<&str>) {
    match value.find("@contentType(") {
        Some(i) => {
            let ct = value[i + 13..].split(')').next().unwrap_or("");
            (value[..i].trim(), Some(ct.trim()))
        }
        None => (value.trim(), None),
    }
}

fn form_rows(entries: Vec<Entry>) -> Vec<FormRow> {
    let mut rows = Vec::new();
    for entry in entries {
        let (value, content_type) = strip_content_type(&entry.value);
        let content_type = content_type.unwrap_or("").to_string();
        match file_reference(value) {
            Some(files) => {
                for file in files {
                    rows.push(FormRow {
                        enabled: entry.enabled,
                        content_type: content_type.clone(),
                        ..FormRow::file(entry.key.clone(), file)
                    });
                }
            }
            None => rows.push(FormRow {
                enabled: entry.enabled,
                content_type,
                ..FormRow::text(entry.key.clone(), value)
            }),
        }
    }
    rows
}

/// Blocks with no equivalent here, reported once each.
fn report_blocks(blocks: &[Block], draft: &mut RequestDraft, label: &str, notes: &mut Vec<String>) {
    for block in blocks {
        let name = block.name.as_str();
        let what = match name {
            "script:pre-request" => "pre-request script".to_string(),
            "script:post-response" => "post-response script".to_string(),
            "tests" => "tests".to_string(),
            "assert" => "assertions".to_string(),
            "vars:pre-request" | "vars:post-response" => {
                let names: Vec<String> = block.items_as_keys();
                format!("{name} ({})", names.join(", "))
            }
            "settings" => {
                let odd: Vec<String> = block
                    .lines
                    .iter()
                    .map(|(_, l)| l.trim().to_string())
                    .filter(|l| {
                        let (key, value) = l.split_once(':').unwrap_or((l.as_str(), ""));
                        !l.is_empty() && !super::common::apply_setting(draft, key, value)
                    })
                    .collect();
                if odd.is_empty() {
                    continue;
                }
                format!("settings ({})", odd.join(", "))
            }
            "meta" | "docs" | "headers" | "params:query" | "params:path" => continue,
            n if parse_method(n).is_some() || n.starts_with("auth") || n.starts_with("body") => {
                continue;
            }
            other => format!("block `{other}`"),
        };
        notes.push(format!("{label}: {what} not carried over"));
    }
}

impl Block {
    /// The keys of a dict block, for reports (no error on odd lines).
    fn items_as_keys(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter_map(|(_, l)| l.split_once(':').map(|(k, _)| k.trim().to_string()))
            .filter(|k| !k.is_empty())
            .collect()
    }
}
