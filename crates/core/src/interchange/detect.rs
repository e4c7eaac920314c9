//! Which format a file, a folder or pasted text is in, and the importer for it.

use std::path::Path;

use super::model::{ImportError, Imported};

/// The formats understood, for messages about input that is none of them.
pub const UNDERSTOOD: &str = "Postman Collection v2.1 and Postman environments, Thunder Client \
    exports and git-sync folders, Bruno folders (.bru) and OpenCollection YAML, Insomnia v4 \
    (JSON) and v5 (YAML) exports, curl commands, and OpenAPI 3.x documents";

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
    let has = |name: &str| path.join(name).exists();
    if has("bruno.json") {
        return super::bruno::import_bruno(path);
    }
    if has("opencollection.yml") || has("opencollection.yaml") {
        return super::opencollection::import_opencollection(path);
    }
    let thunder = has("thunder-tests")
        || has("thunderclient.json")
        || has("collections")
            && std::fs::read_dir(path.join("collections")).is_ok_and(|entries| {
                entries
                    .filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().starts_with("tc_col_"))
            });
    if thunder {
        return super::thunder::import_thunder(path);
    }
    Err(ImportError::new(format!(
        "{} is a folder, but not one of the collection folders understood ({UNDERSTOOD})",
        path.display()
    )))
}

/// Whether `text` looks like a curl command line (what the URL bar turns into a request).
pub fn is_curl_command(text: &str) -> bool {
    let text = text.trim_start();
    text.strip_prefix("curl")
        .is_some_and(|rest| rest.starts_with([' ', '\t', '\\', '\n']))
}

fn read_text(text: &str) -> Result<Imported, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::new(
            "There is nothing to import: the text is empty",
        ));
    }
    if is_curl_command(trimmed) {
        return super::curl::import_curl(trimmed);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        if value.get("openapi").is_some() {
            return super::openapi::import_openapi(trimmed.as_bytes());
        }
        let postman = value
            .pointer("/info/schema")
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.contains("getpostman") || s.contains("collection/v2"));
        if postman {
            return super::postman::import_postman(text);
        }
        if value.get("_postman_variable_scope").is_some()
            || (value.get("values").is_some_and(|v| v.is_array()) && value.get("name").is_some())
        {
            let environment = super::postman::import_postman_environment(text)?;
            let mut imported = Imported::new(
                environment.name.clone(),
                super::model::Format::PostmanEnvironment,
            );
            imported.environments.push(environment);
            return Ok(imported);
        }
        if value.get("_type").and_then(|t| t.as_str()) == Some("export") {
            return super::insomnia::import_insomnia(text);
        }
        let thunder = value.get("client").and_then(|c| c.as_str()) == Some("Thunder Client")
            || value.get("collectionName").is_some()
            || value.get("environmentName").is_some();
        if thunder {
            return super::thunder::import_thunder_text(trimmed);
        }
    } else if trimmed.starts_with("openapi:") || trimmed.contains("\nopenapi:") {
        return super::openapi::import_openapi(trimmed.as_bytes());
    } else if trimmed.contains("collection.insomnia.rest/") {
        return super::insomnia::import_insomnia(text);
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // JSON that does not parse: say where.
        if let Err(error) = serde_json::from_str::<serde_json::Value>(trimmed) {
            return Err(ImportError::at(
                format!("This looks like JSON but does not parse: {error}"),
                format!("line {}, column {}", error.line(), error.column()),
            ));
        }
    }
    Err(ImportError::new(format!(
        "This is not a format I know. Understood: {UNDERSTOOD}"
    )))
}
