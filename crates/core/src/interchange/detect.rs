//! Which format a file, a folder or pasted text is in, and the importer for it.

mod shape;

use std::path::Path;

use serde_json::Value;

use super::model::{Format, ImportError, Imported};

/// The formats understood, for messages about input that is none of them.
pub const UNDERSTOOD: &str = "Postman Collection v2.1 and v2.0 (bare or wrapped in \
    \"collection\", JSON or YAML) and Postman environments, Thunder Client exports and \
    git-sync folders (new and old layout), Bruno folders (.bru) and OpenCollection folders, \
    Insomnia v4 (JSON or YAML) and v5 (YAML) exports, curl commands (one or several), and \
    OpenAPI 3.x documents (JSON or YAML)";

/// Imports a file or a folder (blocking: reads the disk). Files outside the collection
/// are kept and named in [`Imported::outside_files`].
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    read_path(path).map(marked)
}

/// Imports pasted text or a file's content. Files outside the collection are kept and
/// named in [`Imported::outside_files`].
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    read_text(text).map(marked)
}

/// `imported` with its files outside the collection named.
fn marked(mut imported: Imported) -> Imported {
    super::outside_files::mark_outside_files(&mut imported);
    imported
}

fn read_path(path: &Path) -> Result<Imported, ImportError> {
    if path.is_dir() {
        return import_folder(path);
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Thunder's git-sync files find their folders and environments beside them.
    if file_name.starts_with("tc_col_") || file_name == "thunderclient.json" {
        return super::thunder::import_thunder(path);
    }
    // The root file of a folder format stands for its folder.
    if let Some(folder) = path.parent().filter(|_| {
        matches!(
            file_name.as_str(),
            "bruno.json" | "opencollection.yml" | "thunderCollection.json"
        )
    }) {
        return import_folder(folder);
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::new(format!("Could not read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        ImportError::new(format!("{} is not a text file (not UTF-8)", path.display()))
    })?;
    let mut imported = read_text(&text).map_err(|e| ImportError {
        message: format!("{}: {}", path.display(), e.message),
        position: e.position,
    })?;
    if imported.name.trim().is_empty()
        && let Some(stem) = path.file_stem()
    {
        imported.name = stem.to_string_lossy().into_owned();
    }
    Ok(imported)
}

fn import_folder(path: &Path) -> Result<Imported, ImportError> {
    if let Some(imported) = import_collection_folder(path) {
        return imported;
    }
    // A folder holding one collection folder (a repository's root, say) stands for it.
    let mut subfolders: Vec<_> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subfolders.sort();
    let mut found = subfolders.iter().filter(|p| folder_format(p).is_some());
    if let (Some(only), None) = (found.next(), found.next())
        && let Some(imported) = import_collection_folder(only)
    {
        return imported;
    }
    Err(ImportError::new(format!(
        "{} is a folder, but not one of the collection folders understood ({UNDERSTOOD})",
        path.display()
    )))
}

/// The collection in `path` when it is a collection folder.
fn import_collection_folder(path: &Path) -> Option<Result<Imported, ImportError>> {
    Some(match folder_format(path)? {
        Format::Bruno => super::bruno::import_bruno(path),
        Format::OpenCollection => super::opencollection::import_opencollection(path),
        _ => super::thunder::import_thunder(path),
    })
}

/// The format of a collection folder, told by the files it holds.
fn folder_format(path: &Path) -> Option<Format> {
    let has = |name: &str| path.join(name).exists();
    if has("bruno.json") {
        return Some(Format::Bruno);
    }
    if has("opencollection.yml") {
        return Some(Format::OpenCollection);
    }
    let thunder = has("thunder-tests")
        || has("thunderclient.json")
        || has("collections")
            && std::fs::read_dir(path.join("collections")).is_ok_and(|entries| {
                entries
                    .filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().starts_with("tc_col_"))
            });
    thunder.then_some(Format::Thunder)
}

/// Whether `text` looks like a curl command line (what the URL bar turns into a request).
pub fn is_curl_command(text: &str) -> bool {
    let text = text.trim_start();
    text.strip_prefix("curl")
        .is_some_and(|rest| rest.starts_with([' ', '\t', '\\', '\n']))
}

/// The format of pasted text or a file's content, told by its content alone; `None` when
/// it is none of those understood. What [`import_text`] reads it as.
pub fn detect_text(text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.is_empty() {
        return None;
    }
    if super::curl::is_curl_text(text) {
        return Some(Format::Curl);
    }
    let format = match parse_document(text) {
        Parsed::Json(doc) => return shape::format_of(&doc),
        Parsed::BrokenJson(_) => return None,
        Parsed::Yaml(doc) => shape::format_of(&doc),
        Parsed::BrokenYaml => broken_yaml_format(text),
    };
    format.or_else(|| super::curl::has_curl_command(text).then_some(Format::Curl))
}

/// A document parsed as JSON, or as YAML when it is not JSON.
enum Parsed {
    Json(Value),
    Yaml(Value),
    /// Looks like JSON (starts with `{` or `[`) but does not parse.
    BrokenJson(serde_json::Error),
    /// Neither JSON nor YAML (or YAML nested too deep to read safely).
    BrokenYaml,
}

fn parse_document(text: &str) -> Parsed {
    match serde_json::from_str::<Value>(text) {
        Ok(doc) => Parsed::Json(doc),
        Err(error) if text.starts_with(['{', '[']) => Parsed::BrokenJson(error),
        Err(_) => {
            // The shared depth guard first: deep YAML stalls the parser.
            if crate::untrusted::check_nesting(text).is_err() {
                return Parsed::BrokenYaml;
            }
            serde_yaml_ng::from_str::<Value>(text).map_or(Parsed::BrokenYaml, Parsed::Yaml)
        }
    }
}

/// YAML that does not parse but says what it is: its importer names the problem.
fn broken_yaml_format(text: &str) -> Option<Format> {
    let has_line = |key: &str| text.starts_with(key) || text.contains(&format!("\n{key}"));
    if has_line("openapi:") {
        Some(Format::OpenApi)
    } else if text.contains("collection.insomnia.rest/") || has_line("_type: export") {
        Some(Format::Insomnia)
    } else {
        None
    }
}

fn read_text(text: &str) -> Result<Imported, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::new(
            "There is nothing to import: the text is empty",
        ));
    }
    if super::curl::is_curl_text(trimmed) {
        return super::curl::import_curl_text(trimmed);
    }
    let (doc, from_yaml) = match parse_document(trimmed) {
        Parsed::Json(doc) => (doc, false),
        Parsed::Yaml(doc) => (doc, true),
        Parsed::BrokenJson(error) => {
            return Err(ImportError::at(
                format!("This looks like JSON but does not parse: {error}"),
                format!("line {}, column {}", error.line(), error.column()),
            ));
        }
        Parsed::BrokenYaml => {
            return match broken_yaml_format(trimmed) {
                Some(Format::OpenApi) => super::openapi::import_openapi(trimmed.as_bytes()),
                Some(_) => super::insomnia::import_insomnia(text),
                None if super::curl::has_curl_command(trimmed) => {
                    super::curl::import_curl_text(trimmed)
                }
                None => Err(unknown()),
            };
        }
    };
    let Some(format) = shape::format_of(&doc) else {
        // A script or notes whose commands include curl (YAML reads them as one string).
        if from_yaml && super::curl::has_curl_command(trimmed) {
            return super::curl::import_curl_text(trimmed);
        }
        if doc.get("opencollection").is_some() {
            return Err(ImportError::new(
                "This is the root file of a Bruno OpenCollection: import the folder that holds \
                 opencollection.yml (its requests are files beside it)",
            ));
        }
        return Err(unknown());
    };
    // The JSON-only importers read a YAML document as the same data in JSON.
    let json_text;
    let json: &str = if from_yaml {
        json_text = serde_json::to_string(&doc).unwrap_or_default();
        &json_text
    } else {
        text
    };
    match format {
        Format::OpenApi => super::openapi::import_openapi(trimmed.as_bytes()),
        Format::Postman => super::postman::import_postman(json),
        Format::PostmanEnvironment => super::postman::import_postman_environment_file(json),
        Format::Insomnia => super::insomnia::import_insomnia(text),
        Format::Thunder => super::thunder::import_thunder_text(json),
        Format::Curl | Format::Bruno | Format::OpenCollection => Err(unknown()),
    }
}

fn unknown() -> ImportError {
    ImportError::new(format!(
        "This is not a format I know. Understood: {UNDERSTOOD}"
    ))
}
