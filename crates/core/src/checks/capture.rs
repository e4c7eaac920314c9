//! Takes the `capture:` values from an answer's body.

use serde_json::Value;

use super::file::Capture;
use super::select::{Found, SelectError, select};

/// Why a capture took no value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    /// The path could not be looked up in the body.
    #[error("capture {name}: {source}")]
    Select {
        /// The capture's name.
        name: String,
        /// Why the lookup failed.
        #[source]
        source: SelectError,
    },
    /// The path finds nothing.
    #[error("capture {name}: nothing at {path}")]
    Nothing {
        /// The capture's name.
        name: String,
        /// Its JSONPath.
        path: String,
    },
    /// The path finds several values.
    #[error("capture {name}: {path} finds {count} values, not one")]
    Many {
        /// The capture's name.
        name: String,
        /// Its JSONPath.
        path: String,
        /// How many values it finds.
        count: usize,
    },
}

/// The `capture:` values, in order (strings as they are, other values as JSON text);
/// the error names the capture that found nothing or several values.
pub fn captures(list: &[Capture], body: &[u8]) -> Result<Vec<(String, String)>, CaptureError> {
    list.iter().map(|c| capture(c, body)).collect()
}

/// The value of one capture.
fn capture(c: &Capture, body: &[u8]) -> Result<(String, String), CaptureError> {
    let path = c.path.trim();
    let name = || c.name.clone();
    match select(body, path) {
        Err(source) => Err(CaptureError::Select {
            name: name(),
            source,
        }),
        Ok(Found::Nothing) => Err(CaptureError::Nothing {
            name: name(),
            path: path.to_owned(),
        }),
        Ok(Found::Many(values)) => Err(CaptureError::Many {
            name: name(),
            path: path.to_owned(),
            count: values.len(),
        }),
        Ok(Found::One(Value::String(s))) => Ok((name(), s)),
        Ok(Found::One(other)) => Ok((name(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_take_one_value_each() {
        let body = br#"{"token":"t0k","n":5,"list":[1,2]}"#;
        let ok = captures(
            &[
                Capture {
                    name: "token".into(),
                    path: "$.token".into(),
                },
                Capture {
                    name: "n".into(),
                    path: "$.n".into(),
                },
            ],
            body,
        )
        .unwrap();
        assert_eq!(
            ok,
            [("token".into(), "t0k".into()), ("n".into(), "5".into())]
        );
        let many = captures(
            &[Capture {
                name: "x".into(),
                path: "$.list[*]".into(),
            }],
            body,
        );
        assert_eq!(
            many.unwrap_err().to_string(),
            "capture x: $.list[*] finds 2 values, not one"
        );
        let none = captures(
            &[Capture {
                name: "x".into(),
                path: "$.nope".into(),
            }],
            body,
        );
        assert_eq!(
            none.unwrap_err().to_string(),
            "capture x: nothing at $.nope"
        );
    }
}
