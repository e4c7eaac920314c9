//! Reading spec bytes (JSON or YAML) and checking they are an OpenAPI 3.x document.

use serde_json::Value;

/// Why bytes are not a usable OpenAPI 3.x document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Neither JSON nor YAML could read the bytes.
    #[error("not JSON or YAML: {message} (line {line}, column {column})")]
    Syntax {
        /// The parser's message.
        message: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// The document is not an object with an `openapi: 3.x` field.
    #[error("not an OpenAPI 3.x document ({found})")]
    NotOpenApi3 {
        /// What was found instead, e.g. "found swagger 2.0".
        found: String,
    },
    /// The document has no `paths` object.
    #[error("the OpenAPI document has no \"paths\" object")]
    NoPaths,
    /// Nested deeper than any parser reads; refused before parsing.
    #[error("{0} (line {line}, column {column})", line = .0.line, column = .0.column)]
    TooDeep(crate::untrusted::TooDeep),
}

/// JSON or YAML bytes -> the document, checked to be OpenAPI 3.x with a `paths` object.
pub fn parse_spec(bytes: &[u8]) -> Result<Value, SpecError> {
    let value = read_value(bytes)?;
    check_openapi3(&value)?;
    Ok(value)
}

fn read_value(bytes: &[u8]) -> Result<Value, SpecError> {
    // The text the YAML parser would read; the depth guard reads it first.
    let text = String::from_utf8_lossy(bytes);
    crate::untrusted::check_nesting(&text).map_err(SpecError::TooDeep)?;
    let json_err = match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    // Only try YAML for text that does not look like JSON, so a broken JSON file reports
    // the JSON parser's position rather than a confusing YAML one.
    let looks_json = matches!(text.trim_start().chars().next(), Some('{') | Some('['));
    if !looks_json {
        match serde_yaml_ng::from_str::<Value>(&text) {
            Ok(v) => return Ok(v),
            Err(e) => {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                return Err(SpecError::Syntax {
                    message: crate::untrusted::parser_message(&format!("YAML: {e}"), false),
                    line,
                    column,
                });
            }
        }
    }
    Err(SpecError::Syntax {
        message: crate::untrusted::parser_message(&format!("JSON: {json_err}"), false),
        line: json_err.line(),
        column: json_err.column(),
    })
}

fn check_openapi3(value: &Value) -> Result<(), SpecError> {
    let Some(obj) = value.as_object() else {
        return Err(SpecError::NotOpenApi3 {
            found: "the top level is not an object".into(),
        });
    };
    match obj.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => {}
        // Hand-written YAML often leaves `openapi: 3.1` unquoted, which reads as a number.
        Some(Value::Number(n)) if n.to_string().starts_with("3.") => {}
        Some(other) => {
            return Err(SpecError::NotOpenApi3 {
                found: format!("found openapi {}", scalar_text(other)),
            });
        }
        None => {
            let found = match obj.get("swagger") {
                Some(v) => format!("found swagger {}", scalar_text(v)),
                None => "no \"openapi\" field".into(),
            };
            return Err(SpecError::NotOpenApi3 { found });
        }
    }
    match obj.get("paths") {
        Some(Value::Object(_)) => Ok(()),
        _ => Err(SpecError::NoPaths),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_both_parse() {
        let json = br#"{"openapi":"3.0.3","paths":{}}"#;
        assert!(parse_spec(json).is_ok());
        let yaml = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert!(parse_spec(yaml).is_ok());
        assert!(parse_spec(b"openapi: 3.1\npaths: {}\n").is_ok());
        assert!(parse_spec(b"openapi: 2.0\npaths: {}\n").is_err());
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let err = parse_spec(b"{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {,}\n}").unwrap_err();
        let SpecError::Syntax { line, column, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*line, 3);
        assert!(*column > 0);
        assert!(err.to_string().contains("line 3"), "{err}");
    }

    #[test]
    fn bad_yaml_names_line() {
        let err = parse_spec(b"openapi: 3.0.0\npaths:\n  /a: [1\n  b: }\n").unwrap_err();
        let SpecError::Syntax { line, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(message.starts_with("YAML"), "{message}");
        assert!(*line >= 3, "{err}");
    }

    #[test]
    fn swagger_two_and_missing_paths_are_rejected() {
        let err = parse_spec(br#"{"swagger":"2.0","paths":{}}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an OpenAPI 3.x document (found swagger 2.0)"
        );
        let err = parse_spec(br#"{"openapi":"3.0.0"}"#).unwrap_err();
        assert_eq!(err, SpecError::NoPaths);
        assert!(parse_spec(b"[1,2]").is_err());
        assert!(parse_spec(b"").is_err());
    }
    #[test]
    fn a_deep_spec_is_refused_before_parsing() {
        for deep in [
            format!("openapi: 3.0.0\npaths: {}\n", "[".repeat(100_000)),
            format!(
                "{{\"openapi\": \"3.0.0\", \"paths\": {}",
                "{\"a\": ".repeat(100_000)
            ),
        ] {
            let err = parse_spec(deep.as_bytes()).unwrap_err();
            assert!(matches!(err, SpecError::TooDeep(_)), "{err:?}");
            assert!(
                err.to_string()
                    .starts_with("nested more than 128 levels deep: not parsed (line "),
                "{err}"
            );
        }
    }
}
