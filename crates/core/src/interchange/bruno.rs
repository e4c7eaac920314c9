//! Bruno collections: a folder with `bruno.json`, `collection.bru`, `folder.bru` per
//! folder, one `.bru` file per request and `environments/*.bru`. Read from disk here (the
//! importer runs off the UI thread).

mod bru_parse;
pub(crate) mod common;
mod request;

use std::path::Path;

use crate::interchange::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedVariable,
};

use bru_parse::{Block, parse_blocks};
use common::{SourceAuth, merge_headers, reads_subfolder};
use request::{Inherited, read_request, request_auth, to_rows};

/// Reads the Bruno collection in `folder`.
pub fn import_bruno(folder: &Path) -> Result<Imported, ImportError> {
    let manifest = folder.join("bruno.json");
    let text = read(&manifest, "bruno.json")?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        ImportError::at(
            format!("bruno.json: {}", e),
            format!("line {}, column {}", e.line(), e.column()),
        )
    })?;
    let fallback = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Bruno collection".into());
    let name = json
        .get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .unwrap_or(fallback);
    let mut imported = Imported::new(name, Format::Bruno);
    let mut notes = Vec::new();

    let mut root_level = Inherited {
        auth: SourceAuth::None,
        headers: Vec::new(),
    };
    let collection_file = folder.join("collection.bru");
    if collection_file.is_file() {
        let blocks = parse_blocks(&read(&collection_file, "collection.bru")?, "collection.bru")?;
        root_level = level(
            &blocks,
            "collection.bru",
            &root_level,
            "Collection",
            &mut notes,
        )?;
        if let Some(vars) = blocks.iter().find(|b| b.name == "vars:pre-request") {
            imported.variables = to_rows(vars.entries("collection.bru")?)
                .into_iter()
                .map(|r| ImportedVariable {
                    name: r.name,
                    value: r.value,
                    secret: false,
                })
                .collect();
        }
    }

    imported.environments = environments(&folder.join("environments"))?;
    imported.root = walk(folder, "", &root_level, 0, &mut notes)?;
    imported.not_carried = notes;
    Ok(imported)
}

fn read(path: &Path, shown: &str) -> Result<String, ImportError> {
    std::fs::read_to_string(path)
        .map_err(|e| ImportError::new(format!("{shown}: cannot read: {e}")))
}

/// The settings a folder or the collection passes down: auth and headers; its scripts
/// and variables are reported.
fn level(
    blocks: &[Block],
    file: &str,
    parent: &Inherited,
    label: &str,
    notes: &mut Vec<String>,
) -> Result<Inherited, ImportError> {
    let mode = match blocks.iter().find(|b| b.name == "auth") {
        Some(b) => b
            .entries(file)?
            .into_iter()
            .find(|e| e.key == "mode")
            .map(|e| e.value)
            .unwrap_or_else(|| "none".into()),
        // A folder without an auth block takes its parent's.
        None if label != "Collection" => "inherit".into(),
        None => "none".into(),
    };
    let auth = request_auth(&mode, blocks, file)?.resolved(&parent.auth);
    if let SourceAuth::Other(kind) = &auth {
        notes.push(format!("{label}: {kind} auth is not supported"));
    }
    let own = blocks
        .iter()
        .find(|b| b.name == "headers")
        .map_or(Ok(Vec::new()), |b| b.entries(file))?;
    for block in blocks {
        let what = match block.name.as_str() {
            "script:pre-request" => "pre-request script",
            "script:post-response" => "post-response script",
            "tests" => "tests",
            "vars:pre-request" if label != "Collection" => "folder variables",
            "vars:post-response" => "post-response variables",
            _ => continue,
        };
        notes.push(format!("{label}: {what} not carried over"));
    }
    Ok(Inherited {
        auth,
        headers: merge_headers(&parent.headers, to_rows(own)),
    })
}

enum Item {
    Folder(ImportedFolder),
    Request(Box<crate::interchange::ImportedRequest>),
}

fn walk(
    dir: &Path,
    place: &str,
    parent: &Inherited,
    depth: usize,
    notes: &mut Vec<String>,
) -> Result<ImportedFolder, ImportError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ImportError::new(format!("{}: cannot read: {e}", shown(place))))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let mut items: Vec<(Option<f64>, String, Item)> = Vec::new();
    for entry in entries {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let rel = if place.is_empty() {
            file_name.clone()
        } else {
            format!("{place}/{file_name}")
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !reads_subfolder(&file_name, &rel, depth, notes) {
                continue;
            }
            let folder_file = entry.path().join("folder.bru");
            let (blocks, file_label) = if folder_file.is_file() {
                let shown_name = format!("{rel}/folder.bru");
                let text = read(&folder_file, &shown_name)?;
                (parse_blocks(&text, &shown_name)?, shown_name)
            } else {
                (Vec::new(), String::new())
            };
            let meta = blocks
                .iter()
                .find(|b| b.name == "meta")
                .map_or(Ok(Vec::new()), |b| b.entries(&file_label))?;
            let name = meta
                .iter()
                .find(|e| e.key == "name")
                .map(|e| e.value.clone())
                .unwrap_or_else(|| file_name.clone());
            let seq = meta
                .iter()
                .find(|e| e.key == "seq")
                .and_then(|e| e.value.trim().parse::<f64>().ok());
            let label = format!("Folder '{rel}'");
            let inherited = level(&blocks, &file_label, parent, &label, notes)?;
            let mut folder = walk(&entry.path(), &rel, &inherited, depth + 1, notes)?;
            folder.name = name.clone();
            items.push((seq, name, Item::Folder(folder)));
        } else if let Some(stem) = file_name.strip_suffix(".bru") {
            if place.is_empty() && file_name == "collection.bru" || file_name == "folder.bru" {
                continue;
            }
            let text = read(&entry.path(), &rel)?;
            let blocks = parse_blocks(&text, &rel)?;
            if let Some(parsed) = read_request(&blocks, &rel, stem, place, parent, notes)? {
                let name = parsed.request.name.clone();
                items.push((parsed.seq, name, Item::Request(Box::new(parsed.request))));
            }
        }
    }
    // Bruno's order: `seq`, then name; items without `seq` last.
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

fn shown(place: &str) -> &str {
    if place.is_empty() {
        "collection folder"
    } else {
        place
    }
}

/// `environments/*.bru`: `vars { }` and `vars:secret [ ]` (secret values are not stored
/// by Bruno, so they come empty).
fn environments(dir: &Path) -> Result<Vec<ImportedEnvironment>, ImportError> {
    let Ok(read_dir) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = read_dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "bru"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown_name = format!("environments/{name}.bru");
        let blocks = parse_blocks(&read(&path, &shown_name)?, &shown_name)?;
        let mut variables = Vec::new();
        for block in &blocks {
            match block.name.as_str() {
                "vars" => {
                    for entry in block.entries(&shown_name)? {
                        variables.push(ImportedVariable {
                            name: entry.key,
                            value: entry.value,
                            secret: false,
                        });
                    }
                }
                "vars:secret" => {
                    for item in block.items() {
                        let name = item.trim_start_matches('~').to_string();
                        variables.push(ImportedVariable {
                            name,
                            value: String::new(),
                            secret: true,
                        });
                    }
                }
                _ => {}
            }
        }
        out.push(ImportedEnvironment { name, variables });
    }
    Ok(out)
}
