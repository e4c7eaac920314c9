//! A Postman environment export: `{name, values: [{key, value, enabled, type}]}`.

use serde_json::Value;

use super::common::{as_text, parse_json, str_at};
use crate::interchange::{ImportError, ImportedEnvironment, ImportedVariable};

/// Reads a Postman environment. Disabled values are left out (Postman does not use
/// them); `"type": "secret"` values are marked secret.
pub fn import_postman_environment(text: &str) -> Result<ImportedEnvironment, ImportError> {
    let doc = parse_json(text, "Postman environment")?;
    let Some(values) = doc.get("values").and_then(Value::as_array) else {
        return Err(ImportError::at(
            "Not a Postman environment: expected a JSON object with a \"values\" list of {key, value}",
            "$.values",
        ));
    };
    let variables = values
        .iter()
        .filter(|v| v.get("enabled").and_then(Value::as_bool) != Some(false))
        .filter_map(|v| {
            Some(ImportedVariable {
                name: str_at(v, "key")?.to_string(),
                value: as_text(v.get("value")),
                secret: str_at(v, "type") == Some("secret"),
            })
        })
        .collect();
    Ok(ImportedEnvironment {
        name: str_at(&doc, "name")
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("Postman environment")
            .to_string(),
        variables,
    })
}
