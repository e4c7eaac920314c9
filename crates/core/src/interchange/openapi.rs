//! An OpenAPI 3.0 / 3.1 document as a collection: one request per operation, in a folder
//! per tag, with the path parameters, documented query parameters and a body skeleton the
//! endpoint catalog builds (the same code as the catalog's "open in a new tab"); form,
//! multipart and raw bodies, and the security schemes as auth.

mod body;
mod security;

use serde_json::Value;

use crate::catalog::draft_for_operation;
use crate::catalog::{Catalog, parse_spec};

use super::model::{
    Format, ImportError, Imported, ImportedFolder, ImportedRequest, ImportedVariable,
};

/// Imports `bytes` (JSON or YAML).
pub fn import_openapi(bytes: &[u8]) -> Result<Imported, ImportError> {
    let spec = parse_spec(bytes).map_err(|e| ImportError::new(e.to_string()))?;
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or("OpenAPI import")
        .to_string();
    // A spec with servers gets its first one as {{base_url}}; AYON's has none (its paths
    // are relative to the server the collection is used with).
    let base_url = spec
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(|u| u.trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty());
    let document = spec.clone();
    let security = security::Security::read(&document, base_url.is_some());
    let catalog = Catalog::from_spec(spec);
    let mut imported = Imported::new(title, Format::OpenApi);
    if let Some(url) = &base_url {
        imported.variables.push(ImportedVariable {
            name: "base_url".into(),
            value: url.clone(),
            secret: false,
        });
    }
    for group in &catalog.groups {
        let mut folder = ImportedFolder::named(&group.tag);
        for &index in &group.operations {
            let Some(operation) = catalog.operations.get(index) else {
                continue;
            };
            let skeleton = catalog.skeleton(index).map(|s| {
                if !s.stopped_at.is_empty() {
                    imported.not_carried.push(format!(
                        "{} {}: the body skeleton stops at {} (recursive or unresolved schema)",
                        operation.method,
                        operation.path,
                        s.stopped_at.join(", ")
                    ));
                }
                serde_json::to_string_pretty(&s.value).unwrap_or_default()
            });
            let mut draft = draft_for_operation(operation, skeleton);
            let source = document.pointer(&format!(
                "/paths/{}/{}",
                operation.path.replace('~', "~0").replace('/', "~1"),
                operation.method.to_string().to_ascii_lowercase()
            ));
            body::apply(&document, source, &mut draft);
            let label = format!("{} {}", operation.method, operation.path);
            security.apply(
                source,
                &mut draft,
                &label,
                &mut imported.variables,
                &mut imported.not_carried,
            );
            if base_url.is_some() {
                draft.url = format!("{{{{base_url}}}}{}", draft.url);
            }
            let name = if operation.summary.trim().is_empty() {
                label
            } else {
                operation.summary.trim().to_string()
            };
            let description =
                Some(operation.description.trim().to_string()).filter(|d| !d.is_empty());
            folder.requests.push(ImportedRequest {
                name,
                description,
                draft,
            });
        }
        imported.root.folders.push(folder);
    }
    for skipped in &catalog.skipped {
        imported
            .not_carried
            .push(format!("{skipped}: this method cannot be sent by the app"));
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpMethod;
    use crate::request::BodyMode;

    #[test]
    fn one_request_per_operation_grouped_by_tag() {
        let spec = br#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
          "servers": [{"url": "https://pets.example/v1/"}],
          "paths": {"/pets/{id}": {"get": {"tags": ["Pets"], "summary": "Get a pet",
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
               "responses": {"200": {"description": "ok"}}},
             "put": {"tags": ["Pets"], "operationId": "put_pet",
               "requestBody": {"content": {"application/json": {"schema": {"type": "object",
                  "required": ["name"], "properties": {"name": {"type": "string", "example": "Rex"}}}}}},
               "responses": {"204": {"description": "ok"}}}}}}"#;
        let imported = import_openapi(spec).expect("imports");
        assert_eq!(imported.name, "Pets");
        assert_eq!(imported.counts(), (1, 2));
        let folder = &imported.root.folders[0];
        assert_eq!(folder.name, "Pets");
        let get = &folder.requests[0];
        assert_eq!(get.name, "Get a pet");
        assert_eq!(get.draft.url, "{{base_url}}/pets/{id}");
        assert_eq!(get.draft.path_params[0].name, "id");
        let put = &folder.requests[1];
        assert_eq!(put.name, "PUT /pets/{id}");
        assert_eq!(put.draft.method, HttpMethod::Put);
        assert_eq!(put.draft.body_mode, BodyMode::Json);
        assert!(put.draft.body_text.contains("\"Rex\""));
        assert_eq!(imported.variables[0].value, "https://pets.example/v1");
    }

    #[test]
    fn not_openapi_is_named() {
        let error = import_openapi(br#"{"swagger": "2.0", "paths": {}}"#).expect_err("swagger");
        assert!(error.message.contains("2.0"), "{error}");
    }
}
