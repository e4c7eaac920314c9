//! Decoding AYON's error bodies (see ayon-api.md §2.1).

use serde_json::Value;

/// One entry of a validation error's `errors[]` (pydantic v1 format).
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationIssue {
    /// Where: `body.password`.
    pub location: String,
    /// What: `field required`.
    pub message: String,
}

/// The parts of an AYON error body worth showing above the raw body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AyonErrorBody {
    /// The server's own words.
    pub detail: Option<String>,
    /// `code` or `status` from the body, when it differs from the HTTP status.
    pub body_code_mismatch: Option<i64>,
    /// Database error kind, e.g. `unique-violation`.
    pub error_kind: Option<String>,
    /// Validation problems of a 400.
    pub issues: Vec<ValidationIssue>,
    /// Server-side traceback of a 500.
    pub traceback: Option<String>,
    /// The path the server names.
    pub path: Option<String>,
}

impl AyonErrorBody {
    /// Decodes an error body; `None` for success statuses or bodies that are not an AYON error.
    pub fn decode(http_status: u16, body: &[u8]) -> Option<AyonErrorBody> {
        if http_status < 400 || body.is_empty() || body.len() > 4 * 1024 * 1024 {
            return None;
        }
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let text = |key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let body_code = map
            .get("code")
            .and_then(Value::as_i64)
            .or_else(|| map.get("status").and_then(Value::as_i64));
        let issues = map
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| errors.iter().filter_map(issue).collect())
            .unwrap_or_default();
        let decoded = AyonErrorBody {
            detail: text("detail"),
            body_code_mismatch: body_code.filter(|c| *c != i64::from(http_status)),
            error_kind: text("error"),
            issues,
            traceback: text("traceback"),
            path: text("path"),
        };
        let has_something = decoded.detail.is_some()
            || !decoded.issues.is_empty()
            || decoded.traceback.is_some()
            || decoded.error_kind.is_some();
        has_something.then_some(decoded)
    }
}

fn issue(value: &Value) -> Option<ValidationIssue> {
    let location = value
        .get("loc")?
        .as_array()?
        .iter()
        .map(|part| match part {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".");
    let message = value.get("msg")?.as_str()?.to_string();
    Some(ValidationIssue { location, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_lists_issues() {
        let body = br#"{"code":400,"detail":"Request validation error in [POST] /api/auth/login","path":"/api/auth/login","traceback":"password: field required","errors":[{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}"#;
        let e = AyonErrorBody::decode(400, body).unwrap();
        assert_eq!(
            e.issues,
            vec![ValidationIssue {
                location: "body.password".into(),
                message: "field required".into()
            }]
        );
        assert_eq!(e.body_code_mismatch, None);
        assert_eq!(
            e.detail.as_deref(),
            Some("Request validation error in [POST] /api/auth/login")
        );
    }

    #[test]
    fn status_line_wins_over_body_code() {
        let body = br#"{"path":"[POST] /projects","detail":"Project with name 'x' already exists.","error":"unique-violation","code":409}"#;
        let e = AyonErrorBody::decode(500, body).unwrap();
        assert_eq!(e.body_code_mismatch, Some(409));
        assert_eq!(e.error_kind.as_deref(), Some("unique-violation"));
    }

    #[test]
    fn non_errors_and_non_json_are_ignored() {
        assert!(AyonErrorBody::decode(200, br#"{"detail":"ok"}"#).is_none());
        assert!(AyonErrorBody::decode(500, b"Internal Server Error").is_none());
        assert!(AyonErrorBody::decode(500, b"[1,2]").is_none());
        let e = AyonErrorBody::decode(500, br#"{"status":500,"detail":"boom","traceback":"tb"}"#)
            .unwrap();
        assert_eq!(e.traceback.as_deref(), Some("tb"));
        assert_eq!(e.body_code_mismatch, None);
    }
}
