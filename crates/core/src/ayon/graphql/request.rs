//! The JSON body of a GraphQL request: `{"query", "variables", "operationName"}`.

use serde_json::{Map, Value};

/// Why the variables text cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphQlInputError {
    /// The variables text is not JSON.
    #[error("GraphQL variables: invalid JSON at line {line}, column {column}: {message}")]
    VariablesJson {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The variables text is JSON, but not an object.
    #[error("GraphQL variables must be a JSON object ({{\"name\": value}}), not {found}")]
    VariablesNotObject {
        /// What was found instead (`an array`, `a string`, ...).
        found: &'static str,
    },
}

/// The variables as a JSON object, or `None` when the text is empty (nothing to send).
fn parse_variables(variables: &str) -> Result<Option<Map<String, Value>>, GraphQlInputError> {
    if variables.trim().is_empty() {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_str(variables).map_err(|e| GraphQlInputError::VariablesJson {
            line: e.line(),
            column: e.column(),
            message: without_position(&e.to_string()),
        })?;
    match value {
        Value::Object(map) => Ok(Some(map)),
        other => Err(GraphQlInputError::VariablesNotObject {
            found: kind_of(&other),
        }),
    }
}

/// The problem with the variables text, if any (empty text is fine: nothing is sent).
pub fn check_variables(variables: &str) -> Option<GraphQlInputError> {
    parse_variables(variables).err()
}

/// The request body, compact, keys in the order `query`, `variables`, `operationName`.
/// Empty variables text leaves `variables` out (AYON takes that as no variables);
/// `operationName` is sent only when given and not blank.
pub fn request_body(
    query: &str,
    variables: &str,
    operation_name: Option<&str>,
) -> Result<Vec<u8>, GraphQlInputError> {
    let mut body = Map::new();
    body.insert("query".into(), Value::String(query.to_string()));
    if let Some(vars) = parse_variables(variables)? {
        body.insert("variables".into(), Value::Object(vars));
    }
    if let Some(name) = operation_name.map(str::trim).filter(|n| !n.is_empty()) {
        body.insert("operationName".into(), Value::String(name.to_string()));
    }
    // A map of strings and parsed JSON always serializes.
    Ok(serde_json::to_vec(&Value::Object(body)).unwrap_or_default())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its trailing " at line L column C" (shown separately).
pub(crate) fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn body_keys_come_in_order_and_optional_ones_are_left_out() {
        let query = "{ projects { edges { node { name code active } } } }";
        assert_eq!(
            text(request_body(query, "  \n", None).unwrap()),
            r#"{"query":"{ projects { edges { node { name code active } } } }"}"#
        );
        let query = "query P($n: String!) { project(name: $n) { name } }";
        assert_eq!(
            text(
                request_body(
                    query,
                    "{\n  \"n\": \"demo_project\", \"a\": 1\n}",
                    Some("P")
                )
                .unwrap()
            ),
            r#"{"query":"query P($n: String!) { project(name: $n) { name } }","variables":{"n":"demo_project","a":1},"operationName":"P"}"#
        );
        assert_eq!(
            text(request_body("{ a }", "{}", Some("  ")).unwrap()),
            r#"{"query":"{ a }","variables":{}}"#
        );
    }

    #[test]
    fn bad_variables_are_named_with_their_position() {
        let err = request_body("{ a }", "{\n  \"n\": }", None).unwrap_err();
        assert!(
            matches!(
                err,
                GraphQlInputError::VariablesJson {
                    line: 2,
                    column: 8,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("GraphQL variables: invalid JSON at line 2, column 8: "),
            "{err}"
        );
        let err = request_body("{ a }", "[1]", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GraphQL variables must be a JSON object ({\"name\": value}), not an array"
        );
        assert_eq!(check_variables(""), None);
        assert_eq!(check_variables("{\"a\": [1]}"), None);
        assert!(check_variables("\"x\"").is_some());
    }
}
