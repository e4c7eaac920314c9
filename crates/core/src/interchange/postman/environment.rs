//! A Postman environment export: `{name, values: [{key, value, enabled, type}]}`, bare or
//! wrapped as `{"environment": {...}}` (Postman's API).

use serde_json::Value;

use super::common::{as_text, parse_json, str_at};
use crate::interchange::{Format, ImportError, Imported, ImportedEnvironment, ImportedVariable};

/// Reads a Postman environment. Disabled values are left out (Postman does not use
/// them, and an environment here has no switch per variable): [`import_postman_environment_file`]
/// names them; `"type": "secret"` values are marked secret.
pub fn import_postman_environment(text: &str) -> Result<ImportedEnvironment, ImportError> {
    read(text).map(|(environment, _)| environment)
}

/// A Postman environment file as an import holding that one environment; its disabled
/// variables are named in "Not carried over" (without their values).
pub fn import_postman_environment_file(text: &str) -> Result<Imported, ImportError> {
    let (environment, disabled) = read(text)?;
    let mut imported = Imported::new(environment.name.clone(), Format::PostmanEnvironment);
    for name in disabled {
        imported.not_carried.push(format!(
            "Environment '{}': variable '{name}' is disabled in Postman; not imported (an \
             environment here has no disabled variables)",
            environment.name
        ));
    }
    imported.environments.push(environment);
    Ok(imported)
}

/// The environment and the names of its disabled variables, in file order.
fn read(text: &str) -> Result<(ImportedEnvironment, Vec<String>), ImportError> {
    let doc = super::unwrapped(parse_json(text, "Postman environment")?, "environment");
    let Some(values) = doc.get("values").and_then(Value::as_array) else {
        return Err(ImportError::at(
            "Not a Postman environment: expected a JSON object with a \"values\" list of {key, value}",
            "$.values",
        ));
    };
    let mut variables = Vec::new();
    let mut disabled = Vec::new();
    for value in values {
        let Some(name) = str_at(value, "key") else {
            continue;
        };
        if value.get("enabled").and_then(Value::as_bool) == Some(false) {
            disabled.push(name.to_string());
            continue;
        }
        variables.push(ImportedVariable {
            name: name.to_string(),
            value: as_text(value.get("value")),
            secret: str_at(value, "type") == Some("secret"),
        });
    }
    let environment = ImportedEnvironment {
        name: str_at(&doc, "name")
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("Postman environment")
            .to_string(),
        variables,
    };
    Ok((environment, disabled))
}
