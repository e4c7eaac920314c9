//! Input values (variables and arguments) against their declared types, with
//! graphql-core's wording for a value that does not fit.

use serde_json::Value;

/// Why a value does not fit an input type (graphql-core's words).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InputValueError {
    /// `null` for a non-null type.
    #[error("Expected non-nullable type '{type_name}' not to be null.")]
    Null {
        /// The type as written (`String!`).
        type_name: String,
    },
    /// Not a string for `String`.
    #[error("String cannot represent a non string value: {0}")]
    NotString(Value),
    /// Not a 32-bit integer for `Int`.
    #[error("Int cannot represent non-integer value: {0}")]
    NotInt(Value),
    /// Not a boolean for `Boolean`.
    #[error("Boolean cannot represent a non boolean value: {0}")]
    NotBoolean(Value),
    /// Another scalar that does not fit.
    #[error("{type_name} cannot represent value: {value}")]
    Other {
        /// The scalar's name.
        type_name: String,
        /// The value given.
        value: Value,
    },
}

/// Whether `value` fits the input type `type_name` (`String`, `[String!]!`,
/// ...). A single value fits a list.
pub fn check_value(type_name: &str, value: &Value) -> Result<(), InputValueError> {
    if let Some(inner) = type_name.strip_suffix('!') {
        if value.is_null() {
            return Err(InputValueError::Null {
                type_name: type_name.to_owned(),
            });
        }
        return check_value(inner, value);
    }
    if value.is_null() {
        return Ok(());
    }
    if let Some(inner) = type_name
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
    {
        return match value {
            Value::Array(items) => items.iter().try_for_each(|item| check_value(inner, item)),
            single => check_value(inner, single),
        };
    }
    let fits = match type_name {
        "String" => value.is_string(),
        "ID" => value.is_string() || value.is_i64(),
        "Int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        "Float" => value.is_number(),
        "Boolean" => value.is_boolean(),
        _ => true,
    };
    if fits {
        return Ok(());
    }
    let value = value.clone();
    Err(match type_name {
        "String" => InputValueError::NotString(value),
        "Int" => InputValueError::NotInt(value),
        "Boolean" => InputValueError::NotBoolean(value),
        other => InputValueError::Other {
            type_name: other.to_owned(),
            value,
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_fit_their_types_or_say_why_not() {
        assert_eq!(check_value("[String!]!", &json!(["a", "b"])), Ok(()));
        assert_eq!(check_value("[String]", &json!("a")), Ok(()));
        assert_eq!(
            check_value("String!", &Value::Null)
                .unwrap_err()
                .to_string(),
            "Expected non-nullable type 'String!' not to be null."
        );
        assert_eq!(
            check_value("Int", &json!(1.5)).unwrap_err().to_string(),
            "Int cannot represent non-integer value: 1.5"
        );
        assert_eq!(
            check_value("Float", &json!("x")).unwrap_err(),
            InputValueError::Other {
                type_name: "Float".into(),
                value: json!("x"),
            }
        );
    }
}
